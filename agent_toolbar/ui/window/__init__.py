"""The main window and what frames it: status, state selector, banners, login."""
