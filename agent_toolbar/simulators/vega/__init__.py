"""The Vega PBX simulator: call events over WS / WSS, scenarios and a control API (no Qt).

* :mod:`.server` — :class:`~.server.VegaSimulator`, the server and its in-process API;
* :mod:`.calls` — the simulated calls and the frames they produce;
* :mod:`.data` — employees, groups, customers and CRMs;
* :mod:`.scenarios` — ``idle`` and ``demo``;
* :mod:`.control` — the control subprotocol for out-of-process use;
* :mod:`.cli` — ``agent-toolbar-sim --backend vega``.
"""
