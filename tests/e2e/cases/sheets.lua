-- Workbooks as a user meets them: the list of sheets, one sheet with its
-- layout found, markers kept with their reason, the displayed texts, raw
-- mode, a range given by hand, load() by content, and the errors.
book = ov.datadir .. "/complaints_table.ods"
print(sheets(book):select{ "sheet", "name", "rows", "columns", "cells" })
t = load_sheet(book, "Table_1", { report = false })
print(t)
print(t:markers())
print(t:markers("Year ending 31 March / 2024/25"):select{ "row", "cell", "marker", "meaning" })
print(t:shown():head(1))
raw = load_sheet(book, 2, { header = false, report = false })
print(#raw, #raw:names(), raw[4].B, raw[5].B)
r = load_sheet(book, "Table_1", { range = "A5:C9", report = false })
print(r)
-- load() knows a workbook, a CSV and a gzip by content; Lua chunks still load
print(#load(book, { sheet = 2, report = false }))
print(#load("data/complaints.csv", { report = false }))
print(#load("data/z/forces.csv.gz", { report = false }))
print(load("return 1 + 1")())
-- a merged cell and 1904 dates
print(load_sheet("data/xl/merged.xlsx", 1, { header = false, report = false }))
print(load_sheet("data/xl/date1904.xlsx", 1, { header = false, report = false }))
-- errors name the file and say what is wrong
for _, f in ipairs{
    function() return load_sheet(book, "Tabel_1") end,
    function() return load_sheet(book, 3) end,
    function() return load_sheet(book, "Table_1", { range = "A7:H" }) end,
    function() return load_sheet("data/xl/encrypted.ods") end,
    function() return load_sheet("data/xl/doctype.xlsx") end,
    function() return load_sheet("data/complaints.csv") end,
    function() return load_sheet("data/xl/biff5.xls") end,
    function() return load_sheet("data/xl/filepass.xls") end,
    function() return t:where("Measure == 'x'"):markers() end,
    function() return load("data/complaints.csv", { sheet = 1 }) end,
} do
    local msg = select(2, pcall(f))
    msg = msg:gsub("^[^:]*:%d+: ", "")
    local i, j = msg:find(ov.datadir, 1, true)
    if i then msg = msg:sub(1, i - 1) .. "DATADIR" .. msg:sub(j + 1) end
    print(msg)
end
