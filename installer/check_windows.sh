#!/usr/bin/env bash
# Release check of the Windows installer under wine 8.0 (Debian packages: wine wine64 xvfb xauth).
#   installer/check_windows.sh [dist/TongHop-<version>-setup.exe]
# In a throw-away wine prefix (HOME and WINEPREFIX in a temporary folder, menu builder and debugger
# off, every wine call under `timeout`): silent per-user install, installed `tonghop-cli.exe demo`
# and its output workbook, a screenshot of the installed GUI under xvfb-run, an upgrade over it,
# uninstall, and nothing left but the user's own files. Prints the timings; exits non-zero on failure.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SETUP=${1:-$(ls -t "$ROOT"/dist/TongHop-*-setup.exe 2>/dev/null | grep -v -- -linux-check- | head -n 1 || true)}
[ -f "$SETUP" ] || { echo "no installer: run python installer/build.py --windows first" >&2; exit 2; }
SETUP=$(readlink -f "$SETUP")
OUT=${CHECK_OUT:-$ROOT/dist/check}  # screenshot and timings are kept here
mkdir -p "$OUT"

T=$(mktemp -d /tmp/tonghop-check.XXXXXX)
export HOME=$T/home WINEPREFIX=$T/prefix WINEARCH=win64 WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
cleanup() { timeout 30 wineserver -k >/dev/null 2>&1 || true; rm -rf "$T"; }
trap cleanup EXIT
mkdir -p "$HOME"

fail() { echo "FAIL: $*" >&2; exit 1; }
now() { date +%s.%N; }
secs() { python3 -c "print(f'{$2 - $1:.1f}')"; }
# A console program whose output is redirected to a file fails to start under wine: pipe it.
w() { local limit=$1; shift; timeout "$limit" wine "$@" </dev/null 2>&1 | cat; return "${PIPESTATUS[0]}"; }
waitwine() { timeout 180 wineserver -w; }
winpath() { printf 'Z:%s' "${1//\//\\}"; }

echo "== prefix $WINEPREFIX"
timeout 300 wineboot --init </dev/null 2>&1 | cat
w 60 reg add 'HKLM\Software\Microsoft\Windows NT\CurrentVersion\AeDebug' /v Debugger /t REG_SZ /d false /f
waitwine
U=$(ls -d "$WINEPREFIX"/drive_c/users/*/ | grep -v /Public/ | head -n 1)
INST=${U}AppData/Local/Programs/TongHop
MENU="${U}AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Tổng hợp Báo cáo.lnk"
DESK="${U}Desktop/Tổng hợp Báo cáo.lnk"
KEY='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\TongHop'

echo "== install $(basename "$SETUP") ($(du -m "$SETUP" | cut -f1) MB)"
t0=$(now); w 600 "$SETUP" /S /CurrentUser || fail "install"; waitwine; t1=$(now)
T_INSTALL=$(secs "$t0" "$t1")
for f in tonghop.exe tonghop-cli.exe uninstall.exe _internal/desktop/resources; do
  [ -e "$INST/$f" ] || fail "not installed: $INST/$f"
done
[ -f "$MENU" ] || fail "no Start-menu shortcut: $MENU"
[ -f "$DESK" ] || fail "no Desktop shortcut: $DESK"
w 60 reg export "$KEY" "$(winpath "$T/uninst.reg")" >/dev/null || fail "no uninstall key $KEY"
python3 - "$T/uninst.reg" <<'EOF' || fail "uninstall entry"
import sys
text = open(sys.argv[1], encoding="utf-16").read()
for want in ('"DisplayName"="Tổng hợp Báo cáo"', '"DisplayVersion"=', '"UninstallString"=', "uninstall.exe"):
    assert want in text, f"{want} not in uninstall key:\n{text}"
EOF
BUNDLE_MB=$(du -sm "$INST" | cut -f1)
echo "installed in ${T_INSTALL} s: $INST ($BUNDLE_MB MB)"

echo "== user files that must survive upgrade and uninstall"
SETTINGS=${U}AppData/Local/TongHop  # platformdirs.user_config_dir("TongHop") of desktop/settings.py
mkdir -p "$SETTINGS"
echo "keep" > "$SETTINGS/user-check.txt"
echo "keep" > "$INST/user-note.txt"  # a file the user put in the program folder

echo "== tonghop-cli.exe --version (cold, then warm)"
t0=$(now); VER=$(w 120 "$INST/tonghop-cli.exe" --version) || fail "--version: $VER"; t1=$(now)
w 120 "$INST/tonghop-cli.exe" --version >/dev/null || fail "--version"; t2=$(now)
T_VERSION_COLD=$(secs "$t0" "$t1"); T_VERSION_WARM=$(secs "$t1" "$t2")
echo "$VER ($T_VERSION_COLD s cold, $T_VERSION_WARM s warm)"

echo "== tonghop-cli.exe demo"
t0=$(now)
DEMO_LOG=$(w 600 "$INST/tonghop-cli.exe" demo --out "$(winpath "$T/demo")") || fail "demo: $DEMO_LOG"
T_DEMO=$(secs "$t0" "$(now)")
echo "$DEMO_LOG" | tail -n 5
LAST=$(echo "$DEMO_LOG" | tr -d '\r' | grep -v '^$' | tail -n 1)  # "Tệp tổng hợp: Z:\...\x.xlsx"
python3 - "$T/demo" "$LAST" "$WINEPREFIX" <<'EOF' || fail "demo output"
import sys
from pathlib import Path
import openpyxl
out, last, prefix = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
win = last.split(": ", 1)[-1].strip()
drive, rest = win[0].lower(), win[2:].replace("\\", "/")
path = Path(rest) if drive == "z" else Path(prefix, f"drive_{drive}", rest.lstrip("/"))
assert path.is_file(), f"the printed workbook {win} -> {path} does not exist"
inputs = [p for p in out.rglob("*.xlsx") if p != path]
assert len(inputs) >= 10, f"only {len(inputs)} unit workbooks in {out}"
wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
assert "Tổng hợp" in wb.sheetnames, wb.sheetnames
numbers = sum(isinstance(c, (int, float)) for row in wb["Tổng hợp"].iter_rows(values_only=True) for c in row)
assert numbers > 0, "no numbers in 'Tổng hợp' (cached values missing?)"
print(f"{len(inputs)} unit workbooks; {path.name}: sheets {wb.sheetnames}; 'Tổng hợp' has {numbers} numbers")
EOF

# Under wine 8.0 a process pool hangs as soon as one pickled message exceeds about 64 KB (a named-pipe
# bug of wine; Windows is fine): one worker here, and fewer files than the app's parallel threshold.
# The app remembers the registry of the last run in its settings.
w 300 "$INST/tonghop-cli.exe" validate "$(winpath "$T/demo")" --province "Thanh Hóa" --workers 1 >/dev/null || true
echo "settings: $(cd "$SETTINGS" && ls -A | tr '\n' ' ')"

echo "== GUI screenshot under xvfb-run"
waitwine  # a wine session started without $DISPLAY has no display driver: start a new one inside xvfb
SHOT=$OUT/installed-gui.png
rm -f "$SHOT"
t0=$(now)
OPEN=()
while IFS= read -r f; do OPEN+=("$(winpath "$f")"); done < <(find "$T/demo" -name '*.xlsx' | sort | head -n 12)
timeout 300 xvfb-run -a -s "-screen 0 1366x768x24" \
  wine "$INST/tonghop.exe" gui --open "${OPEN[@]}" --screenshot "$(winpath "$T/shot.png")" --quit </dev/null 2>&1 \
  | cat || fail "the installed GUI did not run"
T_GUI=$(secs "$t0" "$(now)")
[ -s "$T/shot.png" ] || fail "no screenshot from the installed GUI"
cp "$T/shot.png" "$SHOT"
echo "screenshot $SHOT in $T_GUI s (includes xvfb and wine start)"
waitwine

echo "== upgrade: install again over it"
t0=$(now); w 600 "$SETUP" /S /CurrentUser || fail "upgrade"; waitwine; T_UPGRADE=$(secs "$t0" "$(now)")
[ -f "$INST/tonghop.exe" ] || fail "upgrade lost tonghop.exe"
[ -f "$SETTINGS/user-check.txt" ] || fail "upgrade removed user settings"
[ -f "$INST/user-note.txt" ] || fail "upgrade removed a user's file"

echo "== uninstall"
t0=$(now); w 300 "$INST/uninstall.exe" /S /CurrentUser || fail "uninstall"; waitwine; T_UNINSTALL=$(secs "$t0" "$(now)")
for f in tonghop.exe tonghop-cli.exe uninstall.exe _internal; do
  [ ! -e "$INST/$f" ] || fail "left after uninstall: $INST/$f"
done
[ "$(ls -A "$INST")" = "user-note.txt" ] || fail "unexpected files left: $(ls -A "$INST")"
[ ! -e "$MENU" ] || fail "Start-menu shortcut left"
[ ! -e "$DESK" ] || fail "Desktop shortcut left"
if w 60 reg query "$KEY" >/dev/null; then fail "uninstall key left"; fi
if w 60 reg query 'HKCU\Software\TongHop\Installer' >/dev/null; then fail "installer key left"; fi
[ -f "$SETTINGS/user-check.txt" ] || fail "uninstall removed user settings"

# With nothing of the user's in it, the program folder goes too.
rm "$INST/user-note.txt"
w 600 "$SETUP" /S /CurrentUser; waitwine
w 300 "$INST/uninstall.exe" /S /CurrentUser; waitwine
[ ! -e "$INST" ] || fail "program folder left after a clean uninstall: $(ls -A "$INST")"

cat <<EOF | tee "$OUT/timings.txt"
installer          $(du -m "$SETUP" | cut -f1) MB  $(basename "$SETUP")
installed bundle   $BUNDLE_MB MB
install            $T_INSTALL s
upgrade install    $T_UPGRADE s
uninstall          $T_UNINSTALL s
--version          $T_VERSION_COLD s cold, $T_VERSION_WARM s warm (wine)
demo               $T_DEMO s (wine)
GUI to screenshot  $T_GUI s (xvfb + wine start included)
screenshot         $SHOT
EOF
echo "check_windows: OK"
