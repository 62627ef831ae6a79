-- Loading CSV files from Lua: what a table shows, its size and names,
-- writing it back, and the rows the loader set aside.
t = load_csv("data/complaints.csv")
print(t)
print(#t, #t:names(), t:names()[2])

-- a BOM, CRLF line ends, no final newline, numbers with thousands separators
w = load_csv("data/bom_crlf.csv")
print(w)

-- Latin-1 and Windows-1252 are transcoded when asked
print(load_csv("data/latin1.csv", { encoding = "latin1" }))
print(load_csv("data/cp1252.csv", { encoding = "cp1252" }))

-- rows with the wrong number of fields: kept aside, never dropped silently
r = load_csv("data/ragged.csv", { on_ragged = "skip" })
print(#r, #r:rejects())
print(r:rejects())
p = load_csv("data/ragged.csv", { on_ragged = "pad" })
print(p)

-- written and loaded again, the table is the same
t:write("copy.csv")
c = load_csv("copy.csv")
same = #c == #t
for i, name in ipairs(t:names()) do same = same and c:names()[i] == name end
print("round trip:", same)
print(io.open("copy.csv"):read("l"))
w:write("bom.csv")
print(io.open("bom.csv"):read("a"))
