-- Queries compared with sqlite3 by sqlite_compare.sh. Each result is
-- written twice: as CSV (full precision) and as Markdown (as printed).
local a = load_csv("shared/chicago-cpdp-ft/complaints-accused.csv")
local c = load_csv("shared/chicago-cpdp-ft/complaints-complaints.csv")
local d = load_csv("shared/detroit-dpd-complaints/DPD_Citizen_Complaints.csv")

local q = {}
q.q01 = a:freq("final_finding")
q.q02 = a:freq("final_outcome"):head(15)
q.q03 = a:where("final_finding == 'SU'"):freq("final_outcome")
q.q04 = a:where{final_finding = "SU", cv = 1}:agg{
    n = "count()", crs = "count_distinct(cr_id)", officers = "count_distinct(UID)"}
q.q05 = a:group_by("final_finding"):agg{
    n = "count()", crs = "count_distinct(cr_id)", sum_cv = "sum(cv)",
    mean_cv = "mean(cv)", min_uid = "min(UID)", max_uid = "max(UID)",
    median_link = "median(link_UID)"}
q.q06 = a:group_by("complaint_code"):agg{
    n = "count()", sustained = "pct(final_finding == 'SU')"}:sort("-n", "complaint_code"):head(20)
q.q07 = a:crosstab("cv", "final_finding", {pct = "row"})
q.q08 = a:crosstab("final_finding", "recc_finding")
q.q09 = a:join(c, "cr_id"):mutate{year = "year(complaint_date)"}:group_by("year"):agg{
    n = "count()", crs = "count_distinct(cr_id)", sustained = "pct(final_finding == 'SU')"}
q.q10 = a:join(c, "cr_id", {how = "left"}):agg{
    n = "count()", no_complaint = "pct(complaint_date is nil)", crs = "count_distinct(cr_id)"}
q.q11 = c:where("year(complaint_date) >= 2010 and city is nil"):freq("location")
q.q12 = a:where("contains(complaint_category, 'FORCE') and final_outcome ~= 'NO ACTION TAKEN'"):freq("final_outcome")
q.q13 = a:select("final_finding", "final_outcome"):distinct():sort("final_finding", "final_outcome")
q.q14 = a:group_by("final_finding", "final_outcome"):agg{n = "count()", share_cv = "share(cv)"}
q.q15 = d:freq("Finding")
q.q16 = d:group_by("Allegation"):agg{
    n = "count()", ccr = "count_distinct(CCR)", sustained = "pct(Finding == 'Sustained')",
    mean_age = "mean(Age)", median_age = "median(Age)", min_age = "min(Age)", max_age = "max(Age)"}
q.q17 = d:where("Age >= 18 and Age < 25 and ctznSex == 'Female'"):freq("Allegation")
q.q18 = d:crosstab("ctznRace", "Finding", {pct = "col"})
q.q19 = d:group_by("Entry"):agg{
    n = "count()", no_age = "pct(Age is nil)",
    in_units = "pct(Unit in ('11TH PRECINCT', '5TH PRECINCT'))"}
q.q20 = d:where("lower(ofcrRace) in ('black', 'b')"):crosstab("ofcrSex", "Finding", {pct = "total"})
q.q21 = d:mutate{decade = "round(Age / 10) * 10"}:group_by("decade"):agg{n = "count()", mean_age = "mean(Age)"}
-- rates: over aggregates in agg{}, and row by row in mutate{}
q.q22 = a:group_by("final_finding"):agg{
    n = "count()", cv_per_1000 = "rate(sum(cv), count(), 1000)",
    per_100_crs = "rate(count(), count_distinct(cr_id), 100)"}
q.q23 = d:group_by("Allegation"):agg{n = "count()", aged = "sum(Age >= 40)"}:mutate{
    aged_pct = "pct(aged, n)", aged_per_1000 = "rate(aged, n, 1000)"}
-- window functions: within each allegation, in the order of CCR then ObjectId
-- (unique, so sqlite3's order and ours agree on every row), and ranks by value
q.q24 = d:group_by("Allegation"):mutate({
    prev_age = "lag(Age)", next_age = "lead(Age, 2, -1)", rn = "row_number()",
    running = "cumsum(Age)", age_change = "change(Age)", gap = "Age - lag(Age)"},
    {order_by = {"CCR", "ObjectId"}}):select(
    "ObjectId", "Allegation", "CCR", "Age", "age_change", "gap", "next_age", "prev_age",
    "rn", "running"):sort("ObjectId")
q.q25 = d:group_by("Allegation"):mutate({
    age_rank = "rank(Age)", age_dense = "dense_rank(-Age)", age_share = "share(Age)",
    pos = "rank()", pos_dense = "dense_rank()"}, {order_by = "-CCR"}):select(
    "ObjectId", "Allegation", "CCR", "Age", "age_dense", "age_rank", "age_share", "pos",
    "pos_dense"):sort("ObjectId")
q.q26 = a:group_by("final_finding", "cv"):mutate({
    share_uid = "share(UID)", running_uid = "cumsum(UID)", prev_outcome = "lag(final_outcome)"},
    {order_by = {"-UID", "cr_id"}}):select(
    "cr_id", "UID", "final_finding", "cv", "final_outcome", "prev_outcome", "running_uid",
    "share_uid"):sort("cr_id", "UID"):head(3000)
-- case and if: bands by a condition (a missing age is not true: the else
-- branch), if() inside an aggregate and over aggregates
q.q27 = d:mutate{band = "case when Age is nil then 'unknown' when Age < 25 then 'under 25' "
    .. "when Age < 40 then '25-39' else '40+' end"}:group_by("band"):agg{
    n = "count()", sustained = "sum(if(Finding == 'Sustained', 1, 0))",
    female_age = "mean(if(ctznSex == 'Female', Age, nil))",
    big = "if(count() >= 1000, 'yes', 'no')"}
q.q28 = d:mutate{sus = "case Finding when 'Sustained' then 1 when 'Not Sustained' then 0 end",
    older = "if(Age >= 40, 'yes', 'no')"}:group_by("older"):agg{
    n = "count()", with_finding = "count_distinct(sus)", sustained = "sum(sus)"}
-- reshaping: crosstabs of a value (GROUP BY with each aggregate), longer
-- (UNION ALL) and wider (a pivot of GROUP BY rows)
q.q29 = d:crosstab("Finding", "ctznSex", {value = "Age", agg = "sum"})
q.q30 = d:crosstab("Entry", "ofcrSex", {value = "Age", agg = "mean"})
q.q31 = d:crosstab("ctznSex", "Finding", {value = "Age", agg = "min"})
q.q32 = d:crosstab("ctznSex", "Finding", {value = "Age", agg = "max"})
q.q33 = d:crosstab("Finding", "ofcrSex", {value = "CCR", agg = "count_distinct"})
q.q34 = d:crosstab("Finding", "ctznSex", {value = "Age", agg = "count"})
q.q35 = d:sort("ObjectId"):select("ObjectId", "CCR", "Age"):longer{
    cols = {"CCR", "Age"}, names_to = "what", values_to = "v"}
q.q36 = d:sort("ObjectId"):select("ObjectId", "Age", "CCR"):longer{
    pattern = "^[AC]", drop_missing = true}
q.q37 = d:group_by("Entry", "Finding"):agg{n = "count()"}:wider{
    names_from = "Finding", values_from = "n"}
q.q38 = d:sort("Entry", "Finding"):wider{
    names_from = "Finding", values_from = "Age", id_cols = {"Entry"}, agg = "mean"}

local names = {}
for k in pairs(q) do names[#names + 1] = k end
table.sort(names)
for _, k in ipairs(names) do
    q[k]:write(k .. ".csv")
    q[k]:write(k .. ".md")
end
print(#names .. " queries written")
