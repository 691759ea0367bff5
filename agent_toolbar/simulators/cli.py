"""``agent-toolbar-sim``: run one phone system's simulator as a standalone server.

Usage::

    agent-toolbar-sim [--backend NAME] [that simulator's options …]

``--backend`` (default ``naumen``) picks the simulator; every other option belongs to it
(``agent-toolbar-sim --backend NAME --help`` lists them). A simulator is loaded only when
chosen, so one system's dependencies never slow another's start.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping, Sequence

from agent_toolbar.backends import registry

__all__ = ["SIMULATORS", "main"]

#: backend name -> module whose ``main(argv)`` runs that system's simulator (from the
#: registry: each spec's ``simulator_cli``).
SIMULATORS: Mapping[str, str] = {
    name: spec.simulator_cli
    for name, spec in registry.specs().items()
    if spec.simulator_cli is not None
}


def _split(argv: Sequence[str]) -> tuple[str | None, list[str]]:
    """Take ``--backend NAME`` / ``--backend=NAME`` out of ``argv``."""
    rest: list[str] = []
    backend: str | None = None
    args = list(argv)
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--backend" and i + 1 < len(args):
            backend = args[i + 1]
            i += 2
            continue
        if arg.startswith("--backend="):
            backend = arg.partition("=")[2]
        else:
            rest.append(arg)
        i += 1
    return backend, rest


def main(argv: Sequence[str] | None = None) -> int:
    """Run the chosen simulator; exit status as that simulator's (2 for a bad backend)."""
    backend, rest = _split(sys.argv[1:] if argv is None else argv)
    name = backend or registry.DEFAULT
    module = SIMULATORS.get(name)
    if module is None:
        known = ", ".join(sorted(SIMULATORS))
        print(
            f"agent-toolbar-sim: no simulator for backend {name!r} (known: {known})",
            file=sys.stderr,
        )
        return 2
    run: Callable[[list[str]], int] = importlib.import_module(module).main
    return run(rest)


if __name__ == "__main__":
    sys.exit(main())
