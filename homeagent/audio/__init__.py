"""Headset audio bridge, inside the engine process (the [audio] issue)."""
