#!/usr/bin/env node
// Differential test of entente's write clauses against Kùzu: each sequence of a data file starts
// both engines from the same generated graph, applies its write queries in order and compares
// what every step returns, reads included. entente runs as `entente query GRAPH --write`, so
// every write also goes through a save and the next step's load.
//
//   node write_sequences.js --graph DIR --sequences FILE --schema FILE [--entente BINARY]
//                           [--work DIR] [--only N]
//
// --schema is a JSON list of the relation types the graph may hold, each {type, from, to} with
// the kinds allowed at each end (run_writes.sh takes it from gen_tsv.py); Kùzu gets one rel
// table per type with every one of those endpoint pairs, so a sequence may create relations the
// data has none of. Without --entente only Kùzu runs (used while writing sequences). Exit 0 when
// every sequence agrees, 1 when some do not, 2 for bad input. Needs `kuzu` on NODE_PATH.
"use strict";

const childProcess = require("child_process");
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const {
  BadInput, KIND_NAMES, readTsv, writeCsv, run, parameterValue, isOrdered, normalise, compare,
  isTrivial, plural, indent,
} = require("./differential.js");

const KUZU_QUERY_TIMEOUT_MS = 30000;
const ENTENTE_QUERY_TIMEOUT_S = 30;
// The graph formats entente saves to; sequences take them in turn unless one names its own.
const FORMATS = { json: "graph.kg.json", kga: "graph.kga", tsv: "graph.tsv" };
const KUZU_TYPES = new Set(["STRING", "INT64", "DOUBLE", "BOOLEAN"]);

// ---- arguments -------------------------------------------------------------------------------

function parseArguments(argv) {
  const options = { graph: null, sequences: null, schema: null, entente: null, work: null, only: null };
  const known = { "--graph": "graph", "--sequences": "sequences", "--schema": "schema",
                  "--entente": "entente", "--work": "work", "--only": "only" };
  for (let i = 0; i < argv.length; i += 2) {
    const key = known[argv[i]];
    if (!key) throw new BadInput(`unknown argument '${argv[i]}' (expected one of ${Object.keys(known).join(", ")})`);
    if (i + 1 >= argv.length) throw new BadInput(`${argv[i]} needs a value`);
    options[key] = argv[i + 1];
  }
  for (const required of ["graph", "sequences", "schema"])
    if (!options[required]) throw new BadInput(`--${required} is required`);
  if (options.only !== null) {
    if (!/^[1-9][0-9]*$/.test(options.only)) throw new BadInput(`--only takes a sequence number, not '${options.only}'`);
    options.only = Number(options.only);
  }
  options.work = path.resolve(options.work || path.join(options.graph, "..", "write-sequences"));
  return options;
}

// ---- the sequence file -----------------------------------------------------------------------

// Blocks are separated by blank lines. A block whose first line is `// ==== TITLE` starts a
// sequence; every block after it with query text is one of its steps, in order. Comment-only
// blocks document. The directives are listed in README.md and at the head of the data file.
function readSequences(file) {
  let text;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new BadInput(`cannot read the sequence file ${file}: ${e.message}`);
  }
  const columns = { node: [], rel: [] };
  const sequences = [];
  const blocks = [];
  let block = null;
  text.split("\n").forEach((raw, index) => {
    const line = raw.trimEnd();
    if (line.trim() === "") {
      block = null;
      return;
    }
    if (!block) blocks.push((block = { line: index + 1, lines: [] }));
    block.lines.push({ number: index + 1, text: line });
  });

  for (const { line, lines } of blocks) {
    const first = lines[0].text.match(/^\s*\/\/\s?={3,}\s*(.*)$/);
    if (first) {
      const sequence = { number: sequences.length + 1, line, title: first[1].trim(), skip: null,
                         format: null, steps: [] };
      for (const { number, text: body } of lines.slice(1)) {
        const comment = body.match(/^\s*\/\/\s?(.*)$/);
        const where = `${file}:${number}`;
        if (!comment) throw new BadInput(`${where}: a sequence's header holds comments only; leave a blank line before the first step`);
        let match;
        if ((match = comment[1].match(/^@skip:\s*(.+)$/))) sequence.skip = match[1].trim();
        else if ((match = comment[1].match(/^@format:\s*(\S+)$/))) {
          if (!FORMATS[match[1]]) throw new BadInput(`${where}: unknown format '${match[1]}' (known: ${Object.keys(FORMATS).join(", ")})`);
          sequence.format = match[1];
        } else if (comment[1].startsWith("@")) throw new BadInput(`${where}: unknown sequence directive '${comment[1]}' (known: @skip:, @format:)`);
      }
      sequences.push(sequence);
      continue;
    }
    const step = readStep(file, lines, columns, sequences.length === 0);
    if (!step) continue;
    if (sequences.length === 0) throw new BadInput(`${file}:${line}: a query before the first sequence header (// ==== TITLE)`);
    const sequence = sequences[sequences.length - 1];
    step.number = sequence.steps.length + 1;
    sequence.steps.push(step);
  }
  if (sequences.length === 0) throw new BadInput(`${file}: no sequences`);
  for (const sequence of sequences) {
    if (!sequence.steps.some((step) => step.write))
      throw new BadInput(`${file}:${sequence.line}: sequence '${sequence.title}' writes nothing`);
    if (!sequence.steps.some((step) => !step.write))
      throw new BadInput(`${file}:${sequence.line}: sequence '${sequence.title}' reads nothing back`);
  }
  return { columns, sequences };
}

// One step, or null for a block of plain comments. `inHead`: the file's head may declare the
// extra columns Kùzu's tables get.
function readStep(file, lines, columns, inHead) {
  const step = { line: lines[0].number, title: "", lines: [], kuzu: null, params: {},
                 unorderedLists: false, fails: false, emptyOk: false };
  let directives = 0;
  for (const { number, text } of lines) {
    const where = `${file}:${number}`;
    const comment = text.match(/^\s*\/\/\s?(.*)$/);
    if (!comment) {
      step.lines.push(text);
      continue;
    }
    const body = comment[1];
    if (step.lines.length > 0) throw new BadInput(`${where}: a comment after the query text; put comments first`);
    if (!body.startsWith("@")) {
      step.title = step.title ? `${step.title} ${body.trim()}` : body.trim();
      continue;
    }
    let match;
    if ((match = body.match(/^@(node|rel)-columns:\s*(.+)$/))) {
      if (!inHead) throw new BadInput(`${where}: @${match[1]}-columns belongs to the head of the file`);
      columns[match[1]].push(...parseColumns(where, match[2]));
      continue;
    }
    ++directives;
    if ((match = body.match(/^@kuzu:\s*(.+)$/))) step.kuzu = match[1].trim().replace(/;$/, "");
    else if ((match = body.match(/^@param\s+([A-Za-z_][A-Za-z0-9_]*)=(.*)$/))) step.params[match[1]] = match[2];
    else if (body.trim() === "@unordered-lists") step.unorderedLists = true;
    else if (body.trim() === "@fails") step.fails = true;
    else if (body.trim() === "@empty-ok") step.emptyOk = true;
    else throw new BadInput(`${where}: unknown directive '${body.trim()}' (known: @kuzu:, @param NAME=VALUE, @unordered-lists, @fails, @empty-ok)`);
  }
  if (step.lines.length === 0) {
    if (directives > 0) throw new BadInput(`${file}:${step.line}: directives without a query`);
    return null;
  }
  step.query = step.lines.join("\n").trim().replace(/;$/, "");
  delete step.lines;
  step.write = isWrite(step.query);
  if (step.fails && !step.write) throw new BadInput(`${file}:${step.line}: @fails is for a write both engines refuse`);
  return step;
}

// `name TYPE, name TYPE`: what Kùzu's tables hold beyond the loaded columns, so that a
// sequence may set properties the generated graph does not have.
function parseColumns(where, text) {
  return text.split(",").map((item) => {
    const match = item.trim().match(/^([a-z_][a-z0-9_]*)\s+([A-Z0-9]+)$/);
    if (!match || !KUZU_TYPES.has(match[2]))
      throw new BadInput(`${where}: '${item.trim()}' is not NAME TYPE with TYPE one of ${[...KUZU_TYPES].join(", ")}`);
    return { name: match[1], type: match[2] };
  });
}

// Whether the query has a write clause; string literals are left out so that a value cannot
// look like a keyword. entente refuses a write run without --write, so a mistake shows.
function isWrite(query) {
  const code = query.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "''");
  return /\b(CREATE|MERGE|SET|REMOVE|DELETE)\b/i.test(code);
}

// ---- the graph, in Kùzu's and entente's shapes -----------------------------------------------

// Reads the TSV graph once and writes one CSV per node table and per rel table and endpoint
// pair; returns what loading it into Kùzu takes.
function prepareKuzuFiles(graphDir, schemaFile, workDir) {
  let schema;
  try {
    schema = JSON.parse(fs.readFileSync(schemaFile, "utf8"));
  } catch (e) {
    throw new BadInput(`cannot read the relation types from ${schemaFile}: ${e.message}`);
  }
  const kindName = (kind, where) => {
    const name = KIND_NAMES[kind.toLowerCase()];
    if (!name) throw new BadInput(`${where}: unknown kind '${kind}' (expected ${Object.keys(KIND_NAMES).join(", ")})`);
    return name;
  };
  const pairsOf = new Map();
  for (const { type, from, to } of schema) {
    if (!/^[a-z_][a-z0-9_]*$/.test(type)) throw new BadInput(`${schemaFile}: '${type}' is not a relation type name`);
    const pairs = [];
    for (const a of from) for (const b of to) pairs.push(`${kindName(a, schemaFile)}>${kindName(b, schemaFile)}`);
    pairsOf.set(type, pairs);
  }

  const entitiesFile = path.join(graphDir, "entities.tsv");
  const relationsFile = path.join(graphDir, "relations.tsv");
  const kindOf = new Map();
  const nodeRows = new Map(Object.values(KIND_NAMES).map((name) => [name, []]));
  for (const { line, values: [id, kind, name] } of readTsv(entitiesFile, ["id", "kind", "name"])) {
    const table = kindName(kind, `${entitiesFile}:${line}`);
    if (kindOf.has(id)) throw new BadInput(`${entitiesFile}:${line}: the id '${id}' appears twice`);
    kindOf.set(id, table);
    nodeRows.get(table).push([id, table, name]);
  }
  const relRows = new Map();
  for (const { line, values: [from, type, to, evidence, since] } of readTsv(relationsFile, ["from", "type", "to", "evidence", "since"])) {
    for (const [end, id] of [["from", from], ["to", to]])
      if (!kindOf.has(id)) throw new BadInput(`${relationsFile}:${line}: no entity '${id}' (column '${end}')`);
    const pair = `${kindOf.get(from)}>${kindOf.get(to)}`;
    if (!pairsOf.has(type) || !pairsOf.get(type).includes(pair))
      throw new BadInput(`${relationsFile}:${line}: ${type} from ${kindOf.get(from)} to ${kindOf.get(to)} is not in ${schemaFile}`);
    const key = `${type}>${pair}`;
    if (!relRows.has(key)) relRows.set(key, []);
    relRows.get(key).push([from, to, evidence, since]);
  }

  // COPY takes the file name as a quoted literal.
  if (workDir.includes("'")) throw new BadInput(`the work folder ${workDir} has a ' in its name, which COPY cannot take`);
  fs.mkdirSync(workDir, { recursive: true });
  const plan = { nodes: [], rels: [], entities: kindOf.size, relations: 0 };
  for (const [table, rows] of nodeRows) {
    const file = rows.length === 0 ? null : path.join(workDir, `${table}.csv`);
    if (file) writeCsv(file, ["id", "kind", "name"], rows);
    plan.nodes.push({ table, file });
  }
  for (const [type, pairs] of pairsOf) {
    const copies = [];
    for (const pair of pairs) {
      const rows = relRows.get(`${type}>${pair}`);
      if (!rows) continue;
      const [from, to] = pair.split(">");
      const file = path.join(workDir, `${type}.${from}.${to}.csv`);
      writeCsv(file, ["from", "to", "evidence", "since"], rows);
      copies.push({ from, to, file });
      plan.relations += rows.length;
    }
    plan.rels.push({ type, pairs: pairs.map((pair) => pair.split(">")), copies });
  }
  return plan;
}

// Drops what the sequence before left and loads the graph afresh. One database serves every
// sequence: closing one that held rel rows crashed the 0.11.3 binding.
async function loadKuzu(connection, plan, columns, loadedBefore) {
  if (loadedBefore) {
    for (const { type } of plan.rels) await run(connection, `DROP TABLE ${type}`);
    for (const { table } of plan.nodes) await run(connection, `DROP TABLE ${table}`);
  }
  for (const { table, file } of plan.nodes) {
    await run(connection, `CREATE NODE TABLE ${table}(id STRING PRIMARY KEY, kind STRING, name STRING)`);
    if (file) await run(connection, `COPY ${table} FROM '${file}' (header=true)`);
    for (const { name, type } of columns.node) await run(connection, `ALTER TABLE ${table} ADD ${name} ${type}`);
  }
  for (const { type, pairs, copies } of plan.rels) {
    const ends = pairs.map(([from, to]) => `FROM ${from} TO ${to}`).join(", ");
    await run(connection, `CREATE REL TABLE ${type}(${ends}, evidence STRING, since STRING)`);
    for (const { from, to, file } of copies)
      await run(connection, `COPY ${type} FROM '${file}' (header=true, from='${from}', to='${to}')`);
    for (const { name, type: columnType } of columns.rel) await run(connection, `ALTER TABLE ${type} ADD ${name} ${columnType}`);
  }
}

// The generated graph in each format entente saves to, converted once; sequences copy them.
function prepareEntenteGraphs(binary, graphDir, workDir) {
  fs.mkdirSync(workDir, { recursive: true });
  const bases = {};
  for (const [format, name] of Object.entries(FORMATS)) {
    const target = path.join(workDir, name);
    fs.rmSync(target, { recursive: true, force: true });
    const child = childProcess.spawnSync(binary, ["convert", graphDir, target], { encoding: "utf8" });
    if (child.error || child.status !== 0)
      throw new BadInput(`entente convert ${graphDir} ${target} failed: ${(child.error && child.error.message) || child.stderr.trim()}`);
    bases[format] = target;
  }
  return bases;
}

// ---- running a step on each engine -----------------------------------------------------------

async function runKuzu(connection, step) {
  const text = step.kuzu || step.query;
  let result;
  if (Object.keys(step.params).length > 0) {
    const statement = await connection.prepare(text);
    if (!statement.isSuccess()) throw new Error(statement.getErrorMessage());
    const params = {};
    for (const [name, value] of Object.entries(step.params)) params[name] = parameterValue(value);
    result = await connection.execute(statement, params);
    if (Array.isArray(result)) result = result[result.length - 1];
  } else {
    result = await run(connection, text);
  }
  const columns = await result.getColumnNames();
  const rows = (await result.getAll()).map((row) => columns.map((column) => row[column]));
  return { columns, rows };
}

async function kuzuCounts(connection) {
  const count = async (query) => Number((await (await run(connection, query)).getAll())[0].c);
  return { entities: await count("MATCH (n) RETURN count(n) AS c"),
           relations: await count("MATCH ()-[r]->() RETURN count(r) AS c") };
}

// What entente did: its rows (as objects), its summary of changes for a write, or its refusal.
function runEntente(binary, graphPath, step) {
  const args = ["query", graphPath, step.query, "--format", "json", "--timeout", String(ENTENTE_QUERY_TIMEOUT_S)];
  if (step.write) args.push("--write");
  for (const [name, value] of Object.entries(step.params)) args.push("--param", `${name}=${value}`);
  const child = childProcess.spawnSync(binary, args, {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    timeout: (ENTENTE_QUERY_TIMEOUT_S + 30) * 1000,
  });
  if (child.error) throw new Error(`cannot run ${binary}: ${child.error.message}`);
  if (child.signal) throw new Error(`entente was killed by ${child.signal}: ${(child.stderr || "").trim()}`);
  const message = (child.stderr || "").trim();
  if (child.status !== 0) return { refused: message || `exited with ${child.status}` };
  let rows;
  try {
    rows = JSON.parse(child.stdout);
  } catch (e) {
    throw new Error(`entente printed no JSON (${e.message}); it printed: ${child.stdout.slice(0, 300)}`);
  }
  if (!Array.isArray(rows)) throw new Error("entente printed JSON that is not an array of rows");
  let summary = null;
  if (step.write) {
    const prefix = `entente: ${graphPath}: `;
    const line = message.split("\n").find((l) => l.startsWith(prefix));
    if (!line) throw new Error(`entente wrote no summary of changes; it printed: ${message}`);
    summary = line.slice(prefix.length);
  }
  return { rows, summary };
}

// Entities and relations created minus deleted, by entente's summary ("2 entities created,
// 1 relation deleted, 3 properties set").
function netChanges(summary) {
  const count = (pattern) => {
    const match = summary.match(pattern);
    return match ? Number(match[1]) : 0;
  };
  return {
    entities: count(/(\d+) entit(?:y|ies) created/) - count(/(\d+) entit(?:y|ies) deleted/),
    relations: count(/(\d+) relations? created/) - count(/(\d+) relations? deleted/),
  };
}

// The bytes of entente's graph (a file, or a TSV folder's files), to show a refused write left
// it as it was.
function fingerprint(graphPath) {
  const hash = crypto.createHash("sha256");
  const files = fs.statSync(graphPath).isDirectory()
    ? fs.readdirSync(graphPath).sort().map((name) => path.join(graphPath, name))
    : [graphPath];
  for (const file of files) hash.update(`${path.basename(file)}\0`).update(fs.readFileSync(file));
  return hash.digest("hex");
}

function signed(n) {
  return n > 0 ? `+${n}` : String(n);
}

// ---- a sequence ------------------------------------------------------------------------------

// Runs the steps in order and returns the problems of the first step that has any (later steps
// would compare graphs that differ already), with a line per step that passed.
async function runSequence(options, connection, bases, sequence) {
  const format = sequence.format || Object.keys(FORMATS)[(sequence.number - 1) % Object.keys(FORMATS).length];
  const graphPath = path.join(options.work, `sequence-${sequence.number}`, FORMATS[format]);
  if (options.entente) {
    fs.rmSync(path.dirname(graphPath), { recursive: true, force: true });
    fs.mkdirSync(path.dirname(graphPath), { recursive: true });
    fs.cpSync(bases[format], graphPath, { recursive: true });
  }
  const log = [];
  for (const step of sequence.steps) {
    const label = `step ${step.number} (${step.write ? "write" : "read"}, line ${step.line}) ${step.title || "(untitled)"}`;
    const problems = [];
    let expected = null;
    let kuzuRefusal = null;
    const before = step.write ? await kuzuCounts(connection) : null;
    try {
      expected = await runKuzu(connection, step);
      expected.rows = expected.rows.map((row) => row.map((v) => normalise(v, step.unorderedLists)));
    } catch (e) {
      kuzuRefusal = e.message.trim().split("\n")[0];
    }
    const after = step.write ? await kuzuCounts(connection) : null;
    if (step.fails) {
      if (!kuzuRefusal) problems.push("Kùzu accepted a write the file says both engines refuse");
      if (after.entities !== before.entities || after.relations !== before.relations)
        problems.push("Kùzu's refused write changed the graph");
    } else if (kuzuRefusal) {
      problems.push(`Kùzu rejected the query: ${kuzuRefusal}`);
    } else if (!step.write && !step.emptyOk && isTrivial(expected.rows)) {
      problems.push(`Kùzu's result is trivial (${plural(expected.rows.length, "row")}, all empty): the step proves nothing (or mark it @empty-ok)`);
    }

    let note = "";
    if (options.entente && problems.length === 0) {
      try {
        const saved = step.fails ? fingerprint(graphPath) : null;
        const actual = runEntente(options.entente, graphPath, step);
        if (step.fails) {
          if (!actual.refused) problems.push(`entente accepted a write Kùzu refuses (${kuzuRefusal}); entente: ${actual.summary}`);
          else if (fingerprint(graphPath) !== saved) problems.push(`entente refused the write but changed ${graphPath}`);
          else note = `both refuse (Kùzu: ${kuzuRefusal}; entente: ${actual.refused.split("\n")[0]})`;
        } else if (actual.refused) {
          problems.push(`entente refused the query: ${actual.refused}`);
        } else {
          problems.push(...compareRows(step, expected, actual.rows));
          if (step.write) {
            const net = netChanges(actual.summary);
            const delta = { entities: after.entities - before.entities, relations: after.relations - before.relations };
            note = `${actual.summary}; Kùzu ${signed(delta.entities)} entities, ${signed(delta.relations)} relations`;
            if (net.entities !== delta.entities || net.relations !== delta.relations)
              problems.push(`entente's summary (${actual.summary}) is a net ${signed(net.entities)} entities and ` +
                            `${signed(net.relations)} relations, but Kùzu's counts changed by ` +
                            `${signed(delta.entities)} and ${signed(delta.relations)}`);
          }
        }
      } catch (e) {
        problems.push(e.message.trim());
      }
    } else if (problems.length === 0 && step.fails) {
      note = `Kùzu refuses: ${kuzuRefusal}`;
    }
    if (problems.length > 0) {
      const lines = [label, indent(step.query)];
      if (step.kuzu) lines.push(`  Kùzu ran: ${step.kuzu}`);
      for (const [name, value] of Object.entries(step.params)) lines.push(`  parameter ${name} = ${value}`);
      for (const problem of problems) lines.push(indent(problem));
      return { format, log, problems: lines };
    }
    log.push(`${label}: ${expected ? plural(expected.rows.length, "row") : "refused"}${note ? `; ${note}` : ""}`);
  }
  return { format, log, problems: [] };
}

function compareRows(step, expected, objects) {
  const keys = new Set(objects.flatMap((row) => Object.keys(row)));
  const missing = expected.columns.filter((column) => objects.length > 0 && !keys.has(column));
  const extra = [...keys].filter((key) => !expected.columns.includes(key));
  if (missing.length > 0 || extra.length > 0)
    return [`columns differ: Kùzu has [${expected.columns.join(", ")}], entente has [${[...keys].join(", ")}]`];
  const actualRows = objects.map((row) => expected.columns.map((column) => normalise(row[column], step.unorderedLists)));
  return compare(step, expected.columns, expected.rows, actualRows, isOrdered(step.query));
}

// ---- main ------------------------------------------------------------------------------------

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const { columns, sequences } = readSequences(options.sequences);
  if (options.only !== null && options.only > sequences.length)
    throw new BadInput(`--only ${options.only}: the file has ${plural(sequences.length, "sequence")}`);

  let kuzu;
  try {
    kuzu = require("kuzu");
  } catch (e) {
    throw new BadInput(`cannot load the kuzu package (is it on NODE_PATH?): ${e.message}`);
  }
  const started = Date.now();
  const plan = prepareKuzuFiles(options.graph, options.schema, path.join(options.work, "kuzu-csv"));
  const bases = options.entente ? prepareEntenteGraphs(options.entente, options.graph, path.join(options.work, "base")) : {};
  const database = new kuzu.Database(":memory:");
  const connection = new kuzu.Connection(database);
  connection.setQueryTimeout(KUZU_QUERY_TIMEOUT_MS);
  console.log(`Kùzu ${kuzu.Database.getVersion()}: ${plural(plan.entities, "entity", "entities")} and ` +
              `${plural(plan.relations, "relation")} loaded afresh for each sequence`);
  console.log(options.entente ? `comparing with ${options.entente}` : "Kùzu only (no entente binary given)");

  let failures = 0, skipped = 0, steps = 0;
  const selected = options.only ? [sequences[options.only - 1]] : sequences;
  for (const [index, sequence] of selected.entries()) {
    await loadKuzu(connection, plan, columns, index > 0);
    const outcome = await runSequence(options, connection, bases, sequence);
    const label = `#${sequence.number} ${sequence.title} (${path.basename(options.sequences)}:${sequence.line}, ${outcome.format})`;
    const agrees = outcome.problems.length === 0;
    if (sequence.skip && options.entente) {
      if (agrees) {
        // A skip that no longer holds would hide the next regression: the record must go.
        ++failures;
        console.log(`FAIL ${label}: marked @skip (${sequence.skip}) but every step agrees; remove the directive`);
      } else {
        ++skipped;
        console.log(`skip ${label}: ${sequence.skip}`);
        for (const line of outcome.problems) console.log(indent(line));
      }
      continue;
    }
    if (agrees) {
      steps += sequence.steps.length;
      console.log(`ok   ${label}: ${plural(sequence.steps.length, "step")}`);
      for (const line of outcome.log) console.log(`       ${line}`);
      continue;
    }
    ++failures;
    console.log(`FAIL ${label}`);
    for (const line of outcome.log) console.log(`       ${line}`);
    for (const line of outcome.problems) console.log(indent(line));
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const total = selected.length;
  const skippedNote = skipped > 0 ? `, ${skipped} skipped as recorded disagreements` : "";
  console.log(failures === 0
    ? `${plural(total - skipped, "sequence")} (${plural(steps, "step")}) agree${options.entente ? "" : " (Kùzu only)"}${skippedNote}, in ${seconds} s`
    : `${failures} of ${plural(total, "sequence")} failed${skippedNote}, in ${seconds} s`);
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`write_sequences.js: ${e instanceof BadInput ? e.message : e.stack || e}`);
    process.exit(2);
  });
