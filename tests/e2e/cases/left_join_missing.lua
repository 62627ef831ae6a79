-- Columns from the right-hand table of a left join, read by an expression,
-- with unmatched rows beyond one 1,024-row block: every type (text and date
-- values are 4 bytes wide in the evaluator, bool 1) must read as missing
-- without writing past its buffer (issue 12, item 1).
ids = {}
for i = 1, 2000 do ids[i] = i % 7 end
t = new_table{ id = ids }
map = load_csv("data/join_map.csv")
j = t:join(map, "id", { how = "left" })
print(#j:where("s is nil"), #j:where("b is nil"), #j:where("d is nil"),
      #j:where("f is nil"), #j:where("n is nil"))
print(#j:where("s == 'x'"), #j:where("b"), #j:where("d >= '2020-01-01'"))
print(j:mutate{ s2 = "coalesce(s, 'none')" }:freq("s2"))
print(j:group_by("s"):agg{ n = "count()", total = "sum(n)", last = "max(d)" })
