-- essex_claims.lua - checks every figure in the two Essex Police articles
-- that started oversight (essex_seed_figures.csv): each claim with a part
-- and a whole is recomputed and its published wording checked; a claim with
-- only a whole says which parts it stands for; the rest are listed as not
-- checkable from the article's own numbers.
--
--   oversight scripts/essex_claims.lua [path/to/essex_seed_figures.csv]
local path = arg[1] or "../shared/data/official/essex_seed_figures.csv"
local t = load_csv(path)

local function agrees(ours, theirs)
    -- the file's verdicts read "yes (...)", "cannot check (...)", "n/a ..."
    local word = theirs:match("^(%a+)") or ""
    if ours == true then return word == "yes" end
    if ours == false then return word == "no" end
    return word == "cannot" or word == "n"
end

local checked, agreed, listed = 0, 0, 0
for _, r in t:rows() do
    local text, part, whole = r.reported_percent_text, r.numerator, r.denominator
    if text or (part and whole) then
        print(string.format("%s  %s", r.claim_id, r.claim_summary))
        local verdict
        if text and part and whole then
            print(string.format('       "%s" from %s of %s', text, part, whole))
            verdict = check(text, part, whole)
        elseif text and whole then
            print(string.format('       "%s" of %s (the part is not given)', text, whole))
            verdict = check(text, nil, whole)
        elseif text then
            print(string.format('       "%s": the article gives no counts to check it with', text))
        else
            print(string.format("       no percentage printed; %s of %s is %s", part, whole,
                                pct(part, whole)))
        end
        if verdict then
            io.write((tostring(verdict):gsub("([^\n]+)", "       %1")), "\n")
        end
        local ours = verdict and verdict.consistent
        local same = agrees(ours, r.percent_consistent)
        print(string.format("       the catalogue says: %s%s", r.percent_consistent,
                            same and "" or "   <-- DISAGREES"))
        checked = checked + 1
        if same then agreed = agreed + 1 end
    else
        listed = listed + 1
    end
end
print(string.format("%d claims with figures, %d verdicts agree with the catalogue; " ..
                    "%d more are counts the articles give without a base", checked, agreed,
                    listed))
print()
print("How 0.2 per cent is worked out:")
explain(pct(7, 3787))
