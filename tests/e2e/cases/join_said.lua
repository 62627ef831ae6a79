-- A join says in the provenance which table it joined, on what, how, and
-- how the rows matched (issue 18, item 13); new_table says no file facts
a = new_table{ id = {1, 2, 3}, force = {"A", "B", "C"} }
b = new_table{ id = {1, 1, 2, 4}, x = {"p", "q", "r", "s"} }
j = a:join(b, "id", { how = "left" })
print(j:provenance())
print(b:join(a, "id"):provenance())
print(a:join(a, "id"):provenance())
