// duckdb_queries.mjs FILE REPS [THREADS] - the query tasks of bench/queries
// in DuckDB: load with read_csv, then each task REPS times, best time.
// Prints "T<k> best_ms result_rows [filtered_rows]".
import { DuckDBInstance } from '@duckdb/node-api';

const [file, reps = '5', threads = '2'] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:', { threads });
const con = await db.connect();
await con.run(`CREATE TABLE t AS SELECT * FROM read_csv('${file.replace(/'/g, "''")}')`);

async function best(sql) {
    let b = Infinity, rows;
    for (let i = 0; i < Number(reps); i++) {
        const t0 = process.hrtime.bigint();
        rows = (await con.runAndReadAll(sql)).getRows();
        const dt = Number(process.hrtime.bigint() - t0) / 1e6;
        if (dt < b) b = dt;
    }
    return [b, rows];
}

let [ms, rows] = await best(`
  SELECT outcome, n, 100.0 * n / sum(n) OVER () AS pct,
         100.0 * sum(n) OVER (ORDER BY n DESC, outcome ROWS UNBOUNDED PRECEDING) / sum(n) OVER () AS cum_pct
  FROM (SELECT outcome, count(*) AS n FROM t GROUP BY outcome) ORDER BY n DESC, outcome`);
console.log(`T2 ${ms.toFixed(3)} ${rows.length}`);
[ms, rows] = await best(`
  SELECT force, count(*) AS allegations, count(DISTINCT complaint_id) AS complaints,
         100.0 * avg(CASE WHEN outcome = 'Referred to misconduct proceedings' THEN 1 ELSE 0 END) AS referred
  FROM t GROUP BY force ORDER BY force`);
console.log(`T3 ${ms.toFixed(3)} ${rows.length}`);
[ms, rows] = await best(`
  SELECT outcome, n, 100.0 * n / sum(n) OVER () AS pct, sum(n) OVER () AS filtered
  FROM (SELECT outcome, count(*) AS n FROM t
        WHERE year_received >= 2020 AND force = 'Essex Police' GROUP BY outcome)
  ORDER BY n DESC, outcome`);
console.log(`T4 ${ms.toFixed(3)} ${rows.length} ${rows[0][3]}`);
