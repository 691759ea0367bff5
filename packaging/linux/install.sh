#!/usr/bin/env bash
# Installs the unpacked agent-toolbar bundle system-wide, without questions (run as root).
#
#   sudo ./install.sh [--prefix /opt/agent-toolbar] [--config fleet.ini] [--autostart]
#                     [--default-dialer]
#
# * the bundle goes to PREFIX (default /opt/agent-toolbar), /usr/local/bin/agent-toolbar
#   points at it;
# * the .desktop file and the icon go where desktops look for them;
# * --config copies an administrator's INI to /etc/xdg/agent-toolbar/agent-toolbar.ini
#   (the system-wide settings every operator inherits; keys it locks cannot be changed);
# * --autostart starts the toolbar at every operator's login (/etc/xdg/autostart).
# * the .desktop file declares the tel:, callto:, sip: and sips: link handler
#   (MimeType=x-scheme-handler/…): desktops offer the toolbar for phone links; with
#   --default-dialer it becomes every user's default for them (/etc/xdg/mimeapps.list; a
#   user's own choice in ~/.config/mimeapps.list still wins).
# DESTDIR=<dir> installs under <dir> instead of / (packagers, tests).
set -euo pipefail
root="${DESTDIR:-}"
here="$(cd "$(dirname "$0")" && pwd)"
prefix=/opt/agent-toolbar
config=""
autostart=""
dialer=""
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="$2"; shift 2 ;;
    --config) config="$2"; shift 2 ;;
    --autostart) autostart=1; shift ;;
    --default-dialer) dialer=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if [ "$here" != "$root$prefix" ]; then
  rm -rf "$root$prefix.new"
  mkdir -p "$(dirname "$root$prefix")"
  cp -a "$here" "$root$prefix.new"
  rm -rf "$root$prefix"
  mv "$root$prefix.new" "$root$prefix"
fi
mkdir -p "$root/usr/local/bin"
ln -sfn "$prefix/agent-toolbar" "$root/usr/local/bin/agent-toolbar"
install -Dm644 "$here/agent-toolbar.desktop" "$root/usr/share/applications/agent-toolbar.desktop"
install -Dm644 "$here/agent-toolbar.svg" "$root/usr/share/icons/hicolor/scalable/apps/agent-toolbar.svg"
install -Dm644 "$here/agent-toolbar.png" "$root/usr/share/icons/hicolor/256x256/apps/agent-toolbar.png"
if [ -n "$config" ]; then
  install -Dm644 "$config" "$root/etc/xdg/agent-toolbar/agent-toolbar.ini"
fi
if [ -n "$autostart" ]; then
  install -Dm644 "$here/agent-toolbar.desktop" "$root/etc/xdg/autostart/agent-toolbar.desktop"
fi
if [ -n "$dialer" ]; then
  list="$root/etc/xdg/mimeapps.list"
  mkdir -p "$(dirname "$list")"
  touch "$list"
  grep -q '^\[Default Applications\]' "$list" || printf '[Default Applications]\n' >> "$list"
  for scheme in tel callto sip sips; do
    sed -i "/^x-scheme-handler\/$scheme=/d" "$list"
    sed -i "/^\[Default Applications\]/a x-scheme-handler/$scheme=agent-toolbar.desktop" "$list"
  done
fi
if [ -z "$root" ]; then
  command -v update-desktop-database >/dev/null && update-desktop-database -q || true
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q /usr/share/icons/hicolor || true
fi
echo "agent-toolbar installed in $root$prefix"
