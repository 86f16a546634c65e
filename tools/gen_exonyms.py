#!/usr/bin/env python3
"""Builds names/exonyms.tsv from the CLDR exemplar-city and territory tables.

Usage: tools/gen_exonyms.py [CLDR_DIR] [OUT_DIR]
  CLDR_DIR defaults to ../shared/data/names/cldr (relative to the repository),
  OUT_DIR to names/ of the repository.

Output: one exonym group per line, tab separated: a group id ("city:Europe/Moscow",
"region:BY") then "lang:name" cells. An empty CLDR cell means the locale inherits
(root_default for cities, the English name for territories); the inherited name
is written under that locale so the library keys it with that locale's rules.
Duplicate cells are dropped; "-alt-" rows join their base group. Numeric UN
regions and non-places (ZZ, XA, XB, QO, EU, EZ, UN) are left out.
"""
import csv
import os
import shutil
import sys

SKIP_REGIONS = {"ZZ", "XA", "XB", "QO", "EU", "EZ", "UN"}


def read_table(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows[0], rows[1:]


def add_cells(groups, order, gid, cells):
    if gid not in groups:
        groups[gid] = []
        order.append(gid)
    for cell in cells:
        if cell not in groups[gid]:
            groups[gid].append(cell)


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    cldr = sys.argv[1] if len(sys.argv) > 1 else os.path.join(repo, "..", "shared", "data", "names", "cldr")
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(repo, "names")
    groups, order = {}, []

    header, rows = read_table(os.path.join(cldr, "cldr48_exemplar_cities.tsv"))
    root = header.index("root_default")
    for row in rows:
        row += [""] * (len(header) - len(row))
        cells = []
        for i, lang in enumerate(header):
            if i in (0, root):
                continue
            name = row[i].strip() or row[root].strip()
            if name:
                cells.append(lang + ":" + name)
        add_cells(groups, order, "city:" + row[0], cells)

    header, rows = read_table(os.path.join(cldr, "cldr48_territories.tsv"))
    en = header.index("en")
    for row in rows:
        row += [""] * (len(header) - len(row))
        code = row[0].split("-alt-")[0]
        if code.isdigit() or code in SKIP_REGIONS:
            continue
        cells = []
        for i, lang in enumerate(header):
            if i == 0:
                continue
            name = row[i].strip() or row[en].strip()
            if name:
                cells.append(lang + ":" + name)
        add_cells(groups, order, "region:" + code, cells)

    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "exonyms.tsv"), "w", encoding="utf-8", newline="\n") as f:
        for gid in order:
            f.write("\t".join([gid] + groups[gid]) + "\n")
    shutil.copyfile(os.path.join(cldr, "LICENSE-Unicode-V3.txt"),
                    os.path.join(out, "LICENSE-Unicode-V3.txt"))
    print("%d groups written to %s" % (len(order), os.path.join(out, "exonyms.tsv")))


if __name__ == "__main__":
    main()
