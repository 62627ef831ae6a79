-- A running total sorted into another order is worked out again in that
-- order, and the provenance says so (issue 18, item 11)
f = example():freq("outcome")
print(f)
s = f:sort("outcome")
print(s)
print(s:provenance())
print(f:sort("-n", "outcome"):head(3))
-- a table with no running total sorts as before
print(example():freq("force"):select("force", "n"):sort("force"))
