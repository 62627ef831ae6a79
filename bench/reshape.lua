-- bench/reshape.lua FILE REPS - reshaping on the allegations file, timed
-- inside the process after the load (best of REPS, wall clock), the same
-- tasks as bench/duckdb_reshape.mjs. Not part of bench/run: run by hand
-- (see README.md). Prints "name best_s result_rows".
local file, reps = arg[1], tonumber(arg[2] or "3")
local t = load_csv(file)
-- a wide table: ten year columns, as an official table has them
local m = {}
for y = 2015, 2024 do m["y" .. y] = "days_to_close + " .. (y - 2015) end
local w = t:select("allegation_id", "force", "days_to_close"):mutate(m):drop("days_to_close")
local g = t:group_by("officer_id", "year_received"):agg{ n = "count()" }

local function best(name, f)
    local b, r = math.huge, nil
    for _ = 1, reps do
        local t0 = ov.now()
        r = f()
        local dt = ov.now() - t0
        if dt < b then b = dt end
    end
    print(string.format("%-36s %.3f %d", name, b, #r))
end

best("longer_10_years", function()
    return w:longer{ pattern = "^y%d+$", names_to = "year", values_to = "days" }
end)
best("crosstab_sum_force_year", function()
    return t:crosstab("force", "year_received", { value = "days_to_close", agg = "sum" })
end)
best("crosstab_mean_force_year", function()
    return t:crosstab("force", "year_received", { value = "officer_age", agg = "mean" })
end)
best("crosstab_count_distinct_force_outcome", function()
    return t:crosstab("force", "outcome", { value = "complaint_id", agg = "count_distinct" })
end)
best("wider_sum_force_year", function()
    return t:wider{ names_from = "year_received", values_from = "days_to_close",
                    id_cols = { "force" }, agg = "sum" }
end)
best("wider_officer_year", function()
    return g:wider{ names_from = "year_received", values_from = "n" }
end)
