"""Shared by the widgets: texts, icons, palette, time formatting."""
