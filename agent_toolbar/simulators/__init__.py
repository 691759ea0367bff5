"""Simulators of the phone systems the toolbar speaks to (one package per system, no Qt)."""
