-- bench/windows.lua FILE [REPS] - window functions in mutate on the
-- benchmark file (bench/gen_allegations.c), best of REPS, after the load;
-- bench/duckdb_windows.mjs asks DuckDB the same. A benchmark, not a test.
local file, reps = arg[1], tonumber(arg[2] or "5")
local t = load_csv(file)

local function best(f)
    local b = math.huge
    for _ = 1, reps do
        local t0 = ov.now()
        f()
        local dt = ov.now() - t0
        if dt < b then b = dt end
    end
    return b * 1000
end

print(string.format("W1 lag over groups %.1f ms", best(function()
    return t:group_by("force"):mutate({ prev = "lag(days_to_close)" },
        { order_by = "date_received" })
end)))
print(string.format("W2 change and cumsum, two keys %.1f ms", best(function()
    return t:group_by("force", "year_received"):mutate({
        ch = "change(days_to_close)", run = "cumsum(days_to_close)" },
        { order_by = { "date_received", "allegation_id" } })
end)))
print(string.format("W3 rank within force %.1f ms", best(function()
    return t:group_by("force"):mutate({ r = "rank(-days_to_close)" })
end)))
