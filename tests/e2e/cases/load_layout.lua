-- Where the table begins: a first row that is data, lines above the table,
-- rows with every field empty. Each is said in the load report, whose notes
-- stay in t:provenance() (shown here: the report's timing would vary).
function notes(t)
    for line in t:provenance():gmatch("[^\n]+") do
        if line:match("^note") or line:match("^preamble") or line:match("^load options") then
            print(line)
        end
    end
end

h = load_csv("data/headerless.csv")
notes(h)
print(h)
print(load_csv("data/headerless.csv", { header = true }):names()[1])
print(#load_csv("data/headerless.csv", { header = false }))

p = load_csv("data/preamble.csv")
notes(p)
print(p)
notes(load_csv("data/preamble.csv", { skip = 3 }))

e = load_csv("data/empty_rows.csv")
notes(e)
print(#e)
