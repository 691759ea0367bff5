"""Transport pieces shared by backends: backoff, reconnect supervision, request correlation."""
