"""The desktop shell: tray, hotkeys, About, the browser opener."""
