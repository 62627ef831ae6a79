-- Figures that keep their arithmetic, and published claims checked against
-- them: the Essex seed figures (7 of 3,787), the wordings articles use,
-- and the arithmetic shown step by step for a classroom.
x = pct(7, 3787)
print(x, x.part, x.whole, x.kind)
print(x < 1, x < 0.2, x > 0.18, x * 2, "share: " .. x)
print(pct(1, 16), pct(1, 16):format(2), pct(1, 16):round(0), pct(1, 8) == pct(2, 16))
print(rate(1778, 3400, 1000), change(67732, 75020), change(36365, 35738), pp(92, 91))
explain(pct(7, 3787))
explain(change(67732, 75020))
explain(rate(1778, 3400, 1000))
explain(pp(92, 91))
print(check("0.2 per cent", 7, 3787))
print(check("fewer than one per cent", 7, 3787))
print(check("0.2%", 7, 3787, { among = { 1048, 1778, 4133 } }))
print(check("91 per cent", nil, 3787))
print(check("108 (46 per cent)", 108, 232))
print(check("an 11% increase", change(67732, 75020)))
print(check("almost 12% less", change(35738, 31620)))
print(check("nearly two thirds", 60, 91))
print(check("829 number of allegations per employee", rate(3569, 4305, 1000)))
v = check("45% of cases", 1541, 2176)
print(v.consistent, v.rounding, v.low, v.high)
print(pcall(check, "most complaints", 7, 3787))
print(pcall(check, "an 11% increase", 75020, 67732))
print(pcall(pct, 7, 0))
-- figures too large to show are refused, saying why (they printed
-- -922,337,203,685,477,580.8%); the largest there are print every digit
print(pcall(pct, 1e18, 3))
print(pcall(change, 1e-300, 1e300))
print(pcall(rate, 1, 1e-300, 1000))
print(pct(1e12, 1), pct(1e31, 1e20):format(3))
-- numbers read for certain, and the reading said (issue 12, item 6)
print(check("10,5%", 21, 200))
print(check("one in a million", 1, 1100000))
print(check("1 000 per cent", nil, 7))
print(check("1,50%", 3, 200).reading)
for _, claim in ipairs{ "5e2%", "1e309 per cent", "0x10%", "1 in 0", "one in zero",
                        "zero thirds", "1.234,5%", "10-15%", "1'500%" } do
    print(pcall(check, claim, 1, 3))
end
