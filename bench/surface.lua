-- bench/surface.lua FILE REPS - the query-surface tasks (issue 17), timed
-- inside the process after the load (best of REPS), as bench/run --task
-- surface runs them beside DuckDB (bench/duckdb_surface.mjs).
-- Prints "T<k> best_ms result_rows result_cols".
--   T5 lag within each force, ordered by date and id (a window function)
--   T6 longer: ten year columns stacked into one (10 rows per row)
--   T7 a value crosstab: sum of days_to_close by force and year
local file, reps = arg[1], tonumber(arg[2] or "5")
local t = load_csv(file)

local function best(f)
    local b, r = math.huge, nil
    for _ = 1, reps do
        r = nil
        collectgarbage()
        local t0 = ov.now()
        r = f()
        local dt = ov.now() - t0
        if dt < b then b = dt end
    end
    return b * 1000, r
end

local ms, r = best(function()
    return t:group_by("force"):mutate({ prev = "lag(days_to_close)" },
                                      { order_by = { "date_received", "allegation_id" } })
end)
print(string.format("T5 %.3f %d %d", ms, #r, #r:names()))

-- the wide table is made once, outside the timing: id, force, y2015..y2024
local years, defs = {}, {}
for y = 2015, 2024 do
    years[#years + 1] = "y" .. y
    defs["y" .. y] = "days_to_close + " .. (y - 2015)
end
local wide = t:mutate(defs):select("allegation_id", "force", table.unpack(years))
ms, r = best(function()
    return wide:longer{ cols = years, names_to = "year", values_to = "days" }
end)
print(string.format("T6 %.3f %d %d", ms, #r, #r:names()))
wide = nil

ms, r = best(function()
    return t:crosstab("force", "year_received", { value = "days_to_close", agg = "sum" })
end)
print(string.format("T7 %.3f %d %d", ms, #r, #r:names()))
