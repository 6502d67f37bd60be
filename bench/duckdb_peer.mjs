// SPDX-License-Identifier: MIT
// bench/duckdb_peer.mjs - the DuckDB peer of bench/run.sh: load the demo
// data (CSV or JSON Lines) into a DuckDB file, then run the same score and
// funnel SQL as the sqlite3 peer (bench/sql/score.sql, funnel.sql), timing
// each phase separately.  Prints one JSON object on stdout:
//   {"engine":"duckdb","version":...,"input":"csv","events":N,"load_ms":...,
//    "score_ms":...,"funnel_ms":...,"mql_leads":N,"funnel":[...]}
//
// usage: node bench/duckdb_peer.mjs --deps DIR --sql DIR --db FILE
//                                   (--csv FILE | --jsonl FILE) [--load-only]
// --deps is where `npm install --prefix DIR @duckdb/node-api` put the package.
import { createRequire } from 'node:module';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

function parseArgs(argv) {
  const a = { loadOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--load-only') a.loadOnly = true;
    else if (['--deps', '--sql', '--db', '--csv', '--jsonl'].includes(k)) a[k.slice(2)] = argv[++i];
    else throw new Error(`unknown argument '${k}'`);
  }
  if (!a.deps || !a.sql || !a.db || (!a.csv === !a.jsonl))
    throw new Error('usage: duckdb_peer.mjs --deps DIR --sql DIR --db FILE (--csv F | --jsonl F) [--load-only]');
  return a;
}

// Split a script into statements: drop "--" comment lines, split on ";" at
// the end of a line.  The bench SQL has no semicolons inside strings.
function statements(text) {
  return text
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('--'))
    .join('\n')
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

async function runScript(conn, file, subst = {}) {
  let text = readFileSync(file, 'utf8');
  for (const [k, v] of Object.entries(subst)) text = text.split(k).join(v.replace(/'/g, "''"));
  let last = null;
  for (const s of statements(text)) last = await conn.runAndReadAll(s);
  return last;
}

async function timed(fn) {
  const t0 = performance.now();
  const result = await fn();
  return [performance.now() - t0, result];
}

async function scalar(conn, sql) {
  const r = await conn.runAndReadAll(sql);
  return Number(r.getRows()[0][0]);
}

async function main() {
  const a = parseArgs(process.argv.slice(2));
  const require = createRequire(join(resolve(a.deps), 'package.json'));
  const { DuckDBInstance, version } = require('@duckdb/node-api');
  for (const suffix of ['', '.wal']) rmSync(a.db + suffix, { force: true });
  const instance = await DuckDBInstance.create(a.db);
  const conn = await instance.connect();
  const out = { engine: 'duckdb', version: typeof version === 'function' ? version() : null };
  out.threads = await scalar(conn, "SELECT current_setting('threads')");
  out.input = a.csv ? 'csv' : 'jsonl';
  const load = a.csv
    ? () => runScript(conn, join(a.sql, 'duckdb_load_csv.sql'), { '@CSV@': resolve(a.csv) })
    : () => runScript(conn, join(a.sql, 'duckdb_load_jsonl.sql'), { '@JSONL@': resolve(a.jsonl) });
  [out.load_ms] = await timed(load);
  out.events = await scalar(conn, 'SELECT count(*) FROM ev');
  if (!a.loadOnly) {
    [out.score_ms] = await timed(() => runScript(conn, join(a.sql, 'score.sql')));
    let reader;
    [out.funnel_ms, reader] = await timed(() => runScript(conn, join(a.sql, 'funnel.sql')));
    out.funnel = reader.getRowObjectsJson();
    out.mql_leads = await scalar(conn, 'SELECT count(*) FROM lead_mql');
  }
  conn.closeSync();
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e) => {
  process.stderr.write(`duckdb_peer: ${e.message}\n`);
  process.exit(1);
});
