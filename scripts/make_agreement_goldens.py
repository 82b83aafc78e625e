#!/usr/bin/env python3
"""Writes Tests/AttuneCoreTests/Resources/agreement-goldens.json: observer agreement as
statsmodels (Cohen's kappa with its standard error and interval, Fleiss' kappa) and scikit-learn
(weighted kappa, linear and quadratic) compute it, for Attune's `Agreement` to match within 1e-9.
It also writes Tests/AttuneCLITests/Resources/agreement-evidence.json (the study's evidence with
second observers' checks of its sessions) and agreement-expected.json (what `attune agreement`
must print for it, each check's kappa computed here from the document by statsmodels).
Run: python3 -m pip install statsmodels scikit-learn && python3 scripts/make_agreement_goldens.py"""
import json
import pathlib

import numpy as np
import sklearn
import statsmodels
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, cohens_kappa, fleiss_kappa

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests/AttuneCoreTests/Resources/agreement-goldens.json"
CLI_RESOURCES = ROOT / "Tests/AttuneCLITests/Resources"
rng = np.random.default_rng(20261205)
cases = []


def two_observers(first, second, categories):
    index = {c: i for i, c in enumerate(categories)}
    table = np.zeros((len(categories), len(categories)))
    for a, b in zip(first, second):
        table[index[a], index[b]] += 1
    result = cohens_kappa(table)
    expected = {
        "n": len(first), "agreement": float(np.trace(table) / table.sum()), "kappa": float(result.kappa),
        "standard_error": float(result.std_kappa), "low": float(result.kappa_low), "high": float(result.kappa_upp),
    }
    if len(categories) > 2:
        for weights in ("linear", "quadratic"):
            expected[weights] = float(cohen_kappa_score(first, second, labels=categories, weights=weights))
    cases.append({"kind": "cohen", "inputs": {"first": first, "second": second, "categories": categories}, "expected": expected})


# A yes/no check of ten sessions, logged by two observers.
two_observers(["yes", "yes", "no", "yes", "no", "yes", "yes", "no", "yes", "yes"],
              ["yes", "no", "no", "yes", "no", "yes", "yes", "yes", "yes", "yes"], ["yes", "no"])
# Perfect agreement on two categories.
two_observers(["yes", "no", "yes", "no"], ["yes", "no", "yes", "no"], ["yes", "no"])
# The derived Yes / Variable / No ratings of forty programmes.
categories = ["yes", "variable", "no"]
first = list(rng.choice(categories, 40, p=[0.5, 0.2, 0.3]))
second = [c if rng.random() < 0.7 else str(rng.choice(categories)) for c in first]
two_observers([str(c) for c in first], second, categories)
# Many sessions, disagreement near chance.
first = [str(c) for c in rng.choice(["yes", "no"], 300)]
second = [str(c) for c in rng.choice(["yes", "no"], 300)]
two_observers(first, second, ["yes", "no"])


def fleiss(ratings, categories):
    index = {c: i for i, c in enumerate(categories)}
    counts, _ = aggregate_raters(np.array([[index[r] for r in item] for item in ratings]), n_cat=len(categories))
    cases.append({"kind": "fleiss", "inputs": {"ratings": ratings, "categories": categories},
                  "expected": {"kappa": float(fleiss_kappa(counts, method="fleiss"))}})


fleiss([["yes", "yes", "no"], ["no", "no", "no"], ["yes", "yes", "yes"], ["yes", "no", "no"], ["no", "no", "yes"], ["yes", "yes", "yes"]],
       ["yes", "no"])
fleiss([[str(c) for c in rng.choice(categories, 4, p=[0.6, 0.2, 0.2])] for _ in range(30)], categories)

OUT.write_text(json.dumps({"statsmodels": statsmodels.__version__, "scikit-learn": sklearn.__version__, "cases": cases}, indent=1) + "\n")
print(f"wrote {len(cases)} golden cases from statsmodels {statsmodels.__version__} and scikit-learn {sklearn.__version__}")


# --- attune agreement on a whole document -------------------------------------------------
# The study's evidence, with a second observer (B) for every session, who disagrees with the log
# on about one check in six; sessions 1 and 3 of each programme also have observers C and D, for
# Fleiss' kappa across four. The log is the first observer; B, first in the document, the second.
schema = json.loads((ROOT / "docs/evidence.schema.json").read_text())
session_schema = schema["$defs"]["session"]["properties"]
groups = {group: [name for name, field in session_schema[group]["properties"].items() if field.get("type") == ["boolean", "null"]]
          for group in ("setting", "content", "observer")}
document = json.loads((ROOT / "Sources/AttuneCore/Resources/study-evidence.json").read_text())
held = [s for s in document["sessions"] if not s.get("cancelled") and not s.get("planned")]
observations = []


def seen_by(session, observer, flip):
    observation = {"session_id": session["id"], "observer_name": observer}
    for group, names in groups.items():
        logged = session.get(group, {})
        observation[group] = {name: (not logged[name] if rng.random() < flip else logged[name])
                              for name in names if logged.get(name) is not None}
    return observation


for session in held:
    observations.append(seen_by(session, "Observer B", 1 / 6))
for session in held:
    if session["number"] in (1, 3):
        observations.append(seen_by(session, "Observer C", 0.25))
        observations.append(seen_by(session, "Observer D", 0.1))
document["second_observations"] = observations
CLI_RESOURCES.mkdir(parents=True, exist_ok=True)
(CLI_RESOURCES / "agreement-evidence.json").write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")

expected = []
for group, names in groups.items():
    for name in names:
        first, second, everyone = [], [], []
        for session in held:
            others = [o for o in observations if o["session_id"] == session["id"]]
            logged = session.get(group, {}).get(name)
            if logged is not None and others and others[0][group].get(name) is not None:
                first.append(logged)
                second.append(others[0][group][name])
            ratings = [r for r in [logged] + [o[group].get(name) for o in others] if r is not None]
            if len(ratings) >= 3:
                everyone.append(ratings)
        check = {"check": name, "n": len(first)}
        if first:
            table = np.zeros((2, 2))
            for a, b in zip(first, second):
                table[0 if a else 1, 0 if b else 1] += 1
            check["agreement"] = float(np.trace(table) / table.sum())
            chance = sum(table[i].sum() * table[:, i].sum() for i in range(2)) / table.sum() ** 2
            if chance < 1:
                result = cohens_kappa(table)
                check.update(kappa=float(result.kappa), kappa_se=float(result.std_kappa),
                             kappa_interval=[float(result.kappa_low), float(result.kappa_upp)])
        sizes = [len(r) for r in everyone]
        if sizes:
            observers = max(set(sizes), key=lambda size: (sizes.count(size), size))
            items = [r for r in everyone if len(r) == observers]
            counts, _ = aggregate_raters(np.array([[0 if r else 1 for r in item] for item in items]), n_cat=2)
            shares = counts.sum(axis=0) / counts.sum()
            check["fleiss_observers"] = observers
            check["fleiss_sessions"] = len(items)
            if (shares ** 2).sum() < 1:
                check["fleiss_kappa"] = float(fleiss_kappa(counts, method="fleiss"))
        expected.append(check)
(CLI_RESOURCES / "agreement-expected.json").write_text(json.dumps({"observed_sessions": len(held), "checks": expected}, indent=1) + "\n")
print(f"wrote a document of {len(observations)} second observations and the expected agreement of {len(expected)} checks")
