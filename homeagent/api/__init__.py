"""Central API client on requests (the [api] issue)."""
