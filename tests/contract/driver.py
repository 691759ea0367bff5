"""What a backend's contract driver provides (one file per backend: ``drivers/<name>.py``).

The contract suite (``test_contract.py``) runs once per backend the registry can build.
For each, it loads ``drivers/<name>.py`` and calls its ``make_driver()``, which returns an
object with this shape; the suite does the rest through the registry and a real
:class:`~agent_toolbar.cti.session.Session`, exactly as the toolbar does.

A driver never fakes the backend: it starts that system's own simulator on 127.0.0.1
(port 0) and drives it the way the real system would behave (a customer calls, the far end
hangs up, the network drops).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol


class ContractDriver(Protocol):
    """Drives one backend's simulator for the contract suite.

    Attributes:
        login: The operator the simulator knows (``cti/login``).
        caller_names: Optional (default True); False for a system whose calls carry no
            caller's name (the PBX webhooks, Autosecretary): the card shows the number only.
    """

    login: str

    async def start(self) -> None:
        """Start the simulator (on 127.0.0.1, a free port)."""
        ...

    async def stop(self) -> None:
        """Stop it."""
        ...

    def overrides(self) -> Mapping[str, Any]:
        """Settings that point the backend at the running simulator (``cti/url`` …).

        ``cti/backend`` and ``cti/login`` are set by the suite.
        """
        ...

    async def ring(self, caller: str, display_name: str) -> None:
        """A customer with this number and name calls the operator (it rings)."""
        ...

    async def hang_up_far_end(self) -> None:
        """The customer hangs up the operator's current call."""
        ...

    async def drop_connections(self) -> None:
        """Cut every connection to the toolbar (the backend must come back by itself)."""
        ...
