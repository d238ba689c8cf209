"""Use cases on the GUI thread: they never block; adapters are reached through ports."""
