"""The Oktell backend: call control over the server's HTTP Web-API, state by polling.

The protocol layer, independent of the toolbar's domain:

* :mod:`~agent_toolbar.backends.oktell.api` — the aiohttp client, one method per Web-API
  method (Basic auth with every request, 403 as "wrong login or password", never retried in
  a loop);
* :mod:`~agent_toolbar.backends.oktell.parse` — tolerant decoding of what a server really
  sends into the records of :mod:`~agent_toolbar.backends.oktell.records`;
* :mod:`~agent_toolbar.backends.oktell.diff` — successive polls into change records (a held
  call out of sight is kept; a call that ended during a lost poll still ends);
* :mod:`~agent_toolbar.backends.oktell.poller` — one poll in flight, faster while a call rings,
  back-off with jitter while the server is away;
* :mod:`~agent_toolbar.backends.oktell.commands` — what the operator asks for as Oktell
  methods (by call phase), followed until a poll confirms it; refusals for what the Web-API
  cannot do;
* :mod:`~agent_toolbar.backends.oktell.fields` — screen-pop fields of a call.

And the toolbar's side: :mod:`~agent_toolbar.backends.oktell.spec` (the registry entry: settings
and capabilities, cheap to import), :mod:`~agent_toolbar.backends.oktell.build`,
:mod:`~agent_toolbar.backends.oktell.adapter` (the backend: probe, poll, commands confirmed by
polls) and :mod:`~agent_toolbar.backends.oktell.mapping` (change records → domain events).

Nothing here imports Qt; nothing outside this package sees Oktell's words.
"""
