-- bench/queries.lua FILE REPS - the query tasks, timed inside the process
-- after the load (best of REPS), as bench/queries runs them for each tool.
-- Prints "T<k> best_ms result_rows [filtered_rows]".
local file, reps = arg[1], tonumber(arg[2] or "5")
local t = load_csv(file)

local function best(f)
    local b, r1, r2 = math.huge, nil, nil
    for _ = 1, reps do
        local t0 = ov.now()
        r1, r2 = f()
        local dt = ov.now() - t0
        if dt < b then b = dt end
    end
    return b * 1000, r1, r2
end

local ms, r = best(function() return t:freq("outcome") end)
print(string.format("T2 %.3f %d", ms, #r))
ms, r = best(function()
    return t:group_by("force"):agg{
        allegations = "count()",
        complaints = "count_distinct(complaint_id)",
        referred = "pct(outcome == 'Referred to misconduct proceedings')",
    }
end)
print(string.format("T3 %.3f %d", ms, #r))
local w
ms, r, w = best(function()
    local x = t:where("year_received >= 2020 and force == 'Essex Police'")
    return x:freq("outcome"), x
end)
print(string.format("T4 %.3f %d %d", ms, #r, #w))
