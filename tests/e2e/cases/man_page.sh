# The man page formats without warnings and documents every option of
# --help and every dot-command of .help, so neither can drift from it.
man=$OV_SRCDIR/doc/oversight.1
groff -wall -man -Tutf8 -z "$man" 2>&1
text=$(groff -man -Tutf8 "$man" 2>/dev/null | sed 's/.\x08//g')
missing=0
for opt in $($OV --help | grep -o -- '--[a-z-]*' | sort -u); do
    echo "$text" | grep -q -- "$opt" || { echo "not in the man page: $opt"; missing=1; }
done
for cmd in $(echo .help | $OV -i | grep -o '^\.[a-z]*'); do
    echo "$text" | grep -q -- "$cmd" || { echo "not in the man page: $cmd"; missing=1; }
done
echo "options and dot-commands documented: $([ $missing = 0 ] && echo all || echo not all)"
