#!/usr/bin/env bash
# Runs the whole test suite: ruff, mypy, unit, integration (real sockets), UI (offscreen),
# end-to-end (real windows on Xvfb with a window manager and a tray host), the real
# Secret Service keyring, and the frozen-build smoke test. Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh test
export PATH="$PWD/.venv/bin:$PATH"
echo ">> ruff";  ruff check agent_toolbar tests bench packaging scripts && ruff format --check agent_toolbar tests bench packaging scripts
echo ">> mypy";  mypy
echo ">> import-linter"; lint-imports --no-cache
echo ">> pytest"
# The keyring tests need a session bus; dbus-run-session gives the suite its own.
exec dbus-run-session -- .venv/bin/python -m pytest "$@"
