"""``agent-toolbar-sim --backend autosecretary`` (see :mod:`.cli`)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from agent_toolbar.simulators.gateway_demo.cli import run

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the demo gateway with the fake autosecretary."""
    return run("autosecretary", sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
