#!/usr/bin/env bash
# Runs the toolbar against the built-in simulator (calls arrive by themselves).
# Installs what it needs first. Without a display it starts a virtual one and
# saves a screenshot to ./demo-screenshot.png after a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh run
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || [ "$(uname)" = Darwin ]; then
  exec .venv/bin/agent-toolbar --demo "$@"
fi
echo ">> no display: starting a virtual one (Xvfb + openbox + tray)"
export DISPLAY=:77
Xvfb "$DISPLAY" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
openbox >/dev/null 2>&1 &
trayer --edge top --align right --widthtype request --height 24 >/dev/null 2>&1 &
( sleep 12; import -window root demo-screenshot.png && echo ">> screenshot: $(pwd)/demo-screenshot.png" ) &
.venv/bin/agent-toolbar --demo "$@"
