-- Statements that span lines: the interactive path reads continuation
-- lines until the chunk is complete.
t = {
  a = 1,
  b = 2,
}
print(t.a + t.b)
s = [[line one
line two]]
print(s)
function count_up(n)
  local out = {}
  for i = 1, n do
    out[#out + 1] = i
  end
  return table.concat(out, " ")
end
print(count_up(5))
