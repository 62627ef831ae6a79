-- Lesson 4: is it just small numbers?
-- Essex referred 7 of 3,787 complaints to misconduct proceedings.
essex = pct(7, 3787)

-- How far could 0.2% move by chance? Its 95% confidence interval, in %.
essex:ci()

-- The same at 99.8%, the level a funnel plot's outer limits use.
essex:ci{ level = 0.998 }

-- How the interval is worked out, step by step.
explain(essex, { ci = true })

-- A figure on 12 cases: 91.7%, but how sure can we be?
few = pct(11, 12)
few:ci()

-- Comparing forces: each force against the average of all, with limits
-- that widen as the numbers get smaller (a funnel plot). The BBC's
-- per-force figures, when the outside data is beside the project.
bbc_path = "../shared/data/uk-bbc-iopc-misconduct/iopc_forfunnel.csv"
if io.open(bbc_path) then
  f, s = funnel(load_csv(bbc_path), { part = "indicator number",
                                      whole = "sample size", label = "item name" })
  print(s)
  print(f:where("flag95 ~= 'within'"):select("label", "part", "whole", "value", "flag95"))
else
  print("(the BBC file is not here: see docs/tutorial.md, section 7)")
end

-- Two forces side by side: how many times one share is the other.
ratio(pct(8, 2781), pct(3, 6524))
