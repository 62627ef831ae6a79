-- Tables, rows and columns as a researcher uses them from Lua: row access,
-- iteration, a column's summaries, schema and summary, where a table came
-- from, bars, and the other print modes.
t = load_csv("data/complaints.csv")
print(#t, t[1].complaint_id, t[-1].complaint_id, t[11])
for i, row in t:head(3):rows() do print(i, row.force, row.officer_age, row.received) end
age = t:col("officer_age")
print(#age, age[1], age[4], age:count(), age:missing(), age:sum(), age:mean(), age:median())
print(age:min(), age:max(), t:col("received"):min(), t:col("force"):max())
print(table.concat(t:col("outcome"):unique(), " | "))
print(t:col("force"):count_distinct(), t:col("year"):type(), t:col("year"):name())
print(t:schema())
print(t:select("force", "year", "officer_age"):summary())
-- the path, date and time vary from machine to machine
prov = t:where("year >= 2022"):freq("outcome"):provenance()
prov = prov:gsub("source: [^\n]*/tests/data/", "source: .../tests/data/")
prov = prov:gsub("modified: [^\n]*", "modified: (date)"):gsub("in [%d.]+ s", "in (time)")
print(prov)
print(t:freq("outcome"):bars())
ov.display{ mode = "markdown" }
print(t:crosstab("force", "year"))
ov.display{ mode = "json" }
print(t:freq("force"))
ov.display{ mode = "csv" }
print(t:head(2):select("complaint_id", "summary"))
ov.display{ mode = "auto" }
-- the message without the chunk name, which differs between the two runs
-- (global: at the prompt each line is its own chunk)
function err(f) return (select(2, pcall(f)):gsub("^[^:]*:%d+: ", "")) end
print(err(function() return t:fre("x") end))
print(err(function() return age:summ() end))
print(err(function() t.x = 1 end))
