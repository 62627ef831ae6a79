-- national_trend.lua - police complaints in England and Wales year by year:
-- complaint cases logged and recorded under Schedule 3 since the rules
-- changed on 1 February 2020, the change on the year before, and the
-- published changes checked against those figures.
--
--   oversight scripts/national_trend.lua
local t = dataset("national_complaints")

-- a published signed change as words check() reads: -2 -> "down 2%"
local function claim(p)
    return string.format("%s %d%%", p < 0 and "down" or "up", math.abs(p))
end

-- the two series, side by side: one row per year
local logged = t:where{ measure = "complaint_cases_logged", regime = 2020 }
    :select("year", "value", "printed_percent"):rename{ value = "logged", printed_percent = "published_change" }
local recorded = t:where{ measure = "complaint_cases_recorded_schedule3", regime = 2020 }
    :select("year", "value"):rename{ value = "recorded" }
local both = logged:join(recorded, "year", { how = "left" }):sort("year")
print(both:mutate{ recorded_share = "recorded / logged * 100" })

print()
print("Year on year (the rules changed on 1 February 2020: earlier years do not compare)")
local prev
for _, r in both:rows() do
    local line = string.format("%s  %7d complaint cases logged", r.year, r.logged)
    if prev then
        local c = change(prev.logged, r.logged)
        line = line .. string.format("  %s on %s", c, prev.year)
        if r.published_change then
            local v = check(claim(r.published_change), c)
            line = line .. string.format("  (published \"%s\": %s)", claim(r.published_change),
                                         v.consistent and "consistent" or "NOT consistent")
        end
    end
    if r.recorded then
        line = line .. string.format("; %s recorded formally", pct(r.recorded, r.logged))
    end
    print(line)
    prev = r
end
print()
print("Complaint cases recorded formally, year on year")
prev = nil
for _, r in t:where{ measure = "complaint_cases_recorded_schedule3", regime = 2020 }:sort("year"):rows() do
    local line = string.format("%s  %7d recorded", r.year, r.value)
    if prev then
        local c = change(prev.value, r.value)
        line = line .. string.format("  %s on %s", c, prev.year)
        if r.printed_percent then
            local v = check(claim(r.printed_percent), c)
            line = line .. string.format("  (published \"%s\": %s)", claim(r.printed_percent),
                                         v.consistent and "consistent" or "NOT consistent")
        end
    end
    print(line)
    prev = r
end
print()
explain(change(67732, 75020))
