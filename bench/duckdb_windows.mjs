// duckdb_windows.mjs FILE [REPS] [THREADS] - bench/windows.lua's window
// functions in DuckDB, best of REPS after the load. Each result is a new
// table of the window columns only (oversight's result shares the other
// columns with its input, so copying them would not be the same work).
import { DuckDBInstance } from '@duckdb/node-api';

const [file, reps = '5', threads = '2'] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:', { threads });
const con = await db.connect();
await con.run(`CREATE TABLE t AS SELECT * FROM read_csv('${file.replace(/'/g, "''")}')`);

async function best(sql) {
    let b = Infinity;
    for (let i = 0; i < Number(reps); i++) {
        const t0 = process.hrtime.bigint();
        await con.run(`CREATE TEMP TABLE r AS ${sql}`);
        const dt = Number(process.hrtime.bigint() - t0) / 1e6;
        if (dt < b) b = dt;
        await con.run('DROP TABLE r');
    }
    return b.toFixed(1);
}

console.log(`W1 lag over groups ${await best(`
  SELECT LAG(days_to_close) OVER (PARTITION BY force ORDER BY date_received) AS prev FROM t`)} ms`);
console.log(`W2 change and cumsum, two keys ${await best(`
  SELECT 100.0 * (days_to_close - LAG(days_to_close) OVER w) / LAG(days_to_close) OVER w AS ch,
         SUM(days_to_close) OVER (w ROWS UNBOUNDED PRECEDING) AS run
  FROM t WINDOW w AS (PARTITION BY force, year_received ORDER BY date_received, allegation_id)`)} ms`);
console.log(`W3 rank within force ${await best(`
  SELECT RANK() OVER (PARTITION BY force ORDER BY days_to_close DESC) AS r FROM t`)} ms`);
