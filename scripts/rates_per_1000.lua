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

-- Per force: allegations in the Home Office series (force_figures, which
-- writes "Essex Police") against officers at 31 March 2022 (workforce, whose
-- `area` mixes forces with England and Wales). force_name() reads both as
-- one short name ("Essex"), missing for an area that is not a force, so the
-- two files join on it; dataset("forces") adds the region and ONS code.
local allegations = dataset("force_figures")
    :where{ period = "2021/22", measure = "allegations_formal_complaints_officers" }
    :mutate{ force = "force_name(force)" }
    :select("force", "value"):rename{ value = "allegations" }
local force_officers = workforce
    :where("measure == 'officers' and date == '2022-03-31'")
    :mutate{ force = "force_name(area)" }
    :where("force is not nil")
    :select("force", "value"):rename{ value = "officers" }
local per_force = allegations:join(force_officers, "force")
    :join(dataset("forces"):select("force", "region", "ons_code"), "force")
    :mutate{ per_1000 = "rate(allegations, officers, 1000)" }
print()
print("Per force, 2021/22 (officers at 31 March 2022):")
print(per_force)
local essex = per_force:where{ force = "Essex" }
print(string.format("Essex Police 2021/22: %d allegations, %d officers",
    essex[1].allegations, essex[1].officers))
explain(essex[1].per_1000)
print("(A different series from the national IOPC figures above: the Home Office counts")
print("allegations against officers in complaints it holds, so compare with care.)")
