"""Conferences: the panel, its card section and its window."""
