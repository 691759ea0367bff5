"""``python -m agent_toolbar.gateway``: the same as ``agent-toolbar-gateway``."""

from agent_toolbar.gateway.cli import main

raise SystemExit(main())
