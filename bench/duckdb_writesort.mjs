// duckdb_writesort.mjs FILE REPS OUT [THREADS] - the tasks of
// bench/writesort.lua in DuckDB: load with read_csv, then each task REPS
// times, best time. W1 COPY to CSV; S1 the row ids in sorted order (a
// temporary table, so nothing crosses into JavaScript); S2 and S3 ORDER BY
// ... LIMIT 10 (S3 the reversed order: the last 10 rows).
// Prints "<task> best_ms result_rows result_cols".
import { DuckDBInstance } from '@duckdb/node-api';

const [file, reps = '5', out, threads = '2'] = process.argv.slice(2);
const q = (s) => `'${s.replace(/'/g, "''")}'`;
const db = await DuckDBInstance.create(':memory:', { threads });
const con = await db.connect();
await con.run(`CREATE TABLE t AS SELECT * FROM read_csv(${q(file)})`);
const ncols = (await con.runAndReadAll('SELECT * FROM t LIMIT 0')).columnCount;
const nrows = (await con.runAndReadAll('SELECT count(*) FROM t')).getRows()[0][0];

async function time(f) {
    let b = Infinity;
    for (let i = 0; i < Number(reps); i++) {
        const t0 = process.hrtime.bigint();
        await f();
        const dt = Number(process.hrtime.bigint() - t0) / 1e6;
        if (dt < b) b = dt;
    }
    return b;
}

async function best(name, sql) {
    const b = await time(async () => {
        await con.run('DROP TABLE IF EXISTS r');
        await con.run(`CREATE TEMP TABLE r AS ${sql}`);
    });
    const n = (await con.runAndReadAll('SELECT count(*) FROM r')).getRows()[0][0];
    const c = (await con.runAndReadAll('SELECT * FROM r LIMIT 0')).columnCount;
    console.log(`${name} ${b.toFixed(3)} ${n} ${c}`);
}

const w = await time(() => con.run(`COPY t TO ${q(out)} (HEADER, DELIMITER ',')`));
console.log(`W1 ${w.toFixed(3)} ${nrows} ${ncols}`);
await best('S1', 'SELECT rowid FROM t ORDER BY force, date_received DESC');
await best('S2', 'SELECT * FROM t ORDER BY force, date_received DESC LIMIT 10');
await best('S3', `SELECT * FROM (SELECT * FROM t ORDER BY force DESC, date_received
    LIMIT 10) ORDER BY force, date_received DESC`);
