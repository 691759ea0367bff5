"""``python -m agent_toolbar``: the same as the ``agent-toolbar`` command."""

from __future__ import annotations

import sys

from agent_toolbar.app.main import main

if __name__ == "__main__":
    sys.exit(main())
