#!/usr/bin/env python3
"""Reads GraphML that NetworkX writes with `entente convert` and compares what entente read with
the graph NetworkX wrote.

Graphs, each written with nx.write_graphml and converted with `entente convert X.graphml
X.kg.json`:
- a DiGraph and a MultiDiGraph (parallel edges, self-loops) whose nodes and edges carry int,
  float (NaN and infinities among them), bool and str attributes, some edges a `type`;
- an undirected Graph;
- the bundled knowledge base as entente exports it, read by nx.read_graphml and written back by
  nx.write_graphml (new key ids, no <desc>, the graph's data after the edges), which entente must
  still know for its own.

Checks, on the .kg.json that entente writes (read with Python's json module):
- the same number of entities as nodes and of relations as edges;
- for NetworkX's graphs: each node an entity with its id, named by its `name` attribute (else
  its id), with the unlabelled kind and every other attribute with its value and its type (int,
  float, bool, str); each edge a relation between the same nodes (either way round when the graph
  is undirected), typed by its `type` attribute (else `related_to`), with its other attributes;
  the relation types of an undirected graph symmetric;
- for the bundled graph: the sources, every one with its fields and in their order; each
  entity's kind, name, aliases, external ids (in their order) and attributes, and each relation's
  ends, type, evidence, time, cited source ids and quotes and attributes, as the original
  .kg.json holds them; dates in attributes come back as their text, since NetworkX drops the
  <desc> that says they are dates.

    graphml_import.py --entente build/bin/entente --work /tmp/graphml_import \\
        --bundled examples/data/korea_russia.kg.json

Prints every mismatch; exits 0 only when everything agrees.
"""

import argparse
import collections
import json
import math
import os
import random
import subprocess
import sys

try:
    import networkx as nx
except ImportError as missing:  # pragma: no cover - depends on the machine
    print("graphml_import.py: cannot import networkx ({}); install the Debian package "
          "python3-networkx and run this with /usr/bin/python3".format(missing), file=sys.stderr)
    sys.exit(2)

DEFAULT_TYPE = "related_to"
problems = []


def problem(where, what):
    problems.append("{}: {}".format(where, what))


def typed(v):
    """A value with its type, comparable (NaN equal to NaN): ('float', 'nan')."""
    if isinstance(v, float):
        return ("float", repr(v))
    return (type(v).__name__, v)


def from_json(raw):
    """A .kg.json attribute value as Python: reals in their object form become floats."""
    if isinstance(raw, dict) and "real" in raw:
        return float(raw["real"])
    if isinstance(raw, dict) and "date" in raw:
        return ("date", raw["date"])
    return raw


def attributes_of(record):
    return {k: typed(from_json(v)) for k, v in (record.get("attributes") or {}).items()}


def convert(entente, source, target):
    run = subprocess.run([entente, "convert", source, target], capture_output=True, text=True)
    if run.returncode != 0:
        problem(os.path.basename(source), "entente convert failed: " + run.stderr.strip())
        return None
    with open(target, encoding="utf-8") as f:
        return json.load(f)


# ---- NetworkX's graphs -------------------------------------------------------------------------

WORDS = ["a & b <c>", "Ким Чен Ын", " padded ", "quote \" and '", "tab\there", "북한", "plain"]
REALS = [0.5, -2.25, 1e-07, 3.0, float("nan"), float("inf"), -float("inf"), 123456.789, -0.0]


def random_attributes(rng, prefix):
    """A few attributes of each type; names repeat across records, so keys are shared."""
    attrs = {}
    if rng.random() < 0.7:
        attrs[prefix + "count"] = rng.choice([0, 1, -7, 2 ** 40, -(2 ** 62)])
    if rng.random() < 0.7:
        attrs[prefix + "share"] = rng.choice(REALS)
    if rng.random() < 0.6:
        attrs[prefix + "flag"] = rng.random() < 0.5
    if rng.random() < 0.6:
        attrs[prefix + "note"] = rng.choice(WORDS)
    return attrs


def build(kind, rng):
    g = {"digraph": nx.DiGraph, "multidigraph": nx.MultiDiGraph, "graph": nx.Graph}[kind]()
    nodes = ["n{}".format(i) for i in range(25)] + ["PRK", "Россия"]
    for n in nodes:
        attrs = random_attributes(rng, "")
        if rng.random() < 0.5:
            attrs["name"] = "Name of " + n
        g.add_node(n, **attrs)
    for _ in range(60):
        u, v = rng.choice(nodes), rng.choice(nodes)
        attrs = random_attributes(rng, "e_")
        if rng.random() < 0.6:
            attrs["type"] = rng.choice(["supplies", "supports", "borders"])
        g.add_edge(u, v, **attrs)
    if kind == "multidigraph":
        # Parallel edges with their own attributes, and a self-loop.
        for i in range(3):
            g.add_edge("PRK", "Россия", type="supplies", e_count=i, e_share=0.5 * i)
        g.add_edge("PRK", "PRK", type="supports")
    return g


def canonical_edge(u, v, edge_type, attrs, undirected):
    ends = tuple(sorted((u, v))) if undirected else (u, v)
    return (ends, edge_type, tuple(sorted(attrs.items())))


def check_networkx_graph(name, g, doc):
    where = name
    undirected = not g.is_directed()
    entities = {e["id"]: e for e in doc["entities"]}
    if len(doc["entities"]) != g.number_of_nodes():
        problem(where, "{} entities for {} nodes".format(len(doc["entities"]),
                                                         g.number_of_nodes()))
    for n, data in g.nodes(data=True):
        at = "{} node {!r}".format(where, n)
        e = entities.get(n)
        if e is None:
            problem(at, "missing")
            continue
        expected_name = data.get("name", n)
        if e.get("name") != expected_name:
            problem(at, "name {!r}, expected {!r}".format(e.get("name"), expected_name))
        if e.get("kind") != "":
            problem(at, "kind {!r}, expected the unlabelled kind".format(e.get("kind")))
        expected = {k: typed(v) for k, v in data.items() if k != "name"}
        got = attributes_of(e)
        if got != expected:
            problem(at, "attributes {}, expected {}".format(got, expected))

    relations = doc["relations"]
    if len(relations) != g.number_of_edges():
        problem(where, "{} relations for {} edges".format(len(relations), g.number_of_edges()))
    expected_edges = collections.Counter()
    for u, v, data in g.edges(data=True):
        attrs = {k: typed(x) for k, x in data.items() if k != "type"}
        expected_edges[canonical_edge(u, v, data.get("type", DEFAULT_TYPE), attrs,
                                      undirected)] += 1
    got_edges = collections.Counter()
    for r in relations:
        if r.get("evidence", "reported") != "reported" or r.get("sources"):
            problem(where, "relation {} has evidence or sources NetworkX never gave".format(r))
        got_edges[canonical_edge(r["from"], r["to"], r["type"], attributes_of(r), undirected)] += 1
    for edge in sorted(set(expected_edges) | set(got_edges), key=repr):
        if expected_edges[edge] != got_edges[edge]:
            problem(where, "edge {}: {} relations, expected {}".format(edge, got_edges[edge],
                                                                       expected_edges[edge]))

    types = {t["name"]: t for t in (doc.get("schema") or {}).get("relation_types", [])}
    used = {r["type"] for r in relations}
    for t in sorted(used):
        symmetric = bool(types.get(t, {}).get("symmetric"))
        if symmetric != undirected:
            problem(where, "relation type {!r} symmetric: {}, expected {}".format(
                t, symmetric, undirected))


# ---- the bundled graph through NetworkX --------------------------------------------------------

def expected_attributes_after_networkx(record):
    """What survives GraphML and NetworkX: every value as it was, dates as their text."""
    out = {}
    for k, raw in (record.get("attributes") or {}).items():
        v = from_json(raw)
        if v is None:
            continue
        out[k] = typed(v[1] if isinstance(v, tuple) else v)
    return out


def citations(r):
    cites = [{"id": c} if isinstance(c, str) else c for c in r.get("sources") or []]
    return tuple((c["id"], c.get("quote") or "") for c in cites)


def relation_key(r):
    return (r["from"], r["type"], r["to"], r.get("evidence") or "reported", r.get("since"),
            r.get("until"), citations(r), tuple(sorted(attributes_of(r).items())))


def check_bundled(truth, doc):
    where = "bundled graph through NetworkX"
    kinds = {k.lower(): k for k in ["Actor", "State", "Person", "Organization", "Agreement",
                                    "Event", "Item", "Place"]}
    if (doc.get("sources") or []) != (truth.get("sources") or []):
        problem(where, "sources {}, expected {}".format(doc.get("sources"), truth.get("sources")))
    if len(doc["entities"]) != len(truth["entities"]):
        problem(where, "{} entities, expected {}".format(len(doc["entities"]),
                                                         len(truth["entities"])))
    got = {e["id"]: e for e in doc["entities"]}
    for e in truth["entities"]:
        at = "{} entity {!r}".format(where, e["id"])
        mine = got.get(e["id"])
        if mine is None:
            problem(at, "missing")
            continue
        for field, expected in (("kind", kinds.get(e["kind"].lower(), e["kind"])),
                                ("name", e.get("name") or e["id"]),
                                ("aliases", e.get("aliases") or [])):
            if (mine.get(field) or ([] if field == "aliases" else None)) != expected:
                problem(at, "{} {!r}, expected {!r}".format(field, mine.get(field), expected))
        ids = list((mine.get("external_ids") or {}).items())
        if ids != list((e.get("external_ids") or {}).items()):
            problem(at, "external ids {!r}, expected {!r}".format(ids, e.get("external_ids")))
        if attributes_of(mine) != expected_attributes_after_networkx(e):
            problem(at, "attributes {}, expected {}".format(
                attributes_of(mine), expected_attributes_after_networkx(e)))

    if len(doc["relations"]) != len(truth["relations"]):
        problem(where, "{} relations, expected {}".format(len(doc["relations"]),
                                                          len(truth["relations"])))
    expected = collections.Counter()
    for r in truth["relations"]:
        plain = dict(r)
        plain["attributes"] = {k: (v["date"] if isinstance(v, dict) and "date" in v else v)
                               for k, v in (r.get("attributes") or {}).items()}
        expected[relation_key(plain)] += 1
    mine = collections.Counter(relation_key(r) for r in doc["relations"])
    for key in sorted(set(expected) | set(mine), key=repr):
        if expected[key] != mine[key]:
            problem(where, "relation {}: {} in entente's reading, {} in the original".format(
                key, mine[key], expected[key]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entente", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--bundled", required=True)
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)

    rng = random.Random(20240619)
    for kind in ("digraph", "multidigraph", "graph"):
        g = build(kind, rng)
        source = os.path.join(args.work, kind + ".graphml")
        nx.write_graphml(g, source)
        doc = convert(args.entente, source, os.path.join(args.work, kind + ".kg.json"))
        if doc is not None:
            check_networkx_graph(kind, g, doc)

    exported = os.path.join(args.work, "bundled.graphml")
    run = subprocess.run([args.entente, "convert", args.bundled, exported], capture_output=True,
                         text=True)
    if run.returncode != 0:
        problem("bundled graph", "entente convert failed: " + run.stderr.strip())
    else:
        g = nx.read_graphml(exported, force_multigraph=True)
        rewritten = os.path.join(args.work, "bundled.networkx.graphml")
        nx.write_graphml(g, rewritten)
        doc = convert(args.entente, rewritten, os.path.join(args.work, "bundled.kg.json"))
        if doc is not None:
            with open(args.bundled, encoding="utf-8") as f:
                check_bundled(json.load(f), doc)

    for p in problems:
        print(p)
    print("graphml_import.py: {} problem(s)".format(len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
