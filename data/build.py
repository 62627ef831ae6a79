#!/usr/bin/env python3
"""Builds oversight's bundled data from ../shared/data/official.

The ten CSV files of published figures are copied unchanged (every figure
as published, with the source of each row in `source_id`). From SOURCES.md
come sources.csv (one row per source: grade, title, URL, date) and
glossary.csv (the terms, for define()). catalog.csv and columns.csv are
written here: what each dataset is, who published it, the period it
covers, its licence, and the unit of each column.

Run from the repository root: python3 data/build.py [path/to/official]
Maintainers only; the shell reads the result, not this script.
"""
import csv
import os
import re
import shutil
import sys

SRC = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/official"
OUT = "data"
OGL = "Open Government Licence v3.0"

# name, title, publisher, period, licence, description
CATALOG = [
    ("national_complaints", "Police complaints in England and Wales: headline figures",
     "IOPC (IPCC before 2018)", "2008/09 to 2024/25 (not every year)", OGL,
     "Complaint cases logged and recorded, allegations, complainants, people complained "
     "about, timeliness and reviews, as the IOPC's annual statistics print them."),
    ("allegation_categories", "What complaints were about: allegation categories",
     "IOPC (IPCC before 2018)", "2008/09 to 2023/24", OGL,
     "Shares (mostly) and counts of allegations by category, England and Wales and a few forces."),
    ("complaint_outcomes", "How complaints were handled and what resulted",
     "IOPC; Home Office", "2014/15, 2020/21 to 2023/24", OGL,
     "Informal and formal (Schedule 3) handling, investigations and outcomes, in the IOPC and "
     "Home Office series."),
    ("misconduct_outcomes", "Police misconduct proceedings and findings",
     "Home Office", "years ending 31 March 2020 to 2024", OGL,
     "The Home Office 'Police misconduct' series: meetings, hearings, accelerated hearings, "
     "findings and people referred."),
    ("iopc_investigation_outcomes", "Outcomes after IOPC independent investigations",
     "IOPC", "2020/21 to 2023/24", OGL,
     "Case to answer, proceedings proven, dismissals and referrals to the CPS after the IOPC's "
     "own investigations."),
    ("barred_list_dismissals", "The police barred list: dismissals",
     "College of Policing", "December 2017 to 2023/24", OGL,
     "Officers, specials and staff dismissed (or who would have been), by rank and reason."),
    ("force_figures", "Figures for single forces (mostly Essex Police)",
     "IOPC, Home Office, forces and commissioners (several via news reports)",
     "2007/08 to 2024", OGL + " for the official figures",
     "Per-force complaint, review, vetting and rate figures, one series per row."),
    ("workforce", "Police workforce: officers, staff, joiners and leavers",
     "Home Office", "2007 to 2023", OGL,
     "Officer numbers (full-time equivalent and headcount), staff and PCSOs, England and Wales "
     "and Essex."),
    ("essex_seed_figures", "Every figure in the two Essex Police news articles",
     "Echo / Gazette (June 2022) and Thurrock Gazette (January 2024), checked against official "
     "figures", "year ending 31 March 2021; calendar 2023",
     "facts quoted from news reports; official comparisons " + OGL,
     "The claims of the articles that started oversight, with numerators, denominators and "
     "how each compares with the official series."),
    ("percent_checks", "Published percentages with their numerators and denominators",
     "derived by the dataset's compilers from the sources of the other files",
     "2008/09 to 2024/25", OGL + " (the figures); the checks are derived",
     "Every printed percentage whose numerator and denominator were also printed, recomputed: "
     "a test bed for check()."),
    ("forces", "Police forces: one name each, with ONS codes and regions",
     "oversight (ONS codes from the ONS police force area lookups)", "forces as of 2024",
     OGL + " (the ONS codes)",
     "The 43 territorial forces of England and Wales, British Transport Police, Police "
     "Scotland and the PSNI: the short name force_name() gives, the official name, the ONS "
     "police force area code (none for the three outside the 43) and the ONS region or nation."),
    ("force_names", "Every spelling of a force name, and the force it means",
     "oversight (spellings found in published tables)", "as found in the data",
     OGL + " (the names as published)",
     "Each spelling found in the bundled data and in the shared Home Office, IOPC and BBC "
     "tables, or made systematically (& and 'and', Constabulary/Police/Police Service, hyphen "
     "or space, Welsh forms), with the force it means and where it was found; "
     "force_name() reads the same list."),
]

# datasets written by another script (data/forces.py), not copied from SRC
MADE_HERE = {"forces", "force_names"}

# units of the columns that hold numbers or codes; other columns are text
UNITS = {
    "value": "the unit in the `unit` column (cases, allegations, people, days)",
    "count": "the unit in `unit_of_count` (or `measure`)",
    "allegations": "allegations",
    "total_allegations": "allegations",
    "percent_of_total": "per cent of `percent_base`, as printed",
    "printed_percent": "per cent, as printed (signed for changes: -12 is a fall of 12%)",
    "base_count": "the count the printed percentage is of",
    "numerator": "count", "denominator": "count",
    "computed": "per cent, unrounded (3 decimals)",
    "computed_percent": "per cent, unrounded (3 decimals)",
    "reported_value": "as reported, in `unit_as_reported`",
    "official_comparison_value": "count in the official series",
    "printed_value": "per cent (or per 1,000) as printed",
    "year": "financial year (1 April to 31 March), 2020/21",
    "year_ending": "the last day of the 12 months counted",
    "regime": "the complaint rules in force: 2004, 2012 or 2020 (1 February 2020)",
    "qualifier": "'>' (more than) or 'approx' when the source said so",
    "source_id": "the source in sources.csv",
    "article_source_id": "the article in sources.csv",
    "official_comparison_source_id": "the source in sources.csv",
    "date": "the date the count refers to",
    "ons_code": "ONS police force area code (E23..., W15...); empty outside the 43 forces",
}


def main():
    os.makedirs(OUT, exist_ok=True)
    rows = {}
    for name, *_ in CATALOG:
        if name not in MADE_HERE:
            shutil.copyfile(os.path.join(SRC, name + ".csv"),
                            os.path.join(OUT, name + ".csv"))
        with open(os.path.join(OUT, name + ".csv"), newline="", encoding="utf-8") as f:
            r = list(csv.reader(f))
        rows[name] = r

    text = open(os.path.join(SRC, "SOURCES.md"), encoding="utf-8").read()

    # sources: the markdown table | id | grade | title | URL | date | section |
    with open(os.path.join(OUT, "sources.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["source_id", "grade", "title", "url", "date", "used_for"])
        for line in text.splitlines():
            m = re.match(r"^\| (S\d+) \| ([^|]+) \| ([^|]+) \| ([^|]+) \| ([^|]+) \| ([^|]+) \|$",
                         line)
            if m:
                w.writerow([g.strip() for g in m.groups()])

    # glossary: "- **Term.** definition" bullets under "## Glossary"
    gloss = text.split("## Glossary", 1)[1].split("\n## ", 1)[0]
    entries, cur = [], None
    for line in gloss.splitlines():
        m = re.match(r"^- \*\*(.+?\.)\*\*(.*)$", line) or re.match(r"^- \*\*(.+?)\*\*(.*)$", line)
        if m:
            if cur:
                entries.append(cur)
            term = m.group(1).replace("**", "").rstrip(".").strip('"')
            rest = m.group(2).strip()
            cur = [term, rest]
        elif cur and line.startswith("  "):
            cur[1] += " " + line.strip()
    if cur:
        entries.append(cur)
    with open(os.path.join(OUT, "glossary.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["term", "definition"])
        for term, definition in entries:
            w.writerow([term, re.sub(r"\*\*(.+?)\*\*", r"\1", definition).strip()])

    with open(os.path.join(OUT, "catalog.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["name", "file", "title", "publisher", "period", "licence", "rows",
                    "sources", "description"])
        for name, title, publisher, period, licence, desc in CATALOG:
            r = rows[name]
            ks = [i for i, c in enumerate(r[0]) if c.endswith("source_id")]
            ids = sorted({row[k] for row in r[1:] for k in ks if row[k]},
                         key=lambda s: int(s[1:]))
            w.writerow([name, name + ".csv", title, publisher, period, licence, len(r) - 1,
                        " ".join(ids), desc])

    with open(os.path.join(OUT, "columns.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["dataset", "column", "unit"])
        for name, *_ in CATALOG:
            for col in rows[name][0]:
                w.writerow([name, col, UNITS.get(col, "text")])


if __name__ == "__main__":
    main()
