# Writing over a file keeps its permissions exactly, also bits the umask
# would take away and also under --safe (whose seccomp filter refuses
# fchmod); a new file gets 0666 less the umask.
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
