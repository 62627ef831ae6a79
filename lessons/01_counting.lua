-- Lesson 1: counting. What is a row?
-- A small made-up table of ten allegations against three forces.
a = example()
a:select("complaint_id", "force", "outcome")

-- freq counts each value, most frequent first.
a:freq("outcome")

-- One row per force: allegations (rows), complaints (distinct ids),
-- and the share of allegations referred to misconduct proceedings.
a:group_by("force"):agg{
  allegations = "count()",
  complaints  = "count_distinct(complaint_id)",
  referred    = "pct(outcome == 'Referred to misconduct proceedings')",
}

-- Essex: 6 allegations, 5 complaints. CO-001 holds two allegations.
a:where("complaint_id == 'CO-001'"):select("complaint_id", "category", "outcome")
