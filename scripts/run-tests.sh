#!/usr/bin/env bash
# Runs the whole test suite: ruff, mypy, the import-linter layer contracts, then pytest —
# unit, contract (every backend against its own simulator), integration (real sockets),
# UI (offscreen), end-to-end (real windows on Xvfb with a window manager and a tray host),
# the real Secret Service keyring and the frozen-build smoke test. Installs what it needs.
#
# pytest runs once per tier, each in a process of its own: hundreds of Qt widgets, event
# loops and windows in one process make a crash in one test take every later one with it,
# and a tier's process starts clean. Arguments are passed to every pytest run; the last
# line sums the tiers up ("N passed, N failed").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh test
export PATH="$PWD/.venv/bin:$PATH"
echo ">> ruff";  ruff check agent_toolbar tests bench packaging scripts && ruff format --check agent_toolbar tests bench packaging scripts
echo ">> mypy";  mypy
echo ">> import-linter"; lint-imports --no-cache

TIERS=("tests/unit tests/contract" "tests/integration" "tests/ui" "tests/e2e")
if [ $# -gt 0 ] && [ -e "${1%%::*}" ]; then TIERS=("$1"); shift; fi  # run-tests.sh PATH [ARGS]
passed=0; failed=0; skipped=0; errors=0; status=0
summary="$(mktemp)"; trap 'rm -f "$summary"' EXIT
for tier in "${TIERS[@]}"; do
  echo ">> pytest $tier"
  # The keyring tests need a session bus; dbus-run-session gives each run its own.
  set +e
  # shellcheck disable=SC2086
  dbus-run-session -- .venv/bin/python -m pytest $tier "$@" | tee "$summary"
  rc=${PIPESTATUS[0]}
  set -e
  line="$(grep -E '^=*.*(passed|failed|error|no tests ran).* in [0-9.]+s' "$summary" | tail -1 || true)"
  for kind in passed failed skipped; do
    n="$(grep -oE "[0-9]+ $kind" <<<"$line" | grep -oE '^[0-9]+' || true)"
    eval "$kind=\$(( $kind + ${n:-0} ))"
  done
  n="$(grep -oE '[0-9]+ errors?' <<<"$line" | grep -oE '^[0-9]+' || true)"; errors=$(( errors + ${n:-0} ))
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 5 ]; then
    status=1
    [ -z "$line" ] && { echo ">> pytest $tier ended abnormally (exit $rc)"; failed=$(( failed + 1 )); }
  fi
done
echo ">> all tiers: $passed passed, $((failed + errors)) failed, $skipped skipped"
echo "$passed passed, $((failed + errors)) failed, $skipped skipped"
exit "$status"
