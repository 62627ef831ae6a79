-- detroit_findings.lua - Detroit citizen complaints: what was found, by
-- kind of allegation. The export spells some categories several ways
-- ("Procedure", "procedure", "PROcedure"); each such variant is merged
-- into its most common spelling, and every merge is printed, so nothing
-- changes out of sight. Abbreviations ("B" for "Black") are different
-- words, not case variants: they are left alone, and shown.
--
--   oversight scripts/detroit_findings.lua DPD_Citizen_Complaints.csv
local path = arg[1] or error("usage: oversight detroit_findings.lua DPD_Citizen_Complaints.csv", 0)
local t = load_csv(path)
ov.display{ rows = 20 }

-- merges the case variants of column `name` into a new column `into`
local function normalise(tbl, name, into)
    local canonical, from, to = {}, {}, {}
    for _, r in tbl:freq(name):rows() do          -- most common first
        local v = r[name]
        if v then
            local key = v:lower():gsub("^%s+", ""):gsub("%s+$", "")
            canonical[key] = canonical[key] or v
            from[#from + 1] = v
            to[#to + 1] = canonical[key]
        end
    end
    local map = new_table{ { name, from }, { into, to } }
    local changed = map:where(function(r) return r[name] ~= r[into] end)
    print(string.format("%s: %d spellings merged into the most common one", name, #changed))
    if #changed > 0 then print(tbl:freq(name):join(changed, name):select(name, into, "n")) end
    return tbl:join(map, name, { how = "left" })
end

print(string.format("%d allegations in %d complaints", #t, t:col("CCR"):count_distinct()))
t = normalise(t, "Allegation", "allegation")
t = normalise(t, "ofcrRace", "officer_race")
print("(\"B\", \"W\", \"H\" and \"A\" in ofcrRace look like abbreviations; they are not case")
print("variants and are left as written:)")
print(t:freq("officer_race"))

print()
print("Findings by kind of allegation (row percentages):")
print(t:crosstab("allegation", "Finding", { pct = "row" }))
print()
print("Sustained, per allegation and per complaint (a complaint is sustained if any")
print("of its allegations is):")
local per_allegation = t:group_by("allegation"):agg{
    { "allegations", "count()" },
    { "sustained", "pct(Finding == 'Sustained')" },
}
local per_complaint = t:group_by("allegation", "CCR"):agg{ su = "sum(Finding == 'Sustained')" }
    :group_by("allegation"):agg{ { "complaints", "count()" }, { "sustained_complaints", "pct(su > 0)" } }
print(per_allegation:join(per_complaint, "allegation"):sort("-allegations"))
