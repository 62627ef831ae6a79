# load_csv of things that are not CSV files: each is an error naming the
# file and what was expected (or, for a header alone, an empty table),
# never a crash or a hang. book.xlsx and data.csv.gz are only the first
# bytes of a zip and a gzip file: damaged ones.
mkdir folder
mkfifo pipe
: > empty.csv
printf 'a,b,c\r\n' > header_only.csv
printf '\177ELF\2\1\1\0\0\0\0\0\0\0\0\0\3\0>\0' > program
printf 'PK\3\4\24\0\0\0\10\0' > book.xlsx
printf '\377\376i\0d\0\n\0' > utf16.csv
printf '\37\213\10\0\0\0\0\0' > data.csv.gz
printf '%%PDF-1.4\n' > report.pdf
$OV -e '
for _, f in ipairs{"folder", "pipe", "/dev/zero", "/dev/null", "empty.csv", "program",
                   "book.xlsx", "utf16.csv", "data.csv.gz", "report.pdf", "absent.csv"} do
    local ok, e = pcall(load_csv, f)
    print(ok, e)
end
print(load_csv("header_only.csv"))
'
echo "status $?"
# gzip and zip data in a pipe: not inflated, and said so
cat data.csv.gz | $OV -e 'print(pcall(load_csv, "/dev/stdin"))'
cat book.xlsx | $OV -e 'print(pcall(load_csv, "/dev/stdin"))'

