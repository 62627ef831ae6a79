-- Compressed input: gzip by content, zip members by name or glob, stacks
-- with a member column, and each bad archive said plainly.
function try(f, ...)
  local ok, r = pcall(f, ...)
  if not ok then print(r) end
end
function facts(t)
  for _, k in ipairs({ "table", "member", "members", "compressed" }) do
    local v = t:provenance():match(k .. ": ([^\n]*)")
    if v then print(k .. ": " .. v) end
  end
end

t = load_csv("data/z/forces.csv.gz")
print(t)
facts(t)
-- the bytes decide, not the name
print(#load_csv("data/z/forces_gz.csv"), #load_csv("data/z/members.csv.gz"))

t = load_csv("data/z/one.zip")
print(#t)
facts(t)
print(#load_csv("data/z/three.zip", { member = "2020.csv" }))

t = load_csv("data/z/three.zip", { member = "*.csv" })
print(t)
print(t:schema())
facts(t)
print(t:freq("member"))

try(load_csv, "data/z/three.zip")
try(load_csv, "data/z/three.zip", { member = "2022.csv" })
try(load_csv, "data/z/three.zip", { member = "*.tsv" })
try(load_csv, "data/z/three.zip", { member = 2020 })
try(load_csv, "data/z/shapes.zip", { member = "*.csv" })
try(load_csv, "data/z/truncated.csv.gz")
try(load_csv, "data/z/corrupt.csv.gz")
try(load_csv, "data/z/empty.zip")
try(load_csv, "data/z/workbook.zip")
try(load_csv, "data/z/ods.zip")
try(load_csv, "data/z/bomb.zip")
try(load_csv, "data/z/encrypted.zip")
try(load_csv, "data/z/corrupt.zip")
