"""Entry point of the frozen (PyInstaller) build: the same as the ``agent-toolbar`` command.

One hidden option is handled here, before the app is imported: ``--diagnose-keyring`` prints
which keyring backends the bundle contains and which one would be used, then exits. It proves
the backends and their entry-point metadata made it into the bundle.
"""

from __future__ import annotations

import sys


def run() -> int:
    """Run the toolbar (or the keyring diagnosis) and return the exit code."""
    if "--diagnose-keyring" in sys.argv[1:]:
        from agent_toolbar.credentials import diagnose_keyring

        print(diagnose_keyring())
        return 0
    from agent_toolbar.app.main import main

    return main()


if __name__ == "__main__":
    sys.exit(run())
