/*
 * help.c - the docstrings: one table of every global, method and setting,
 * with its usage, one line of description and an example that runs (the
 * tests run every one). help() lists them by purpose; help("where") or
 * help(t.where) shows one; ov.doc(name) gives an entry to scripts.
 * Lua layer: knows the Lua surface, nothing of the shell.
 */
#include "config.h"

#include "help.h"

#include <string.h>

#include <lauxlib.h>

#include "format.h"
#include "lbind.h"
#include "suggest.h"

#define REG_HELP "ov.help.byfunc"

struct doc {
    const char *name; /* "load_csv", "table:where", "column:sum", "figure:round" */
    const char *group;
    const char *list;  /* the usage as listed by help() (at most 28 cells) */
    const char *brief; /* what it does, for the list (at most 44 cells) */
    const char *usage;
    const char *summary;
    const char *example;
};

static const char G_LOAD[] = "Loading and looking";
static const char G_ROWS[] = "Choosing rows and columns";
static const char G_COUNT[] = "Counting and summarising";
static const char G_COL[] = "Columns (c = t:col(\"name\"))";
static const char G_FIG[] = "Figures and claims";
static const char G_DATA[] = "Bundled data";
static const char G_SESSION[] = "The session";

static const struct doc docs[] = {
    /* ---- loading and looking ---- */
    {"load_csv", G_LOAD, "load_csv(path [, opts])", "a CSV file as a table",
     "load_csv(path [, options])",
     "Loads a CSV file as a table. A gzip file (.csv.gz) is read as the CSV inside "
     "it, and a zip as its only CSV; member = \"a.csv\" picks one of several, and "
     "a glob (member = \"*.csv\") stacks members with the same columns, with a "
     "first column member. Options: delim, header, null, types, encoding "
     "(\"latin1\", \"cp1252\"), on_ragged (\"error\", \"skip\", \"pad\"), comment, "
     "name, member, skip. A first row that reads as data (numbers over numbers, a date "
     "over "
     "dates) loads as data, the columns named column_1, column_2, ...; header = true "
     "takes it as names, header = false always names by position. Title and note "
     "lines above the table (fewer fields than it) are set aside as its preamble, "
     "kept in t:provenance(); skip = N skips N lines by hand. Rows whose every field "
     "is empty (,,,) are dropped. The report says each.",
     "local path = os.tmpname()\n"
     "example():write(path, { format = \"csv\" })\n"
     "t = load_csv(path, { name = \"complaints\" })\n"
     "os.remove(path)\n"
     "print(#t)"},
    {"load", G_LOAD, "load(path [, opts])", "any data file, known by its content",
     "load(path [, options])",
     "Loads a file by what it holds, not its name: CSV or TSV (as load_csv), gzip "
     "(.gz), zip (one CSV, or member = \"name\" or a glob to stack several), ODS or "
     "XLSX (as load_sheet; option sheet picks the sheet). A Lua chunk, or a string "
     "that names no file, goes to Lua's own load.",
     "t = load(ov.datadir .. \"/complaints_table.ods\", { sheet = \"Table_1\" })\n"
     "print(t)"},
    {"sheets", G_LOAD, "sheets(path)", "a workbook's sheets, sizes and titles",
     "sheets(path)",
     "Lists the sheets of an ODS or XLSX workbook (legacy .xls is refused for now): "
     "number, name, the used rows "
     "and columns (empty repeats clipped), non-empty cells, and the title at the top.",
     "print(sheets(ov.datadir .. \"/complaints_table.ods\"))"},
    {"load_sheet", G_LOAD, "load_sheet(path [, sheet])", "one sheet of a workbook",
     "load_sheet(path [, sheet [, options]])",
     "Loads one sheet (by name or number; the first with something in it by default). "
     "An official table's layout is found: title and notes go to the provenance, a "
     "header of several rows becomes one name per column (\"A / B\"), markers such as "
     "[c], [x] and .. become missing values kept in t:markers(), blank rows are "
     "dropped and counted. Options: range (\"A7:H60\"), skip, header_rows, header = "
     "false (every cell as stored), types, name.",
     "t = load_sheet(ov.datadir .. \"/complaints_table.ods\", \"Table_1\")\n"
     "print(t:provenance())"},
    {"load_sqlite", G_LOAD, "load_sqlite(path, what)",
     "a table or query of an SQLite database",
     "load_sqlite(path, table_or_query [, { name =, report = }])",
     "Loads a table or view of an SQLite database by name, or the result of one "
     "read-only query (SELECT, WITH, VALUES; no ATTACH, PRAGMA or writing). INTEGER "
     "values load as int, REAL as float, TEXT as text, or as dates when every value "
     "is an ISO date (YYYY-MM-DD), 0/1 declared BOOLEAN as bool; NULL is missing. A "
     "column mixing text and numbers loads as text, with a note; a BLOB is an "
     "error (select hex(col)). The file is opened read-only.",
     "local path = os.tmpname()\n"
     "os.remove(path)\n"
     "path = path .. \".sqlite\"\n"
     "example():write(path, { table = \"allegations\" })\n"
     "t = load_sqlite(path, \"allegations\")\n"
     "print(load_sqlite(path, \"SELECT force, count(*) AS n FROM allegations \"\n"
     "  .. \"GROUP BY force ORDER BY n DESC\"))\n"
     "os.remove(path)"},
    {"example", G_LOAD, "example()", "ten made-up allegations, to try things",
     "example()",
     "A small built-in table of ten made-up allegations against three forces, for "
     "trying "
     "things.",
     "t = example()\nprint(t)"},
    {"new_table", G_LOAD, "new_table{ name = {...} }", "a table from Lua lists",
     "new_table{ name = { values }, ... }",
     "A table from Lua lists, one per column (nil leaves a value missing), typed as "
     "load_csv "
     "types a file. Every column has as many rows as its largest index, or its n if it "
     "has one "
     "({ 1, 2, nil, n = 3 } ends with a missing value); columns of different lengths "
     "are an "
     "error. A list of pairs { { \"name\", { values } }, ... } keeps the columns' "
     "order.",
     "print(new_table{ force = { \"Essex\", \"Kent\" }, officers = { 3746, 4000 } })"},
    {"table:names", G_LOAD, "t:names()", "the column names", "t:names()",
     "The column names, in order, as a Lua list.",
     "print(table.concat(example():names(), \", \"))"},
    {"table:schema", G_LOAD, "t:schema()", "each column's type and missing count",
     "t:schema()",
     "One row per column: its name, type and how many values are missing.",
     "print(example():schema())"},
    {"table:summary", G_LOAD, "t:summary()",
     "each column: missing, distinct, min, max...", "t:summary()",
     "One row per column: type, values present, missing, distinct, min, max, mean and "
     "the "
     "most common values.",
     "print(example():summary())"},
    {"table:provenance", G_LOAD, "t:provenance()",
     "where the table came from, step by step", "t:provenance()",
     "Where the table came from: source file, size, modification time, load options "
     "and "
     "every step since.",
     "print(example():where(\"year >= 2022\"):freq(\"force\"):provenance())"},
    {"table:rejects", G_LOAD, "t:rejects()", "rows the loader set aside", "t:rejects()",
     "The rows load_csv set aside (on_ragged = \"skip\" or \"pad\"): line, fields, "
     "text.",
     "print(#example():rejects())"},
    {"table:markers", G_LOAD, "t:markers([column])", "cells a sheet withheld, and why",
     "t:markers([column])",
     "The cells of a loaded sheet that held a marker instead of a number ([c] "
     "confidential, [x] not available, .., ...) or a number with a flag ([p] "
     "provisional, [e] estimated, [r] revised): row, column, cell, marker, meaning, "
     "value. With a column name, that column's only.",
     "t = load_sheet(ov.datadir .. \"/complaints_table.ods\", \"Table_1\")\n"
     "print(t:markers())"},
    {"table:shown", G_LOAD, "t:shown()", "the texts a sheet displayed", "t:shown()",
     "The texts a loaded sheet displayed, one column per column: \"5,516.65\" where "
     "the "
     "value loaded is the 5516.6500 stored, so a published rounded figure can be "
     "checked against the stored one.",
     "t = load_sheet(ov.datadir .. \"/complaints_table.ods\", \"Table_1\")\n"
     "print(t:shown():head(2))"},
    {"table:rows", G_LOAD, "t:rows(), t[i], #t", "rows as Lua tables",
     "for i, row in t:rows() do ... end",
     "Goes through the rows as Lua tables (row.force, row.year); t[i] is row i, t[-1] "
     "the "
     "last, #t the number of rows.",
     "for i, row in example():head(2):rows() do print(i, row.complaint_id, row.force) "
     "end"},
    {"table:col", G_LOAD, "t:col(name)", "one column: c[i], c:sum(), c:unique()...",
     "t:col(name)",
     "One column, for its values and summaries: c[i], #c, c:sum(), c:unique(), ...",
     "print(example():col(\"officer_age\"):mean())"},
    {"table:write", G_LOAD, "t:write(path [, opts])",
     "CSV, TSV, Markdown, JSON, Excel or SQLite, safely",
     "t:write(path [, { format =, header =, provenance = }])",
     "Writes the table to a file (CSV, TSV, Markdown or JSON, from the extension "
     ".csv .txt .tsv .md .json, or format; another extension is refused unless "
     "format is given); a temporary file is renamed into place, so a "
     "failure never harms an existing file. provenance = true adds where it came "
     "from. A .sqlite, .sqlite3 or .db path writes an SQLite database: { table = "
     "\"name\" } adds the table to it (replace = true writes over one of that "
     "name), typed INTEGER, REAL, TEXT, DATE (ISO text) or BOOLEAN, missing as "
     "NULL; a percentage gets its parts beside it (NAME_num, NAME_den). A path "
     "ending in .xlsx writes an Excel workbook: see "
     "help(\"write_xlsx\"); its one option is sheet = \"name\".",
     "local path = os.tmpname()\n"
     "example():freq(\"force\"):write(path, { format = \"markdown\", provenance = true "
     "})\n"
     "os.remove(path)"},
    {"write_xlsx", G_LOAD, "write_xlsx(path, tables)", "tables as one Excel workbook",
     "write_xlsx(path, { name = t, ... }) or write_xlsx(path, { {\"name\", t}, ... })",
     "Writes tables as sheets of one .xlsx workbook (t:write(\"x.xlsx\") writes one): "
     "{ name = t } in the byte order of the names, { {\"name\", t} } in the list's "
     "order, then a sheet Sources with each table's provenance. Text stays text "
     "(codes keep their zeros), numbers, dates and booleans are typed cells, missing "
     "values empty cells; a percentage or rate is a formula such as "
     "=ROUND(100*B2/C2,1) over its numerator and denominator columns (added as "
     "\"pct num\" and \"pct den\" when the table has none) with oversight's "
     "figure cached. The header row is bold and frozen. Sheet names: at most 31 "
     "characters, none of [ ] : * ? / \\. Written whole or not at all.",
     "local base = os.tmpname()\n"
     "local path = base .. \".xlsx\"\n"
     "local t = example()\n"
     "local by_force = t:freq(\"force\")\n"
     "write_xlsx(path, { { \"allegations\", t }, { \"by force\", by_force } })\n"
     "print(sheets(path))\n"
     "os.remove(path)\n"
     "os.remove(base)"},
    {"table:bars", G_LOAD, "t:bars([column])", "draw text bars when shown",
     "t:bars([column])",
     "The same table, drawn with text bars for a column of numbers (n, Total, or the "
     "one "
     "named) when shown.",
     "print(example():freq(\"outcome\"):bars())"},
    /* ---- choosing rows and columns ---- */
    {"table:where", G_ROWS, "t:where(condition)", "rows where the condition holds",
     "t:where(condition)",
     "The rows where the condition holds: an expression (\"year >= 2021 and force == "
     "'Essex "
     "Police'\"), a table of equalities ({ force = \"Kent Police\" }), or a Lua "
     "function "
     "of the row (slow).",
     "t = example()\nprint(t:where(\"force == 'Essex Police' and year >= 2021\"))"},
    {"table:select", G_ROWS, "t:select(name, ...)", "only these columns",
     "t:select(name, ...)", "Only these columns, in this order.",
     "print(example():select(\"complaint_id\", \"outcome\"))"},
    {"table:drop", G_ROWS, "t:drop(name, ...)", "all but these columns",
     "t:drop(name, ...)", "Every column but these.",
     "print(example():drop(\"summary\"))"},
    {"table:rename", G_ROWS, "t:rename{ old = \"new\" }", "new column names",
     "t:rename{ old = \"new\", ... }", "The same table with new names.",
     "print(example():rename{ force = \"police_force\" }:names()[2])"},
    {"table:sort", G_ROWS, "t:sort(key, \"-key\", ...)", "sorted; '-' for descending",
     "t:sort(key, ...)",
     "Sorted by each key in turn; \"-key\" sorts descending. Stable; missing values "
     "last.",
     "print(example():sort(\"-officer_age\", \"complaint_id\"):head(3))"},
    {"table:head", G_ROWS, "t:head([n])", "the first n rows", "t:head([n])",
     "The first n rows (10 if not given).", "print(example():head(3))"},
    {"table:tail", G_ROWS, "t:tail([n])", "the last n rows", "t:tail([n])",
     "The last n rows (10 if not given).", "print(example():tail(3))"},
    {"table:sample", G_ROWS, "t:sample(n [, seed])", "n rows at random, repeatably",
     "t:sample(n [, seed])",
     "n rows at random, without repeats, in table order; the same seed gives the same "
     "rows.",
     "print(example():sample(3, 42))"},
    {"table:distinct", G_ROWS, "t:distinct([name, ...])",
     "the first row of each distinct value", "t:distinct([name, ...])",
     "The first row of each distinct value of the columns named (or of whole rows).",
     "print(example():distinct(\"force\"))"},
    {"table:mutate", G_ROWS, "t:mutate{ name = \"expr\" }",
     "new columns from expressions",
     "t:mutate({ name = \"expression\", ... } [, { order_by = ... }])",
     "The table with new or replaced columns computed by expressions. A list of pairs "
     "{{ "
     "\"a\", \"...\" }, ...} keeps their order. Window functions (lag, lead, "
     "row_number, rank, dense_rank, cumsum, share, change) run over the whole table "
     "in the order of order_by; over groups with t:group_by(...):mutate "
     "(help(\"grouped:mutate\")).",
     "print(example():mutate{ decade = \"round(year / 10) * 10\" }:select(\"year\", "
     "\"decade\"))"},
    {"table:recode", G_ROWS, "t:recode(col, map [, opts])",
     "group values into categories, with an audit",
     "t:recode(column, mapping [, { other = \"other\", into = \"new\", case = false, "
     "missing = \"...\", check = true }])",
     "Recodes a column's values and returns the new table and an audit table: every "
     "distinct value, what it became, by which rule, how many rows (missing values on "
     "a last row). The mapping is a table of values ({ [\"Not upheld\"] = \"no\" }), "
     "a list of Lua pattern rules tried in order, the first match winning ({ "
     "{\"^Service level\", \"service\"}, ... }), both ({ exact = {...}, pattern = "
     "{...} }: exact first), or a function(v) called once per distinct value (nil: "
     "no match). A new value of false makes it missing. Values no rule matched are "
     "kept, listed as \"unmatched (kept)\" and counted in a note, unless other = "
     "\"...\" takes them. The column is replaced where it stands (t itself never "
     "changes); into = \"name\" adds it as a new column instead. case = false "
     "compares without case. Number, date and boolean columns are recoded by their "
     "text (1, 2021-03-31, true) and give text. r:audit() gives the audit again.",
     "local r, audit = example():recode(\"outcome\", {\n"
     "    { \"^Service level\", \"service\" },\n"
     "    { \"^Referred\", \"misconduct\" },\n"
     "}, { other = \"other\", into = \"kind\" })\n"
     "print(audit)\n"
     "print(r:freq(\"kind\"))"},
    {"table:recode_check", G_ROWS, "t:recode_check(col, map)",
     "the audit of a recode, changing nothing",
     "t:recode_check(column, mapping [, opts])",
     "The audit t:recode(column, mapping, opts) would give (value, becomes, rule, "
     "n), without making the new table: to try rules before using them. Also "
     "t:recode(..., { check = true }).",
     "print(example():recode_check(\"category\", { [\"use of force\"] = \"force\" "
     "}, { case = false, other = \"other\" }))"},
    {"table:audit", G_ROWS, "t:audit()", "how t:recode made this table", "t:audit()",
     "The audit of the recode that made t (the second value t:recode returned): "
     "every distinct value, what it became, by which rule, how many rows. Only the "
     "table recode returned has one.",
     "local r = example():recode(\"force\", function(v) return v:upper() end)\n"
     "print(r:audit())"},
    /* ---- counting and summarising ---- */
    {"table:freq", G_COUNT, "t:freq(column [, opts])",
     "count each value, with percentages", "t:freq(column [, { rounding = ... }])",
     "Counts each value: n, pct, cum_pct (and valid_pct when values are missing), most "
     "frequent first. Percentages that do not add to 100.0 once rounded say so under "
     "the table; rounding = \"largest_remainder\" prints them to add to exactly 100.0 "
     "for publication (the exact values are kept; the moved ones are listed).",
     "print(example():freq(\"outcome\", { rounding = \"largest_remainder\" }))"},
    {"table:crosstab", G_COUNT, "t:crosstab(a, b [, opts])",
     "count pairs (or sum a value), with margins",
     "t:crosstab(rows, columns [, { pct = \"row\", counts = true, rounding = ..., "
     "value = \"col\", agg = \"sum\" }])",
     "Counts every pair of values with Total margins; pct = \"row\", \"col\" or "
     "\"total\" gives percentages (counts = true shows each one's count beside it: "
     "\"16.7 (1)\"; the values stay percentages), and rounding = \"largest_remainder\" "
     "makes each "
     "row (or column) of them print to exactly 100.0. Percentages on fewer than 10 "
     "cases are flagged (ov.display{ small = }). With value = \"fte\" and agg = "
     "\"sum\", \"mean\", \"min\", \"max\", \"count\" (values present) or "
     "\"count_distinct\", each cell aggregates that column instead, and each Total "
     "aggregates all the rows of its row or column (the mean of the rows, not of the "
     "cells); an empty cell is missing, or 0 for the counts. pct is for counts of "
     "rows only.",
     "print(example():crosstab(\"force\", \"year\"))\n"
     "print(example():crosstab(\"force\", \"outcome\", { pct = \"row\" }))\n"
     "print(example():crosstab(\"force\", \"year\", { pct = \"row\", counts = true "
     "}))\n"
     "print(example():crosstab(\"force\", \"year\", { value = \"officer_age\", "
     "agg = \"mean\" }))"},
    {"table:longer", G_ROWS, "t:longer{ cols = {...} }",
     "year columns stacked into rows",
     "t:longer{ cols = {\"2019\", \"2020\"} | pattern = \"^20%d%d$\", names_to = "
     "\"name\", values_to = \"value\", drop_missing = false }",
     "A wide table made long: the columns named in cols, or whose names match the Lua "
     "pattern, are stacked into two columns, names_to (the column's name, as text, as "
     "tidyr keeps it: turn years into numbers with mutate{ year = \"number(year)\" } "
     "if you need them) and values_to (its value); the other columns repeat. Rows "
     "come in the table's order, then the columns' order. The stacked columns must "
     "share a type (whole numbers with decimals give decimals). Missing values are "
     "kept unless drop_missing = true. The opposite of wider.",
     "local w = example():crosstab(\"force\", \"year\"):where(\"force ~= 'Total'\")\n"
     "print(w:drop(\"Total\"):longer{ pattern = \"^%d+$\", names_to = \"year\", "
     "values_to = \"n\" })"},
    {"table:wider", G_ROWS, "t:wider{ names_from = ... }",
     "one column per value of a column",
     "t:wider{ names_from = \"year\", values_from = \"n\" [, id_cols = {...}] [, agg "
     "= \"sum\"] }",
     "A long table made wide: one row per distinct combination of id_cols (every other "
     "column if not given), in order of first appearance, and one column per value of "
     "names_from (in order of first appearance; a missing one is the column "
     "\"(missing)\") holding values_from; a cell no row falls in is missing. When two "
     "rows fall in one cell it refuses, naming them, unless agg says how to combine "
     "them: \"sum\", \"mean\", \"min\", \"max\", \"count\", \"count_distinct\" "
     "or \"first\". The opposite of longer.",
     "local n = example():group_by(\"force\", \"year\"):agg{ n = \"count()\" }\n"
     "print(n:wider{ names_from = \"year\", values_from = \"n\" })\n"
     "print(example():wider{ names_from = \"year\", values_from = \"officer_age\", "
     "id_cols = {\"force\"}, agg = \"max\" })"},
    {"suppress", G_COUNT, "suppress(t [, opts])",
     "a copy fit to publish: small counts hidden",
     "suppress(t [, { below = 10, cols = {...}, marker = \"[c]\", secondary = true, "
     "zeros = false }])",
     "A copy of a table fit to publish, and the audit of what was hidden (a second "
     "table: row, label, column, value, reason). Counts from 1 to below - 1 show the "
     "marker (primary); while a printed total (a row, a column, a Total margin) would "
     "give one hidden count back by subtraction, the next smallest count of that sum "
     "is "
     "hidden too (secondary). Percentages resting on a hidden count are hidden with "
     "it. "
     "t:markers() on the copy lists every hidden cell and why. cols names the count "
     "columns (default: freq's n, crosstab cells, count()); zeros = true hides zeros.",
     "local pub, audit = suppress(example():crosstab(\"force\", \"year\"), { below = 2 "
     "})\n"
     "print(pub)\n"
     "print(audit)"},
    {"table:suppress", G_COUNT, "t:suppress([opts])", "suppress(t, opts) as a method",
     "t:suppress([{ below = 10, ... }])",
     "suppress(t, opts) as a method: see help(\"suppress\").",
     "local pub = example():freq(\"outcome\"):suppress{ below = 2 }\n"
     "print(pub:markers())"},
    {"table:chisq", G_COUNT, "t:chisq(a, b)", "is b independent of a? chi-square",
     "t:chisq(rows, columns) or t:crosstab(a, b):chisq()",
     "Pearson's chi-square test of two columns (no continuity correction, as R's "
     "chisq.test(correct = FALSE)): fields statistic, df, p, n, dropped (rows left out "
     "for a missing value in either column), expected and residuals (standardised, as "
     "tables shaped like the crosstab), warning when expected counts are under 5, and "
     "fisher_p (Fisher's exact test, two-sided) for a 2x2 table. Prints a one-line "
     "summary. See docs/comparing.md.",
     "local r = example():chisq(\"force\", \"outcome\")\n"
     "print(r)\n"
     "print(r.residuals)"},
    {"table:group_by", G_COUNT, "t:group_by(...):agg{...}",
     "one row per group, with aggregates",
     "t:group_by(name, ...):agg{ name = \"aggregate\", ... }",
     "Groups rows by the columns' values; agg gives one row per group. Aggregates: "
     "count() "
     "count_distinct(x) sum mean median min max pct(condition) share(x), and "
     "rate(x, n, per) of aggregates (help(\"expr:rate\")). A cell of a percentage "
     "or rate column is a figure: explain(g[1].referred).",
     "print(example():group_by(\"force\"):agg{\n"
     "  allegations = \"count()\",\n"
     "  referred = \"pct(outcome == 'Referred to misconduct proceedings')\",\n"
     "})"},
    {"grouped:agg", G_COUNT, "g:agg{...}", "aggregates per group",
     "t:group_by(...):agg{ name = \"aggregate\", ... }",
     "One row per group, with the aggregates (see help(\"group_by\")).",
     "print(example():group_by(\"year\"):agg{ n = \"count()\" })"},
    {"grouped:mutate", G_COUNT, "g:mutate({...} [, opts])",
     "window functions within each group",
     "t:group_by(name, ...):mutate({ name = \"expression\", ... } [, { order_by = "
     "\"year\" }])",
     "New columns computed within each group, over its rows in the order of order_by "
     "(a column or a list; \"-year\" descending; ties keep the table's order). Rows "
     "stay where they were. Window functions: lag(x [, k [, default]]), lead, "
     "row_number(), rank() and dense_rank() (by the order), rank(x) (by x, smallest "
     "first; rank(-x) largest first), cumsum(x), share(x) (a percentage of the "
     "group's total), change(x) (the percentage change on the row before), alone or "
     "inside an expression (\"n - lag(n)\"). See docs/queries.md.",
     "t = new_table{ force = { \"A\", \"A\", \"A\", \"B\", \"B\" },\n"
     "  year = { 2022, 2021, 2023, 2021, 2022 }, n = { 50, 40, 50, 12, 9 } }\n"
     "print(t:group_by(\"force\"):mutate({ prev = \"lag(n)\", diff = \"n - lag(n)\",\n"
     "  change = \"change(n)\" }, { order_by = \"year\" }))"},
    {"expr:lag", G_COUNT, "\"lag(x [, k [, default]])\"", "the value k rows before",
     "mutate({ prev = \"lag(x [, k [, default]])\" }, { order_by = ... })",
     "x on the row k rows (1 unless given) before, within the group in the order of "
     "order_by; missing (or default, of x's type) where there is none.",
     "t = new_table{ force = { \"A\", \"A\", \"A\", \"B\", \"B\" },\n"
     "  year = { 2022, 2021, 2023, 2021, 2022 }, n = { 50, 40, 50, 12, 9 } }\n"
     "print(t:group_by(\"force\"):mutate({ prev = \"lag(n)\", two = \"lag(n, 2, 0)\" "
     "},\n"
     "  { order_by = \"year\" }))"},
    {"expr:lead", G_COUNT, "\"lead(x [, k [, default]])\"", "the value k rows after",
     "mutate({ next = \"lead(x [, k [, default]])\" }, { order_by = ... })",
     "x on the row k rows (1 unless given) after, within the group in the order of "
     "order_by; missing (or default) where there is none.",
     "t = new_table{ force = { \"A\", \"A\", \"A\", \"B\", \"B\" },\n"
     "  year = { 2022, 2021, 2023, 2021, 2022 }, n = { 50, 40, 50, 12, 9 } }\n"
     "print(t:group_by(\"force\"):mutate({ next = \"lead(year)\" }, { order_by = "
     "\"year\" }))"},
    {"expr:row_number", G_COUNT, "\"row_number()\"", "1, 2, 3, ... within the group",
     "mutate({ i = \"row_number()\" }, { order_by = ... })",
     "The row's place in its group, in the order of order_by (ties in the table's "
     "order).",
     "t = new_table{ force = { \"A\", \"A\", \"A\", \"B\", \"B\" },\n"
     "  year = { 2022, 2021, 2023, 2021, 2022 }, n = { 50, 40, 50, 12, 9 } }\n"
     "print(t:group_by(\"force\"):mutate({ i = \"row_number()\" }, { order_by = "
     "\"-year\" }))"},
    {"expr:rank", G_COUNT, "\"rank([x])\"", "rank within the group, ties shared",
     "mutate({ r = \"rank()\" }, { order_by = \"-n\" }); mutate{ r = \"rank(x)\" }",
     "rank() ranks by order_by, rank(x) by x (smallest first; rank(-x) largest "
     "first). Ties share the lowest rank and the next rank skips (1, 1, 3); missing "
     "values rank last.",
     "t = new_table{ force = { \"A\", \"A\", \"A\", \"B\", \"B\" },\n"
     "  year = { 2022, 2021, 2023, 2021, 2022 }, n = { 50, 40, 50, 12, 9 } }\n"
     "print(t:group_by(\"force\"):mutate{ r = \"rank(-n)\" })"},
    {"expr:dense_rank", G_COUNT, "\"dense_rank([x])\"", "rank with no gaps after ties",
     "mutate({ r = \"dense_rank()\" }, { order_by = ... }); mutate{ r = "
     "\"dense_rank(x)\" }",
     "As rank, but the rank after a tie is the next number (1, 1, 2).",
     "t = new_table{ force = { \"A\", \"A\", \"A\", \"B\", \"B\" },\n"
     "  year = { 2022, 2021, 2023, 2021, 2022 }, n = { 50, 40, 50, 12, 9 } }\n"
     "print(t:mutate{ r = \"dense_rank(-n)\", r2 = \"rank(-n)\" })"},
    {"expr:cumsum", G_COUNT, "\"cumsum(x)\"", "the running total within the group",
     "mutate({ total = \"cumsum(x)\" }, { order_by = ... })",
     "The total of x over the group's rows so far, in the order of order_by, one row "
     "at a time (ties too). Missing values are skipped, as SQL's SUM() OVER; missing "
     "until the group's first value.",
     "t = new_table{ force = { \"A\", \"A\", \"A\", \"B\", \"B\" },\n"
     "  year = { 2022, 2021, 2023, 2021, 2022 }, n = { 50, 40, 50, 12, 9 } }\n"
     "print(t:mutate({ total = \"cumsum(n)\" }, { order_by = \"year\" }))"},
    {"expr:share", G_COUNT, "\"share(x)\"", "x as a percentage of the group",
     "t:group_by(...):mutate{ s = \"share(x)\" }",
     "100 x x / the total of x in the group (missing values left out of the total). "
     "Each cell is a percentage figure that keeps its part and whole (explain shows "
     "it); a total of 0 gives missing values. In agg{}, share(x) is the group's "
     "share of the whole table.",
     "t = new_table{ force = { \"A\", \"A\", \"A\", \"B\", \"B\" },\n"
     "  year = { 2022, 2021, 2023, 2021, 2022 }, n = { 50, 40, 50, 12, 9 } }\n"
     "g = t:group_by(\"year\"):mutate{ s = \"share(n)\" }\n"
     "print(g)\nexplain(g[1].s)"},
    {"expr:change", G_COUNT, "\"change(x)\"", "percentage change on the row before",
     "mutate({ c = \"change(x)\" }, { order_by = ... })",
     "100 x (x - the x before) / the x before, within the group in the order of "
     "order_by: the figure change(old, new) gives, which explain shows. Missing on a "
     "group's first row, next to a missing value, and from 0.",
     "t = new_table{ force = { \"A\", \"A\", \"A\", \"B\", \"B\" },\n"
     "  year = { 2022, 2021, 2023, 2021, 2022 }, n = { 50, 40, 50, 12, 9 } }\n"
     "g = t:group_by(\"force\"):mutate({ c = \"change(n)\" }, { order_by = \"year\" "
     "})\n"
     "print(g)\nexplain(g[1].c)"},
    {"table:agg", G_COUNT, "t:agg{...}", "aggregates over the whole table",
     "t:agg{ name = \"aggregate\", ... }",
     "The aggregates over the whole table, as one row.",
     "print(example():agg{ n = \"count()\", mean_age = \"mean(officer_age)\" })"},
    {"expr:rate", G_COUNT, "\"rate(x, n [, per])\"", "rates in mutate{} and agg{}",
     "mutate{ r = \"rate(part, whole [, per])\" }; agg{ r = \"rate(count(), "
     "sum(officers), 1000)\" }",
     "per x part / whole (per 1,000 unless given), row by row in mutate{} or of "
     "aggregates in agg{}. The column keeps each row's part and whole: it prints one "
     "decimal, rounded half away from zero, and each cell is a rate figure that "
     "explain() shows. A whole of 0 (or missing) gives a missing value.",
     "g = example():group_by(\"force\"):agg{ n = \"count()\",\n"
     "  per_1000 = \"rate(count(), sum(officer_age), 1000)\" }\n"
     "print(g)\nexplain(g[1].per_1000)"},
    {"expr:pct", G_COUNT, "\"pct(part, whole)\"", "percentages row by row",
     "mutate{ p = \"pct(part, whole)\" }; agg{ p = \"pct(condition)\" }",
     "100 x part / whole row by row in mutate{} (or of aggregates in agg{}: "
     "pct(sum(x), count())); pct(condition) is the aggregate. The column keeps each "
     "row's part and whole, and each cell is a figure. A whole of 0 gives a missing "
     "value.",
     "g = example():group_by(\"force\"):agg{ n = \"count()\", aged = \"sum(officer_age "
     ">= 40)\" }\n"
     "g = g:mutate{ p = \"pct(aged, n)\" }\nprint(g)\nexplain(g[1].p)"},
    {"expr:if", G_ROWS, "\"if(cond, a, b)\"", "a value chosen by a condition",
     "mutate{ x = \"if(condition, value, else value)\" }",
     "The value a where the condition is true, else b, row by row in mutate{} and "
     "where(), or of "
     "aggregates in agg{} (\"if(count() >= 10, pct(...), nil)\"). A missing condition "
     "is not true: the row gets b, as in SQL's CASE. a and b are of one type: whole "
     "numbers and decimals make decimals, nil goes with anything; text with a number "
     "is refused (number(x) reads text as a number). Only the branch a row takes is "
     "worked out for it, so x / y where y is 0 in rows the other branch takes costs "
     "nothing. See help(\"case\").",
     "t = example()\n"
     "print(t:mutate{ age_band = \"if(officer_age >= 40, '40+', 'under 40')\" }"
     ":freq(\"age_band\"))"},
    {"expr:case", G_ROWS, "\"case when c then v ... end\"",
     "the first branch whose condition holds",
     "case when c1 then v1 [when c2 then v2 ...] [else v] end, or case x when 'a' "
     "then v1 ... end",
     "The value of the first branch whose condition is true, else the else value, "
     "or nil without else; a missing condition is not true. case x when 'a' then ... "
     "compares x == 'a' in each branch. Written in lower case, as and/or/not. The "
     "values are of one type, as in if(); each condition and value is worked out only "
     "for the rows that reach it.",
     "t = example()\n"
     "print(t:mutate{ band = \"case when officer_age is nil then 'unknown' when \"\n"
     "  .. \"officer_age < 30 then 'under 30' when officer_age < 45 then '30-44' \"\n"
     "  .. \"else '45+' end\" }:freq(\"band\"))"},
    {"expr:coalesce", G_ROWS, "\"coalesce(x, y, ...)\"",
     "the first value that is not missing", "mutate{ x = \"coalesce(x, y, ...)\" }",
     "Row by row, the first of its values that is not missing (missing if all are). "
     "The values are of one type, as in if(): whole numbers and decimals make "
     "decimals, nil goes with anything, text with a number is refused with a way to "
     "convert.",
     "t = example()\n"
     "print(t:mutate{ age = \"coalesce(officer_age, 0)\" }:select(\"officer_age\", "
     "\"age\"))"},
    {"expr:ci_lo", G_COUNT, "\"ci_lo(fig [, level])\"",
     "interval columns in agg{} and mutate{}",
     "agg{ lo = \"ci_lo(pct(...))\", hi = \"ci_hi(pct(...))\" }",
     "The lower (ci_lo) and upper (ci_hi) ends of a figure's confidence interval, "
     "level 0.95 unless given, in the figure's own unit, by each kind's default "
     "method as ci() gives it: Wilson for a percentage; for a rate exact Poisson "
     "below 10 events, Byar from 10. See docs/uncertainty.md.",
     "g = example():group_by(\"force\"):agg{ n = \"count()\",\n"
     "  p = \"pct(outcome == 'Referred to misconduct proceedings')\",\n"
     "  lo = \"ci_lo(pct(outcome == 'Referred to misconduct proceedings'))\",\n"
     "  hi = \"ci_hi(pct(outcome == 'Referred to misconduct proceedings'))\" }\n"
     "print(g:select(\"force\", \"n\", \"p\", \"lo\", \"hi\"))"},
    {"expr:ci_hi", G_COUNT, "\"ci_hi(fig [, level])\"", "the upper end, as ci_lo",
     "mutate{ hi = \"ci_hi(rate(part, whole, per) [, level])\" }",
     "The upper end of a figure's confidence interval: see help(\"ci_lo\").",
     "r = new_table{ force = { \"A\", \"B\" }, complaints = { 9, 40 },\n"
     "  officers = { 2100, 5200 } }\n"
     "print(r:mutate{ per_1000 = \"rate(complaints, officers, 1000)\",\n"
     "  hi998 = \"ci_hi(rate(complaints, officers, 1000), 0.998)\" })"},
    {"table:join", G_COUNT, "t:join(other, key [, opts])",
     "match rows of two tables on a key", "t:join(other, key [, { how = \"left\" }])",
     "Rows of t with the matching rows of other (a hash join on one key or a list of "
     "keys); "
     "how = \"left\" keeps rows without a match. Reports keys matched more than once.",
     "t = example()\n"
     "sizes = t:group_by(\"force\"):agg{ force_allegations = \"count()\" }\n"
     "print(t:join(sizes, \"force\"):select(\"complaint_id\", \"force_allegations\"))"},
    /* ---- columns ---- */
    {"column:name", G_COL, "c:name()", "the column's name", "c:name()",
     "The column's name.", "print(example():col(\"force\"):name())"},
    {"column:type", G_COL, "c:type()", "int, float, string, bool or date", "c:type()",
     "int, float, string, bool or date.", "print(example():col(\"received\"):type())"},
    {"column:unique", G_COL, "c:unique()", "the distinct values, as a list",
     "c:unique()",
     "The distinct values present, in order of first appearance, as a Lua list.",
     "print(table.concat(example():col(\"force\"):unique(), \", \"))"},
    {"column:count", G_COL, "c:count()", "rows with a value", "c:count()",
     "How many rows have a value.", "print(example():col(\"officer_age\"):count())"},
    {"column:missing", G_COL, "c:missing()", "rows without a value", "c:missing()",
     "How many rows have no value.", "print(example():col(\"officer_age\"):missing())"},
    {"column:count_distinct", G_COL, "c:count_distinct()", "how many distinct values",
     "c:count_distinct()", "How many distinct values (missing not counted).",
     "print(example():col(\"complaint_id\"):count_distinct())"},
    {"column:sum", G_COL, "c:sum()", "the sum", "c:sum()",
     "The sum of the values present.", "print(example():col(\"officer_age\"):sum())"},
    {"column:mean", G_COL, "c:mean()", "the mean", "c:mean()",
     "The mean of the values present.", "print(example():col(\"officer_age\"):mean())"},
    {"column:median", G_COL, "c:median()", "the median", "c:median()",
     "The median of the values present (the mean of the middle two when even).",
     "print(example():col(\"officer_age\"):median())"},
    {"column:min", G_COL, "c:min()", "the smallest value", "c:min()",
     "The smallest value (numbers, dates or text).",
     "print(example():col(\"received\"):min())"},
    {"column:max", G_COL, "c:max()", "the largest value", "c:max()",
     "The largest value (numbers, dates or text).",
     "print(example():col(\"received\"):max())"},
    {"column:values", G_COL, "c:values(), c[i], #c", "go through the values",
     "for i, v in c:values() do ... end",
     "Goes through every row's value (nil where missing); pairs(c) does the same; c[i] "
     "is "
     "row i.",
     "for i, v in example():col(\"officer_age\"):values() do io.write(tostring(v), \" "
     "\") "
     "end print()"},
    {"column:totable", G_COL, "c:totable()", "the values as a Lua list", "c:totable()",
     "Every value as a Lua list (missing values leave holes).",
     "print(#example():col(\"year\"):totable())"},
    {"column:freq", G_COL, "c:freq()", "count each value", "c:freq()",
     "The same as t:freq(name) for this column.",
     "print(example():col(\"force\"):freq())"},
    /* ---- figures and claims ---- */
    {"pct", G_FIG, "pct(part, whole)", "a percentage that keeps its arithmetic",
     "pct(part, whole)",
     "A percentage that keeps its part and whole: prints rounded half away from zero "
     "to 1 "
     "decimal, compares and does arithmetic as the exact value. A cell of a "
     "percentage column (freq, pct() in agg) is one too; x == 5 is false for any "
     "figure: compare x.value == 5.",
     "x = pct(7, 3787)\nprint(x, x.part, x.whole, x < 1)"},
    {"rate", G_FIG, "rate(part, whole [, per])", "a rate per 1,000 (or per...)",
     "rate(part, whole [, per])",
     "A rate per 1,000 (or per `per`): 1,778 complaints for 3,400 officers.",
     "print(rate(1778, 3400, 1000))"},
    {"change", G_FIG, "change(old, new)", "a percentage change", "change(old, new)",
     "The percentage change from old to new.", "print(change(67732, 75020))"},
    {"pp", G_FIG, "pp(x, y)", "a difference in percentage points", "pp(x, y)",
     "The difference between two percentages in percentage points (not a percentage "
     "change).",
     "print(pp(92, 91), pp(pct(9, 10), pct(4, 5)))"},
    {"funnel", G_FIG, "funnel(t, opts)", "funnel-plot limits: outlier or noise?",
     "funnel(t, { part = COL, whole = COL, label = COL [, target = pct] [, level = { "
     "0.95, 0.998 }] })",
     "Each unit's value (percent), the target (the pooled percentage unless given), "
     "the 95% and 99.8% limits at its denominator (normal approximation; exact "
     "binomial where whole x target or whole x (1 - target) is under 5: column "
     "method), "
     "its z-score and flags above/below/within. The second value is the summary: "
     "target, phi (mean z^2, overdispersion), outside95, outside998 and the counts "
     "after widening the limits by sqrt(phi), outside95_adjusted and "
     "outside998_adjusted. See docs/comparing.md.",
     "local t = new_table{ force = { \"A\", \"B\", \"C\" }, cases = { 4, 30, 9 },\n"
     "  officers = { 900, 5200, 2100 } }\n"
     "local f, s = funnel(t, { part = \"cases\", whole = \"officers\", label = "
     "\"force\" })\n"
     "print(f:select(\"label\", \"value\", \"lo95\", \"hi95\", \"flag95\"))\n"
     "print(s)"},
    {"chart", G_FIG, "chart(t [, opts])", "a bar, line or funnel chart",
     "chart(t [, { kind = \"bar\"|\"stacked\"|\"grouped\"|\"line\"|\"funnel\", x = "
     "COL, "
     "y = COL, by = COL, title = TEXT, xlabel = TEXT, ylabel = TEXT, file = "
     "\"x.svg\"|\"x.png\"|\"x.pdf\", width = N, height = N, text = true, ascii = true "
     "}])",
     "Draws t in the terminal (eighth blocks for bars, braille for lines; ASCII when "
     "the locale is not UTF-8 or ascii = true), fitted to its width, or into an SVG, "
     "PNG or PDF file (1280 x 720 pixels unless width/height say), written whole or "
     "not at all. Bars start from zero in the table's order; missing values are gaps, "
     "never zeros; figures print as the table's do (separators, %). kind defaults to "
     "funnel for a funnel() result, else bar; x to the first text column; y to n, else "
     "the first number column. stacked and grouped draw a crosstab; line draws y over "
     "x, one line per value of by. More than 60 bars: the first 60 and a note. text = "
     "true returns the data as text (the text alternative). The caption gives the "
     "source and period from t:provenance(). .chart draws the last table shown. See "
     "docs/charts.md.",
     "local f = example():freq(\"outcome\")\n"
     "chart(f, { width = 60 })\n"
     "print(chart(f, { y = \"pct\", width = 60, ascii = true, text = true }))"},
    {"table:chart", G_FIG, "t:chart([opts])", "the table as a chart: chart(t, opts)",
     "t:chart([opts])", "The same as chart(t, opts).",
     "local t = example()\n"
     "t:crosstab(\"force\", \"outcome\"):chart{ kind = \"stacked\", width = 70 }\n"
     "t:group_by(\"year\"):agg{ n = \"count()\" }:chart{ kind = \"line\", width = 50, "
     "height = 10 }"},
    {"explain", G_FIG, "explain(figure [, opts])", "the arithmetic, step by step",
     "explain(figure [, { ci = true }])",
     "Prints the arithmetic of a figure step by step, with the rounding, for a "
     "classroom. With { ci = true } (or ci = { level = 0.998, method = \"exact\" }) "
     "the confidence interval too: which method and why, the numbers put in, the "
     "quantile used and the ends rounded as the figure.",
     "explain(pct(7, 3787))\nexplain(pct(7, 3787), { ci = true })"},
    {"check", G_FIG, "check(claim, part, whole)", "is a published figure consistent?",
     "check(claim, part, whole [, { among = { ... } }])",
     "Is a published figure (\"0.2%\", \"fewer than one per cent\", \"nearly two "
     "thirds\", "
     "\"an 11% increase\") consistent with the data? Says under which rounding, what "
     "range "
     "the words stand for, and which wholes would fit. Give change(old, new) or "
     "rate(...) "
     "for those; nil for an unknown part. Numbers are read only when certain "
     "(\"10,5%\" as "
     "a decimal comma, \"1 000\" as thousands; \"5e2%\" or \"1 in 0\" refused): the "
     "verdict's field reading says how the words were read.",
     "print(check(\"0.2 per cent\", 7, 3787))\n"
     "print(check(\"an 11% increase\", change(67732, 75020)).consistent)"},
    {"ci", G_FIG, "ci(figure [, opts])", "a figure's confidence interval: lo, hi",
     "ci(figure [, { level = 0.95, method = ... }])",
     "The confidence interval of a pct or rate figure, as two numbers lo, hi in the "
     "figure's unit (percent, or per 1,000). A percentage's methods: \"wilson\" (the "
     "default: Wilson score) and \"exact\" (Clopper-Pearson); a rate's: \"exact\" "
     "(Poisson; the default below 10 events) and \"byar\" (the default from 10). Any "
     "level above 0 and below 1 (0.998 for funnel limits). explain(x, { ci = true }) "
     "shows the arithmetic. docs/uncertainty.md has more.",
     "lo, hi = ci(pct(7, 3787))\n"
     "print(string.format(\"%.2f%% to %.2f%%\", lo, hi))\n"
     "print(ci(rate(7, 3746, 1000), { level = 0.998 }))"},
    {"ratio", G_FIG, "ratio(a, b [, opts])",
     "a disparity ratio a ÷ b, with its interval", "ratio(a, b [, { level = 0.95 }])",
     "The ratio of two percentages or two rates (a disparity ratio) with its interval "
     "by the log method (Katz). Prints as \"ratio 2.88 (95% CI 1.05 to 7.90)\"; its "
     "fields are ratio, lo, hi, level, method and se (of the log of the ratio). A "
     "count of 0 is refused: the ratio is then 0 or infinite and has no log interval.",
     "r = ratio(pct(12, 100), pct(5, 120))\n"
     "print(r, r.lo < 1)"},
    {"figure:round", G_FIG, "x:round([places])", "the value rounded, as a number",
     "x:round([places])",
     "The figure's value rounded half away from zero, as a number.",
     "print(pct(1, 16):round(1), pct(1, 16):round(2))"},
    {"figure:format", G_FIG, "x:format([places])", "the figure as text",
     "x:format([places])", "The figure as text with that many decimals.",
     "print(pct(7, 3787):format(2))"},
    {"figure:ci", G_FIG, "x:ci([opts])", "the same as ci(x)", "x:ci([opts])",
     "The same as ci(x, opts): the interval lo, hi.",
     "print(pct(7, 3787):ci{ level = 0.998, method = \"exact\" })"},
    {"figure:explain", G_FIG, "x:explain()", "the same as explain(x)", "x:explain()",
     "The same as explain(x).", "pct(1, 8):explain()"},
    /* ---- bundled data ---- */
    {"datasets", G_DATA, "datasets()", "the published figures that come with oversight",
     "datasets()",
     "The bundled datasets of published figures: name, title, period, publisher, rows.",
     "print(datasets())"},
    {"dataset", G_DATA, "dataset(name)", "one of them, with its sources",
     "dataset(name)",
     "Loads a bundled dataset; its provenance gives the title, publisher, period, "
     "licence and "
     "the URL of every source its rows cite.",
     "t = dataset(\"national_complaints\")\n"
     "print(t:where(\"measure == 'complaint_cases_logged'\"):select(\"year\", "
     "\"value\"))"},
    {"define", G_DATA, "define([term])", "the glossary: what a term means",
     "define([term])",
     "Prints the glossary entry for a term (allegation, Schedule 3, conduct matter, "
     "...); "
     "define() lists the terms.",
     "define(\"allegation\")"},
    {"force_name", G_DATA, "force_name(text)", "a police force's one short name",
     "force_name(text)",
     "The short name of the police force a text names (\"Avon and Somerset\" for "
     "\"Avon & Somerset Constabulary\"), or nil when it names none. Case, spacing, "
     "punctuation, \"&\" or \"and\", a trailing Police, Constabulary or Police "
     "Service and Welsh forms do not matter. dataset(\"forces\") lists the 46 forces "
     "with ONS codes and regions, dataset(\"force_names\") every spelling known. In "
     "expressions, see help(\"expr:force_name\").",
     "print(force_name(\"Avon & Somerset Constabulary\"))\n"
     "print(force_name(\"Heddlu Gogledd Cymru\"), force_name(\"London, City of\"))\n"
     "print(force_name(\"Gotham City Police\"))"},
    {"expr:force_name", G_DATA, "\"force_name(text)\"",
     "one name per force in mutate/where", "mutate{ force = \"force_name(force)\" }",
     "force_name() in an expression: each distinct text read once as a force's short "
     "name, missing when it names none. Two files that spell forces differently join "
     "once both keys go through it; a join that leaves names unmatched says so and "
     "names the nearest, with \"use force_name()\" when it would have matched them.",
     "a = new_table{ force = { \"Avon & Somerset\", \"Dyfed Powys Police\" },\n"
     "  n = { 12, 7 } }\n"
     "b = new_table{ force = { \"Avon and Somerset Constabulary\", \"Dyfed-Powys\" },\n"
     "  officers = { 2900, 1200 } }\n"
     "print(a:mutate{ force = \"force_name(force)\" }\n"
     "  :join(b:mutate{ force = \"force_name(force)\" }, \"force\"))"},
    /* ---- the session ---- */
    {"help", G_SESSION, "help([name])", "this list, or one entry",
     "help([name or function])",
     "Lists everything by purpose, or explains one function or method.",
     "help(\"freq\")"},
    {"ov.display", G_SESSION, "ov.display{ mode =, ... }", "how tables print",
     "ov.display{ mode =, rows =, width =, maxcol =, types =, bars =, small = }",
     "How tables print: mode auto, box, plain, csv, tsv, markdown or json; rows shown "
     "before \"… N more rows\" (0: all); width: fit every table to it, narrowing long "
     "text before leaving columns out (0: a terminal's width; output that is not a "
     "terminal is never narrowed); maxcol: cut text cells at this many cells (0: "
     "never); bars on freq and "
     "crosstab results; small (10): a percentage whose whole is under it, and the "
     "count it rests on, is flagged (\"†\", \"~\" in plain text) with a footnote, and "
     "a figure at the prompt warns (0: no flags; csv never has them). ov.display() "
     "returns the settings in force.",
     "local before = ov.display()\n"
     "ov.display{ mode = \"markdown\" }\n"
     "print(example():freq(\"force\"))\n"
     "ov.display(before)"},
    {"ov.doc", G_SESSION, "ov.doc(name)", "a help entry as a table", "ov.doc(name)",
     "The help entry for a name as a table (name, group, usage, summary, example), for "
     "scripts and tools.",
     "print(ov.doc(\"pct\").usage)"},
    {"ov.now", G_SESSION, "ov.now()", "seconds on a steady clock", "ov.now()",
     "Seconds on a steady clock, for timing steps.",
     "local t0 = ov.now() example():freq(\"force\") print(ov.now() - t0 >= 0)"},
    {"ov.memory", G_SESSION, "ov.memory()", "bytes in use, and the peak", "ov.memory()",
     "Bytes held by tables and Lua now, and the most since the start.",
     "local now, peak = ov.memory() print(now <= peak)"},
};

#define NDOCS (sizeof docs / sizeof docs[0])

static const char *const group_order[] = {G_LOAD, G_ROWS, G_COUNT,  G_COL,
                                          G_FIG,  G_DATA, G_SESSION};

static void
emit(lua_State *L, const char *s)
{
    FILE *out = ov_lbind_ui(L)->out;

    fputs(s, out != NULL ? out : stdout);
}

/* the part after "table:" */
static const char *
short_name(const char *name)
{
    const char *c = strchr(name, ':');

    return c != NULL ? c + 1 : name;
}

/* adds text in lines of at most `width` bytes, each indented */
static void
wrap(luaL_Buffer *b, const char *text, int indent, int width)
{
    ov_strbuf s = OV_STRBUF_INIT;

    ov_text_wrap(&s, text, indent, width);
    luaL_addlstring(b, ov_strbuf_cstr(&s), s.len);
    ov_strbuf_free(&s);
}

static void
show_one(lua_State *L, const struct doc *d)
{
    luaL_Buffer b;
    const char *p;

    luaL_buffinit(L, &b);
    luaL_addstring(&b, d->usage);
    luaL_addchar(&b, '\n');
    wrap(&b, d->summary, 2, 78);
    luaL_addstring(&b, "  example:\n    ");
    for (p = d->example; *p != '\0'; p++) {
        luaL_addchar(&b, *p);
        if (*p == '\n')
            luaL_addstring(&b, "    ");
    }
    luaL_addchar(&b, '\n');
    luaL_pushresult(&b);
    emit(L, lua_tostring(L, -1));
    lua_pop(L, 1);
}

static void
show_all(lua_State *L)
{
    size_t g, i;
    luaL_Buffer b;

    luaL_buffinit(L, &b);
    luaL_addstring(
        &b, "oversight: tables of police complaints and misconduct, and the figures "
            "in them\n");
    for (g = 0; g < sizeof group_order / sizeof group_order[0]; g++) {
        luaL_addstring(&b, "\n");
        luaL_addstring(&b, group_order[g]);
        luaL_addstring(&b, "\n");
        for (i = 0; i < NDOCS; i++) {
            char line[160];

            if (docs[i].group != group_order[g] ||
                strcmp(docs[i].name, "grouped:agg") == 0)
                continue;
            snprintf(line, sizeof line, "  %-28s  %s\n", docs[i].list, docs[i].brief);
            luaL_addstring(&b, line);
        }
    }
    luaL_addstring(&b,
                   "\nhelp(\"where\") or help(t.where) explains one, with an example.\n"
                   ".help lists the dot-commands.\n");
    luaL_pushresult(&b);
    emit(L, lua_tostring(L, -1));
    lua_pop(L, 1);
}

/* the entries a name stands for: "t:where", "table:where", "where" */
static size_t
lookup(const char *name, const struct doc **found, size_t max)
{
    size_t i, n = 0;
    const char *want = name;

    if (strncmp(name, "t:", 2) == 0 || strncmp(name, "t.", 2) == 0)
        want = name + 2;
    for (i = 0; i < NDOCS; i++)
        if (strcmp(docs[i].name, name) == 0 && n < max)
            found[n++] = &docs[i];
    if (n > 0)
        return n;
    for (i = 0; i < NDOCS && n < max; i++)
        if (strcmp(short_name(docs[i].name), want) == 0 ||
            (strncmp(docs[i].name, "ov.", 3) == 0 &&
             strcmp(docs[i].name + 3, want) == 0))
            found[n++] = &docs[i];
    return n;
}

static int
l_help(lua_State *L)
{
    const struct doc *found[8];
    size_t n = 0, i;
    const char *name = NULL;

    if (lua_isnoneornil(L, 1)) {
        show_all(L);
        return 0;
    }
    if (lua_type(L, 1) == LUA_TSTRING) {
        name = lua_tostring(L, 1);
    } else if (lua_type(L, 1) == LUA_TFUNCTION) {
        lua_getfield(L, LUA_REGISTRYINDEX, REG_HELP);
        lua_pushvalue(L, 1);
        lua_rawget(L, -2);
        name = lua_tostring(L, -1);
        if (name == NULL)
            return luaL_error(L,
                              "help: that function is not one of oversight's (help() "
                              "lists them)");
    } else if (ov_lbind_test_table(L, 1) != NULL) {
        name = "table:rows";
    } else {
        return luaL_error(
            L, "help: give a name, as in help(\"where\"), or a function, as in "
               "help(t.where)");
    }
    n = lookup(name, found, 8);
    if (n == 0) {
        const char *names[NDOCS];
        const char *best;

        for (i = 0; i < NDOCS; i++)
            names[i] = short_name(docs[i].name);
        best = ov_suggest(name, names, NDOCS);
        if (best != NULL)
            return luaL_error(L, "help: nothing called '%s'; did you mean '%s'?", name,
                              best);
        return luaL_error(L, "help: nothing called '%s' (help() lists everything)",
                          name);
    }
    for (i = 0; i < n; i++) {
        if (i > 0)
            emit(L, "\n");
        show_one(L, found[i]);
    }
    return 0;
}

/* ov.doc(name): the entry as a table, or nil */
static int
l_doc(lua_State *L)
{
    const struct doc *found[1];

    if (lookup(luaL_checkstring(L, 1), found, 1) == 0) {
        lua_pushnil(L);
        return 1;
    }
    lua_createtable(L, 0, 5);
    lua_pushstring(L, found[0]->name);
    lua_setfield(L, -2, "name");
    lua_pushstring(L, found[0]->group);
    lua_setfield(L, -2, "group");
    lua_pushstring(L, found[0]->usage);
    lua_setfield(L, -2, "usage");
    lua_pushstring(L, found[0]->summary);
    lua_setfield(L, -2, "summary");
    lua_pushstring(L, found[0]->example);
    lua_setfield(L, -2, "example");
    return 1;
}

/* maps each function of a method table (at idx) to "kind:name" */
static void
map_methods(lua_State *L, int map, int idx, const char *kind)
{
    idx = lua_absindex(L, idx);
    lua_pushnil(L);
    while (lua_next(L, idx) != 0) {
        if (lua_type(L, -2) == LUA_TSTRING && lua_isfunction(L, -1)) {
            lua_pushfstring(L, "%s:%s", kind, lua_tostring(L, -2));
            lua_rawset(L, map); /* function -> name */
        } else {
            lua_pop(L, 1);
        }
    }
}

static void
map_metatable(lua_State *L, int map, const char *mt, const char *kind)
{
    luaL_getmetatable(L, mt);
    if (lua_getfield(L, -1, "methods") == LUA_TTABLE)
        map_methods(L, map, -1, kind);
    lua_pop(L, 2);
}

void
ov_help_open(lua_State *L)
{
    int map;
    size_t i;

    lua_pushcfunction(L, l_help);
    lua_setglobal(L, "help");
    lua_getglobal(L, "ov");
    lua_pushcfunction(L, l_doc);
    lua_setfield(L, -2, "doc");
    /* the names help() knows, for completion in help(" */
    lua_createtable(L, (int)NDOCS, 0);
    for (i = 0; i < NDOCS; i++) {
        lua_pushstring(L, short_name(docs[i].name));
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "doc_names");
    lua_pop(L, 1);
    /* functions to names, so help(t.where) works */
    lua_newtable(L);
    map = lua_gettop(L);
    map_metatable(L, map, "ov.Table", "table");
    map_metatable(L, map, "ov.Column", "column");
    map_metatable(L, map, "ov.Figure", "figure");
    for (i = 0; i < NDOCS; i++) {
        const char *name = docs[i].name;

        if (strchr(name, ':') != NULL)
            continue;
        if (strncmp(name, "ov.", 3) == 0) {
            lua_getglobal(L, "ov");
            lua_getfield(L, -1, name + 3);
            lua_remove(L, -2);
        } else {
            lua_getglobal(L, name);
        }
        if (lua_isfunction(L, -1)) {
            lua_pushstring(L, name);
            lua_rawset(L, map);
        } else {
            lua_pop(L, 1);
        }
    }
    lua_setfield(L, LUA_REGISTRYINDEX, REG_HELP);
}
