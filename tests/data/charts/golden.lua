-- golden.lua - the charts whose SVG is kept byte for byte in this folder
-- (make_golden.sh writes them; tests/e2e/cases/chart_golden.sh compares).
t = example()
t:freq("outcome"):chart{ file = "bar.svg", title = "Outcomes of ten made-up allegations" }
t:crosstab("force", "outcome"):chart{ kind = "stacked", file = "stacked.svg" }
y = new_table{
    year = { 2019, 2020, 2021, 2022, 2023, 2019, 2020, 2021, 2022, 2023 },
    force = { "A", "A", "A", "A", "A", "B", "B", "B", "B", "B" },
    n = { 1200, 1500, nil, 1800, 2100, 800, 950, 1000, 1200, 1250, n = 10 },
}
y:chart{ kind = "line", x = "year", by = "force", file = "line.svg",
         title = "Complaints a year (2021 missing for A)" }
u = new_table{
    force = { "Tiny", "Mid", "Large", "Huge", "High", "Low" },
    cases = { 1, 12, 150, 5000, 60, 20 },
    officers = { 10, 400, 3000, 147430, 400, 3000 },
}
funnel(u, { part = "cases", whole = "officers", label = "force" }):chart{
    file = "funnel.svg", xlabel = "officers" }
