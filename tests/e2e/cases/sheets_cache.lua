-- The book sheets() opened is kept for load_sheet on the same file, and
-- its grids with it; a file changed in between is read again, never the
-- old one. An empty sheet is refused the same way read fresh or kept.
function copy(from, to)
    local f = assert(io.open(from, "rb"))
    local s = f:read("a")
    f:close()
    f = assert(io.open(to, "wb"))
    f:write(s)
    f:close()
end
copy("data/xl/prefixes.ods", "book.ods")
print(sheets("book.ods"):select{ "sheet", "name", "cells" })
for i = 1, 3 do
    print(load_sheet("book.ods", i, { header = false, report = false }))
end
print(load_sheet("book.ods", "Three", { header = false, report = false }))
copy("data/xl/repeat.ods", "book.ods")
print(sheets("book.ods"):select{ "sheet", "name", "cells" })
print(load_sheet("book.ods", 2, { header = false, report = false }))
copy("data/xl/merged.xlsx", "book.ods")
print(load_sheet("book.ods", 1, { header = false, report = false }))
print(pcall(load_sheet, "book.ods", 2))
print(sheets("book.ods"):select{ "sheet", "name", "cells" })
print(pcall(load_sheet, "book.ods", 2))
