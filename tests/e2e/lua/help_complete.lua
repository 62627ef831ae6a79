-- Every global function of oversight, every method of tables, columns and
-- figures, and every ov.* function has a help entry whose example runs.
-- The globals and methods are listed from the running program, not from
-- the help table, so a function added without help fails here.
-- Usage: oversight help_complete.lua REPORT  (examples print to stdout)
local report = assert(io.open(arg[1], "w"))
local lua_std = {}
for name in ([[assert collectgarbage dofile error getmetatable ipairs load
  loadfile next pairs pcall print rawequal rawget rawlen rawset require select
  setmetatable tonumber tostring type xpcall warn]]):gmatch("%S+") do
    lua_std[name] = true
end

local names = {}
for k, v in pairs(_G) do
    if type(v) == "function" and not lua_std[k] then names[#names + 1] = k end
end
for k, v in pairs(ov) do
    if type(v) == "function" then names[#names + 1] = "ov." .. k end
end
local function methods(kind, value)
    for k in pairs(getmetatable(value).methods) do names[#names + 1] = kind .. ":" .. k end
end
local t = example()
methods("table", t)
methods("column", t:col("force"))
methods("figure", pct(1, 2))
-- the expression language's figures, documented beside the methods
names[#names + 1] = "expr:rate"
names[#names + 1] = "expr:pct"
names[#names + 1] = "expr:ci_lo"
names[#names + 1] = "expr:ci_hi"
names[#names + 1] = "expr:force_name"
-- the grouped table's methods and the window functions of mutate
names[#names + 1] = "grouped:agg"
names[#names + 1] = "grouped:mutate"
for _, f in ipairs{ "lag", "lead", "row_number", "rank", "dense_rank", "cumsum", "share",
    "change" } do
    names[#names + 1] = "expr:" .. f
end
names[#names + 1] = "expr:if"
names[#names + 1] = "expr:case"
names[#names + 1] = "expr:coalesce"
table.sort(names)

local ok, bad = 0, 0
for _, name in ipairs(names) do
    local d = ov.doc(name)
    local problem
    if not d then
        problem = "no help entry"
    elseif d.summary == "" or d.usage == "" then
        problem = "empty help"
    else
        local chunk, err = load(d.example, "=example of " .. name)
        if not chunk then
            problem = "example does not compile: " .. err
        else
            local good, msg = pcall(chunk)
            if not good then problem = "example fails: " .. tostring(msg) end
        end
    end
    if problem then
        bad = bad + 1
        report:write("FAIL ", name, ": ", problem, "\n")
    else
        ok = ok + 1
    end
end
report:write(ok, " documented with a working example, ", bad, " not\n")
report:close()
