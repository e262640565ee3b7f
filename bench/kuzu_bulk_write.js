#!/usr/bin/env node
// Bulk writes on Kùzu (embedded, in-memory), for entente-bulk-write to be read beside:
// `COPY FROM` of a workload folder of ../shared/bench/gen_kg.py, and the same rows written by
// Kùzu's own batched `UNWIND $rows AS r CREATE ...`.
// Usage: NODE_PATH=.../node_modules node bench/kuzu_bulk_write.js DIR [BATCH...]
//   BATCH: rows of a file per query, 0 for all at once (default: 100000 0); `none` times COPY
//   only.
// Environment: RUNS (default 3): each figure is the median of that many runs, each on a new
// database. ENDPOINTS: how a relation's rows find its two entities,
//   merge (the default)  MERGE (a:Entity {id: r.from}) MERGE (b:Entity {id: r.to}) (every
//                        entity exists, so nothing is made);
//   match                MATCH (a:Entity {id: r.from}), (b:Entity {id: r.to}), which Kùzu 0.11.3
//                        plans as a cross product of the rows with scans of Entity and a filter.
// Both grow with rows × entities (20,000 rows against 20,000 entities: MATCH 37 s, MERGE 6 s;
// against 200,000 entities MERGE took 94 s), so at 1M relations only COPY is practical.
// The tables are those of ../shared/bench/bench_kuzu.js: Entity(id PRIMARY KEY, kind, name) and
// one Rel table whose `type` is a property, so a batch of any mix of types is one query.
// Each database built by UNWIND is checked against the one COPY built: the same number of
// entities and of relations per (type, evidence) pair, and the same sum of dates.
// Prints one JSON line.
"use strict";
const fs = require("fs");
const path = require("path");
const kuzu = require("kuzu");

const now = () => Number(process.hrtime.bigint()) / 1e9;
// CPU seconds of the process, Kùzu's own threads included.
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Kùzu picks its reader by file extension and does not know ".tsv"; the delimiter has to be a
// literal tab inside the query text (see ../shared/bench/README.md).
const TSV = "(HEADER=true, DELIM='\t', FILE_FORMAT='csv')";

function readTsv(file) {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const header = lines[0].split("\t");
  const rows = [];
  for (const line of lines.slice(1)) {
    if (!line) continue;
    const fields = line.split("\t");
    const row = {};
    header.forEach((name, i) => (row[name] = fields[i]));
    rows.push(row);
  }
  return rows;
}

// Every database stays open until the process ends (see close below), and each reserves address
// space for its largest size, 8 TiB by default: on a machine whose other programs reserve much
// too, the fifth or sixth one failed ("Mmap for size 8796093022208 failed"). 64 GiB is plenty.
const MAX_DB_BYTES = 2 ** 36;

async function newDatabase() {
  const db = new kuzu.Database(":memory:", 0, true, false, MAX_DB_BYTES);
  const conn = new kuzu.Connection(db);
  await conn.query("CREATE NODE TABLE Entity(id STRING PRIMARY KEY, kind STRING, name STRING)");
  await conn.query(
    "CREATE REL TABLE Rel(FROM Entity TO Entity, type STRING, evidence STRING, since DATE)");
  return { db, conn };
}

// What two databases of the same rows must agree on.
async function signature(conn) {
  const all = async (q) => (await conn.query(q)).getAll();
  const nodes = Number((await all("MATCH (n:Entity) RETURN count(*) AS c"))[0].c);
  const groups = await all(
    "MATCH ()-[r:Rel]->() RETURN r.type AS t, r.evidence AS e, count(*) AS c, " +
    "sum(r.since - date('1990-01-01')) AS d ORDER BY t, e");
  const edges = groups.reduce((n, g) => n + Number(g.c), 0);
  return { nodes, edges, text: JSON.stringify(groups.map((g) => [g.t, g.e, Number(g.c), Number(g.d)])) };
}

// The connection only: closing an in-memory database that holds rel rows crashed kuzu 0.11.3's
// Node binding (../shared/bench/README.md); the database goes with the process.
function close({ conn }) {
  conn.closeSync();
}

async function copyLoad(dir) {
  const t0 = now();
  const c0 = cpuNow();
  const kz = await newDatabase();
  await kz.conn.query(`COPY Entity FROM '${path.join(dir, "entities.tsv")}' ${TSV}`);
  // COPY into a rel table takes FROM and TO from the first two columns; relations.tsv has
  // `type` second, so LOAD FROM puts them in order.
  await kz.conn.query(`COPY Rel FROM (LOAD FROM '${path.join(dir, "relations.tsv")}' ${TSV} ` +
                      "RETURN `from`, `to`, type, evidence, since)");
  return { kz, seconds: now() - t0, cpu: cpuNow() - c0 };
}

const ENDPOINTS = {
  merge: "MERGE (a:Entity {id: r.from}) MERGE (b:Entity {id: r.to})",
  match: "MATCH (a:Entity {id: r.from}), (b:Entity {id: r.to})",
};

async function unwindLoad(entities, relations, batch, endpoints) {
  const t0 = now();
  const c0 = cpuNow();
  const kz = await newDatabase();
  const size = batch > 0 ? batch : Math.max(1, entities.length, relations.length);
  let queries = 0;
  const run = async (ps, rows) => {
    for (let i = 0; i < rows.length; i += size) {
      // A failed query rejects; the result of one that wrote holds no rows.
      (await kz.conn.execute(ps, { rows: rows.slice(i, i + size) })).close();
      ++queries;
    }
  };
  await run(await kz.conn.prepare(
    "UNWIND $rows AS e CREATE (:Entity {id: e.id, kind: e.kind, name: e.name})"), entities);
  const entities_s = now() - t0;
  await run(await kz.conn.prepare(
    `UNWIND $rows AS r ${ENDPOINTS[endpoints]} ` +
    "CREATE (a)-[:Rel {type: r.type, evidence: r.evidence, since: date(r.since)}]->(b)"), relations);
  const seconds = now() - t0;
  return { kz, seconds, cpu: cpuNow() - c0, entities_s, relations_s: seconds - entities_s, queries };
}

async function main() {
  const dir = path.resolve(process.argv[2] || "");
  if (!process.argv[2] || !fs.existsSync(path.join(dir, "relations.tsv"))) {
    console.error("usage: node kuzu_bulk_write.js DIR [BATCH...]");
    process.exit(2);
  }
  const given = process.argv.slice(3).filter((b) => b !== "none");
  const batches = process.argv.length > 3 ? given.map(Number) : [100000, 0];
  const runs = Math.max(1, Number(process.env.RUNS || 3));
  const endpoints = process.env.ENDPOINTS || "merge";
  if (!ENDPOINTS[endpoints]) throw new Error(`ENDPOINTS is merge or match, not '${endpoints}'`);
  const out = { system: "kuzu", version: kuzu.VERSION, runs, endpoints };

  let t0 = now();
  const entities = readTsv(path.join(dir, "entities.tsv"));
  const relations = readTsv(path.join(dir, "relations.tsv"));
  out.params_s = now() - t0;  // reading the files into the parameters' rows, not timed below
  out.entities = entities.length;
  out.relations = relations.length;

  const copies = [];
  const copyCpu = [];
  let expected = null;
  for (let r = 0; r < runs; ++r) {
    const { kz, seconds, cpu } = await copyLoad(dir);
    copies.push(seconds);
    copyCpu.push(cpu);
    if (!expected) {
      expected = await signature(kz.conn);
      out.threads = Number((await (await kz.conn.query(
        "CALL current_setting('threads') RETURN *")).getAll())[0].threads);
    }
    close(kz);
  }
  if (expected.nodes !== entities.length || expected.edges !== relations.length)
    throw new Error(`COPY loaded ${expected.nodes} entities and ${expected.edges} relations`);
  out.copy_s = median(copies);
  out.copy_cpu_s = median(copyCpu);

  out.unwind = [];
  for (const batch of batches) {
    const figures = { total: [], cpu: [], entities: [], relations: [] };
    let queries = 0;
    for (let r = 0; r < runs; ++r) {
      const got = await unwindLoad(entities, relations, batch, endpoints);
      figures.total.push(got.seconds);
      figures.cpu.push(got.cpu);
      figures.entities.push(got.entities_s);
      figures.relations.push(got.relations_s);
      queries = got.queries;
      if (r === 0) {
        const sig = await signature(got.kz.conn);
        if (sig.text !== expected.text || sig.nodes !== expected.nodes)
          throw new Error(`batch ${batch}: UNWIND built another graph than COPY`);
      }
      close(got.kz);
    }
    out.unwind.push({
      batch,
      queries,
      entities_s: median(figures.entities),
      relations_s: median(figures.relations),
      unwind_s: median(figures.total),
      unwind_cpu_s: median(figures.cpu),
      equal: true,
    });
  }
  console.log(JSON.stringify(out));
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
