#!/usr/bin/env python3
"""The research export read by the real programs (issue 26).

Imports the study's evidence into a fresh SQLite database, plants names, contacts, free text and a
formula in it (and one mother who said no to research, and two excerpts, one marked de-identified),
runs `attune export research`, then:

- GNU PSPP runs import.sps: each table's DESCRIPTIVES (N and mean of every number) match the CSV;
- R sources import.R: every number's count and mean, and every category's counts, match the CSV;
- no name, contact, free-text value or exact date from the database is in any exported file, no
  text cell starts a formula, and the mother who said no is not in it;
- the same key file gives the same pseudonyms, another key others.

Usage: python3 scripts/check_research_export.py path/to/attune
"""
import csv
import hashlib
import hmac
import io
import math
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import uuid

ATTUNE = os.path.abspath(sys.argv[1])
STUDY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "AttuneCore", "Resources", "study-evidence.json")
MISSING = "-9"

# Values planted in the database: none may leave it.
PLANTED = {
    ("dyads", "mother_name"): "Zebedee Quintessa",
    ("dyads", "infant_name"): "Baby Oriflamme",
    ("dyads", "email"): "zebedee.quintessa@example.org",
    ("dyads", "postal_address"): "17 Marigold Terrace, Ashby",
    ("sessions", "notes"): "Zebedee cried at the start; spoke about her housing",
    ("attendance", "absence_reason"): "Hospital appointment for the twins",
    ("invitations", "invited_by_practitioner"): "Health visitor Penhaligon",
}
DEIDENTIFIED_EXCERPT = "The room was cold and nobody greeted us.\nWe still came back, for the singing."
FORMULA_CENTRE = '=HYPERLINK("http://evil.example","x")'


def run(arguments, **kwargs):
    result = subprocess.run(arguments, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        sys.exit(f"check_research_export: {' '.join(arguments)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result.stdout


def prepare(folder):
    database = os.path.join(folder, "attune.sqlite")
    run([ATTUNE, "import", "evidence", STUDY, "--database", database])
    connection = sqlite3.connect(database)
    for (table, column), value in PLANTED.items():
        if value is not None:
            connection.execute(f'UPDATE "{table}" SET "{column}" = ?', (value,))
    connection.execute('UPDATE "centres" SET "code" = ? WHERE "code" = ?', (FORMULA_CENTRE, "A"))
    # One mother said no to research: she must not be exported.
    refused = connection.execute('SELECT "code" FROM "dyads" ORDER BY "code" LIMIT 1').fetchone()[0]
    connection.execute('UPDATE "dyads" SET "consent_to_research" = 0 WHERE "code" = ?', (refused,))
    # Two excerpts: one a coder marked de-identified (exported, on one line), one not (never exported).
    programme = connection.execute('SELECT "id" FROM "programmes" WHERE "code" = ?', ("A1",)).fetchone()[0]
    for code, text, memo, deidentified in [("A1-X1", DEIDENTIFIED_EXCERPT, None, 1),
                                           ("A1-X2", "Zebedee told me about her housing troubles", "Ring Zebedee on Tuesday", 0)]:
        connection.execute('INSERT INTO "excerpts" ("id", "code", "programme_id", "source", "speaker_role", "date", "text", "codes", "memo", "deidentified") '
                           'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
                           (str(uuid.uuid4()).upper(), code, programme, "interview", "mother", "2008-01-15", text,
                            '[{"mechanism": "M4", "stance": "contradicts"}, {"mechanism": "M14", "stance": "supports"}]', memo, deidentified))
    connection.commit()
    secrets = set()
    for table, column in [("dyads", "mother_name"), ("dyads", "infant_name"), ("dyads", "phone"), ("dyads", "email"),
                          ("dyads", "postal_address"), ("dyads", "infant_date_of_birth"), ("dyads", "consent_date"),
                          ("sessions", "notes"), ("attendance", "absence_reason"), ("invitations", "closed_reason"),
                          ("invitations", "invited_by_practitioner"), ("measurements", "administered_by"), ("facilitators", "name"),
                          ("mechanism_overrides", "rationale"), ("mechanism_overrides", "observer"), ("dyads", "code"),
                          ("excerpts", "memo")]:
        for (value,) in connection.execute(f'SELECT DISTINCT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL'):
            if isinstance(value, str) and len(value) >= 5:
                secrets.add(value)
    secrets.update(text for (text,) in connection.execute('SELECT "text" FROM "excerpts" WHERE "deidentified" = 0'))
    count = connection.execute('SELECT COUNT(*) FROM "dyads"').fetchone()[0]
    connection.close()
    return database, refused, secrets, count


def export(database, folder, key):
    run([ATTUNE, "export", "research", "--database", database, "--output", folder, "--key-file", key, "--include-unrecorded-consent"])
    return folder


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    return rows[0], rows[1:]


def codebook(folder):
    header, rows = read_csv(os.path.join(folder, "codebook.csv"))
    tables = {}
    for row in rows:
        entry = dict(zip(header, row))
        tables.setdefault(entry["table"], []).append(entry)
    return tables


def numbers(values):
    return [float(value) for value in values if value not in ("", MISSING)]


def expected(folder):
    """Per table and variable, from the CSVs themselves: (n, mean) of numbers, counts of categories."""
    book = codebook(folder)
    found = {}
    for table, variables in book.items():
        header, rows = read_csv(os.path.join(folder, f"{table}.csv"))
        assert header == [v["variable"] for v in variables], f"{table}.csv header differs from the codebook"
        for position, variable in enumerate(variables):
            column = [row[position] for row in rows]
            if variable["type"] == "category":
                labels = dict(item.split(" = ", 1) for item in variable["values"].split("; "))
                counts = {label: 0 for label in labels.values()}
                for value in column:
                    if value != MISSING:
                        counts[labels[value]] += 1
                found[(table, variable["variable"])] = ("category", counts, numbers(column))
            elif variable["type"].startswith("text"):
                found[(table, variable["variable"])] = ("text", column, None)
            else:
                found[(table, variable["variable"])] = ("number", None, numbers(column))
    return book, found


def check_pspp(folder, book, found):
    output = os.path.join(folder, "descriptives.csv")
    run(["pspp", "import.sps", "-o", output], cwd=folder)
    text = open(output, encoding="utf-8").read()
    blocks = [block for block in text.split("Table: Descriptive Statistics") if block.strip()]
    tables = [table for table, variables in book.items() if any(not v["type"].startswith("text") for v in variables)]
    assert len(blocks) >= len(tables), f"PSPP described {len(blocks)} tables, expected {len(tables)}"
    checked = 0
    for table, block in zip(tables, blocks):
        rows = list(csv.reader(io.StringIO(block.strip())))[1:]
        numeric = [v for v in book[table] if not v["type"].startswith("text")]
        for variable, row in zip(numeric, rows):
            assert row[0] == variable["label"], f"PSPP row {row[0]!r} for {table}.{variable['variable']} ({variable['label']!r})"
            values = found[(table, variable["variable"])][2]
            assert int(row[1]) == len(values), f"PSPP N of {table}.{variable['variable']}: {row[1]} against {len(values)}"
            if values:
                mean = float(row[2])
                assert abs(mean - sum(values) / len(values)) <= 0.005 + 1e-9, f"PSPP mean of {table}.{variable['variable']}: {mean} against {sum(values) / len(values)}"
            checked += 1
    print(f"check_research_export: PSPP read {len(tables)} tables; N and mean of {checked} numeric variables match the CSVs")


R_SUMMARY = r'''
source("import.R")
for (table in names(attune)) {
  frame <- attune[[table]]
  for (variable in names(frame)) {
    x <- frame[[variable]]
    if (is.factor(x)) {
      counts <- table(x)
      cat(table, variable, "category", paste(names(counts), as.integer(counts), sep = "=", collapse = "|"), sep = "\t"); cat("\n")
    } else if (is.numeric(x)) {
      cat(table, variable, "number", sum(!is.na(x)), if (all(is.na(x))) "NA" else format(mean(x, na.rm = TRUE), digits = 15), sep = "\t"); cat("\n")
    } else {
      cat(table, variable, "text", length(x), attr(x, "label"), sep = "\t"); cat("\n")
    }
  }
}
'''


def check_r(folder, book, found):
    output = run(["Rscript", "-e", R_SUMMARY], cwd=folder)
    seen = 0
    for line in output.strip().splitlines():
        table, variable, kind, *rest = line.split("\t")
        expected_kind, detail, values = found[(table, variable)]
        assert kind == expected_kind, f"R read {table}.{variable} as {kind}, the codebook says {expected_kind}"
        if kind == "category":
            counts = dict(item.rsplit("=", 1) for item in rest[0].split("|")) if rest[0] else {}
            assert {label: int(n) for label, n in counts.items()} == detail, f"R's categories of {table}.{variable}: {counts} against {detail}"
        elif kind == "number":
            assert int(rest[0]) == len(values), f"R's count of {table}.{variable}: {rest[0]} against {len(values)}"
            if values:
                assert math.isclose(float(rest[1]), sum(values) / len(values), rel_tol=1e-9, abs_tol=1e-9), f"R's mean of {table}.{variable}"
        else:
            assert int(rest[0]) == len(detail)
            label = next(v["label"] for v in book[table] if v["variable"] == variable)
            assert rest[1] == label, f"R's label of {table}.{variable}: {rest[1]!r}"
        seen += 1
    assert seen == len(found), f"R read {seen} variables, the codebook has {len(found)}"
    print(f"check_research_export: R read all {seen} variables with their labels; counts, means and categories match the CSVs")


def check_nothing_leaks(folder, secrets):
    date = re.compile(r"\b(19|20)\d\d-\d\d-\d\d\b")
    for name in os.listdir(folder):
        if not (name.endswith(".csv") or name.endswith(".sps") or name.endswith(".R") or name.endswith(".txt")) or name == "descriptives.csv":
            continue
        text = open(os.path.join(folder, name), encoding="utf-8").read()
        for secret in secrets:
            assert secret not in text, f"{name} holds {secret!r} from the database"
        assert not date.search(text), f"{name} holds an exact date: {date.search(text).group(0)}"
        if name.endswith(".csv"):
            for row in csv.reader(io.StringIO(text)):
                for cell in row:
                    if cell[:1] in ("=", "+", "@", "\t", "\r") or (cell[:1] == "-" and not re.fullmatch(r"-\d+(\.\d+)?", cell)):
                        raise AssertionError(f"{name}: the cell {cell!r} would run as a formula")
                    # Only the planted formula is neutralised: nothing else of Attune's own starts like one.
                    if cell[:1] == "'" and cell != "'" + FORMULA_CENTRE:
                        raise AssertionError(f"{name}: the cell {cell!r} was neutralised, so it began like a formula")
    programmes = open(os.path.join(folder, "programmes.csv"), encoding="utf-8").read()
    assert "'=HYPERLINK" in programmes, "the centre code planted as a formula was not neutralised"
    print(f"check_research_export: none of {len(secrets)} names, contacts, free-text values and codes, and no exact date, is in the export; the planted formula is neutralised")


def pseudonyms(folder):
    _, rows = read_csv(os.path.join(folder, "dyads.csv"))
    return [row[0] for row in rows]


def main():
    with tempfile.TemporaryDirectory() as folder:
        database, refused, secrets, count = prepare(folder)
        key, other = os.path.join(folder, "key"), os.path.join(folder, "other-key")
        open(key, "wb").write(os.urandom(32))
        open(other, "wb").write(os.urandom(32))
        first = export(database, os.path.join(folder, "export"), key)
        again = export(database, os.path.join(folder, "again"), key)
        another = export(database, os.path.join(folder, "another"), other)

        names = pseudonyms(first)
        assert len(names) == count - 1, f"{len(names)} mothers exported of {count}; the one who said no should be the only one left out"
        assert names == pseudonyms(again), "the same key gave other pseudonyms"
        assert not set(names) & set(pseudonyms(another)), "another key gave the same pseudonyms"
        # Her pseudonym under the key is not in the export: attune's own HMAC, recomputed here.
        refused_pseudonym = "r-" + hmac.new(open(key, "rb").read(), refused.encode(), hashlib.sha256).hexdigest()[:16]
        assert refused_pseudonym not in open(os.path.join(first, "invitations.csv")).read(), "the mother who said no is in the export"
        assert all(re.fullmatch(r"r-[0-9a-f]{16}", name) for name in names)
        print(f"check_research_export: {len(names)} of {count} mothers exported (not the one who said no); the same key gives the same pseudonyms, another key others")

        book, found = expected(first)
        check_pspp(first, book, found)
        check_r(first, book, found)
        check_nothing_leaks(first, secrets)
        excerpts = open(os.path.join(first, "excerpts.csv"), encoding="utf-8").read()
        assert DEIDENTIFIED_EXCERPT.replace("\n", " ") in excerpts, "the de-identified excerpt is not exported, on one line"
        assert "A1-X2" not in excerpts, "an excerpt not marked de-identified was exported"
        print("check_research_export: the excerpt marked de-identified is exported with its codes; the other is not")


if __name__ == "__main__":
    main()
