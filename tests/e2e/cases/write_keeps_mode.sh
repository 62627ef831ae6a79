# Writing over a file keeps its permission bits exactly, also bits the
# umask would take away and also under --safe (whose seccomp filter
# refuses fchmod); a new file gets 0666 less the umask.
umask 022
printf 'a\n1\n' >shared.csv
chmod 0666 shared.csv
$OV -q -e 'load_csv("shared.csv"):write("shared.csv")'
stat -c '%a %n' shared.csv
chmod 0604 shared.csv
$OV -q --safe -e 'load_csv("shared.csv"):write("shared.csv")'
stat -c '%a %n' shared.csv
chmod 0666 shared.csv
$OV -q --safe -e 'load_csv("shared.csv"):write("shared.csv")'
stat -c '%a %n' shared.csv
$OV -q --safe -e 'load_csv("shared.csv"):write("new.csv")'
stat -c '%a %n' new.csv
# only the permission bits: a set-user-ID, set-group-ID or sticky file
# written over comes back without them (a planted set-user-ID file written
# by root became a root-owned set-user-ID program with the script's bytes)
for m in 4755 2755 6755 1755; do
    chmod $m shared.csv
    $OV -q -e 'load_csv("shared.csv"):write("shared.csv")'
    stat -c "$m: %a %n" shared.csv
    chmod $m shared.csv
    $OV -q --safe -e 'load_csv("shared.csv"):write("shared.csv")'
    stat -c "$m --safe: %a %n" shared.csv
    chmod $m shared.csv
    printf '.output shared.csv\nprint("a")\n' | $OV -q -i
    stat -c "$m .output: %a %n" shared.csv
done
