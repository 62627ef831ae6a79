# A date literal that is two different days read month first and day first
# is refused, saying both (issue 18, item 12); one that is not is read
printf 'complaint_date,n\n2020-01-02,1\n2020-02-01,2\n2020-05-05,3\n' > d.csv
$OV -e 't = load_csv("d.csv")' \
    -e 'print(pcall(t.where, t, "complaint_date >= \x2701/02/2020\x27"))' \
    -e 'print(#t:where("complaint_date >= \x2713/02/2020\x27"))' \
    -e 'print(#t:where("complaint_date == \x2705/05/2020\x27"))' \
    -e 'print(#t:where("complaint_date >= \x272020-02-01\x27"))' \
    -e 'print(pcall(t.where, t, "complaint_date in (\x2702/03/2020\x27)"))' 2>&1
