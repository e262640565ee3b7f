#!/usr/bin/env node
// Differential test of entente's Cypher engine against Kùzu: loads one TSV graph into Kùzu (one
// node table per kind, one rel table per relation type, so that the same query text runs on
// both engines), runs every query of a data file on both, and compares the results.
//
//   node differential.js --graph DIR --queries FILE [--entente BINARY] [--work DIR] [--only N]
//
// Without --entente only Kùzu runs: every query must be accepted and return something
// non-trivial (used while developing queries). Exit 0 when every query agrees, 1 when some do
// not, 2 for bad input (arguments, query file, graph). Needs the `kuzu` package on NODE_PATH.
"use strict";

const childProcess = require("child_process");
const fs = require("fs");
const path = require("path");

const KUZU_QUERY_TIMEOUT_MS = 30000;
const ENTENTE_QUERY_TIMEOUT_S = 30;
const ROWS_SHOWN = 5;

// The TSV's lowercase kinds, and the kind names (= labels) both engines use.
const KIND_NAMES = {
  state: "State",
  person: "Person",
  organization: "Organization",
  agreement: "Agreement",
  item: "Item",
};

class BadInput extends Error {}

// ---- arguments -------------------------------------------------------------------------------

function parseArguments(argv) {
  const options = { graph: null, queries: null, entente: null, work: null, only: null };
  const known = { "--graph": "graph", "--queries": "queries", "--entente": "entente",
                  "--work": "work", "--only": "only" };
  for (let i = 0; i < argv.length; i += 2) {
    const key = known[argv[i]];
    if (!key) throw new BadInput(`unknown argument '${argv[i]}' (expected one of ${Object.keys(known).join(", ")})`);
    if (i + 1 >= argv.length) throw new BadInput(`${argv[i]} needs a value`);
    options[key] = argv[i + 1];
  }
  if (!options.graph) throw new BadInput("--graph DIR is required");
  if (!options.queries) throw new BadInput("--queries FILE is required");
  if (options.only !== null) {
    if (!/^[1-9][0-9]*$/.test(options.only)) throw new BadInput(`--only takes a query number, not '${options.only}'`);
    options.only = Number(options.only);
  }
  options.work = options.work || path.join(options.graph, "..", "kuzu-load");
  return options;
}

// ---- the query file --------------------------------------------------------------------------

// Entries are separated by blank lines. `//` lines are comments; the first one titles the entry,
// and a block of nothing but comments is skipped.
// Directives: `// @kuzu: TEXT` (Kùzu's spelling where the engines differ by design),
// `// @param NAME=VALUE` (a query parameter; VALUE is JSON when it parses, else a string),
// `// @unordered-lists` (list values are compared as multisets).
function readQueries(file) {
  let text;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new BadInput(`cannot read the query file ${file}: ${e.message}`);
  }
  const entries = [];
  let current = null;
  const finish = () => {
    if (!current) return;
    if (current.lines.length === 0) {
      // A block of plain comments documents the file; directives without a query are a mistake.
      if (current.kuzu || current.unorderedLists || Object.keys(current.params).length > 0)
        throw new BadInput(`${file}:${current.line}: directives without a query`);
      current = null;
      return;
    }
    current.query = current.lines.join("\n").trim().replace(/;$/, "");
    delete current.lines;
    current.number = entries.length + 1;
    entries.push(current);
    current = null;
  };
  text.split("\n").forEach((raw, index) => {
    const line = raw.trimEnd();
    const where = `${file}:${index + 1}`;
    if (line.trim() === "") {
      finish();
      return;
    }
    if (!current) current = { line: index + 1, title: "", lines: [], kuzu: null, params: {}, unorderedLists: false };
    const comment = line.match(/^\s*\/\/\s?(.*)$/);
    if (!comment) {
      current.lines.push(line);
      return;
    }
    const body = comment[1];
    if (!body.startsWith("@")) {
      if (current.lines.length > 0) throw new BadInput(`${where}: a comment after the query text; put comments first`);
      current.title = current.title ? `${current.title} ${body.trim()}` : body.trim();
      return;
    }
    let match;
    if ((match = body.match(/^@kuzu:\s*(.+)$/))) current.kuzu = match[1].trim().replace(/;$/, "");
    else if ((match = body.match(/^@param\s+([A-Za-z_][A-Za-z0-9_]*)=(.*)$/))) current.params[match[1]] = match[2];
    else if (body.trim() === "@unordered-lists") current.unorderedLists = true;
    else throw new BadInput(`${where}: unknown directive '${body.trim()}' (known: @kuzu:, @param NAME=VALUE, @unordered-lists)`);
  });
  finish();
  if (entries.length === 0) throw new BadInput(`${file}: no queries`);
  return entries;
}

function parameterValue(text) {
  try {
    return JSON.parse(text);
  } catch (e) {
    return text;
  }
}

// Rows are compared in order only when the query's last RETURN sorts them; the query file
// promises that such an ORDER BY is a total order.
function isOrdered(query) {
  const lastReturn = query.search(/\bRETURN\b(?![\s\S]*\bRETURN\b)/i);
  return lastReturn >= 0 && /\bORDER\s+BY\b/i.test(query.slice(lastReturn));
}

// ---- loading the graph into Kùzu -------------------------------------------------------------

function readTsv(file, required) {
  let text;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new BadInput(`cannot read ${file}: ${e.message}`);
  }
  const lines = text.split("\n");
  const header = lines[0].replace(/\r$/, "").split("\t");
  const positions = required.map((name) => {
    const at = header.indexOf(name);
    if (at < 0) throw new BadInput(`${file}: missing column '${name}' (the header has ${header.join(", ")})`);
    return at;
  });
  const rows = [];
  for (let i = 1; i < lines.length; ++i) {
    const line = lines[i].replace(/\r$/, "");
    if (line === "") continue;
    const fields = line.split("\t");
    rows.push({ line: i + 1, values: positions.map((at) => fields[at] === undefined ? "" : fields[at]) });
  }
  return rows;
}

function csvField(value) {
  return `"${value.replace(/"/g, '""')}"`;
}

function writeCsv(file, header, rows) {
  fs.writeFileSync(file, [header, ...rows].map((row) => row.map(csvField).join(",")).join("\n") + "\n");
}

async function run(connection, statement) {
  const result = await connection.query(statement);
  return Array.isArray(result) ? result[result.length - 1] : result;
}

async function loadIntoKuzu(connection, graphDir, workDir) {
  const entitiesFile = path.join(graphDir, "entities.tsv");
  const relationsFile = path.join(graphDir, "relations.tsv");
  const entities = readTsv(entitiesFile, ["id", "kind", "name"]);
  const relations = readTsv(relationsFile, ["from", "type", "to", "evidence", "since"]);

  const kindOf = new Map();
  const entitiesByKind = new Map();
  for (const { line, values: [id, kind, name] } of entities) {
    const kindName = KIND_NAMES[kind.toLowerCase()];
    if (!kindName) throw new BadInput(`${entitiesFile}:${line}: unknown kind '${kind}' (expected ${Object.keys(KIND_NAMES).join(", ")})`);
    if (kindOf.has(id)) throw new BadInput(`${entitiesFile}:${line}: the id '${id}' appears twice`);
    kindOf.set(id, kindName);
    if (!entitiesByKind.has(kindName)) entitiesByKind.set(kindName, []);
    entitiesByKind.get(kindName).push([id, kindName, name]);
  }

  // Each rel table gets exactly the endpoint pairs the data uses.
  const relationsByTable = new Map();
  for (const { line, values: [from, type, to, evidence, since] } of relations) {
    if (!/^[a-z_][a-z0-9_]*$/.test(type)) throw new BadInput(`${relationsFile}:${line}: '${type}' is not a relation type name`);
    for (const [end, id] of [["from", from], ["to", to]])
      if (!kindOf.has(id)) throw new BadInput(`${relationsFile}:${line}: no entity '${id}' (column '${end}')`);
    const pair = `${kindOf.get(from)}>${kindOf.get(to)}`;
    if (!relationsByTable.has(type)) relationsByTable.set(type, new Map());
    const pairs = relationsByTable.get(type);
    if (!pairs.has(pair)) pairs.set(pair, []);
    pairs.get(pair).push([from, to, evidence, since]);
  }

  // COPY takes the file name as a quoted literal.
  if (workDir.includes("'")) throw new BadInput(`the work folder ${workDir} has a ' in its name, which COPY cannot take`);
  fs.mkdirSync(workDir, { recursive: true });
  for (const kindName of Object.values(KIND_NAMES)) {
    await run(connection, `CREATE NODE TABLE ${kindName}(id STRING PRIMARY KEY, kind STRING, name STRING)`);
    const rows = entitiesByKind.get(kindName) || [];
    if (rows.length === 0) continue;
    const file = path.join(workDir, `${kindName}.csv`);
    writeCsv(file, ["id", "kind", "name"], rows);
    await run(connection, `COPY ${kindName} FROM '${file}' (header=true)`);
  }
  for (const [type, pairs] of [...relationsByTable].sort()) {
    const ends = [...pairs.keys()].sort().map((pair) => {
      const [from, to] = pair.split(">");
      return `FROM ${from} TO ${to}`;
    });
    await run(connection, `CREATE REL TABLE ${type}(${ends.join(", ")}, evidence STRING, since STRING)`);
    for (const [pair, rows] of [...pairs].sort()) {
      const [from, to] = pair.split(">");
      const file = path.join(workDir, `${type}.${from}.${to}.csv`);
      writeCsv(file, ["from", "to", "evidence", "since"], rows);
      await run(connection, `COPY ${type} FROM '${file}' (header=true, from='${from}', to='${to}')`);
    }
  }
  return { entities: entities.length, relations: relations.length, relTables: relationsByTable.size };
}

// ---- running a query on each engine ----------------------------------------------------------

async function runKuzu(connection, entry) {
  const text = entry.kuzu || entry.query;
  let result;
  if (Object.keys(entry.params).length > 0) {
    const statement = await connection.prepare(text);
    if (!statement.isSuccess()) throw new Error(statement.getErrorMessage());
    const params = {};
    for (const [name, value] of Object.entries(entry.params)) params[name] = parameterValue(value);
    result = await connection.execute(statement, params);
    if (Array.isArray(result)) result = result[result.length - 1];
  } else {
    result = await run(connection, text);
  }
  const columns = await result.getColumnNames();
  const rows = (await result.getAll()).map((row) => columns.map((column) => row[column]));
  return { columns, rows };
}

function runEntente(binary, graphDir, entry) {
  const args = ["query", graphDir, entry.query, "--format", "json", "--timeout", String(ENTENTE_QUERY_TIMEOUT_S)];
  for (const [name, value] of Object.entries(entry.params)) args.push("--param", `${name}=${value}`);
  const child = childProcess.spawnSync(binary, args, {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    timeout: (ENTENTE_QUERY_TIMEOUT_S + 30) * 1000,
  });
  if (child.error) throw new Error(`cannot run ${binary}: ${child.error.message}`);
  if (child.status !== 0) {
    const why = child.signal ? `was killed by ${child.signal}` : `exited with ${child.status}`;
    throw new Error(`entente ${why}: ${(child.stderr || "").trim() || "(no message)"}`);
  }
  let parsed;
  try {
    parsed = JSON.parse(child.stdout);
  } catch (e) {
    throw new Error(`entente printed no JSON (${e.message}); it printed: ${child.stdout.slice(0, 300)}`);
  }
  if (!Array.isArray(parsed)) throw new Error("entente printed JSON that is not an array of rows");
  return parsed;
}

// ---- comparing -------------------------------------------------------------------------------

// One spelling per value: Kùzu's INT64 may arrive as BigInt, integral doubles and integers are
// the same number, and doubles are compared to 12 significant digits (sums in another order).
function normalise(value, unorderedLists) {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === "number") return Number.isInteger(value) ? value : Number(value.toPrecision(12));
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (Array.isArray(value)) {
    const items = value.map((item) => normalise(item, unorderedLists));
    return unorderedLists ? items.sort((a, b) => compareKeys(JSON.stringify(a), JSON.stringify(b))) : items;
  }
  if (typeof value === "object") {
    const out = {};
    for (const key of Object.keys(value).sort()) out[key] = normalise(value[key], unorderedLists);
    return out;
  }
  return String(value);
}

function compareKeys(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

function rowKey(row) {
  return JSON.stringify(row);
}

function plural(count, noun, nouns = `${noun}s`) {
  return `${count} ${count === 1 ? noun : nouns}`;
}

function showRow(columns, row) {
  return "{" + columns.map((column, i) => `${column}: ${JSON.stringify(row[i])}`).join(", ") + "}";
}

// Differences between the expected (Kùzu) and actual (entente) rows, as lines to print; empty
// when they agree.
function compare(entry, columns, expectedRows, actualRows, ordered) {
  if (ordered) {
    const length = Math.max(expectedRows.length, actualRows.length);
    for (let i = 0; i < length; ++i) {
      if (i < expectedRows.length && i < actualRows.length && rowKey(expectedRows[i]) === rowKey(actualRows[i])) continue;
      const lines = [`rows differ in order-sensitive comparison at row ${i + 1} (Kùzu ${plural(expectedRows.length, "row")}, entente ${actualRows.length})`];
      for (let j = Math.max(0, i - 1); j < Math.min(length, i + ROWS_SHOWN); ++j) {
        lines.push(`  row ${j + 1}`);
        lines.push(`    expected (Kùzu):  ${j < expectedRows.length ? showRow(columns, expectedRows[j]) : "(none)"}`);
        lines.push(`    actual (entente): ${j < actualRows.length ? showRow(columns, actualRows[j]) : "(none)"}`);
      }
      return lines;
    }
    return [];
  }
  const counts = new Map();
  for (const row of expectedRows) counts.set(rowKey(row), (counts.get(rowKey(row)) || 0) + 1);
  const onlyActual = [];
  for (const row of actualRows) {
    const key = rowKey(row);
    const left = counts.get(key) || 0;
    if (left > 0) counts.set(key, left - 1);
    else onlyActual.push(row);
  }
  const onlyExpected = [];
  for (const row of expectedRows) {
    const key = rowKey(row);
    const left = counts.get(key) || 0;
    if (left > 0) {
      onlyExpected.push(row);
      counts.set(key, left - 1);
    }
  }
  if (onlyExpected.length === 0 && onlyActual.length === 0) return [];
  const lines = [`row multisets differ (Kùzu ${plural(expectedRows.length, "row")}, entente ${actualRows.length})`];
  const list = (label, rows) => {
    if (rows.length === 0) return;
    const sorted = rows.slice().sort((a, b) => compareKeys(rowKey(a), rowKey(b)));
    lines.push(`  ${plural(rows.length, "row")} ${label}${rows.length > ROWS_SHOWN ? `, the first ${ROWS_SHOWN}` : ""}:`);
    for (const row of sorted.slice(0, ROWS_SHOWN)) lines.push(`    ${showRow(columns, row)}`);
  };
  list("only in Kùzu (expected, missing from entente)", onlyExpected);
  list("only in entente (actual, not expected)", onlyActual);
  return lines;
}

// A result that proves little: no rows, or nothing but nulls, zeros, false and empty lists.
function isTrivial(rows) {
  const blank = (v) => v === null || v === 0 || v === false || (Array.isArray(v) && v.length === 0);
  return rows.every((row) => row.every(blank));
}

// ---- main ------------------------------------------------------------------------------------

function indent(text) {
  return text.split("\n").map((line) => `    ${line}`).join("\n");
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const entries = readQueries(options.queries);
  if (options.only !== null && options.only > entries.length)
    throw new BadInput(`--only ${options.only}: the query file has ${entries.length} queries`);

  let kuzu;
  try {
    kuzu = require("kuzu");
  } catch (e) {
    throw new BadInput(`cannot load the kuzu package (is it on NODE_PATH?): ${e.message}`);
  }
  // The database is never closed: closing an in-memory database that holds rel rows crashed
  // the 0.11.3 binding at exit, and the process ends right after anyway.
  const database = new kuzu.Database(":memory:");
  const connection = new kuzu.Connection(database);
  connection.setQueryTimeout(KUZU_QUERY_TIMEOUT_MS);

  const started = Date.now();
  const loaded = await loadIntoKuzu(connection, options.graph, options.work);
  console.log(`Kùzu ${kuzu.Database.getVersion()}: loaded ${plural(loaded.entities, "entity", "entities")} and ` +
              `${plural(loaded.relations, "relation")} (${plural(loaded.relTables, "rel table")}) in ` +
              `${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(options.entente ? `comparing with ${options.entente}` : "Kùzu only (no entente binary given)");

  let failures = 0;
  const selected = options.only ? [entries[options.only - 1]] : entries;
  for (const entry of selected) {
    const label = `#${entry.number} ${entry.title || "(untitled)"} (${options.queries}:${entry.line})`;
    const problems = [];
    let expected = null;
    try {
      expected = await runKuzu(connection, entry);
      expected.rows = expected.rows.map((row) => row.map((v) => normalise(v, entry.unorderedLists)));
      if (isTrivial(expected.rows)) problems.push(`Kùzu's result is trivial (${expected.rows.length} rows, all empty): the case proves nothing`);
    } catch (e) {
      problems.push(`Kùzu rejected the query: ${e.message.trim()}`);
    }
    let actualCount = null;
    if (options.entente && expected) {
      try {
        const objects = runEntente(options.entente, options.graph, entry);
        actualCount = objects.length;
        const keys = new Set(objects.flatMap((row) => Object.keys(row)));
        const missing = expected.columns.filter((column) => objects.length > 0 && !keys.has(column));
        const extra = [...keys].filter((key) => !expected.columns.includes(key));
        if (missing.length > 0 || extra.length > 0) {
          problems.push(`columns differ: Kùzu has [${expected.columns.join(", ")}], entente has [${[...keys].join(", ")}]`);
        } else {
          const actualRows = objects.map((row) => expected.columns.map((column) => normalise(row[column], entry.unorderedLists)));
          problems.push(...compare(entry, expected.columns, expected.rows, actualRows, isOrdered(entry.query)));
        }
      } catch (e) {
        problems.push(e.message.trim());
      }
    }
    if (problems.length === 0) {
      console.log(`ok   ${label}: ${plural(expected.rows.length, "row")}${actualCount === null ? " (Kùzu)" : ""}`);
      continue;
    }
    ++failures;
    console.log(`FAIL ${label}`);
    console.log(indent(entry.query));
    if (entry.kuzu) console.log(`  Kùzu ran: ${entry.kuzu}`);
    for (const [name, value] of Object.entries(entry.params)) console.log(`  parameter ${name} = ${value}`);
    for (const problem of problems) console.log(indent(problem));
  }
  const total = selected.length;
  console.log(failures === 0
    ? `${total === 1 ? "the query agrees" : `all ${total} queries agree`}${options.entente ? "" : " (Kùzu only)"}`
    : `${failures} of ${plural(total, "query", "queries")} failed`);
  return failures === 0 ? 0 : 1;
}

// write_sequences.js shares the loading conventions and the comparison.
module.exports = {
  BadInput, KIND_NAMES, readTsv, writeCsv, run, parameterValue, isOrdered, normalise, compare,
  isTrivial, plural, indent,
};

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error(`differential.js: ${e instanceof BadInput ? e.message : e.stack || e}`);
      process.exit(2);
    });
}
