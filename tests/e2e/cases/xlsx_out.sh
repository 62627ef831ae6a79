# t:write("x.xlsx") and write_xlsx read back by an independent reader
# (python3-openpyxl): every cell's value, type and number format, the
# percentage and rate formulas with their cached values, the frozen bold
# header and the Sources sheet; then read back by oversight's own
# load_sheet, which gives the table that was written.
cp data/xlsx_out.csv w.csv
$OV -q -e '
local t = load_csv("w.csv")
t:mutate{ share = "pct(incidents, officers)", per1000 = "rate(incidents, officers, 1000)" }
 :write("one.xlsx", { sheet = "Forces" })
t:write("plain.xlsx")
write_xlsx("map.xlsx", { zeta = t:freq("reviewed"), alpha = t:select("force", "incidents") })
write_xlsx("list.xlsx", { { "zeta", t:select("force") }, { "alpha", t:select("note") } })
' || exit 1
"${PYTHON3:-python3}" - <<'PY'
import datetime
import openpyxl

def show(v):
    if isinstance(v, datetime.datetime):
        return 'date ' + v.date().isoformat()
    return f'{type(v).__name__} {v!r}'

for name in ['one.xlsx', 'map.xlsx', 'list.xlsx']:
    book = openpyxl.load_workbook(name)
    cached = openpyxl.load_workbook(name, data_only=True)
    print(f'{name}: sheets {book.sheetnames}')
    if name != 'one.xlsx':
        continue
    for ws in book.worksheets[:1]:
        cw = cached[ws.title]
        print(f'-- {ws.title}: {ws.max_row} rows, {ws.max_column} columns, '
              f'frozen at {ws.freeze_panes}, header bold: '
              f'{all(c.font.b for c in ws[1])}')
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                line = f'{c.coordinate} {show(c.value)} [{c.number_format}]'
                if c.data_type == 'f':
                    line += f' cached {cw[c.coordinate].value!r}'
                print(line)
    ws = book['Sources']
    print(f'-- Sources: frozen at {ws.freeze_panes}, header bold: '
          f'{all(c.font.b for c in ws[1])}')
    # the facts of a load name a temporary path and times: items only
    for sheet, item, detail in ws.iter_rows(values_only=True):
        print(sheet, '|', item, '|', detail if item in ('table', 'step 1') else '...')
    ws = book['Forces']
    widths = {k: round(d.width) for k, d in ws.column_dimensions.items()}
    print('widths', widths)
PY
# the figures Excel works out from the formulas equal the cached ones:
# every percentage and rate formula evaluated here as Excel's ROUND does
# (half away from zero), from the cells it names
"${PYTHON3:-python3}" - <<'PY'
import decimal, re
import openpyxl
book = openpyxl.load_workbook('one.xlsx')
cached = openpyxl.load_workbook('one.xlsx', data_only=True)['Forces']
n = 0
for row in book['Forces'].iter_rows():
    for c in row:
        m = c.data_type == 'f' and re.fullmatch(r'=ROUND\((\d+)\*([A-Z]+\d+)/([A-Z]+\d+),1\)', c.value)
        if not m:
            continue
        per, a, d = int(m[1]), cached[m[2]].value, cached[m[3]].value
        q = (decimal.Decimal(per) * decimal.Decimal(a) / decimal.Decimal(d)).quantize(
            decimal.Decimal('0.1'), rounding=decimal.ROUND_HALF_UP)
        assert float(q) == cached[c.coordinate].value, (c.coordinate, q)
        n += 1
print(f'{n} formulas agree with their cached values')
PY
# largest-remainder rounding moves one third to 33.4: the formula says so;
# a change column's numerator is new - old over the old value
$OV -q -e '
local t = new_table{ g = { "a", "b", "c" }, x = { 10, 15, 12 } }
write_xlsx("moved.xlsx", {
  thirds = t:freq("g", { rounding = "largest_remainder" }):select("g", "n", "pct"),
  change = t:mutate{ ch = "change(x)" } })
' || exit 1
"${PYTHON3:-python3}" - <<'PY'
import openpyxl
book = openpyxl.load_workbook('moved.xlsx')
cached = openpyxl.load_workbook('moved.xlsx', data_only=True)
for ws in book.worksheets[:2]:
    print(f'-- {ws.title}')
    for row in ws.iter_rows():
        print(' | '.join('' if c.value is None else
                         f'{c.value} = {cached[ws.title][c.coordinate].value}'
                         if c.data_type == 'f' else str(c.value) for c in row))
PY
# oversight reads its own workbook back as the table it wrote
# (the same types and values; 2.50 comes back as the number 2.5, its two
# decimals being the cell's format)
$OV -q -e '
local function same(a, b)
  if #a ~= #b or #a:names() ~= #b:names() then return "sizes differ" end
  local sa, sb = a:schema(), b:schema()
  for i = 1, #sa do
    if sa[i].column ~= sb[i].column or sa[i].type ~= sb[i].type then
      return "column " .. i .. " differs"
    end
  end
  for i = 1, #a do
    for _, n in ipairs(a:names()) do
      if a[i][n] ~= b[i][n] then return "row " .. i .. ", " .. n .. " differs" end
    end
  end
  return "the same table"
end
local t = load_csv("w.csv")
print("plain.xlsx:", same(t, load_sheet("plain.xlsx", "w")))
print("map.xlsx alpha:", same(t:select("force", "incidents"), load("map.xlsx", { sheet = "alpha" })))
ov.display{ mode = "csv" }
print(load_sheet("plain.xlsx", 1))
print(load_sheet("list.xlsx", "alpha"))
'
