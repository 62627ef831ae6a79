# SQLite in and out: a table written with its types (and a percentage's
# parts), read back by name and by query, added to an existing database,
# replaced; the errors a user meets (no such table, bad SQL, not a
# database, a taken name); the load report, with a column of mixed types
$OV -q -e '
local t = load_csv("data/complaints.csv")
t:write("out.sqlite", { table = "complaints" })
t:freq("force"):write("out.sqlite", { table = "by force" })
local u = load_sqlite("out.sqlite", "complaints")
print(u:schema())
print(#u, u[1].received, u[4].officer_age, u[1].summary)
print(load_sqlite("out.sqlite", "by force"))
print(load_sqlite("out.sqlite", [[SELECT force, count(*) AS n, max(received) AS latest
  FROM complaints GROUP BY force ORDER BY n DESC, force]]))
print((load_sqlite("out.sqlite", "complaints"):provenance():gsub("source: [^\n]*/",
  "source: .../"):gsub("in [0-9.]+ s", "in S s")))
for _, q in ipairs({ "complaint", "SELEC * FROM complaints", "by forse",
                     "SELECT * FROM complaints; DELETE FROM complaints" }) do
  print(select(2, pcall(load_sqlite, "out.sqlite", q)))
end
print(select(2, pcall(load_sqlite, "data/complaints.csv", "complaints")))
print(select(2, pcall(load_sqlite, "missing.db", "complaints")))
print(select(2, pcall(t.write, t, "out.sqlite", { table = "COMPLAINTS" })))
t:head(2):write("out.sqlite", { table = "complaints", replace = true })
print(#load_sqlite("out.sqlite", "complaints"), #load_sqlite("out.sqlite", "by force"))
print(select(2, pcall(t.write, t, "out.sqlite", { tabel = "x" })))
print(select(2, pcall(t.write, t, "out.xls")))
' 2>&1
# the load report: text and numbers in one column are loaded as text
printf 'a,b\n"x,1",2\n' >mixed.csv
$OV -q -e 'load_csv("mixed.csv"):write("mixed.db", { table = "m" })
load_sqlite("mixed.db", "SELECT a AS v FROM m UNION ALL SELECT b FROM m",
  { report = true, name = "both" })' 2>&1 | sed 's/in [0-9.]* s$/in S s/'
