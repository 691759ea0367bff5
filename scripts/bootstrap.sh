#!/usr/bin/env bash
# Installs what agent-toolbar needs on a Debian/Ubuntu machine, idempotently:
#   bash scripts/bootstrap.sh run    system libraries Qt needs + .venv with the app
#   bash scripts/bootstrap.sh test   the above + Xvfb, window manager, tray host, keyring,
#                                    xdotool, ImageMagick, xterm and xdg-utils (the desk
#                                    e2e tests) + .venv with the test extras
# Re-running is cheap: packages already present are not reinstalled.
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${1:-run}"

RUN_PKGS=(libxcb-cursor0 libxkbcommon-x11-0 libxkbcommon0 libegl1 libgl1 libfontconfig1
  libdbus-1-3 libglib2.0-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxrender1 libxi6
  fonts-dejavu xvfb openbox trayer imagemagick x11-utils)
TEST_PKGS=(xdotool dbus-x11 gnome-keyring binutils xterm xdg-utils)

pkgs=("${RUN_PKGS[@]}")
[ "$profile" = test ] && pkgs+=("${TEST_PKGS[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo ">> apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo ">> creating .venv"
  "$PY" -m venv .venv
fi
extras="."
[ "$profile" = test ] && extras=".[test,package]"
stamp=".venv/.installed-$profile-$(sha1sum pyproject.toml | cut -c1-12)"
if [ ! -f "$stamp" ]; then
  echo ">> pip install -e $extras"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e "$extras"
  touch "$stamp"
fi
