# The golden charts (tests/data/charts, made by make_golden.sh) drawn again
# give the same bytes: a change to how charts are drawn shows here.
$OV -q data/charts/golden.lua
for f in bar stacked line funnel; do
    if cmp -s $f.svg data/charts/$f.svg; then echo "$f.svg: same"; else
        echo "$f.svg: differs from data/charts/$f.svg (rerun make_golden.sh and look)"
        diff data/charts/$f.svg $f.svg | head -5
    fi
done
