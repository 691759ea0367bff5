"""Settings: the dialog, its editors and checks, the screen-pop test dialog."""
