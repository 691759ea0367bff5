#!/usr/bin/env bash
# Regenerates the call history's catalog (its own, so that it merges apart from the main one):
#   1. pyside6-lupdate collects the strings of agent_toolbar/history/ (marked QT_TRANSLATE_NOOP)
#      and agent_toolbar/ui/history/ (trf(context, text, *args)) into
#      resources/translations/history_ru.ts (existing translations are kept);
#   2. pyside6-lrelease compiles it into history_ru.qm, which ui/history/texts.py installs.
# `--check` fails if any entry is still unfinished.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${PYSIDE_BIN:-.venv/bin}"
TS=resources/translations/history_ru.ts
QM=resources/translations/history_ru.qm
mapfile -t SOURCES < <(find agent_toolbar/history agent_toolbar/ui/history -name '*.py' | sort)
"$BIN/pyside6-lupdate" -no-obsolete -locations none -source-language en -target-language ru \
  -tr-function-alias QT_TRANSLATE_NOOP+=trf "${SOURCES[@]}" -ts "$TS"
"$BIN/pyside6-lrelease" -nounfinished -removeidentical "$TS" -qm "$QM"
unfinished=$(grep -c 'type="unfinished"' "$TS" || true)
echo ">> $TS: $unfinished unfinished"
if [ "${1:-}" = "--check" ] && [ "$unfinished" != 0 ]; then
  grep -B2 'type="unfinished"' "$TS" | grep '<source>' >&2
  exit 1
fi
