-- bench/writesort.lua FILE REPS OUT - writing and sorting (issue 20),
-- timed inside the process after the load (best of REPS), as bench/run
-- --task writesort runs them beside DuckDB (bench/duckdb_writesort.mjs).
-- Prints "<task> best_ms result_rows result_cols".
--   W1 the whole table written as CSV to OUT
--   S1 sorted by force, then date received newest first
--   S2 the same sort, first 10 rows (top-N)
--   S3 the same sort, last 10 rows
local file, reps, out = arg[1], tonumber(arg[2] or "5"), arg[3]
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

local ms = best(function() t:write(out) end)
print(string.format("W1 %.3f %d %d", ms, #t, #t:names()))
local r
-- sort waits for the table's first use: # makes it sort
ms, r = best(function()
    local s = t:sort("force", "-date_received")
    local _ = #s
    return s
end)
print(string.format("S1 %.3f %d %d", ms, #r, #r:names()))
ms, r = best(function() return t:sort("force", "-date_received"):head(10) end)
print(string.format("S2 %.3f %d %d", ms, #r, #r:names()))
ms, r = best(function() return t:sort("force", "-date_received"):tail(10) end)
print(string.format("S3 %.3f %d %d", ms, #r, #r:names()))
