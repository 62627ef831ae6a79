-- essex_2020_21.lua - the Essex Police article of June 2022 ("complaints
-- rarely led to action", Home Office figures for the year to 31 March 2021),
-- checked figure by figure from the bundled data.
--
-- It answers: are the article's percentages what its own numbers give? And
-- what were the 3,787 "complaints" - can they be complaint cases at all?
--
--   oversight scripts/essex_2020_21.lua [essex_seed_figures.csv]
local seed = arg[1] and load_csv(arg[1]) or dataset("essex_seed_figures")
local force = dataset("force_figures")

-- 3787 -> "3,787"
local function n(x)
    local s = tostring(math.floor(x))
    return (s:reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", ""))
end

print("1. Every figure of the two Essex articles, recomputed")
print()
local function agrees(ours, theirs)
    -- the catalogue's verdicts read "yes (...)", "cannot check (...)", "n/a ..."
    local word = theirs:match("^(%a+)") or ""
    if ours == true then return word == "yes" end
    if ours == false then return word == "no" end
    return word == "cannot" or word == "n"
end
local checked, agreed = 0, 0
for _, r in seed:rows() do
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
        local same = agrees(verdict and verdict.consistent, r.percent_consistent)
        print(string.format("       the catalogue says: %s%s", r.percent_consistent,
                            same and "" or "   <-- DISAGREES"))
        checked = checked + 1
        if same then agreed = agreed + 1 end
    end
end
print(string.format("%d claims with figures, %d verdicts agree with the catalogue", checked,
                    agreed))

print()
print("2. What were the 3,787 \"complaints\"?")
print()
local essex = force:where("force == 'Essex Police' and period == '2020/21'")
print(essex:select("series", "measure", "value", "unit"):where("value is not nil"))
local function figure(measure)
    local t = essex:where{ measure = measure }
    return t[1] and t[1].value
end
local cases_ho = figure("complaint_cases_investigated_finalised")
local cases_iopc = figure("complaint_cases_logged")
local allegations = figure("allegations_logged")
print(string.format("The Home Office counted %s Essex complaint cases, the IOPC %s cases",
                    n(cases_ho), n(cases_iopc)))
print(string.format("logged and %s allegations.", n(allegations)))
print("3,787 is none of these. Which totals would make 7 referrals \"0.2 per cent\"?")
print(check("0.2 per cent", 7, 3787, { among = { cases_ho, cases_iopc, allegations } }))
print("On any count of complaint cases the share would be several times larger:")
print(string.format("  7 of %s cases is %s; 7 of %s cases is %s.", n(cases_ho),
                    pct(7, cases_ho), n(cases_iopc), pct(7, cases_iopc)))
print("The next year the same Home Office series reported 4,453 *allegations* for")
print("Essex, so 3,787 is most likely an allegation count described as complaints.")
define("Complaint case vs allegation")

print()
print("How 0.2 per cent is worked out:")
explain(pct(7, 3787))
