$OV --bogus
echo "status $?"
$OV -e
echo "status $?"
$OV --help | head -n 1
$OV --help | grep -c 'Exit status'
$OV --version | head -n 1 | sed 's/[0-9][0-9.]*/N/'
