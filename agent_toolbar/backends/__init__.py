"""Phone-system backends, one package each, found through :mod:`.registry` (no Qt here)."""
