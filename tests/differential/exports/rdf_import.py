#!/usr/bin/env python3
"""Checks entente's RDF import against rdflib, which writes the RDF that entente reads.

1. rdflib builds a small graph of FOAF people (typed literals, labels in two languages, blank
   nodes, an IRI that is only an object) and serialises it as Turtle and as N-Triples; `entente
   convert` reads each into a .kg.json, which must hold the entities, kinds, relation types,
   names, aliases and typed attribute values that io/rdf.hpp promises, the same from both files.
2. rdflib parses entente's own Turtle export of a graph and serialises it again, as Turtle with
   other prefixes and as N-Triples, in its own order and layout; `entente convert` of each must
   give what entente's own Turtle gives, once entities and sources are sorted by id and aliases
   and citations sorted (RDF keeps no order of them; external ids, a JSON object, compare
   without order). For the graph given with --exact (the bundled knowledge base, which RDF
   carries whole), that must be the graph itself: entente's own Turtle must read as `entente
   convert GRAPH OUT.kg.json` writes it, external ids included, with no sorting at all.

    rdf_import.py --entente build/bin/entente --work /tmp/rdf-import --exact BUNDLED [GRAPH...]

Prints every mismatch; exits 0 only when everything agrees.
"""

import argparse
import datetime
import json
import os
import subprocess
import sys

try:
    import rdflib
    from rdflib import BNode, Literal, Namespace, URIRef
    from rdflib.namespace import FOAF, RDF, RDFS, XSD
except ImportError as missing:  # pragma: no cover - depends on the machine
    print("rdf_import.py: cannot import rdflib ({}); install the Debian package python3-rdflib "
          "and run this with /usr/bin/python3".format(missing), file=sys.stderr)
    sys.exit(2)

EX = Namespace("http://example.org/people/")

problems = []


def problem(where, what):
    problems.append("{}: {}".format(where, what))


def check(where, what, got, expected):
    if got != expected:
        problem(where, "{}: got {!r}, expected {!r}".format(what, got, expected))


def convert(entente, source, target):
    """`entente convert SOURCE TARGET`, and the .kg.json it wrote (when TARGET is one)."""
    run = subprocess.run([entente, "convert", source, target], capture_output=True, text=True)
    if run.returncode != 0:
        problem(os.path.basename(source), "entente convert failed: " + run.stderr.strip())
        return None
    if not target.endswith(".kg.json"):
        return None
    with open(target, encoding="utf-8") as f:
        return json.load(f)


# ---- 1. FOAF people written by rdflib --------------------------------------------------------

def people():
    g = rdflib.Graph()
    g.bind("foaf", FOAF)
    g.bind("ex", EX)
    alice, bob, carol, dan = EX.alice, EX.bob, BNode(), BNode()
    g.add((alice, RDF.type, FOAF.Person))
    g.add((alice, FOAF.name, Literal("Alice")))
    g.add((alice, RDFS.label, Literal("Alice Liddell", lang="en")))
    g.add((alice, RDFS.label, Literal("Alicia Liddell", lang="es")))
    g.add((alice, FOAF.age, Literal(34)))
    g.add((alice, EX.height, Literal(1.65)))
    g.add((alice, EX.member, Literal(True)))
    g.add((alice, EX.born, Literal(datetime.date(1852, 5, 4))))
    g.add((alice, EX.since, Literal("2019", datatype=XSD.gYear)))
    g.add((alice, FOAF.knows, bob))
    g.add((alice, FOAF.knows, carol))
    g.add((bob, RDF.type, FOAF.Person))
    g.add((bob, FOAF.name, Literal("Bob")))
    g.add((bob, FOAF.nick, Literal("rob")))
    g.add((bob, FOAF.nick, Literal("bobby")))
    g.add((bob, FOAF.homepage, URIRef("http://example.org/~bob")))
    g.add((carol, RDF.type, FOAF.Person))
    g.add((carol, RDFS.label, Literal("Carol", lang="en")))
    g.add((carol, RDFS.label, Literal("Carole", lang="fr")))
    g.add((carol, FOAF.knows, dan))
    g.add((dan, FOAF.name, Literal("Dan")))
    return g


# What entente must read, entity by name: kind, aliases (any order), attributes.
EXPECTED_PEOPLE = {
    "Alice Liddell": ("Person", ["Alice", "Alicia Liddell"],
                      {"age": 34, "height": 1.65, "member": True, "born": {"date": "1852-05-04"},
                       "since": {"date": "2019"}}),
    "Bob": ("Person", [], {"nick": ["bobby", "rob"]}),
    "Carol": ("Person", ["Carole"], {}),
    "Dan": ("", [], {}),
    "~bob": ("", [], {}),
}
EXPECTED_RELATIONS = sorted([("Alice Liddell", "knows", "Bob"), ("Alice Liddell", "knows", "Carol"),
                             ("Bob", "homepage", "~bob"), ("Carol", "knows", "Dan")])


def check_people(where, doc):
    schema = doc.get("schema", {})
    check(where, "schema base", schema.get("base"), "open")
    by_id = {e["id"]: e for e in doc["entities"]}
    names = {e["name"]: e for e in doc["entities"]}
    check(where, "entity count", len(doc["entities"]), len(EXPECTED_PEOPLE))
    check(where, "names", sorted(names), sorted(EXPECTED_PEOPLE))
    for name, (kind, aliases, attributes) in EXPECTED_PEOPLE.items():
        e = names.get(name)
        if e is None:
            continue
        check(where, name + " kind", e["kind"], kind)
        check(where, name + " aliases", sorted(e.get("aliases", [])), sorted(aliases))
        got = e.get("attributes", {})
        check(where, name + " attributes", sorted(got), sorted(attributes))
        for key, value in attributes.items():
            # type() too: 34 must stay an integer, 1.65 a real, True a bool.
            check(where, "{} {}".format(name, key), (got.get(key), type(got.get(key))),
                  (value, type(value)))
    check(where, "alice's id", "http://example.org/people/alice" in by_id, True)
    check(where, "blank nodes' ids", sorted(e["id"][:2] for e in doc["entities"]
                                            if e["name"] in ("Carol", "Dan")), ["_:", "_:"])
    relations = sorted((by_id[r["from"]]["name"], r["type"], by_id[r["to"]]["name"])
                       for r in doc["relations"])
    check(where, "relations", relations, EXPECTED_RELATIONS)
    check(where, "evidence", sorted({r["evidence"] for r in doc["relations"]}), ["reported"])


def without_order(doc):
    """The document with blank node ids replaced by the entities' names, and entities, aliases
    and relations sorted: what two texts of one RDF graph share."""
    names = {e["id"]: e["name"] for e in doc["entities"] if e["id"].startswith("_:")}
    text = json.dumps(doc, sort_keys=True)
    for blank, name in names.items():
        text = text.replace(json.dumps(blank), json.dumps("blank " + name))
    doc = json.loads(text)
    for e in doc["entities"]:
        e["aliases"] = sorted(e.get("aliases", []))
    return sorted(json.dumps(e, sort_keys=True) for e in doc["entities"]), \
        sorted(json.dumps(r, sort_keys=True) for r in doc["relations"])


# ---- 2. entente's own export, written again by rdflib ----------------------------------------

def rounded(value):
    """Every real in `value` to seven significant digits."""
    if isinstance(value, float):
        return float("%.6e" % value)
    if isinstance(value, list):
        return [rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    return value


def canonical(doc, sort_entities=True, seven_digits=False):
    """A .kg.json as text that ignores what RDF does not keep (see the module's help); reals to
    seven digits when `seven_digits` (rdflib's Turtle writes an xsd:double as `%e` does)."""
    doc = json.loads(json.dumps(rounded(doc) if seven_digits else doc))
    for e in doc.get("entities", []):
        if sort_entities and "aliases" in e:
            e["aliases"] = sorted(e["aliases"])
    if sort_entities:
        doc["entities"] = sorted(doc.get("entities", []), key=lambda e: e["id"])
        doc["sources"] = sorted(doc.get("sources", []), key=lambda s: s["id"])
        for r in doc.get("relations", []):
            if "sources" in r:
                r["sources"] = sorted(r["sources"], key=lambda s: json.dumps(s, sort_keys=True))
    return json.dumps(doc, sort_keys=True, indent=1, ensure_ascii=False)


def rewritten(ttl_path, work, stem):
    """entente's Turtle parsed by rdflib and written again: Turtle with prefixes of rdflib's own
    choosing (none of entente's), and N-Triples."""
    parsed = rdflib.Graph().parse(ttl_path, format="turtle")
    fresh = rdflib.Graph()
    for triple in parsed:
        fresh.add(triple)
    fresh.bind("e", Namespace("urn:entente:entity/"), override=True)
    fresh.bind("t", Namespace("urn:entente:"), override=True)
    paths = []
    for fmt, ext in (("turtle", ".ttl"), ("nt", ".nt")):
        path = os.path.join(work, stem + ".rdflib" + ext)
        fresh.serialize(destination=path, format=fmt, encoding="utf-8")
        paths.append(path)
    return len(parsed), paths


def difference(got, expected):
    """Where two canonical texts first differ."""
    got_lines, expected_lines = got.splitlines(), expected.splitlines()
    first = next((i for i, (a, b) in enumerate(zip(got_lines, expected_lines)) if a != b),
                 min(len(got_lines), len(expected_lines)))
    return "first difference at line {}: {!r} against {!r}".format(
        first + 1, got_lines[first] if first < len(got_lines) else None,
        expected_lines[first] if first < len(expected_lines) else None)


def check_own(entente, graph_path, work, exact):
    """rdflib's rewrites of GRAPH's Turtle must read as entente's own Turtle does; with `exact`,
    that must be the graph itself (for a graph with nothing RDF loses)."""
    stem = os.path.basename(graph_path.rstrip("/")).replace(".kg.json", "")
    original = convert(entente, graph_path, os.path.join(work, stem + ".original.kg.json"))
    own_ttl = os.path.join(work, stem + ".ttl")
    convert(entente, graph_path, own_ttl)
    if original is None or not os.path.exists(own_ttl):
        return
    as_written = convert(entente, own_ttl, own_ttl + ".kg.json")
    if as_written is None:
        return
    if exact and canonical(as_written, False) != canonical(original, False):
        problem(stem + ".ttl", "entente's own Turtle does not read back as the graph it came "
                "from ({})".format(difference(canonical(as_written, False),
                                              canonical(original, False))))
    count, paths = rewritten(own_ttl, work, stem)
    if count == 0:
        problem(stem + ".ttl", "rdflib read no triples")
    with open(paths[0], encoding="utf-8") as f:
        if "@prefix entity:" in f.read():
            problem(paths[0], "rdflib kept entente's prefixes: the test would prove less")
    for path in paths:
        read = convert(entente, path, path + ".kg.json")
        if read is None:
            continue
        turtle = path.endswith(".ttl")
        got, expected = canonical(read, True, turtle), canonical(as_written, True, turtle)
        if got != expected:
            problem(os.path.basename(path), "does not read as entente's own {}.ttl ({})".format(
                stem, difference(got, expected)))
        check(os.path.basename(path), "relation count", len(read["relations"]),
              len(original["relations"]))
        check(os.path.basename(path), "entity count", len(read["entities"]),
              len(original["entities"]))


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entente", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--exact", required=True,
                    help="a graph that RDF carries whole (the bundled one)")
    ap.add_argument("graphs", nargs="*", help="more graphs whose Turtle rdflib writes again")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)

    g = people()
    docs = {}
    for fmt, ext in (("turtle", ".ttl"), ("nt", ".nt")):
        path = os.path.join(args.work, "people" + ext)
        g.serialize(destination=path, format=fmt, encoding="utf-8")
        docs[ext] = convert(args.entente, path, path + ".kg.json")
        if docs[ext] is not None:
            check_people("people" + ext, docs[ext])
    if docs[".ttl"] is not None and docs[".nt"] is not None:
        if without_order(docs[".ttl"]) != without_order(docs[".nt"]):
            problem("people", "the Turtle and the N-Triples read as different graphs")

    check_own(args.entente, args.exact, args.work, True)
    for graph in args.graphs:
        check_own(args.entente, graph, args.work, False)

    for p in problems:
        print(p)
    print("rdf_import.py: {} problem(s)".format(len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
