"""Simulators of the phone systems, from their specifications: tests, demos, training (no Qt)."""
