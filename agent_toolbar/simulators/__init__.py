"""Simulators of the phone systems the toolbar speaks to, each written from its specification."""
