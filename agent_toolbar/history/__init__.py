"""The call journal: a local SQLite record of every call of every backend (no Qt).

* :mod:`.model` — the values (directions, results, entries, records, queries);
* :mod:`.events` — what a subscriber asks the writer to record;
* :mod:`.journal` — :class:`~.journal.Journal`: open / record / query / export / close;
* :mod:`.store`, :mod:`.schema`, :mod:`.apply`, :mod:`.writer`, :mod:`.queries`,
  :mod:`.search`, :mod:`.export` — the file, its migrations, the SQL, the writer thread;
* :mod:`.timeline` — a call's timeline with durations, as data and as copyable text;
* :mod:`.offline` — "while you were offline": what changed between two snapshots.
"""
