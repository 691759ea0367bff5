"""Simulators of the phone systems, written from their specifications, for tests, demos and training rooms (no Qt here)."""
