#!/usr/bin/env python3
"""Writes the web interface's offline world outline from Natural Earth's 1:110m countries.

    python3 scripts/make-world-outline.py path/to/naturalearth_lowres.shp > \
        Sources/Host/HostKit/Resources/Web/vendor/natural-earth/world.js

The shapefile is `naturalearth_lowres` as geopandas 0.14 ships it (Natural Earth's
"Admin 0 - Countries" at 1:110m, public domain):

    pip download --no-deps geopandas==0.14.4 && unzip geopandas-0.14.4-py3-none-any.whl \
        'geopandas/datasets/naturalearth_lowres/*'

Output: one SVG path in an equirectangular projection onto a 720 x 360 box (x = 2 * (lon +
180), y = 2 * (90 - lat)), half-unit precision, relative moves, repeated points dropped.
The shapefile is read here (the format is small: ESRI's 1998 white paper) so that no GIS
library is needed.
"""
import struct
import sys


def polygons(path):
    """Every ring of every polygon record: lists of (lon, lat)."""
    with open(path, "rb") as handle:
        data = handle.read()
    offset = 100
    while offset + 8 <= len(data):
        _, words = struct.unpack(">ii", data[offset:offset + 8])
        content = data[offset + 8:offset + 8 + words * 2]
        offset += 8 + words * 2
        shape = struct.unpack("<i", content[:4])[0]
        if shape not in (5, 15, 25):
            continue
        parts, points = struct.unpack("<ii", content[36:44])
        starts = list(struct.unpack(f"<{parts}i", content[44:44 + 4 * parts])) + [points]
        base = 44 + 4 * parts
        coordinates = [struct.unpack("<dd", content[base + 16 * i:base + 16 * i + 16]) for i in range(points)]
        for begin, end in zip(starts, starts[1:]):
            yield coordinates[begin:end]


def number(value):
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def main():
    commands = []
    for ring in polygons(sys.argv[1]):
        projected = []
        for lon, lat in ring:
            point = (round(2 * (lon + 180) * 2) / 2, round(2 * (90 - lat) * 2) / 2)
            if not projected or projected[-1] != point:
                projected.append(point)
        if len(projected) < 3:
            continue
        x0, y0 = projected[0]
        steps = [f"M{number(x0)} {number(y0)}"]
        for (ax, ay), (bx, by) in zip(projected, projected[1:]):
            dx, dy = bx - ax, by - ay
            steps.append(f"l{number(dx)} {number(dy)}")
        commands.append("".join(steps) + "z")
    path = "".join(commands).replace(" -", "-")
    print("// Natural Earth 1:110m countries (public domain), projected onto 720 x 360 by")
    print("// scripts/make-world-outline.py: x = 2 * (lon + 180), y = 2 * (90 - lat).")
    print(f'export const WORLD_PATH = "{path}";')


if __name__ == "__main__":
    main()
