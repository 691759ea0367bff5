#!/usr/bin/env bash
# Builds the packaged toolbar: a onedir bundle and a tarball.
#
#   bash packaging/build.sh [--clean]
#
# Produces dist/agent-toolbar/ (run dist/agent-toolbar/agent-toolbar) and
# dist/agent-toolbar-<version>-<os>-<arch>.tar.gz (e.g. agent-toolbar-0.1.0-linux-x86_64.tar.gz),
# whose agent-toolbar/ directory also holds the .desktop file, the icon, install.sh and the
# example system-wide INI. --clean drops PyInstaller's cache first (slower, from scratch).
# DIST=<dir> builds somewhere else than dist/. Installs what it needs first (bootstrap + the
# "package" extra; on Debian/Ubuntu via scripts/bootstrap.sh). On macOS the same script also
# zips dist/Agent Toolbar.app; Windows uses the spec directly (packaging/windows/).
set -euo pipefail
cd "$(dirname "$0")/.."
clean=()
[ "${1:-}" = --clean ] && clean=(--clean)
DIST="${DIST:-dist}"
WORK="${WORK:-build/pyinstaller}"

if [ -z "${AGENT_TOOLBAR_NO_BOOTSTRAP:-}" ] && command -v dpkg-query >/dev/null; then
  bash scripts/bootstrap.sh run  # Debian/Ubuntu: Qt's system libraries and the venv
fi
PY="${PY:-.venv/bin/python}"
if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
  echo ">> pip install -e .[package]"
  "$PY" -m pip install -q -e ".[package]"
fi

version="$("$PY" -c 'import agent_toolbar; print(agent_toolbar.__version__)')"
os="$(uname -s | tr '[:upper:]' '[:lower:]')"
arch="$(uname -m)"
name="agent-toolbar"
bundle="$DIST/$name"

echo ">> icons"
"$PY" packaging/render_icon.py build/icons

echo ">> pyinstaller ($name $version, $os-$arch)"
"$PY" -m PyInstaller --noconfirm "${clean[@]}" --log-level WARN \
  --distpath "$DIST" --workpath "$WORK" packaging/agent-toolbar.spec

if [ "$os" = linux ]; then
  cp packaging/linux/agent-toolbar.desktop packaging/linux/install.sh "$bundle/"
  chmod +x "$bundle/install.sh"
  cp resources/icons/agent-toolbar.svg build/icons/agent-toolbar.png "$bundle/"
  cp packaging/examples/agent-toolbar.ini "$bundle/agent-toolbar.ini.example"
fi

if [ "$os" = darwin ] && command -v ditto >/dev/null; then
  ditto -c -k --keepParent "$DIST/Agent Toolbar.app" "$DIST/$name-$version-macos-$arch.zip"
fi

tarball="$DIST/$name-$version-$os-$arch.tar.gz"
echo ">> $tarball"
rm -f "$DIST/$name"-*-"$os-$arch".tar.gz
tar -C "$DIST" -czf "$tarball" "$name"

size="$(du -sh "$bundle" | cut -f1)"
echo ">> built $bundle ($size) and $tarball ($(du -h "$tarball" | cut -f1))"
