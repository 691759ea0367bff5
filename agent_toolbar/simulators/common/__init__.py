"""What every simulator shares: its life cycle, its control API's plumbing, its command line.

* :mod:`.lifecycle` — start/stop as an async context manager, where it listens (``port``,
  ``url``), whether its control API is served, the tasks and timers it keeps, refusing
  connections for a while, cutting every WebSocket peer;
* :mod:`.control` — checking a control request's arguments, carrying it out into one reply,
  and the WebSocket control channel (its server loop and its client);
* :mod:`.commandlog` — the log of accepted commands with waiting for one to arrive;
* :mod:`.cli` — the standalone server's options, logging set-up and serving until a signal;
* :mod:`.demo` — the in-process simulator ``--demo`` runs and the settings it overrides.

The sample people and customers stay in :mod:`agent_toolbar.samples`: the screen-pop
preview uses them too, and nothing outside the composition root may import the simulators.
"""
