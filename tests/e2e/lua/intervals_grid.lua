-- Prints oversight's intervals for a grid of cases, one a line with every
-- digit (%.17g), for intervals_scipy.py to compare with scipy/statsmodels:
--   pct METHOD X N LEVEL LO HI      (percent)
--   rate METHOD X WHOLE LEVEL LO HI (per 1,000)
--   ratio pct|rate X N X2 N2 LEVEL RATIO LO HI
local levels = { 0.5, 0.9, 0.95, 0.99, 0.998 }
local function g(v) return string.format("%.17g", v) end
for _, n in ipairs{ 1, 2, 10, 37, 100, 3787, 147430 } do
    local seen = {}
    for _, x in ipairs{ 0, 1, n // 3, n - 1, n, 7 } do
        if x >= 0 and x <= n and not seen[x] then
            seen[x] = true
            for _, level in ipairs(levels) do
                for _, m in ipairs{ "wilson", "exact" } do
                    local lo, hi = ci(pct(x, n), { level = level, method = m })
                    print("pct", m, x, n, g(level), g(lo), g(hi))
                end
            end
        end
    end
end
for _, x in ipairs{ 0, 1, 3, 7, 9, 10, 25, 1778, 147430 } do
    for _, level in ipairs(levels) do
        for _, m in ipairs{ "exact", "byar" } do
            local lo, hi = ci(rate(x, 3746, 1000), { level = level, method = m })
            print("rate", m, x, 3746, g(level), g(lo), g(hi))
        end
    end
end
for _, c in ipairs{ { 7, 3787, 3, 3746 }, { 12, 100, 5, 120 }, { 1, 1, 1, 2 },
                    { 1778, 3400, 1650, 3746 } } do
    for _, level in ipairs(levels) do
        for _, kind in ipairs{ "pct", "rate" } do
            local f = kind == "pct" and pct or rate
            local r = ratio(f(c[1], c[2]), f(c[3], c[4]), { level = level })
            print("ratio", kind, c[1], c[2], c[3], c[4], g(level), g(r.ratio), g(r.lo),
                  g(r.hi))
        end
    end
end
