-- Window functions in mutate: year-on-year change within each force, a
-- rank within region, a running total and a share of the group, on a
-- small table of complaints by force and year (Norfolk's 2021 count is
-- missing, Sussex has a year of 0).
t = load_csv("data/force_years.csv")
by_force = t:group_by("force")
yoy = by_force:mutate({
    prev = "lag(complaints)",
    diff = "complaints - lag(complaints)",
    change = "change(complaints)",
    running = "cumsum(complaints)",
}, { order_by = "year" })
-- rows stay in the file's order
print(yoy:select("force", "year", "complaints", "prev", "diff", "change", "running"))
-- each change is a figure that explains itself
for _, r in yoy:where("force == 'Essex' and year == 2022"):rows() do
    explain(r.change)
end
-- rank within region: most complaints first; ties share a rank, a
-- missing count ranks last
ranked = t:group_by("region"):mutate({
    rank = "rank(-complaints)",
    dense = "dense_rank(-complaints)",
    share = "share(complaints)",
})
print(ranked:sort("region", "rank"))
-- share of the region and year: Sussex's 2023 total is 0, so no share
print(t:group_by("region", "year"):mutate({ share = "share(complaints)" })
    :where("region == 'South East'"))
-- share of the force's total over the years, and the order descending
print(by_force:mutate({ share = "share(complaints)", latest = "row_number()" },
    { order_by = "-year" }):where("latest == 1"))
-- the whole table is one group: a running total over the years, ties in
-- year kept in the file's order; lead with a default
print(t:mutate({ total = "cumsum(complaints)", next_year = "lead(year, 1, 0)" },
    { order_by = { "year", "force" } }):sort("year", "force"))
print(yoy:provenance():match("steps:.*"))
-- window functions belong in mutate
print(pcall(t.where, t, "lag(complaints) > 100"))
print(pcall(t.mutate, t, { r = "rank()" }))
print(pcall(by_force.mutate, by_force, { p = "lag(complaints, -1)" }, { order_by = "year" }))
print(pcall(by_force.mutate, by_force, { p = "lag(complaints)" }, { order = "year" }))
