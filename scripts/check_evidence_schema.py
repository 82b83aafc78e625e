#!/usr/bin/env python3
"""Validates the shipped study dataset against docs/evidence.schema.json, and checks that the
schema refuses a few broken documents. Run by scripts/test; needs the jsonschema package."""
import copy
import json
import pathlib
import sys

try:
    import jsonschema
except ImportError:
    sys.exit("scripts/check_evidence_schema.py needs jsonschema: pip install jsonschema")

root = pathlib.Path(__file__).resolve().parent.parent
schema = json.loads((root / "docs/evidence.schema.json").read_text())
study = json.loads((root / "Sources/AttuneCore/Resources/study-evidence.json").read_text())
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)

failures = [e.message for e in validator.iter_errors(study)]
if failures:
    sys.exit("study-evidence.json does not match the schema:\n  " + "\n  ".join(failures[:10]))

def broken(change):
    document = copy.deepcopy(study)
    change(document)
    return any(True for _ in validator.iter_errors(document))

cases = {
    "temperature above 45": lambda d: d["sessions"][0].update(room_temperature_celsius=52),
    "unknown field": lambda d: d["sessions"][0].update(room_temprature_celsius=21),
    "no facilitator": lambda d: d["sessions"][0].update(facilitators_present=[]),
    "bad date": lambda d: d["programmes"][0].update(start_date="8 January 2008"),
    "unknown mode": lambda d: d["invitations"][0].update(mode="carrier_pigeon"),
    "decile 11": lambda d: d["centres"][0].update(deprivation_decile=11),
}
missed = [name for name, change in cases.items() if not broken(change)]
if missed:
    sys.exit("the schema accepts broken documents: " + ", ".join(missed))
print(f"evidence schema: study dataset valid; {len(cases)} broken documents refused")
