-- ccrb_penalties.lua - New York: what penalty did the NYPD impose on
-- officers after the Civilian Complaint Review Board substantiated an
-- allegation? The export writes penalties in 184 ways ("Forfeit vacation 5
-- days", "Suspension 10 days", "Command Discipline - B (Vacation: 5 days)",
-- "Instructions / Command Discipline - A"); this groups them into kinds with
-- t:recode, prints the audit of how each was grouped, and counts.
--
--   oversight scripts/ccrb_penalties.lua Civilian_Complaint_Review_Board__Penalties.csv
local path = arg[1] or error("usage: oversight ccrb_penalties.lua PENALTIES.csv", 0)
local t = load_csv(path)
local col = "NYPD Officer Penalty"

-- Rules are tried in order and the first that matches decides, so the
-- heaviest penalty comes first: a value naming several ("Instructions /
-- Command Discipline - A", "Command Discipline - A / Instructions") is
-- filed by its heaviest part, whichever order it is written in. The
-- patterns match anywhere in the value, in any case (case = false).
local rules = {
    { "^closed administratively", "closed administratively" },
    { "^apu", "pending or closed at APU" },
    { "terminat", "terminated" },
    { "dismissed", "terminated" },
    { "forced separation", "terminated" },
    { "dismissal probation", "dismissal probation" },
    { "suspen", "suspension" },
    { "forfeit vacation", "vacation forfeited" },
    { "^vacation", "vacation forfeited" },
    { "/ vacation", "vacation forfeited" },
    -- "Command Discipline - B (Vacation: 5 days)" is a command discipline
    { "command discipline", "command discipline" },
    -- W&A: warned and admonished, verbally or in writing
    { "^w&a", "warned and admonished" },
    { "warned and admonished", "warned and admonished" },
    { "reprimand", "warned and admonished" },
    { "formalized training", "training" },
    -- "Command Level Instructions" too
    { "instructions", "instructions" },
    { "^no penalty", "no penalty" },
    { "^retired", "left before a penalty" },
    { "^resigned", "left before a penalty" },
}
local grouped, audit = t:recode(col, rules, { case = false, into = "kind" })
print("How each penalty as written was grouped, most frequent first:")
-- every row of the audit
ov.display{ rows = 0 }
print(audit)
ov.display{ rows = 20 }

print()
print("Penalties by kind (no penalty recorded: missing):")
print(grouped:freq("kind"))
print()
print("By whether the case went to the Administrative Prosecution Unit (APU):")
print(grouped:crosstab("kind", "Officer is_APU", { pct = "col" }))
