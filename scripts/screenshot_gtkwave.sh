#!/usr/bin/env bash
# Screenshot of GTKWave showing a GRAU pipeline and a binary-search MT unit side by side, for docs/waveforms.md.
#
# Usage: scripts/screenshot_gtkwave.sh [OUT.png]      (default: docs/images/gtkwave-grau-mt.png)
#
# Needs: a built grausim (`swift build`; or set GRAUSIM=/path/to/grausim), python3, and the X tools
#   gtkwave, xvfb-run (apt-get install -y gtkwave xvfb) and ImageMagick's `import`
#   (apt-get install -y imagemagick; x11-apps provides xwd as a fallback: xwd -root | convert xwd:- png).
# What it does: traces layer act0 of Tests/Fixtures/wave.json with 16 shifter stages (2 lanes, GRAU K=4 R=16, so
# the LeakyReLU slopes 2^-5 and 2^-8 per input LSB are representable; mt_bs 4 bit, source and sink stalls) for
# units grau and mt_bs, lane 0, edges 30..70, with `grausim run --vcd`; keeps a readable subset
# of the .gtkw grausim wrote (handshakes, input port, segment index, a few shifter stages, outputs) so both units
# fit on one screen; opens it in GTKWave on a virtual display and grabs the screen.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out=${1:-$root/docs/images/gtkwave-grau-mt.png}
grausim=${GRAUSIM:-$root/.build/debug/grausim}
missing=0
for tool in gtkwave xvfb-run python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "screenshot_gtkwave: error: '$tool' not found (apt-get install -y gtkwave xvfb python3)" >&2; missing=1; }
done
if ! command -v import >/dev/null 2>&1 && ! { command -v xwd >/dev/null 2>&1 && command -v convert >/dev/null 2>&1; }; then
  echo "screenshot_gtkwave: error: need ImageMagick 'import' (apt-get install -y imagemagick) or xwd + convert (x11-apps)" >&2
  missing=1
fi
[ -x "$grausim" ] || { echo "screenshot_gtkwave: error: no grausim at $grausim (run 'swift build' or set GRAUSIM)" >&2; missing=1; }
[ $missing -eq 0 ] || exit 3

work=$(mktemp -d "${TMPDIR:-/tmp}/grausim-shot.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$grausim" run "$root/Tests/Fixtures/wave.json" --quiet --layers act0 --set accelerator.grau.stages=16 \
  --vcd "$work/wave.vcd" \
  --vcd-units grau,mt_bs --vcd-lanes 0 --vcd-window 30:70

# Keep the header and a subset of the traces (with the flags line in force before each), one group per unit.
python3 - "$work/wave.gtkw" "$work/shot.gtkw" <<'PY'
import re, sys
keep = [r"grau\.(clk|in_valid|in_ready|out_valid|out_ready)$", r"grau\.lane0\.port\.x", r"grau\.lane0\.cmp3\.seg",
        r"grau\.lane0\.shift1\.(v|set)", r"grau\.lane0\.shift(6|12)\.v", r"grau\.lane0\.sign\.s", r"grau\.lane0\.bias\.y",
        r"grau\.lane0\.out_data",
        r"mt_bs\.(clk|in_valid|out_valid|out_ready)$", r"mt_bs\.lane0\.in\.x", r"mt_bs\.lane0\.bs[1-4]\.idx",
        r"mt_bs\.lane0\.out\.y", r"mt_bs\.lane0\.out_data"]
lines = open(sys.argv[1]).read().split("\n")
head, traces, flags = [], {}, None
for line in lines:
    if line.startswith("[size]"):
        head.append("[size] 1600 1000")
    elif line.startswith(("[", "*")):
        head.append(line)
    elif line.startswith("@"):
        flags = line
    elif line.startswith("top."):
        name = re.sub(r"\[\d+:0\]$", "", line[4:])
        for i, pattern in enumerate(keep):
            if re.fullmatch(pattern, name):
                traces.setdefault(i, []).append((flags, line))
body = []
for unit in ("grau", "mt_bs"):
    body += ["@800200", "-" + unit]
    for i in sorted(traces):
        for f, line in traces[i]:
            if line.startswith("top." + unit + "."):
                body += [f, line]
    body += ["@1000200", "-" + unit]
open(sys.argv[2], "w").write("\n".join(head + body) + "\n")
PY
sed -i 's|^\[savefile\].*|[savefile] "shot.gtkw"|' "$work/shot.gtkw"

cat >"$work/grab.sh" <<'SH'
#!/usr/bin/env bash
cd "$1"
# Show names from the unit down (grau.lane0.cmp3.seg) instead of only the leaf.
printf 'hier_max_level 4\n' >.gtkwaverc
HOME="$1" gtkwave wave.vcd shot.gtkw >gtkwave.log 2>&1 &
pid=$!
sleep 6
if command -v import >/dev/null 2>&1; then import -window root shot.png; else xwd -root -silent | convert xwd:- shot.png; fi
kill $pid
SH
chmod +x "$work/grab.sh"
timeout 120 xvfb-run -a -s "-screen 0 1600x1000x24" "$work/grab.sh" "$work"
mkdir -p "$(dirname "$out")"
cp "$work/shot.png" "$out"
echo "screenshot_gtkwave: wrote $out"
