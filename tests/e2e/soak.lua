-- soak.lua - 10,000 mixed queries in one session (filters, group-bys,
-- joins, crosstabs, sorts, samples, printing, figures and claim checks).
-- Peak RSS (VmHWM) after the first 1,000 and after all 10,000 must be
-- within 5%: nothing leaks and no cache grows without bound. Run by
-- cases/soak.sh; the figures go to stderr when it fails, or with -v.
local function hwm()
    for line in io.lines("/proc/self/status") do
        local kb = line:match("^VmHWM:%s+(%d+) kB")
        if kb then return tonumber(kb) end
    end
end
local n = 20000
local force, year, outcome, days = {}, {}, {}, {}
local forces = {"Essex Police", "Kent Police", "Metropolitan Police", "Norfolk", "Suffolk"}
local outcomes = {"No further action", "Referred to misconduct proceedings", "Withdrawn",
                  "Service level acceptable", "Reflective practice review process"}
for i = 1, n do
    force[i] = forces[i % #forces + 1]
    year[i] = 2016 + i % 9
    outcome[i] = outcomes[(i * 7) % #outcomes + 1]
    days[i] = (i * 37) % 700
end
local t = new_table{force = force, year = year, outcome = outcome, days = days}
local small = load_csv("data/complaints.csv")
local forcetab = t:group_by("force"):agg{n = "count()"}
local queries = {
    function() return t:where("year >= 2020 and force == 'Essex Police'"):freq("outcome") end,
    function() return t:freq("outcome") end,
    function() return t:group_by("force"):agg{n = "count()", m = "mean(days)",
                                              p = "pct(outcome == 'Withdrawn')"} end,
    function() return t:sort("-days", "force"):head(20) end,
    function() return t:join(forcetab, "force") end,
    function() return t:crosstab("force", "outcome", {pct = "row"}) end,
    function() return t:mutate{weeks = "days / 7"}:select("force", "weeks") end,
    function() return t:distinct("force", "year") end,
    function() return small:summary() end,
    function() return tostring(t:freq("force")) end,
    function() return pct(7, 3787) end,
    function() return check("0.2 per cent", 7, 3787) end,
    function() return t:col("days"):mean() end,
    function() return t:where({force = "Kent Police"}):group_by("year"):agg{s = "sum(days)"} end,
    function() return t:sample(100, 42):freq("year") end,
}
local total = 10000
local after1000
for i = 1, total do
    local r = queries[i % #queries + 1]()
    r = nil
    if i == 1000 then after1000 = hwm() end
end
local final = hwm()
local growth = (final - after1000) / after1000 * 100
print(string.format("queries run: %d", total))
print(string.format("peak RSS within 5%% of its value after 1,000: %s",
                    growth <= 5 and "yes" or "no"))
if growth > 5 or arg[1] == "-v" then
    io.stderr:write(string.format("soak: peak RSS %d kB after 1,000 queries, %d kB after %d (%+.1f%%)\n",
                                  after1000, final, total, growth))
end
