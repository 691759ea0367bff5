"""Transfers: the dialog, the directory and the progress strip."""
