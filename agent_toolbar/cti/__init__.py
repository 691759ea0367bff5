"""The CTI core: domain model, session reducer and backends (no Qt here)."""
