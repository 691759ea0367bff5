"""The toolbar's client of ``agent-toolbar-gateway``: PBX webhooks and Autosecretary calls.

One package serves two ``cti/backend`` values, ``webhook`` (events only) and
``autosecretary`` (events plus routing instructions): :mod:`.spec` declares both,
:mod:`.build` makes a :class:`~agent_toolbar.backends.gateway.backend.GatewayBackend`,
:mod:`.channel` keeps the WebSocket up, :mod:`.mapping` and :mod:`.instructions` read the
gateway's messages as domain values. No Qt here.
"""
