#!/usr/bin/env python3
"""Writes Tests/AttuneCoreTests/Resources/agreement-goldens.json: observer agreement as
statsmodels (Cohen's kappa with its standard error and interval, Fleiss' kappa) and scikit-learn
(weighted kappa, linear and quadratic) compute it, for Attune's `Agreement` to match within 1e-9.
Run: python3 -m pip install statsmodels scikit-learn && python3 scripts/make_agreement_goldens.py"""
import json
import pathlib

import numpy as np
import sklearn
import statsmodels
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, cohens_kappa, fleiss_kappa

OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/AttuneCoreTests/Resources/agreement-goldens.json"
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
