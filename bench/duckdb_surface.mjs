// duckdb_surface.mjs FILE REPS [THREADS] - the query-surface tasks of
// bench/surface.lua in DuckDB: load with read_csv, then each task REPS
// times into a temporary table (so no result crosses into JavaScript),
// best time. Prints "T<k> best_ms result_rows result_cols".
import { DuckDBInstance } from '@duckdb/node-api';

const [file, reps = '5', threads = '2'] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:', { threads });
const con = await db.connect();
await con.run(`CREATE TABLE t AS SELECT * FROM read_csv('${file.replace(/'/g, "''")}')`);

async function best(name, sql) {
    let b = Infinity;
    for (let i = 0; i < Number(reps); i++) {
        await con.run('DROP TABLE IF EXISTS r');
        const t0 = process.hrtime.bigint();
        await con.run(`CREATE TEMP TABLE r AS ${sql}`);
        const dt = Number(process.hrtime.bigint() - t0) / 1e6;
        if (dt < b) b = dt;
    }
    const n = (await con.runAndReadAll('SELECT count(*) FROM r')).getRows()[0][0];
    const c = (await con.runAndReadAll('SELECT * FROM r LIMIT 0')).columnCount;
    console.log(`${name} ${b.toFixed(3)} ${n} ${c}`);
}

await best('T5', `SELECT *, lag(days_to_close) OVER
    (PARTITION BY force ORDER BY date_received, allegation_id) AS prev FROM t`);
const years = Array.from({ length: 10 }, (_, i) => `y${2015 + i}`);
await con.run(`CREATE TABLE wide AS SELECT allegation_id, force, ` +
    years.map((y, i) => `days_to_close + ${i} AS ${y}`).join(', ') + ' FROM t');
await best('T6', `UNPIVOT wide ON ${years.join(', ')} INTO NAME year VALUE days`);
await con.run('DROP TABLE wide');
// oversight's crosstab adds a Total row and column: grouping sets give
// DuckDB the same margins, then PIVOT spreads the small result
// (the aliases differ from the column names: DuckDB would group by an alias)
await best('T7', `PIVOT (SELECT coalesce(force, 'Total') AS f,
    coalesce(year_received::VARCHAR, 'Total') AS y, sum(days_to_close) AS s FROM t
    GROUP BY GROUPING SETS ((force, year_received), (force), (year_received), ()))
    ON y USING sum(s) GROUP BY f`);
