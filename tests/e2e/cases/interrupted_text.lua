-- Ctrl-C is a status, not a message (issue 13): a script's own
-- error("interrupted") is an error like any other, named where it failed.
t = example()
function try(f, ...)
    local ok, msg = pcall(f, ...)
    print(ok and "ok" or (msg:gsub("^[^:]*:%d+: ", "")))
end
try(function() return t:where(function(r) error("interrupted", 0) end) end)
try(error, "interrupted", 0)
print("still running")
error("interrupted", 0)
