-- ccrb_penalties.lua - New York: what penalty did the NYPD impose on
-- officers after the Civilian Complaint Review Board substantiated an
-- allegation? The export writes penalties in 185 ways ("Forfeit vacation 5
-- days", "Suspension 10 days", "Command Discipline - B (Vacation: 5 days)");
-- this groups them into kinds, prints how each was grouped, and counts.
--
--   oversight scripts/ccrb_penalties.lua Civilian_Complaint_Review_Board__Penalties.csv
local path = arg[1] or error("usage: oversight ccrb_penalties.lua PENALTIES.csv", 0)
local t = load_csv(path)
local col = "NYPD Officer Penalty"

-- the kind of each penalty as written, by its first words
local rules = {
    { "^No penalty", "no penalty" },
    { "^Instructions", "instructions" },
    { "^Formalized Training", "training" },
    { "^Command Discipline", "command discipline" },
    { "^Forfeit vacation", "vacation forfeited" },
    { "^Vacation", "vacation forfeited" },
    { "^Suspension", "suspension" },
    { "^Suspended", "suspension" },
    { "^Dismissal [Pp]robation", "dismissal probation" },
    { "^Terminat", "terminated" },
    { "^Dismissed", "terminated" },
    { "^Forced [Ss]eparation", "terminated" },
    { "^Retired", "left before a penalty" },
    { "^Resigned", "left before a penalty" },
    { "^APU", "pending or closed at APU" },
    { "^Warned and admonished", "warned and admonished" },
    { "^Reprimand", "warned and admonished" },
}
local values, kinds = {}, {}
for _, v in ipairs(t:col(col):unique()) do
    local kind = "other"
    for _, rule in ipairs(rules) do
        if v:match(rule[1]) then kind = rule[2] break end
    end
    -- several penalties joined: the heaviest part decides
    if kind ~= "terminated" and (v:match("[Ss]uspen") and kind ~= "suspension") then
        kind = kind .. " + suspension"
    end
    values[#values + 1] = v
    kinds[#kinds + 1] = kind
end
local mapping = new_table{ { col, values }, { "kind", kinds } }
print("How each penalty as written was grouped, most frequent first:")
ov.display{ rows = 0 }
print(t:freq(col):join(mapping, col):select(col, "kind", "n"))
ov.display{ rows = 20 }

local grouped = t:join(mapping, col, { how = "left" })
print()
print("Penalties by kind (no penalty recorded: missing):")
print(grouped:freq("kind"))
print()
print("By whether the case went to the Administrative Prosecution Unit (APU):")
print(grouped:crosstab("kind", "Officer is_APU", { pct = "col" }))
