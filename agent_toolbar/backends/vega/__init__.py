"""The Vega PBX backend: call events pushed over a WebSocket (WSS), no commands.

The PBX sends ``call.dial``, ``call.bridge``, ``call.hangup`` and ``error`` events for every
employee; the toolbar keeps the operator's own (``vega/extension``), shows them as cards,
shows the pause state read-only and pops the chosen CRM's ``url`` once per call.

* :mod:`.frames` — wire text to typed records (garbage becomes a typed rejection);
* :mod:`.legs` — whose call it is, the call's identity, the CRM choice by priority;
* :mod:`.clock` — milliseconds UTC and the PBX's clock skew;
* :mod:`.tracker` — frames to changes of our calls (end reasons, expiry, pop once);
* :mod:`.params` — a call's fields as ``{params.…}`` for screen-pop templates;
* :mod:`.link` — one WebSocket connection (TLS, handshake authentication, bounded frames).

Every reading of the fragmentary specification is written in the module it concerns and
in the README's "Vega PBX" section.
"""
