#!/usr/bin/env bash
# Judge: does GTKWave 3.3 load FILE.vcd with FILE.gtkw cleanly?
#
# Usage: scripts/gtkwave_load.sh FILE.vcd FILE.gtkw
#
# Runs `xvfb-run -a gtkwave -S scripts/gtkwave_load.tcl FILE.vcd FILE.gtkw` and fails (exit 1) when
#   - gtkwave exits non-zero or times out,
#   - gtkwave prints anything on stderr/stdout beyond its banner, the start/end time lines and the script
#     notice (e.g. "VCDLOAD | Time backtracking detected", "Unknown VCD identifier", "$VAR parse error"),
#   - the signals GTKWave displays differ from the trace lines of the .gtkw (GTKWave 3.3 silently drops a
#     vector written without its [msb:lsb] range, so this comparison is the only way to see it).
# Exit 3 when gtkwave or xvfb-run is missing. On success prints "gtkwave_load: ok: N signals".
set -u
if [ $# -ne 2 ]; then
  echo "usage: $0 FILE.vcd FILE.gtkw" >&2
  exit 2
fi
vcd=$1
gtkw=$2
here=$(cd "$(dirname "$0")" && pwd)
for tool in gtkwave xvfb-run; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "gtkwave_load: error: '$tool' not found (install it with: apt-get install -y gtkwave xvfb)" >&2
    exit 3
  fi
done
for f in "$vcd" "$gtkw"; do
  if [ ! -r "$f" ]; then
    echo "gtkwave_load: error: cannot read '$f'" >&2
    exit 1
  fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/gtkwave_load.XXXXXX")
trap 'rm -rf "$work"' EXIT
timeout 120 xvfb-run -a gtkwave -S "$here/gtkwave_load.tcl" "$vcd" "$gtkw" >"$work/out" 2>"$work/err"
status=$?
fail=0
if [ $status -ne 0 ]; then
  echo "gtkwave_load: error: gtkwave exited with status $status" >&2
  fail=1
fi

# Anything GTKWave says beyond its normal chatter is a warning about the files.
cat "$work/out" "$work/err" \
  | grep -v -E '^(GRAUSIM_|Exiting\.$|$|GTKWave Analyzer v|\[-?[0-9]+\] (start|end) time\.$|GTKWAVE \| Executing Tcl script)' \
  >"$work/warnings"
if [ -s "$work/warnings" ]; then
  echo "gtkwave_load: error: gtkwave printed warnings:" >&2
  sed 's/^/  /' "$work/warnings" >&2
  fail=1
fi
if ! grep -q '^GRAUSIM_DONE$' "$work/out"; then
  echo "gtkwave_load: error: the Tcl script did not complete (did gtkwave load the files?)" >&2
  fail=1
fi

# Trace lines of the save file: everything but [settings], @flags, *zoom, -comments/group names and blanks.
grep -v -E '^(\[|@|\*|-|$)' "$gtkw" >"$work/expected"
sed -n 's/^GRAUSIM_SIGNAL //p' "$work/out" >"$work/displayed"
if ! diff -u "$work/expected" "$work/displayed" >"$work/diff"; then
  echo "gtkwave_load: error: GTKWave displays $(wc -l <"$work/displayed") of the $(wc -l <"$work/expected") signals the .gtkw lists:" >&2
  sed 's/^/  /' "$work/diff" >&2
  fail=1
fi
if [ $fail -ne 0 ]; then
  exit 1
fi
echo "gtkwave_load: ok: $(wc -l <"$work/displayed") signals"
# The visible time range after loading (the .gtkw zoom): "gtkwave_load: window START END".
sed -n 's/^GRAUSIM_WINDOW /gtkwave_load: window /p' "$work/out"
