# cairo and libgsf are opened when first needed (src/engine/ov_dl.c): a
# session that draws no PNG or PDF and reads no .xls never maps them or the
# libraries beneath them (X11, fontconfig, glib, libxml2, ICU), which were
# two thirds of every start-up's time. Drawing a PNG opens cairo, reading
# an .xls opens libgsf, and under --safe both open inside the walls.
# Not under valgrind or ASan (plain-memory): fontconfig, under cairo's text,
# keeps its configuration for the life of the process and they report it.
xl=$OV_SRCDIR/tests/data/xl
$OV -q -e 'local function mapped(...)
    local want, seen = { ... }, {}
    for l in io.lines("/proc/self/maps") do
      for _, name in ipairs(want) do
        if l:find("/" .. name, 1, true) then seen[name] = true end
      end
    end
    local out = {}
    for _, name in ipairs(want) do out[#out + 1] = name .. (seen[name] and " yes" or " no") end
    return table.concat(out, ", ")
  end
  print("at start:", mapped("libcairo", "libgsf", "libX11", "libglib", "libxml2", "libicu"))
  local f = example():freq("outcome")
  f:chart{ file = "bars.svg" }
  print("after an SVG:", mapped("libcairo"))
  f:chart{ file = "bars.png" }
  print("after a PNG:", mapped("libcairo", "libgsf"))
  print(#load_sheet("'"$xl"'/results.xls", 1, { header = false }), "rows from an .xls")
  print("after an .xls:", mapped("libgsf", "libglib"))'
$OV --safe -q -e 'local f = example():freq("outcome")
  f:chart{ file = "safe.png" }
  f:chart{ file = "safe.pdf" }
  print(#load_sheet("'"$xl"'/results.xls", 1, { header = false }), "rows from an .xls under --safe")'
head -c 8 safe.png | od -An -c | tr -s ' '
head -c 5 safe.pdf; echo
