// duckdb_reshape.mjs FILE REPS [THREADS] - the tasks of bench/reshape.lua in
// DuckDB: UNPIVOT for longer, GROUP BY CUBE for a crosstab of a value with
// its margins, PIVOT for wider; each result materialised (CREATE TABLE), as
// oversight's is. Prints "name best_s result_rows".
import { DuckDBInstance } from '@duckdb/node-api';

const [file, reps = '3', threads = '2'] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:', { threads });
const con = await db.connect();
await con.run(`CREATE TABLE t AS SELECT * FROM read_csv('${file.replace(/'/g, "''")}')`);
const cols = [];
for (let y = 2015; y <= 2024; y++) cols.push(`days_to_close + ${y - 2015} AS y${y}`);
await con.run(`CREATE TABLE w AS SELECT allegation_id, force, ${cols.join(', ')} FROM t`);
await con.run(`CREATE TABLE g AS SELECT officer_id, year_received, count(*) AS n
               FROM t GROUP BY officer_id, year_received`);

async function best(name, sql) {
    let b = Infinity;
    for (let i = 0; i < Number(reps); i++) {
        await con.run('DROP TABLE IF EXISTS r');
        const t0 = process.hrtime.bigint();
        await con.run(`CREATE TABLE r AS ${sql}`);
        const dt = Number(process.hrtime.bigint() - t0) / 1e9;
        if (dt < b) b = dt;
    }
    const n = (await con.runAndReadAll('SELECT count(*) FROM r')).getRows()[0][0];
    console.log(`${name.padEnd(36)} ${b.toFixed(3)} ${n}`);
}

await best('longer_10_years', `UNPIVOT w ON COLUMNS('^y') INTO NAME year VALUE days`);
await best('crosstab_sum_force_year', `SELECT force, year_received, sum(days_to_close)
    FROM t GROUP BY CUBE (force, year_received)`);
await best('crosstab_mean_force_year', `SELECT force, year_received, avg(officer_age)
    FROM t GROUP BY CUBE (force, year_received)`);
await best('crosstab_count_distinct_force_outcome', `SELECT force, outcome,
    count(DISTINCT complaint_id) FROM t GROUP BY CUBE (force, outcome)`);
await best('wider_sum_force_year', `PIVOT t ON year_received USING sum(days_to_close)
    GROUP BY force`);
await best('wider_officer_year', `PIVOT g ON year_received USING first(n) GROUP BY officer_id`);
