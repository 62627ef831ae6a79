-- The query methods as a user sees them printed: filters, sorting,
-- grouping with percentages, freq with missing values, crosstab margins,
-- a join that reports repeated keys.
t = load_csv("data/complaints.csv")
print(t:where("force == 'Essex Police' and year >= 2021"):select("complaint_id", "year", "outcome"))
print(t:sort("-officer_age"):select("complaint_id", "officer_age"):head(3))
print(t:group_by("force"):agg{
    allegations = "count()",
    complaints = "count_distinct(complaint_id)",
    referred = "pct(outcome == 'Referred to misconduct proceedings')",
    mean_age = "mean(officer_age)",
})
print(t:freq("officer_age"))
print(t:crosstab("force", "year"))
print(t:crosstab("force", "category", { pct = "row" }))
j = t:join(t:select("complaint_id", "category"), "complaint_id")
print(#j)
print(t:mutate{ per_officer = "officer_age / 10" }:select("complaint_id", "per_officer"):tail(3))
print(t:agg{ n = "count()", mean_age = "mean(officer_age)", median_age = "median(officer_age)" })
