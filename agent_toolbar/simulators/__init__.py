"""Simulators of the phone systems, written from their specifications (no Qt here)."""
