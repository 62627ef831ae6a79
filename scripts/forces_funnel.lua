-- forces_funnel.lua - is any force an outlier, or is it small numbers?
-- Each force's count per 1,000 (the BBC Shared Data Unit's per-force
-- indicator count over its sample size, 39 forces of England and Wales)
-- compared with the average of all forces in a funnel plot: limits at 95%
-- and 99.8% around the pooled figure, wider for smaller forces, exact
-- binomial where the counts are too small for the normal approximation,
-- and an adjustment when forces differ more than chance would make them.
--
--   oversight scripts/forces_funnel.lua [iopc_forfunnel.csv]
--
-- (the file is not bundled: by default it is read from ../shared/data)
local path = arg[1] or "../shared/data/uk-bbc-iopc-misconduct/iopc_forfunnel.csv"
local forces = load_csv(path)

local f, s = funnel(forces, { part = "indicator number", whole = "sample size",
                              label = "item name" })
-- per 1,000: the funnel's values are percentages
f = f:mutate{ per_1000 = "round(part * 1000.0 / whole, 2)",
              lo998_per_1000 = "round(lo998 * 10, 2)",
              hi998_per_1000 = "round(hi998 * 10, 2)" }

print(string.format("%d forces; all together %.2f per 1,000 (the target line)",
                    s.n_units, s.target * 10))
print()
print("Furthest from the average first (z-score), with the 99.8% limits per 1,000:")
print(f:sort("-z"):select("label", "part", "whole", "per_1000", "lo998_per_1000",
                         "hi998_per_1000", "z", "flag95", "flag998", "method"):head(10))
print()
print(string.format("outside the 95%% limits: %d (about %.0f of %d would be by chance)",
                    s.outside95, 0.05 * s.n_units, s.n_units))
print(string.format("outside the 99.8%% limits: %d", s.outside998))
print(string.format("overdispersion phi = %.2f: %s", s.phi,
                    s.phi > 1 and "forces differ more than chance alone would make them"
                        or "no more spread than chance"))
print(string.format("after widening the limits by sqrt(phi): %d outside 95%%, %d outside 99.8%%",
                    s.outside95_adjusted, s.outside998_adjusted))
print()
if s.outside998_adjusted == 0 then
    print("No force is outside the adjusted 99.8% limits: on these numbers, no force")
    print("can be called an outlier; differences between forces are within what small")
    print("numbers and ordinary variation produce.")
else
    print("Outside the adjusted 99.8% limits, worth a closer look:")
    print(f:where("flag998 ~= 'within'"):select("label", "per_1000", "z"))
end
