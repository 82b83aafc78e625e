#!/usr/bin/env python3
"""Writes Tests/AttuneCoreTests/Resources/statistics-goldens.json: reference values from
scipy.stats (and numpy) for every statistic Attune computes. The Swift tests compare against
these within 1e-9 relative (1e-12 absolute near zero). Run: python3 scripts/make_statistics_goldens.py
Reference versions are recorded in the file."""
import json
import math
import pathlib

import numpy as np
import scipy
from scipy import stats

OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/AttuneCoreTests/Resources/statistics-goldens.json"
rng = np.random.default_rng(20261126)
cases = []

def add(kind, inputs, expected):
    cases.append({"kind": kind, "inputs": inputs, "expected": {k: (None if v is None else float(v)) for k, v in expected.items()}})

# Special functions.
for a, b, x in [(0.5, 0.5, 0.3), (2, 3, 0.4), (10, 0.5, 0.999), (0.5, 40, 1e-6), (150, 0.5, 0.2), (3, 7, 0.0), (3, 7, 1.0), (1e-3, 5, 0.5)]:
    add("incomplete_beta", {"a": a, "b": b, "x": x}, {"value": scipy.special.betainc(a, b, x)})
for a, x in [(0.5, 0.1), (3, 2.5), (10, 30), (100, 80), (2.5, 700), (1, 1e-10), (50, 0.5)]:
    add("incomplete_gamma", {"a": a, "x": x}, {"p": scipy.special.gammainc(a, x), "q": scipy.special.gammaincc(a, x)})
for t, df in [(2.1, 5), (-1.3, 12), (40, 3), (150, 30), (0.0, 8), (3.5, 1), (1e-3, 200), (44, 2000), (40, 1000)]:
    add("t_sf", {"t": t, "df": df}, {"value": stats.t.sf(t, df)})
for x, df in [(3.84, 1), (0.0, 2), (50, 3), (1400, 4), (7.5, 10), (1380, 1), (1370, 3)]:
    add("chi2_sf", {"x": x, "df": df}, {"value": stats.chi2.sf(x, df)})
for z in [0.0, 1.96, -2.5, 8.0, 37.0, 37.5]:
    add("normal_sf", {"z": z}, {"value": stats.norm.sf(z)})

# Descriptive statistics (numpy's default linear quartiles), with missing values.
for values in [[3, 1, 4, 1, 5, 9, 2, 6], [2.5], [1, 2], list(rng.normal(10, 3, 25)), [7, 7, 7, 7]]:
    arr = np.array(values, dtype=float)
    add("descriptive", {"values": values + [None]}, {
        "n": len(arr), "missing": 1, "mean": arr.mean(), "sd": arr.std(ddof=1) if len(arr) > 1 else None,
        "median": np.median(arr), "q1": np.percentile(arr, 25), "q3": np.percentile(arr, 75), "min": arr.min(), "max": arr.max()})

# Paired t-test, effect sizes.
def paired(x, y):
    x, y = np.array(x, float), np.array(y, float)
    r = stats.ttest_rel(x, y)
    d = x - y
    dz = d.mean() / d.std(ddof=1)
    n = len(d)
    j = 1 - 3 / (4 * (n - 1) - 1)
    add("paired_t", {"x": x.tolist(), "y": y.tolist()}, {"t": r.statistic, "df": r.df, "p": r.pvalue, "dz": dz, "g": dz * j})

paired([14, 12, 11, 16, 9, 13], [10, 11, 9, 12, 9, 8])
paired([3, 4], [1, 1.5])
paired(list(rng.normal(12, 4, 40)), list(rng.normal(10, 4, 40)))
big_before = rng.normal(20, 1, 3000)
paired(list(big_before), list(big_before - 3 - rng.normal(0, 0.2, 3000)))  # p far below 1e-300 -> 0

# Wilcoxon signed-rank with SciPy's defaults (zero_method='wilcox', correction=False, method='auto').
def wilcoxon(x, y):
    r = stats.wilcoxon(np.array(x, float), np.array(y, float))
    add("wilcoxon", {"x": list(map(float, x)), "y": list(map(float, y))}, {"statistic": r.statistic, "p": r.pvalue})

wilcoxon([14, 12, 11, 16, 9, 13, 15, 10], [10, 11, 9, 12, 8, 8, 7, 12])               # exact, no ties
wilcoxon([14, 12, 11, 16, 9, 13, 15, 10], [10, 10, 9, 12, 9, 8, 11, 12])              # ties and a zero: permutation
wilcoxon([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16],
         [1, 1, 2, 2, 4, 4, 5, 5, 8, 8, 9, 9, 12, 12, 14, 14])                         # ties, n > 13: normal
x = rng.normal(10, 2, 60); wilcoxon(list(x), list(x - rng.normal(0.5, 1, 60)))      # n > 50: normal
x = rng.normal(10, 2, 30); wilcoxon(list(x), list(x - rng.normal(0.3, 1, 30)))      # exact, n = 30

# Chi-squared test of independence (Yates for 2x2 by default), and without correction.
def chi2(table, correction=True):
    r = stats.chi2_contingency(np.array(table), correction=correction)
    add("chi2", {"table": table, "yates": correction}, {"statistic": r.statistic, "p": r.pvalue, "df": r.dof})

chi2([[12, 5], [3, 10]]); chi2([[12, 5], [3, 10]], correction=False)
chi2([[20, 15, 5], [10, 25, 30]]); chi2([[0, 5], [6, 9]]); chi2([[900, 100], [100, 900]])
chi2([[3000, 10], [10, 3000]])  # p far below 1e-300

# Fisher's exact test, 2x2, three alternatives.
for table in [[[8, 2], [1, 5]], [[0, 5], [6, 9]], [[12, 5], [3, 10]], [[3, 1], [1, 3]], [[150, 10], [12, 160]]]:
    for alternative in ["two-sided", "less", "greater"]:
        r = stats.fisher_exact(table, alternative=alternative)
        add("fisher", {"table": table, "alternative": alternative}, {"odds_ratio": r.statistic if math.isfinite(r.statistic) else None, "p": r.pvalue})

# Pearson and Spearman with p-values and Fisher-z 95% intervals.
def correlation(x, y):
    x, y = np.array(x, float), np.array(y, float)
    n = len(x)
    pr = stats.pearsonr(x, y)
    ci = pr.confidence_interval(0.95)
    sr = stats.spearmanr(x, y)
    z = stats.norm.ppf(0.975)
    rho = sr.statistic
    s_low, s_high = (math.tanh(math.atanh(rho) - z / math.sqrt(n - 3)), math.tanh(math.atanh(rho) + z / math.sqrt(n - 3))) if n > 3 and abs(rho) < 1 else (None, None)
    add("correlation", {"x": x.tolist(), "y": y.tolist()}, {
        "pearson_r": pr.statistic, "pearson_p": pr.pvalue, "pearson_low": ci.low, "pearson_high": ci.high,
        "spearman_rho": rho, "spearman_p": sr.pvalue, "spearman_low": s_low, "spearman_high": s_high})

correlation([2, 5, 7, 3, 12, 10, 8, 7], [5, 7, 10, 2, 12, 11, 7, 8])       # ties in y
correlation([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])
x = rng.normal(0, 1, 500); correlation(list(x), list(0.6 * x + rng.normal(0, 0.8, 500)))
x = rng.normal(0, 1, 1000); correlation(list(x), list(x + rng.normal(0, 0.01, 1000)))  # p far below 1e-300

# The study's need against provision, recomputed here from the evidence file with the default
# need rules (independently of Attune's Swift code) and SciPy's spearmanr.
study = json.loads((OUT.parent.parent.parent.parent / "Sources/AttuneCore/Resources/study-evidence.json").read_text())
high = set()
for m in study["measurements"]:
    if m["instrument"] == "epds" and (sum(m["item_scores"]) >= 13 or m["item_scores"][9] > 0):
        high.add(m["dyad_id"])
    if m["instrument"] == "care_index" and m["scales"]["sensitivity"] <= 6:
        high.add(m["dyad_id"])
    if m["instrument"] == "wmci" and m["classification"] in ("disengaged", "distorted"):
        high.add(m["dyad_id"])
totals = {"A1": 5, "A2": 7, "A3": 2, "A4": 5, "A5": 2, "A6": 7, "B7": 12, "C8": 10}  # Table 1, B7 recomputed
shares = []
for code in totals:
    enrolled = {i["dyad_id"] for i in study["invitations"] if i["programme_id"] == code}
    shares.append(len(enrolled & high) / len(enrolled))
rho = stats.spearmanr(shares, list(totals.values()))
add("study_need_provision", {"programmes": list(totals)},
    {"rho": rho.statistic, "p": rho.pvalue, **{f"share_{code}": share for code, share in zip(totals, shares)}})

OUT.write_text(json.dumps({"scipy": scipy.__version__, "numpy": np.__version__, "cases": cases}, indent=1) + "\n")
print(f"wrote {len(cases)} golden cases from SciPy {scipy.__version__}")
