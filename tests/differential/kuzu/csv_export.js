#!/usr/bin/env node
// Checks that entente reads what Kùzu writes as CSV: Kùzu builds a small graph (node tables with
// INT64, DOUBLE, BOOLEAN, STRING, DATE and list columns, one node table keyed by a string, and
// relation tables with properties, one of them between two pairs of tables), writes it with
// EXPORT DATABASE (format="csv") and with COPY (MATCH ...) TO files (header=true), and
// `entente convert` turns each folder into a .kg.json. Every node and relationship Kùzu holds
// must come back with its table as kind or type, its name, and each property with its value and
// its type (integers as integers, reals as reals, dates as dates, lists as lists).
//
//   node csv_export.js --entente BINARY --work DIR
//
// Exit 0 when everything matches, 1 when something differs, 2 for bad input or set-up.
"use strict";

const childProcess = require("child_process");
const fs = require("fs");
const path = require("path");

function parseArguments(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = { "--entente": "entente", "--work": "work" }[argv[i]];
    if (!key || i + 1 >= argv.length) throw new Error(`bad argument '${argv[i]}'`);
    options[key] = argv[i + 1];
  }
  for (const key of ["entente", "work"]) if (!options[key]) throw new Error(`--${key} is required`);
  return options;
}

// The graph, in Kùzu's words. Reals have at most six decimals (EXPORT DATABASE writes six) and
// are not whole, so that a real that came back as an integer shows.
const statements = [
  "CREATE NODE TABLE Person(id INT64, name STRING, age INT64, score DOUBLE, active BOOLEAN, born DATE, tags STRING[], lucky INT64[], PRIMARY KEY(id))",
  "CREATE NODE TABLE City(name STRING, population INT64, capital BOOLEAN, PRIMARY KEY(name))",
  "CREATE REL TABLE Knows(FROM Person TO Person, since DATE, weight DOUBLE, note STRING)",
  "CREATE REL TABLE LivesIn(FROM Person TO City, FROM City TO City, years INT64)",
  `CREATE (:Person {id: 1, name: 'Ann "the first", of Seoul', age: 30, score: 1.5, active: true, born: date('1990-01-02'), tags: ['red', 'x y', 'e|f'], lucky: [7, 13]})`,
  `CREATE (:Person {id: 2, name: 'Bob\nBrown', age: 41, score: -2.25, active: false, born: date('1983-12-31'), tags: [], lucky: [1]})`,
  "CREATE (:Person {id: 3, name: 'Chloé Ünal', score: 0.125})",
  "CREATE (:City {name: 'Seoul', population: 9411000, capital: true})",
  "CREATE (:City {name: 'Busan', population: 3349000, capital: false})",
  "MATCH (a:Person {id: 1}), (b:Person {id: 2}) CREATE (a)-[:Knows {since: date('2010-05-06'), weight: 0.75, note: 'met, once'}]->(b)",
  "MATCH (a:Person {id: 2}), (b:Person {id: 3}) CREATE (a)-[:Knows {since: date('2021-01-01'), weight: 2.5}]->(b)",
  "MATCH (a:Person {id: 1}), (b:City {name: 'Seoul'}) CREATE (a)-[:LivesIn {years: 12}]->(b)",
  "MATCH (a:Person {id: 3}), (b:City {name: 'Busan'}) CREATE (a)-[:LivesIn {years: 2}]->(b)",
  "MATCH (a:City {name: 'Busan'}), (b:City {name: 'Seoul'}) CREATE (a)-[:LivesIn {years: 100}]->(b)",
];

// Kùzu's values as the .kg.json spells them: dates as {"date": ISO day}, INT64 as numbers.
function jsonValue(value) {
  if (value instanceof Date) return { date: value.toISOString().slice(0, 10) };
  if (typeof value === "bigint") return Number(value);
  if (Array.isArray(value)) return value.map(jsonValue);
  return value;
}

// The type a .kg.json value holds, so that 2 and 2.0 (both 2 in JavaScript) still differ when the
// data keeps its reals off whole numbers.
function typeOf(value) {
  if (Array.isArray(value)) return `list of ${value.length ? typeOf(value[0]) : "nothing"}`;
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "real";
  if (value !== null && typeof value === "object" && "date" in value) return "date";
  return typeof value;
}

function compare(what, expected, actual, problems) {
  const want = JSON.stringify(expected), got = JSON.stringify(actual);
  if (want !== got) problems.push(`${what}: Kùzu has ${want}, entente read ${got}`);
}

async function rows(connection, query) {
  return (await connection.query(query)).getAll();
}

// Properties with their values, nulls left out (entente has no null attribute), keys sorted.
function properties(record, prefix, leave) {
  const out = {};
  for (const key of Object.keys(record).sort()) {
    const name = key.slice(prefix.length);
    if (!key.startsWith(prefix) || leave.includes(name) || record[key] === null) continue;
    out[name] = jsonValue(record[key]);
  }
  return out;
}

async function kuzuGraph(connection) {
  const entities = [];
  for (const [table, key] of [["Person", "id"], ["City", "name"]])
    for (const r of await rows(connection, `MATCH (n:${table}) RETURN n.*`)) {
      const attributes = properties(r, "n.", ["id", "name"]);
      if (key !== "id" && key !== "name") attributes[key] = jsonValue(r[`n.${key}`]);
      entities.push({ id: `${table}:${jsonValue(r[`n.${key}`])}`, kind: table, name: r["n.name"], attributes });
    }
  const relations = [];
  const ends = { Person: "id", City: "name" };
  for (const [type, from, to] of [["Knows", "Person", "Person"], ["LivesIn", "Person", "City"], ["LivesIn", "City", "City"]])
    for (const r of await rows(connection,
      `MATCH (a:${from})-[r:${type}]->(b:${to}) RETURN a.${ends[from]} AS f, b.${ends[to]} AS t, r`)) {
      const attributes = {};
      for (const key of Object.keys(r.r).sort())
        if (!key.startsWith("_") && r.r[key] !== null) attributes[key] = jsonValue(r.r[key]);
      relations.push({ from: `${from}:${jsonValue(r.f)}`, type, to: `${to}:${jsonValue(r.t)}`, attributes });
    }
  return { entities, relations };
}

function check(label, kuzu, graph, problems) {
  const before = problems.length;
  compare(`${label}: entities`, kuzu.entities.length, graph.entities.length, problems);
  compare(`${label}: relations`, kuzu.relations.length, graph.relations.length, problems);
  const byId = new Map(graph.entities.map((e) => [e.id, e]));
  for (const e of kuzu.entities) {
    const got = byId.get(e.id);
    if (!got) {
      problems.push(`${label}: entity ${e.id} is missing`);
      continue;
    }
    compare(`${label}: ${e.id} kind`, e.kind, got.kind, problems);
    compare(`${label}: ${e.id} name`, e.name, got.name, problems);
    const attributes = got.attributes || {};
    compare(`${label}: ${e.id} attribute names`, Object.keys(e.attributes).sort(), Object.keys(attributes).sort(), problems);
    for (const [key, value] of Object.entries(e.attributes)) {
      compare(`${label}: ${e.id}.${key}`, value, attributes[key], problems);
      compare(`${label}: ${e.id}.${key} type`, typeOf(value), typeOf(attributes[key]), problems);
    }
  }
  const key = (r) => JSON.stringify([r.from, r.type, r.to, r.attributes]);
  const want = kuzu.relations.map(key).sort(), got = graph.relations.map((r) =>
    key({ from: r.from, type: r.type, to: r.to, attributes: sorted(r.attributes || {}) })).sort();
  compare(`${label}: relations`, want, got, problems);
  for (const r of graph.relations)
    for (const [k, value] of Object.entries(r.attributes || {})) {
      const kuzuRelation = kuzu.relations.find((x) => x.from === r.from && x.to === r.to && x.type === r.type);
      if (kuzuRelation && k in kuzuRelation.attributes)
        compare(`${label}: ${r.from}-${r.type}->${r.to}.${k} type`, typeOf(kuzuRelation.attributes[k]), typeOf(value), problems);
    }
  const kinds = new Set(graph.entities.map((e) => e.kind)), types = new Set(graph.relations.map((r) => r.type));
  console.log(`${label}: ${graph.entities.length} entities (${[...kinds].sort().join(", ")}), ` +
    `${graph.relations.length} relations (${[...types].sort().join(", ")}); ${problems.length - before} differences`);
}

function sorted(object) {
  const out = {};
  for (const key of Object.keys(object).sort()) out[key] = object[key];
  return out;
}

function convert(entente, folder, out) {
  childProcess.execFileSync(entente, ["convert", folder, out], { stdio: ["ignore", "ignore", "inherit"] });
  return JSON.parse(fs.readFileSync(out, "utf8"));
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const work = path.resolve(options.work);
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(path.join(work, "copy-to"), { recursive: true });

  const kuzu = require("kuzu");
  const database = new kuzu.Database(path.join(work, "db"));
  const connection = new kuzu.Connection(database);
  for (const statement of statements) await connection.query(statement);
  const expected = await kuzuGraph(connection);

  const exported = path.join(work, "export");
  await connection.query(`EXPORT DATABASE '${exported}' (format="csv")`);
  const copyTo = path.join(work, "copy-to");
  const copies = [
    ["Person", "MATCH (p:Person) RETURN p.id, p.name, p.age, p.score, p.active, p.born, p.tags, p.lucky"],
    ["City", "MATCH (c:City) RETURN c.name, c.population, c.capital"],
    ["Knows", "MATCH (a:Person)-[k:Knows]->(b:Person) RETURN a.id AS `from`, b.id AS `to`, k.since, k.weight, k.note"],
  ];
  for (const [file, query] of copies)
    await connection.query(`COPY (${query}) TO '${path.join(copyTo, file)}.csv' (header=true)`);

  const problems = [];
  check("EXPORT DATABASE", expected, convert(options.entente, exported, path.join(work, "export.kg.json")), problems);
  // The COPY TO files hold no LivesIn and name City's key `name`; keys are found in whichever file
  // holds them, and a key in no file or in two is an error, so the files pick keys apart.
  const copied = {
    entities: expected.entities,
    relations: expected.relations.filter((r) => r.type === "Knows"),
  };
  check("COPY TO", copied, convert(options.entente, copyTo, path.join(work, "copy-to.kg.json")), problems);

  for (const p of problems.slice(0, 20)) console.log(p);
  console.log(`Kùzu ${kuzu.Database.getVersion()}: ${problems.length} differences`);
  return problems.length === 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (error) => {
  console.error(`csv_export.js: ${error.message}`);
  process.exit(2);
});
