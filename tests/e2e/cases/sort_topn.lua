-- t:sort(...) sorts when the table is first used; head and tail of a sort
-- not yet done pick their rows without the whole sort: the same rows, the
-- same order and ties, the same provenance as the whole sort's.
d = load_csv("data/complaints.csv")
function rows(t)
  local out = {}
  for i = 1, #t do
    local r = {}
    for _, c in ipairs(t:names()) do r[#r + 1] = tostring(t[i][c]) end
    out[#out + 1] = table.concat(r, "|")
  end
  return table.concat(out, "\n")
end
print(d:sort("force", "-officer_age"):head(4))
print(d:sort("-year", "outcome"):tail(3))
for _, keys in ipairs({ { "force" }, { "-officer_age", "complaint_id" }, { "outcome", "-received" } }) do
  local whole = d:sort(table.unpack(keys))
  print(#whole) -- the sort is done here
  for _, n in ipairs({ 0, 1, 3, 11, 50 }) do
    local h, t = d:sort(table.unpack(keys)):head(n), d:sort(table.unpack(keys)):tail(n)
    assert(rows(h) == rows(whole:head(n)), "head " .. n)
    assert(rows(t) == rows(whole:tail(n)), "tail " .. n)
    assert(h:provenance():match("steps:.*") == whole:head(n):provenance():match("steps:.*"))
  end
end
-- every other operation sees the table sorted
s = d:sort("-officer_age")
print(s:where("officer_age > 40"):select("complaint_id", "officer_age"))
print(s:provenance():match("steps:.*"))
-- a wrong key fails at sort, not later
print(select(2, pcall(function() return d:sort("nope") end)):match("sort: .*"))
