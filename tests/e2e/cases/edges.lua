-- Values at the edges: each is an error that says why, or the right value;
-- never a crash, a wrapped number or a silently shortened text (issue 12).
t = new_table{ x = {1, 2, 3} }
function try(f, ...)
  local ok, r = pcall(f, ...)
  print(ok and "ok" or "error", ok and tostring(r) or (r:gsub("^[^:]*:%d+: ", "")))
end
-- INT64_MIN % -1 traps in C; it is 0
try(function() return #t:where("(-9223372036854775807 - 1) % -1 == 0") end)
try(function() return t:mutate{ y = "-(-9223372036854775807 - 1)" } end)
try(function() return t:mutate{ y = "abs(-9223372036854775807 - 1)" } end)
try(function() return t:mutate{ y = "round(x * 1.25, 4294967296)" }[3].y end)
try(function() return t:mutate{ y = "round(0.001, -2147483647)" }[1].y end)
d = load_csv("data/complaints.csv")
try(function() return d:mutate{ later = "received + 3000000000" } end)
try(function() return d:mutate{ later = "received + 365" }[1].later end)
-- C reads text up to a NUL byte: the rest must not be dropped unseen
try(function() return #t:where("x == 1\0 or x > 0") end)
try(function() return #t:where{ x = "1\0" } end)
try(function() return t:mutate{ ["y\0z"] = "x" } end)
try(function() return load_csv("data/complaints.csv\0.gz") end)
