-- t:recode as a user sees it: the audit of every distinct value, exact
-- values with and without case, pattern rules in order, a function,
-- other =, missing values, into =, the unmatched note, recode_check,
-- t:audit(), the provenance step, numbers by their text, and the errors.
t = load_csv("data/recode.csv")

-- exact values: unmatched ones are kept, listed, and a note says how many
r, audit = t:recode("penalty", {
    ["Command Discipline A"] = "command discipline",
    Instructions = "instructions",
})
print(audit)
print(r:select("case_id", "penalty"):head(4))

-- the same without case, the rest to "other", into a new column
r, audit = t:recode("penalty", {
    ["command discipline a"] = "command discipline",
    instructions = "instructions",
}, { case = false, other = "other", into = "kind", missing = "not recorded" })
print(audit)
print(r:select("penalty", "kind"):head(3))
print(r:audit() == audit)
print(r:provenance():match("steps:.*"))

-- pattern rules: tried in order, the first that matches wins
rules = {
    { "^Command Discipline", "command discipline" },
    { "Instructions", "instructions" },
    { "^W&A", "warned and admonished" },
    { "^Retired", false }, -- false: the value becomes missing
}
print(t:recode_check("penalty", rules))
-- the heavier part first: both orders of a joined penalty alike
print(t:recode_check("penalty", {
    { "Command Discipline", "command discipline" },
    { "Instructions", "instructions" },
}, { other = "other" }))

-- exact values and patterns together: exact first
print(t:recode_check("penalty", {
    exact = { ["W&A (Verbally)"] = "warned and admonished" },
    pattern = { { "^Susp", "suspension" } },
}, { other = "other" }))

-- a function, called once per distinct value; nil means no match
print(t:recode_check("decided", function(v) return v:sub(1, 4) end))
print(t:recode_check("penalty", function(v)
    if #v > 20 then return "long" end
end))

-- numbers by their text: keys may be numbers
print(t:recode_check("officer_grade", { [1] = "junior", [2] = "junior", [3] = "senior" }))
print(t:recode("officer_grade", { [4] = "senior" }, { other = "junior", check = true }))

-- errors say what to write
function try(...)
    local ok, msg = pcall(...)
    print(ok, msg)
end
try(t.recode, t, "penalti", {})
try(t.recode, t, "penalty", "command discipline")
try(t.recode, t, "penalty", { { "^Command", 3 } })
try(t.recode, t, "penalty", { Instructions = 1 })
try(t.recode, t, "penalty", { { "[Command", "x" } })
try(t.recode, t, "penalty", { { "^Command", "cd" }, other = "other" })
try(t.recode, t, "penalty", {}, { others = "other" })
try(t.recode, t, "penalty", {}, { into = "case_id" })
try(t.recode, t, "penalty", { a = "x", A = "y" }, { case = false })
try(t.recode, t, "penalty", function(v) return 1 end)
try(t.recode, t, "penalty", function(v) error("no such rule", 0) end)
try(t.audit, t)
