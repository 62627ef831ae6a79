-- Lesson 3: checking what a news story says.
-- "7 of 3,787 complaints: 0.2 per cent".
check("0.2 per cent", 7, 3787)

-- The headline: "fewer than one per cent".
check("fewer than one per cent", 7, 3787)

-- Which official total could the 3,787 be? (the Home Office's 1,048
-- complaint cases, the IOPC's 1,778 cases and 4,133 allegations)
check("0.2 per cent", 7, 3787, { among = { 1048, 1778, 4133 } })

-- What the glossary says about the difference.
define("allegation")

-- A published figure that does not survive the check.
check("108 (46 per cent)", 108, 232)
