"""SQLite storage: outbox, drafts, history, caches (the [api] issue)."""
