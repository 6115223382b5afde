"""Write src/iso-numeric.json: ISO 3166-1 numeric -> alpha-2 for the countries in world-atlas 110m.

The API reports countries by alpha-2 code; world-atlas identifies them by numeric code. Run from
dashboard/ with the project's venv (pycountry is a runtime dependency):
    ../.venv/bin/python tools/iso_numeric.py
"""

import json
from pathlib import Path

import pycountry

HERE = Path(__file__).resolve().parent.parent
atlas = json.loads((HERE / "node_modules/world-atlas/countries-110m.json").read_text())
ids = sorted({g.get("id") for g in atlas["objects"]["countries"]["geometries"] if g.get("id")})
mapping = {}
for numeric in ids:
    country = pycountry.countries.get(numeric=numeric)
    if country is not None:
        mapping[numeric] = country.alpha_2
(HERE / "src/iso-numeric.json").write_text(json.dumps(mapping, indent=0, sort_keys=True) + "\n")
missing = [n for n in ids if n not in mapping]
print(f"{len(mapping)} codes written; unmapped: {missing}")
