-- Plain Lua through oversight: arithmetic, strings, loops, functions.
print(1 + 1)
print(7 / 2, 7 // 2, 2 ^ 10)
total = 0
for i = 1, 10 do
  total = total + i
end
print(total)
function share(part, whole)
  return part / whole * 100
end
print(string.format("%.1f%%", share(7, 3787)))
names = {"Essex", "Kent", "Norfolk"}
print(#names, table.concat(names, ", "))
print(("oversight"):upper())
