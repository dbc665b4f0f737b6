#!/usr/bin/env python3
"""Judge for grausim's figures: FILE.svg must parse as XML with an <svg> root, render with rsvg-convert, and the
rendered PNG must not be blank (at least 2 % of its pixels differ from white). Standard library only.

    scripts/check_svg.py FILE.svg [...]

Prints "check_svg: ok: FILE (W x H, P % drawn)" per file; exits 1 on the first failure, 3 when rsvg-convert is
missing (apt-get install -y librsvg2-bin).
"""
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.dom.minidom
import zlib


def pixels(png):
    """(width, height, rows of RGBA tuples) of an 8-bit RGB or RGBA, non-interlaced PNG."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", None
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        data = png[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", data)
            assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
            channels = 4 if colour == 6 else 3
        elif kind == b"IDAT":
            idat += data
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = previous[i]
            c = previous[i - channels] if i >= channels else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        previous = line
    return width, height, channels, rows


def check(path, work):
    doc = xml.dom.minidom.parse(path)
    assert doc.documentElement.tagName == "svg", "the root element is not <svg>"
    out = f"{work}/figure.png"
    subprocess.run(["rsvg-convert", "-b", "white", "-o", out, path], check=True, capture_output=True)
    width, height, channels, rows = pixels(open(out, "rb").read())
    drawn = sum(1 for r in rows for i in range(0, len(r), channels) if r[i:i + 3] != b"\xff\xff\xff")
    share = 100.0 * drawn / (width * height)
    assert share >= 2.0, f"only {share:.2f} % of the pixels are drawn"
    print(f"check_svg: ok: {path} ({width} x {height}, {share:.1f} % drawn)")


def main():
    if not shutil.which("rsvg-convert"):
        print("check_svg: error: rsvg-convert not found (apt-get install -y librsvg2-bin)", file=sys.stderr)
        sys.exit(3)
    with tempfile.TemporaryDirectory() as work:
        for path in sys.argv[1:]:
            try:
                check(path, work)
            except Exception as e:  # noqa: BLE001 - every failure is reported the same way
                print(f"check_svg: error: {path}: {e}", file=sys.stderr)
                sys.exit(1)


if __name__ == "__main__":
    main()
