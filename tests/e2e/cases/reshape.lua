-- Reshaping as a user sees it (issue 17): an official table of FTE by
-- force and year (one column per year) made long and back, a value
-- crosstab with its margins, what each records, and the refusals.
t = load_csv("data/fte_wide.csv")
long = t:longer{ pattern = "^20%d%d$", names_to = "year", values_to = "fte" }
print(long:head(8))
print(#long, "rows:", #t, "forces x 4 years")
-- the year is text, as tidyr keeps it; a number when asked for
print(long:mutate{ year = "number(year)" }:where("year >= 2021 and fte is nil"))
print(t:longer{ cols = {"2021", "2022"}, drop_missing = true }:select("force", "name", "value"))
-- and back: the same table
back = long:wider{ names_from = "year", values_from = "fte" }
print(back)
-- two forces in a region fall in one cell: refused, then summed
function try(f, ...)
    local ok, msg = pcall(f, ...)
    print(ok and "ok" or (msg:gsub("^[^:]*:%d+: ", "")))
end
try(long.wider, long, { names_from = "year", values_from = "fte", id_cols = {"region"} })
print(long:wider{ names_from = "year", values_from = "fte", id_cols = {"region"}, agg = "sum" })
-- the same figures as a crosstab of the value, with Totals
print(long:crosstab("region", "year", { value = "fte", agg = "sum" }))
print(long:crosstab("region", "year", { value = "fte", agg = "count" }))
print(long:crosstab("region", "year", { value = "fte", agg = "mean" }))
-- each step is in the provenance
function steps(x)
    for line in tostring(x:provenance()):gmatch("[^\n]+") do
        if line:match("^%s+%d+%.") then print(line) end
    end
end
steps(back)
steps(long:crosstab("region", "year", { value = "fte", agg = "max" }))
-- refusals
try(t.longer, t, { cols = {"region", "2019"} })
try(t.longer, t, { pattern = "^19%d%d$" })
try(t.longer, t, { cols = {"2019"}, pattern = "^20" })
try(t.longer, t, { cols = {"2019", "2020"}, names_to = "force" })
try(t.longer, t, { colls = {"2019"} })
try(long.wider, long, { names_from = "year" })
try(long.wider, long, { names_from = "year", values_from = "fte", agg = "median" })
try(long.wider, long, { names_from = "year", values_from = "fte", id_cols = {"year"} })
try(long.crosstab, long, "region", "year", { value = "fte" })
try(long.crosstab, long, "region", "year", { value = "fte", agg = "sum", pct = "row" })
try(long.crosstab, long, "region", "year", { value = "force", agg = "mean" })
try(long.crosstab, long, "region", "year", { agg = "sum" })
