-- Messages of the query methods name the method once, and a column always
-- has a name (issue 12): no "crosstab: crosstab: ...", no unnamed column.
t = example()
function try(f, ...)
    local ok, msg = pcall(f, ...)
    print(ok and "ok" or (msg:gsub("^[^:]*:%d+: ", "")))
end
try(t.crosstab, t, "force", "force")
try(function() return t:agg{ [""] = "count()" } end)
try(function() return t:group_by("force"):agg{ { "", "count()" } } end)
try(function() return t:mutate{ [""] = "year + 1" } end)
try(function() return t:group_by("force"):agg{ sum = "sum(force)" } end)
try(function() return t:mutate{ arith = "force + 1" } end)
ids = {}
for i = 1, 1001 do ids[i] = i end
wide = new_table{ id = ids }:mutate{ one = "1" }
try(wide.crosstab, wide, "one", "id")
