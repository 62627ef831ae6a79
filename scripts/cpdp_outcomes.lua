-- cpdp_outcomes.lua - Chicago police complaints (Invisible Institute's CPDP
-- export): how often are allegations sustained, by kind of allegation, and
-- does the answer change when you count complaints instead of allegations?
--
--   oversight scripts/cpdp_outcomes.lua complaints-accused.csv complaints-complaints.csv
--
-- One row of the accused file is one allegation against one officer; a
-- complaint (cr_id) can hold many. Findings: SU sustained, NS not
-- sustained, UN unfounded, EX exonerated, NAF no affidavit, NC no cooperation.
local accused_path, complaints_path = arg[1], arg[2]
if not accused_path or not complaints_path then
    error("usage: oversight cpdp_outcomes.lua ACCUSED.csv COMPLAINTS.csv", 0)
end
ov.display{ rows = 25 }
local a = load_csv(accused_path)
local c = load_csv(complaints_path)

print(string.format("%d allegations in %d complaints", #a, a:col("cr_id"):count_distinct()))
print(a:freq("final_finding"))

-- per allegation, and per complaint (sustained if any allegation was)
local per_allegation = a:agg{ sustained = "pct(final_finding == 'SU')" }[1].sustained
local by_complaint = a:group_by("cr_id"):agg{ su = "sum(final_finding == 'SU')" }
local per_complaint = by_complaint:agg{ sustained = "pct(su > 0)" }[1].sustained
-- the cells are figures: they print rounded as published ("12.3%")
print(string.format("Sustained: %s of allegations, %s of complaints", per_allegation,
                    per_complaint))
print("(a complaint counts as sustained when any of its allegations is)")

-- kinds of allegation: the first two characters of the code (05A, 05D: force)
local coded = a:mutate{ group = "substr(complaint_code, 1, 2)" }
local labels = {}
for _, r in coded:group_by("group", "complaint_category"):agg{ n = "count()" }
    :sort("group", "-n"):rows() do
    if r.group and not labels[r.group] and r.complaint_category then
        labels[r.group] = r.complaint_category:match("^([^:]+)") or r.complaint_category
    end
end
local groups, names = {}, {}
for g, l in pairs(labels) do groups[#groups + 1] = g end
table.sort(groups)
for i, g in ipairs(groups) do names[i] = labels[g] end
local label_table = new_table{ { "group", groups }, { "kind", names } }

local per_kind = coded:group_by("group"):agg{
    { "allegations", "count()" },
    { "sustained_allegations", "pct(final_finding == 'SU')" },
}
local kind_complaints = coded:group_by("group", "cr_id"):agg{ su = "sum(final_finding == 'SU')" }
    :group_by("group"):agg{ { "complaints", "count()" }, { "sustained_complaints", "pct(su > 0)" } }
print()
print("By kind of allegation (the code's first two characters), largest first:")
print(per_kind:join(kind_complaints, "group"):join(label_table, "group", { how = "left" })
    :select("group", "kind", "allegations", "sustained_allegations", "complaints",
            "sustained_complaints")
    :sort("-allegations"):head(12))

-- by the year the complaint was made
local with_year = a:join(c:select("cr_id", "complaint_date"), "cr_id")
    :mutate{ year = "year(complaint_date)" }
print()
print("Per complaint, by the year it was made (2000 on):")
print(with_year:where("year >= 2000"):group_by("year", "cr_id"):agg{ su = "sum(final_finding == 'SU')" }
    :group_by("year"):agg{ { "complaints", "count()" }, { "sustained", "pct(su > 0)" } })
