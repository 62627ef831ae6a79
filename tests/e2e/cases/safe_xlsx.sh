# Writing .xlsx: a failed write leaves the old file as it was (and no
# temporary file behind); wrong arguments are refused before any file is
# touched; under --safe a hostile script cannot write a workbook outside
# the working directory, by path, by a symbolic link or through write_xlsx.
out=$(cd .. && pwd -P)/outside.safe_xlsx
here=$(pwd -P)
rm -rf "$out"
mkdir "$out"
run() {
    "$@" >run.log 2>&1
    st=$?
    sed -e "s|$out|OUTSIDE|g" -e "s|$here|HERE|g" run.log
    rm -f run.log
    echo "exit $st"
}
$OV -q -e 'example():write("old.xlsx")' || exit 1
cp old.xlsx kept.xlsx
echo "-- failures leave old.xlsx as it was"
# a cell longer than Excel allows fails in the middle of the sheet
run $OV -q -e 'new_table{ a = { "short", string.rep("x", 40000) } }:write("old.xlsx")'
run $OV -q -e 'example():write("old.xlsx", { sheet = "a/b" })'
run $OV -q -e 'example():write("old.xlsx", { sheet = "Sources" })'
run $OV -q -e 'example():write("old.xlsx", { sheet = string.rep("s", 32) })'
run $OV -q -e 'example():write("old.xlsx", { sheets = "x" })'
run $OV -q -e 'write_xlsx("old.xlsx", { a = example(), A = example() })'
run $OV -q -e 'write_xlsx("old.xlsx", { { "a", example() }, b = example() })'
run $OV -q -e 'write_xlsx("old.xlsx", { a = "not a table" })'
run $OV -q -e 'write_xlsx("old.xlsx", { { example() } })'
run $OV -q -e 'write_xlsx("old.xlsx", {})'
run $OV -q -e 'example():write("old.xls")'
cmp old.xlsx kept.xlsx && echo "old.xlsx unchanged"
ls -a | grep -v -e '^\.\.*$' -e '^data$' -e '^shared$' -e '\.log$' | tr '\n' ' '
echo
echo "-- --safe: outside the working directory"
ln -s "$out" away
ln -s "$out/evil.xlsx" evil.xlsx
run $OV -q --safe -e 'example():write("'"$out"'/x.xlsx")'
run $OV -q --safe -e 'example():write("../outside.safe_xlsx/x.xlsx")'
run $OV -q --safe -e 'example():write("away/x.xlsx")'
run $OV -q --safe -e 'example():write("evil.xlsx")'
run $OV -q --safe -e 'write_xlsx("'"$out"'/x.xlsx", { t = example() })'
run $OV -q --safe -e 'write_xlsx("away/x.xlsx", { { "t", example() } })'
echo "outside: $(ls -A "$out" | wc -l) files"
echo "-- --safe: inside it, as without"
run $OV -q --safe -e 'example():write("in.xlsx"); write_xlsx("in2.xlsx", { t = example() })
  print(#load_sheet("in.xlsx", "example"), #load_sheet("in2.xlsx", "t"))'
rm -rf "$out"
