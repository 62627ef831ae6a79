# Chart files: an SVG that xmllint reads, whose bars match the table; a PNG
# and a PDF that are what their names say; a name with another extension
# refused before anything is written; under --safe, a chart outside the
# working directory refused and nothing written there.
# Not under valgrind or ASan (plain-memory): fontconfig, under cairo's text,
# keeps its configuration for the life of the process and they report it.
$OV -q -e 'f = example():freq("outcome")
  f:chart{ file = "bars.svg" }
  f:chart{ file = "bars.png", width = 800, height = 450 }
  chart(f, { file = "bars.pdf" })
  print(pcall(chart, f, { file = "bars.gif" }))
  print(pcall(chart, f, { file = "small.png", width = 10 }))'
xmllint --noout bars.svg && echo "bars.svg: well-formed XML"
echo "bars: $(grep -c 'class="bar"' bars.svg), labels in order:"
grep -o 'class="label"[^>]*>[^<]*<' bars.svg | sed 's/.*>\(.*\)</\1/'
grep -o '<title id="title">[^<]*' bars.svg
grep -c '<desc id="desc">bar chart' bars.svg
head -c 8 bars.png | od -An -c | tr -s ' '
od -An -tu1 -j16 -N8 bars.png | tr -s ' '
head -c 5 bars.pdf; echo
ls bars.gif 2>/dev/null || echo "no bars.gif"
out=$(cd .. && pwd -P)/outside.chart_files
rm -rf "$out"
mkdir "$out"
$OV -q --safe -e "print(pcall(chart, example():freq('outcome'), { file = '$out/c.svg' }))" 2>&1 |
    sed "s|$out|OUTSIDE|g"
$OV -q --safe -e "print(pcall(chart, example():freq('outcome'), { file = '../c.svg' }))"
$OV -q --safe -e "chart(example():freq('outcome'), { file = 'inside.svg' })" && ls inside.svg
ls "$out" | wc -l
rm -rf "$out"
