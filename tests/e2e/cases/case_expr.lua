-- if(), case ... end and coalesce in expressions (issue 17): values by
-- condition in mutate, where and agg; a missing condition takes the else
-- branch; the branches are of one type, and a mix says how to convert
t = example()
print(t:mutate{
    band = "case when officer_age is nil then 'unknown' when officer_age < 35 "
        .. "then 'under 35' else '35+' end",
    upheld = "if(outcome == 'Referred to misconduct proceedings', 1, 0)",
    region = "case force when 'Essex Police' then 'East' when 'Kent Police' "
        .. "then 'South East' end",
    age = "if(officer_age > 40, officer_age, nil)",
}:select("force", "officer_age", "band", "upheld", "region", "age"))
-- a missing condition is not true: the row takes the else branch
print(t:mutate{ older = "if(officer_age >= 40, 'yes', 'no or unknown')" }
    :freq("older"))
-- on a filtered table, and as a condition
print(t:where("year >= 2021"):mutate{ x = "case when officer_age < 40 then "
    .. "year - 2000 else year * 1.5 end" }:select("year", "officer_age", "x"))
print(#t:where("if(officer_age is nil, year == 2021, officer_age > 40)"))
-- over aggregates in agg, and inside one
print(t:group_by("force"):agg{ n = "count()",
    referred = "if(count() >= 3, pct(outcome == 'Referred to misconduct proceedings'), nil)",
    older = "sum(if(officer_age >= 40, 1, 0))" })
-- figures inside a branch: rate and its interval
r = new_table{ force = { "A", "B", "C" }, complaints = { 9, 40, 3 },
               officers = { 2100, 5200, 0 } }
print(r:mutate{ per_1000 = "if(officers > 0, rate(complaints, officers, 1000), nil)",
                hi = "case when officers > 0 then ci_hi(rate(complaints, officers, 1000)) end",
                per_officer = "if(officers == 0, 0, complaints / officers)" })
-- a figure in every branch (or nil) is a figure: its interval, and explain()
f = r:mutate{ per_1000 = "if(officers > 0, rate(complaints, officers, 1000), nil)" }
print(f:mutate{ lo = "ci_lo(if(officers > 0, rate(complaints, officers, 1000), nil))",
    lo_b = "ci_lo(rate(complaints, officers, 1000))" }:select("force", "per_1000", "lo", "lo_b"))
explain(f[2].per_1000)
-- a figure beside a plain number is a plain number
print(r:mutate{ x = "if(officers > 0, rate(complaints, officers), 0)" }:select("force", "x"))
-- a branch not taken never fails: this sum would pass 64 bits
print(#r:mutate{ big = "if(complaints > 100, 9223372036854775807 + complaints, 0)" })
-- coalesce: whole numbers and decimals mix
print(t:mutate{ age = "coalesce(officer_age, 0.5)" }:select("officer_age", "age"):head(4))
-- what a user sees when it goes wrong
function try(expr)
    local ok, msg = pcall(t.mutate, t, { x = expr })
    print(msg)
end
try("if(officer_age > 40, force, officer_age)")
try("case when force then 1 else 0 end")
try("case when year > 2020 then received else 'later' end")
try("coalesce(officer_age, 'unknown')")
try("if(year > 2020, true, 0)")
try("if(year > 2020, 1)")
try("case when year > 2020 then 1")
try("CASE WHEN year > 2020 THEN 1 END")
try("case year 2020 then 1 end")
