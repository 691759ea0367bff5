#!/usr/bin/env bash
# Regenerates the translation catalogs:
#   1. pyside6-lupdate collects every translatable string of agent_toolbar/**/*.py into
#      resources/translations/agent_toolbar_ru.ts (existing translations are kept; strings
#      that disappeared are dropped);
#   2. pyside6-lrelease compiles the .ts into the .qm the app loads.
# Translate the new (type="unfinished") entries in the .ts with Qt Linguist or an editor,
# then run this script again. `--check` fails if any entry is still unfinished.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${PYSIDE_BIN:-.venv/bin}"
TS=resources/translations/agent_toolbar_ru.ts
QM=resources/translations/agent_toolbar_ru.qm
# The call history has its own catalog (scripts/history_translations.sh): not scanned here.
mapfile -t SOURCES < <(find agent_toolbar -name '*.py' -not -path '*/__pycache__/*' \
  -not -path 'agent_toolbar/history/*' -not -path 'agent_toolbar/ui/history/*' | sort)
# settings.py marks its labels with tr_noop(): read it as QT_TR_NOOP (empty context).
"$BIN/pyside6-lupdate" -no-obsolete -locations none -source-language en -target-language ru \
  -tr-function-alias QT_TR_NOOP+=tr_noop "${SOURCES[@]}" -ts "$TS"
"$BIN/pyside6-lrelease" -nounfinished -removeidentical "$TS" -qm "$QM"
bash scripts/history_translations.sh ${1:-}
unfinished=$(grep -c 'type="unfinished"' "$TS" || true)
echo ">> $TS: $unfinished unfinished"
if [ "${1:-}" = "--check" ] && [ "$unfinished" != 0 ]; then
  grep -B2 'type="unfinished"' "$TS" | grep '<source>' >&2
  exit 1
fi
