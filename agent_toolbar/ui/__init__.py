"""The operator's widgets.

They render a :class:`~agent_toolbar.cti.model.SessionState` and turn clicks and hotkeys
into :mod:`~agent_toolbar.cti.intents`.

Nothing here parses protocol messages or decides what is allowed: allowed actions come
from :mod:`agent_toolbar.cti.actions`, texts for domain values from :mod:`.texts`.
"""
