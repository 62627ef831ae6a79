-- Small numbers (issue 15): flags and footnotes on percentages drawn from
-- few cases, suppression for publication with its audit, and rounding
-- that adds up. A made-up register of 192 complaint allegations by force
-- and outcome, shaped like the IOPC's published tables. Globals,
-- not locals: the interactive run keeps them from one statement to the next.
forces = { "Essex", "Kent", "Norfolk", "Suffolk" }
outcomes = { "No further action", "Not upheld", "Upheld", "Referred" }
counts = {
    Essex   = { 40, 22, 6, 3 },
    Kent    = { 30, 25, 11, 0 },
    Norfolk = { 18, 12, 7, 9 },
    Suffolk = { 4, 2, 2, 1 },
}
force, outcome = {}, {}
for _, f in ipairs(forces) do
    for k, o in ipairs(outcomes) do
        for _ = 1, counts[f][k] do
            force[#force + 1] = f
            outcome[#outcome + 1] = o
        end
    end
end
t = new_table{ force = force, outcome = outcome }

print("-- a percentage on fewer than 10 cases is flagged, with its count")
print(t:group_by("force"):agg{ n = "count()", upheld = "pct(outcome == 'Upheld')" })
print(t:where("force == 'Suffolk'"):freq("outcome"))
print(t:crosstab("force", "outcome", { pct = "row" }))

print("-- the same in a box, and in Markdown (the marks are display, not data)")
ov.display{ mode = "box" }
print(t:where("force == 'Suffolk'"):freq("outcome"))
ov.display{ mode = "markdown" }
print(t:where("force == 'Suffolk'"):freq("outcome"))
ov.display{ mode = "csv" }
print(t:where("force == 'Suffolk'"):freq("outcome"))

print("-- the threshold is a setting; 0 turns the flags off")
ov.display{ mode = "plain", small = 50 }
print(ov.display().small)
print(t:group_by("force"):agg{ n = "count()", upheld = "pct(outcome == 'Upheld')" })
ov.display{ small = 0 }
print(t:where("force == 'Suffolk'"):freq("outcome"))
ov.display{ small = 10 }
print(pcall(ov.display, { small = -1 }))
explain(pct(3, 7))

print("-- suppression: counts under 10 hidden, and what a total would give back")
ct = t:crosstab("force", "outcome")
print(ct)
pub, audit = suppress(ct, { below = 10 })
print(pub)
print(audit:select("label", "column", "value", "reason"))
for _, r in audit:rows() do
    if r.reason:find("secondary") then print(r.label, r.column, r.reason) end
end
print(pub:markers():select("row", "column", "marker", "meaning"))
ov.display{ mode = "csv" }
print(pub)
ov.display{ mode = "plain" }
f = t:freq("force"):suppress{ below = 20, marker = "*" }
print(f)
print(select(2, suppress(ct, { below = 5, secondary = false })):select("label", "column", "reason"))
print(pcall(suppress, ct, { below = 0 }))
print(pcall(suppress, ct, { below = 10, cols = { "force" } }))
print(pcall(suppress, ct, { below = 10, marker = "" }))
print(pcall(suppress, ct, { belwo = 10 }))
print(pcall(suppress, t:crosstab("force", "outcome", { pct = "row" })))
print(pcall(suppress, new_table{ x = { 1, 2 } }))
print(#suppress(new_table{ x = { 1, 12 } }, { cols = "x" }):markers())

print("-- rounding: a footnote when the printed percentages do not add to 100")
six = new_table{ v = { "a", "b", "c", "d", "e", "f" } }
print(six:freq("v"))
print(six:freq("v", { rounding = "largest_remainder" }))
print(t:crosstab("force", "outcome", { pct = "col", rounding = "largest_remainder" }))
print(pcall(t.freq, t, "outcome", { rounding = "bankers" }))
print(pcall(t.crosstab, t, "force", "outcome", { rounding = "largest_remainder" }))
