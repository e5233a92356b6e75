#!/usr/bin/env bash
# Refresh the English translation source from the code, then compile every .ts into the .qm the app ships.
# Source strings are Vietnamese (self.tr("…")); translate the new entries of tonghop_en.ts (Qt Linguist or
# any editor) and run this again.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=desktop/resources/translations
pyside6-lupdate desktop/app.py desktop/views/*.py -no-obsolete -source-language vi_VN -target-language en_GB -ts "$dir/tonghop_en.ts"
for ts in "$dir"/*.ts; do
  pyside6-lrelease "$ts" -qm "${ts%.ts}.qm"
done
