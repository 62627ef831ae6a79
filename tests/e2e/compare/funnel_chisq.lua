-- funnel() on the BBC Shared Data Unit's per-force file and chisq() on a
-- crosstab of Detroit's complaints, written as CSV for check.py, which
-- recomputes both with scipy. Run from a directory holding `shared`.
local t = load_csv("shared/uk-bbc-iopc-misconduct/iopc_forfunnel.csv")
local f, s = funnel(t, { part = "indicator number", whole = "sample size",
                         label = "item name" })
f:write("funnel.csv", { format = "csv" })
local out = assert(io.open("summary.txt", "w"))
for _, k in ipairs({ "target", "phi", "outside95", "outside998", "outside95_adjusted",
                     "outside998_adjusted", "n_units" }) do
    out:write(k, " ", string.format("%.17g", s[k]), "\n")
end
local d = load_csv("shared/detroit-dpd-complaints/DPD_Citizen_Complaints.csv")
local c = d:crosstab("ctznRace", "Finding"):chisq()
local c2 = d:chisq("ctznRace", "Finding")
for _, k in ipairs({ "statistic", "df", "p", "n", "dropped" }) do
    out:write("chisq_", k, " ", string.format("%.17g", c[k]), "\n")
    out:write("chisq2_", k, " ", string.format("%.17g", c2[k]), "\n")
end
out:close()
c.residuals:write("residuals.csv", { format = "csv" })
print(s)
print(c2)
