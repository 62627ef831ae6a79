-- Every published percentage in ../shared/data/official/percent_checks.csv
-- checked from its numerator and denominator; the verdict must be the one
-- in the file's `consistent` column. kind: share (part of a whole), change
-- (numerator new, denominator old), per1000 (a rate per 1,000).
local t = load_csv(arg[1])
local agree, total = 0, 0
for _, r in t:rows() do
    local v
    if r.kind == "share" then
        v = check(r.printed_text, r.numerator, r.denominator)
    elseif r.kind == "change" then
        v = check(r.printed_text, change(r.denominator, r.numerator))
    elseif r.kind == "per1000" then
        v = check(r.printed_text, rate(r.numerator, r.denominator, 1000))
    else
        error("unknown kind " .. r.kind)
    end
    local ours = v.consistent and "yes" or "no"
    total = total + 1
    if ours == r.consistent then agree = agree + 1 end
    print(string.format("%-6s %-8s %-3s %-3s %s%s", r.check_id, r.kind, r.consistent, ours,
                        r.printed_text, ours == r.consistent and "" or "   <-- DISAGREES"))
end
print(string.format("%d of %d verdicts agree with the file", agree, total))
