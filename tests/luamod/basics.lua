-- The module from the stock interpreter: functions and table methods as
-- in the shell, the user's globals left alone.
local ov = require "oversight"
assert(require "oversight" == ov, "require returns the same table")
print(type(ov.load_csv), type(ov.pct), ov.version == nil)
-- no globals added, print and load not replaced
print(rawget(_G, "load_csv"), rawget(_G, "ov"), rawget(_G, "help"))
print(print == _G.print, type(load) == "function")

local t = ov.load_csv("data/complaints.csv")
print(#t, table.concat(t:names(), ","))
print(t:freq("force"))
local g = t:group_by("year"):agg{ n = "count()", essex = "pct(force == 'Essex Police')" }
print(g)
print(g[1].year, g[1].n)
print(ov.pct(3, 12), ov.check("25%", 3, 12))

-- errors are Lua errors, as in the shell
local ok, msg = pcall(ov.load_csv, "data/no_such_file.csv")
print(ok, msg)
ok, msg = pcall(t.freq, t, "forse")
print(ok, msg)
