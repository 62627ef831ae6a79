-- rates_per_1000.lua - complaints per 1,000 officers: national complaint
-- figures joined to the officer numbers at the end of each year, and Essex
-- beside England and Wales. A rate puts forces of different sizes on one
-- scale; it needs the two counts to cover the same year and area.
--
--   oversight scripts/rates_per_1000.lua
local complaints = dataset("national_complaints")
local workforce = dataset("workforce")

-- officers (full-time equivalent) at 31 March, the end of each financial year
local officers = workforce
    :where("starts_with(area, 'England and Wales (43') and measure == 'officers_fte'" ..
           " and ends_with(date, '-03-31')")
    :mutate{ year_end = "year(date)" }
    :select("year_end", "value"):rename{ value = "officers" }

-- complaint figures by financial year: 2021/22 ends in 2022
local figures = complaints
    :where("measure in ('complaint_cases_logged', 'allegations_logged') and regime == 2020")
    :mutate{ year_end = "number(substr(year, 1, 4)) + 1" }
    :select("year", "year_end", "measure", "value")

local joined = figures:join(officers, "year_end")
print(joined)
print()
print("England and Wales, per 1,000 officers (full-time equivalent at 31 March):")
for _, r in joined:sort("measure", "year"):rows() do
    local what = r.measure == "complaint_cases_logged" and "complaint cases logged"
        or "allegations logged"
    print(string.format("  %s  %-23s %s", r.year, what, rate(r.value, r.officers, 1000)))
end

-- Essex: allegations in the Home Office series, officers at 31 March 2022
local essex = dataset("force_figures"):where{ force = "Essex Police", period = "2021/22",
    measure = "allegations_formal_complaints_officers" }
local essex_officers = workforce:where{ area = "Essex Police", date = "2022-03-31",
    measure = "officers" }
local a, o = essex[1].value, essex_officers[1].value
print()
print(string.format("Essex Police 2021/22: %d allegations, %d officers", a, o))
local r = rate(a, o, 1000)
explain(r)
print("(A different series from the national IOPC figures above: the Home Office counts")
print("allegations against officers in complaints it holds, so compare with care.)")
