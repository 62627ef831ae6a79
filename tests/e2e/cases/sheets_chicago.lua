-- Chicago's FOIA workbooks as a user meets them, their layouts found
-- automatically: a report whose block of titles (merged over six rows,
-- a date beside it, a note under it) sits above the header, and a code
-- list whose header names its first column with a number.
report = "shared/spreadsheets/p046957_-_report_5.1_-_complainant_(reporting_party)_data.xls"
t = load_sheet(report, 1, { report = false })
print(t:head(4))
for line in t:provenance():gmatch("[^\n]+") do
    if line:find("^range") or line:find("^title") or line:find("^sheet note") then
        print(line)
    end
end
print(t:freq("Gender"))
-- a name that is not there lists the ones that are
for _, name in ipairs{ "Sex", "Gendr" } do
    local msg = select(2, pcall(function() return t:freq(name) end))
    print((msg:gsub("^[^:]*:%d+: ", "")))
end
codes = load_sheet("shared/spreadsheets/Complaint Categories.xlsx", 1, { report = false })
print(#codes, table.concat(codes:names(), " | "))
print(codes:head(2))
