// duckdb_load.mjs FILE [THREADS] - loads FILE with DuckDB's read_csv into
// an in-memory table, as oversight's load_csv does, and prints the rows and
// the seconds inside the process. Run by bench/run.
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
const threads = process.argv[3] || '2';
const t0 = process.hrtime.bigint();
const db = await DuckDBInstance.create(':memory:', { threads });
const con = await db.connect();
await con.run(`CREATE TABLE t AS SELECT * FROM read_csv('${file.replace(/'/g, "''")}')`);
const rows = await con.runAndReadAll('SELECT count(*) AS n FROM t');
const t1 = process.hrtime.bigint();
console.log(`rows ${rows.getRows()[0][0]} seconds ${(Number(t1 - t0) / 1e9).toFixed(3)}`);
