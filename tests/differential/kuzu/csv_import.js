#!/usr/bin/env node
// Checks that Kùzu reads what `entente convert GRAPH OUT.csv` writes: runs the folder's
// load.cypher in a fresh Kùzu database and compares every source, entity and relation Kùzu then
// holds with the .kg.json graph it came from (sources' ids, titles, publishers, dates and urls;
// entities' ids, names, kinds, aliases, external ids, typed attributes; relations' ends, type,
// evidence, dates, sources and quotes, each relation once).
//
//   node csv_import.js --entente BINARY --graph FILE.kg.json --work DIR
//
// Exit 0 when everything matches, 1 when something differs, 2 for bad input or set-up.
"use strict";

const childProcess = require("child_process");
const fs = require("fs");
const path = require("path");

function parseArguments(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = { "--entente": "entente", "--graph": "graph", "--work": "work" }[argv[i]];
    if (!key || i + 1 >= argv.length) throw new Error(`bad argument '${argv[i]}'`);
    options[key] = argv[i + 1];
  }
  for (const key of ["entente", "graph", "work"])
    if (!options[key]) throw new Error(`--${key} is required`);
  return options;
}

// A value as text, the way both sides can be compared: dates as ISO days, nulls as "", lists item
// by item. An empty list is "": the CSV writes it as an empty field, which Kùzu reads as null.
function text(value) {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (Array.isArray(value)) return value.length === 0 ? "" : `[${value.map(text).join(", ")}]`;
  if (typeof value === "object" && "date" in value) return value.date;  // a .kg.json date
  return String(value);
}

// Kùzu's statements from load.cypher: `//` lines dropped, split at the semicolons ending lines.
function statements(script) {
  const code = script.split("\n").filter((line) => !line.startsWith("//")).join("\n");
  return code.split(/;\s*\n/).map((s) => s.trim()).filter((s) => s.length > 0);
}

async function rows(connection, query) {
  const result = await connection.query(query);
  return result.getAll();
}

function compareMultisets(what, expected, actual, problems) {
  const count = (list) => list.reduce((m, k) => m.set(k, (m.get(k) || 0) + 1), new Map());
  const want = count(expected), got = count(actual);
  for (const [key, n] of want)
    if (got.get(key) !== n) problems.push(`${what}: expected ${n}× ${key}, Kùzu has ${got.get(key) || 0}`);
  for (const [key, n] of got)
    if (!want.has(key)) problems.push(`${what}: Kùzu has ${n}× ${key}, which the graph lacks`);
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const work = path.resolve(options.work);
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  const folder = path.join(work, "graph.csv");
  childProcess.execFileSync(options.entente, ["convert", options.graph, folder], { stdio: "inherit" });
  const graph = JSON.parse(fs.readFileSync(options.graph, "utf8"));

  const kuzu = require("kuzu");
  const database = new kuzu.Database(path.join(work, "db"));
  const connection = new kuzu.Connection(database);
  process.chdir(folder);  // load.cypher names its files relative to its folder
  for (const statement of statements(fs.readFileSync("load.cypher", "utf8")))
    await connection.query(statement);

  const problems = [];
  // Every source, cited or not, with all it holds; a partial date stays text (`2024-07`).
  const sources = await rows(connection,
    "MATCH (s:Source) RETURN s.id, s.title, s.publisher, s.published, s.url");
  const sourceKey = (...fields) => JSON.stringify(fields.map(text));
  compareMultisets("source",
    (graph.sources || []).map((s) => sourceKey(s.id, s.title, s.publisher, s.published, s.url)),
    sources.map((s) => sourceKey(s["s.id"], s["s.title"], s["s.publisher"], s["s.published"], s["s.url"])),
    problems);

  // An attribute named like a fixed column, or starting with the prefix, has the column
  // `attribute_KEY`.
  const column = (key, fixed) =>
    (fixed.includes(key) || key.startsWith("attribute_") ? `attribute_${key}` : key);
  const entities = await rows(connection, "MATCH (e:Entity) RETURN e.*");
  // External ids are `SYSTEM=ID` items in their order, `|`-joined text in Kùzu as aliases are.
  const entityKey = (id, name, kind, aliases, external) => JSON.stringify([id, name, kind, aliases, external]);
  compareMultisets("entity",
    graph.entities.map((e) => entityKey(e.id, e.name || e.id, e.kind, (e.aliases || []).join("|"),
      Object.entries(e.external_ids || {}).map(([system, id]) => `${system}=${id}`).join("|"))),
    entities.map((e) => entityKey(e["e.id"], e["e.name"], e["e.kind"], text(e["e.aliases"]),
      text(e["e.external_ids"]))),
    problems);
  // Typed attributes: every attribute of every entity, read back from its column.
  const entityFixed = ["id", "name", "kind", "labels", "aliases", "external_ids"];
  const byId = new Map(entities.map((e) => [e["e.id"], e]));
  let attributes = 0;
  for (const e of graph.entities)
    for (const [key, value] of Object.entries(e.attributes || {})) {
      const stored = byId.get(e.id) && byId.get(e.id)[`e.${column(key, entityFixed)}`];
      attributes += 1;
      if (text(stored) !== text(value))
        problems.push(`entity ${e.id}: attribute ${key} is ${text(value)}, Kùzu has ${text(stored)}`);
    }

  const relations = await rows(connection,
    "MATCH (a:Entity)-[r:Relation]->(b:Entity) RETURN a.id, r.type, b.id, r.evidence, r.since, r.until, r.sources, r.quotes, r");
  // Each relation's typed attributes go into its key, every key any relation has in the same order.
  const relationFixed = ["type", "evidence", "since", "until", "sources", "quotes", "from", "to"];
  const relationAttributes = [...new Set(graph.relations.flatMap((r) => Object.keys(r.attributes || {})))].sort();
  const relationKey = (...fields) => JSON.stringify(fields.map(text));
  compareMultisets("relation",
    graph.relations.map((r) => relationKey(r.from, r.type, r.to, r.evidence || "reported", r.since, r.until,
      (r.sources || []).map((s) => s.id).join("|"), (r.sources || []).map((s) => s.quote || "").join("|"),
      ...relationAttributes.map((key) => (r.attributes || {})[key]))),
    relations.map((r) => relationKey(r["a.id"], r["r.type"], r["b.id"], r["r.evidence"], r["r.since"], r["r.until"],
      r["r.sources"], r["r.quotes"], ...relationAttributes.map((key) => r.r[column(key, relationFixed)]))),
    problems);

  for (const p of problems.slice(0, 20)) console.log(p);
  console.log(`Kùzu ${kuzu.Database.getVersion()} read ${sources.length} sources, ${entities.length} entities ` +
    `(${attributes} attributes) and ${relations.length} relations from entente's CSV; ${problems.length} differences`);
  return problems.length === 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (error) => {
  console.error(`csv_import.js: ${error.message}`);
  process.exit(2);
});
