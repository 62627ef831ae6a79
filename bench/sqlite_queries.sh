#!/bin/sh
# sqlite_queries.sh FILE REPS - the query tasks of bench/queries in the
# sqlite3 shell: .import, then each task REPS times under .timer, best time.
# Prints "T<k> best_ms result_rows [filtered_rows]".
set -eu
file=$1
reps=${2:-5}
t2="SELECT outcome, n, 100.0 * n / sum(n) OVER () AS pct,
  100.0 * sum(n) OVER (ORDER BY n DESC, outcome ROWS UNBOUNDED PRECEDING) / sum(n) OVER () AS cum_pct
  FROM (SELECT outcome, count(*) AS n FROM t GROUP BY outcome) ORDER BY n DESC, outcome;"
t3="SELECT force, count(*) AS allegations, count(DISTINCT complaint_id) AS complaints,
  100.0 * avg(CASE WHEN outcome = 'Referred to misconduct proceedings' THEN 1 ELSE 0 END)
  FROM t GROUP BY force ORDER BY force;"
t4="SELECT outcome, n, 100.0 * n / sum(n) OVER () AS pct, sum(n) OVER () AS filtered
  FROM (SELECT outcome, count(*) AS n FROM t
        WHERE CAST(year_received AS INTEGER) >= 2020 AND force = 'Essex Police' GROUP BY outcome)
  ORDER BY n DESC, outcome;"
{
    echo ".mode csv"
    echo ".import '$file' t"
    for task in T2 T3 T4; do
        echo ".timer off"
        echo "SELECT '#$task';"
        echo ".timer on"
        i=0
        while [ $i -lt "$reps" ]; do
            eval "echo \"\$$(echo $task | tr T t)\""
            i=$((i + 1))
        done
    done
} | sqlite3 :memory: | awk -v reps="$reps" '
/^#T/ { task = substr($0, 2); next }
/^Run Time: real/ { ms = $4 * 1000; if (!(task in best) || ms < best[task]) best[task] = ms; next }
{ rows[task]++; last[task] = $0 }
END {
    for (k = 2; k <= 4; k++) {
        t = "T" k
        extra = ""
        if (t == "T4") { n = split(last[t], f, ","); extra = " " f[n] }
        printf "%s %.3f %d%s\n", t, best[t], rows[t] / reps, extra
    }
}'
