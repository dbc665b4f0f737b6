#!/usr/bin/env python3
"""Strict judge for VCD files written by grausim (IEEE 1364 section 18).

Parses the file with pyvcd's tokenizer (which rejects malformed syntax) and then checks what the tokenizer
does not: every identifier code is printable ASCII 33-126 and declared once; vectors carry their range
[msb:0]; names have no spaces; scopes are balanced; `$enddefinitions` is present; `#t` precedes `$dumpvars`,
which gives every declared signal exactly one initial value; times are non-negative and strictly increasing;
every time stamp carries at least one change; no change repeats the signal's current value; every change
names a declared signal and fits its declared width.

Usage:
    check_vcd.py FILE.vcd [--dump NAME ...]

NAME is a full dotted name as GTKWave shows it, e.g. top.grau.lane0.pre.x (no range). On success prints one
JSON object (sorted keys) with a summary and, for each dumped signal, its [time, value] changes (values as
unsigned integers, the $dumpvars value first) and exits 0. On failure prints `check_vcd: error: FILE: ...` to
stderr and exits 1 (2 for usage errors, 3 when pyvcd is missing).
"""

import argparse
import json
import sys

try:
    from vcd.reader import TokenKind, VCDParseError, tokenize
except ImportError:  # pragma: no cover - depends on the machine
    sys.stderr.write("check_vcd: error: pyvcd is not installed (install it with: pip install pyvcd)\n")
    sys.exit(3)


class Invalid(Exception):
    pass


def plain(x):
    """The value of an enum member (pyvcd versions differ in what they return), else the object itself."""
    return getattr(x, "value", x)


def check(path, dump_names):
    ids = {}  # id code -> (full name, width)
    names = set()
    scope = []
    state = {}  # id code -> current value (int, or str for x/z)
    dumped = {name: None for name in dump_names}
    dump_ids = {}
    seen_enddefinitions = False
    in_dumpvars = False
    dumpvars_seen = set()
    dumpvars_done = False
    time = None
    changes_at_time = 0
    steps = 0
    changes = 0
    timescale = None
    last_location = "start of file"

    def fail(message):
        raise Invalid(f"{last_location}: {message}")

    def apply(code, value):
        nonlocal changes, changes_at_time
        if code not in ids:
            fail(f"value change for undeclared identifier {code!r}")
        name, width = ids[code]
        if time is None:
            fail(f"value change for {name} before the first time stamp")
        if isinstance(value, int):
            if value < 0 or value.bit_length() > width:
                fail(f"value {value:b} of {name} does not fit its width {width}")
        else:
            if len(value) > width:
                fail(f"value {value} of {name} is wider than {width} bits")
        if in_dumpvars:
            if code in dumpvars_seen:
                fail(f"{name} appears twice in $dumpvars")
            dumpvars_seen.add(code)
        else:
            if not dumpvars_done:
                fail(f"value change for {name} before $dumpvars")
            if state.get(code) == value:
                fail(f"{name} is set to its current value {value} again")
            changes += 1
            changes_at_time += 1
        state[code] = value
        if code in dump_ids:
            dumped[dump_ids[code]].append([time, value])

    try:
        with open(path, "rb") as f:
            for token in tokenize(f):
                last_location = f"line {token.span.start.line}"
                kind = token.kind
                if kind == TokenKind.TIMESCALE:
                    timescale = f"{plain(token.data.magnitude)}{plain(token.data.unit)}"
                elif kind == TokenKind.SCOPE:
                    if seen_enddefinitions:
                        fail("$scope after $enddefinitions")
                    scope.append(token.data.ident)
                elif kind == TokenKind.UPSCOPE:
                    if not scope:
                        fail("$upscope without an open $scope")
                    scope.pop()
                elif kind == TokenKind.VAR:
                    var = token.data
                    if seen_enddefinitions:
                        fail("$var after $enddefinitions")
                    code = var.id_code
                    if not code or any(ord(c) < 33 or ord(c) > 126 for c in code):
                        fail(f"identifier code {code!r} is not printable ASCII 33-126")
                    if code in ids:
                        fail(f"identifier code {code!r} declared twice")
                    if " " in var.reference or not var.reference:
                        fail(f"bad variable name {var.reference!r}")
                    if var.size < 1:
                        fail(f"{var.reference} has width {var.size}")
                    if var.size > 1 and var.bit_index != (var.size - 1, 0):
                        fail(f"vector {var.reference} of width {var.size} lacks its range [{var.size - 1}:0]")
                    if var.size == 1 and var.bit_index is not None:
                        fail(f"scalar {var.reference} carries a range {var.bit_index}")
                    full = ".".join(scope + [var.reference])
                    if full in names:
                        fail(f"{full} declared twice")
                    names.add(full)
                    ids[code] = (full, var.size)
                    if full in dumped:
                        dumped[full] = []
                        dump_ids[code] = full
                elif kind == TokenKind.ENDDEFINITIONS:
                    if scope:
                        fail(f"$enddefinitions with open scopes {'.'.join(scope)}")
                    seen_enddefinitions = True
                elif kind == TokenKind.CHANGE_TIME:
                    if not seen_enddefinitions:
                        fail("time stamp before $enddefinitions")
                    if in_dumpvars:
                        fail("time stamp inside $dumpvars")
                    t = token.data
                    if t < 0:
                        fail(f"negative time {t}")
                    if time is not None:
                        if t <= time:
                            fail(f"time {t} does not increase (previous {time})")
                        if dumpvars_done and changes_at_time == 0 and steps > 0:
                            fail(f"time stamp #{time} without value changes")
                        steps += 1
                    time = t
                    changes_at_time = 0
                elif kind == TokenKind.DUMPVARS:
                    if time is None:
                        fail("$dumpvars before the first time stamp (#0)")
                    if dumpvars_done or in_dumpvars:
                        fail("second $dumpvars")
                    in_dumpvars = True
                elif kind == TokenKind.END:
                    if in_dumpvars:
                        missing = sorted(ids[c][0] for c in ids if c not in dumpvars_seen)
                        if missing:
                            fail(f"$dumpvars lacks initial values of {', '.join(missing[:5])}")
                        in_dumpvars = False
                        dumpvars_done = True
                elif kind in (TokenKind.CHANGE_SCALAR,):
                    code = token.data.id_code
                    if code in ids and ids[code][1] != 1:
                        fail(f"scalar change for vector {ids[code][0]}")
                    value = token.data.value
                    apply(code, int(value) if value in ("0", "1") else value)
                elif kind == TokenKind.CHANGE_VECTOR:
                    apply(token.data.id_code, token.data.value)
                elif kind in (TokenKind.CHANGE_REAL, TokenKind.CHANGE_STRING):
                    fail("real or string values are not expected")
                elif kind in (TokenKind.DUMPALL, TokenKind.DUMPOFF, TokenKind.DUMPON):
                    fail(f"unexpected {kind.name}")
    except VCDParseError as e:
        raise Invalid(f"pyvcd: {e}")
    except OSError as e:
        raise Invalid(str(e))
    last_location = "end of file"
    if not seen_enddefinitions:
        fail("no $enddefinitions")
    if not dumpvars_done:
        fail("no complete $dumpvars block")
    if steps > 0 and changes_at_time == 0:
        fail(f"time stamp #{time} without value changes")
    missing = [n for n, v in dumped.items() if v is None]
    if missing:
        fail(f"--dump names not declared: {', '.join(sorted(missing))}")
    return {
        "summary": {
            "changes": changes,
            "end_time": time,
            "signals": len(ids),
            "time_steps": steps,
            "timescale": timescale,
        },
        "signals": dumped,
    }


def main():
    parser = argparse.ArgumentParser(description="Strictly check a VCD file.")
    parser.add_argument("file")
    parser.add_argument("--dump", nargs="*", default=[], metavar="NAME")
    args = parser.parse_args()
    try:
        result = check(args.file, args.dump)
    except Invalid as e:
        sys.stderr.write(f"check_vcd: error: {args.file}: {e}\n")
        return 1
    json.dump(result, sys.stdout, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
