"""The History window and its parts (the journal itself is Qt-free, in ``history/``)."""
