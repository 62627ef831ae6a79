# the bundled data is found without the build's path in the binary: in
# $OV_DATADIR, else data/ beside the program's folder (a build tree's
# src/oversight and data/), else nowhere, with a message naming both
mkdir -p tree/src tree/data
cp "$OVERSIGHT" tree/src/oversight
cp "$OV_SRCDIR"/data/*.csv tree/data/
env -u OV_DATADIR tree/src/oversight -e 'print(#datasets())'
rm tree/data/catalog.csv
env -u OV_DATADIR tree/src/oversight -e 'print(pcall(datasets))' 2>&1 |
    sed 's|(no catalog.csv in $OV_DATADIR, .*/data or|(no catalog.csv in $OV_DATADIR, PKGDATADIR/data or|'
OV_DATADIR=$OV_SRCDIR/data tree/src/oversight -e 'print(#datasets())'
