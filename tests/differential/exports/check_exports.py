#!/usr/bin/env python3
"""Reads entente's exports back with other tools and compares them with the graph they came from.

For each graph given, `entente convert GRAPH OUT` writes OUT.graphml, OUT.nt and OUT.ttl. Then:
- NetworkX `read_graphml` (an expat-based XML reader) must read the GraphML as a directed
  multigraph with one node per entity (id, name, kind, aliases, external ids as a JSON object,
  every attribute with its GraphML type), one edge `r<i>` per relation (ends, type, evidence,
  since, until, sources, quotes, attributes), and the graph's sources, every one with its fields,
  as JSON in the graph's data (`G.graph["sources"]`, continued in `sources_2`...) and nothing
  else there;
- rdflib must parse the N-Triples and the Turtle into the same set of triples (and isomorphic
  graphs), and SPARQL over the reification must find one rdf:Statement per relation, with its
  subject, predicate, object, evidence, time, sources and quotes, whose triple is asserted;
  labels, kinds with their ancestors, external ids as plain literals, attributes as typed
  literals and sources as well.

What a graph holds is read from its .kg.json with Python's json module (a TSV folder is first
converted to .kg.json by `entente convert`), not from entente's view of it.

    check_exports.py --entente build/bin/entente --work /tmp/exports GRAPH...

Prints every mismatch; exits 0 only when everything agrees.
"""

import argparse
import json
import math
import os
import subprocess
import sys
import urllib.parse

try:
    import networkx as nx
    import rdflib
    from rdflib.compare import isomorphic
    from rdflib.namespace import RDF, RDFS, SKOS, XSD
except ImportError as missing:  # pragma: no cover - depends on the machine
    print("check_exports.py: cannot import networkx or rdflib ({}); install the Debian packages "
          "python3-networkx python3-rdflib and run this with /usr/bin/python3".format(missing),
          file=sys.stderr)
    sys.exit(2)

BASE = "urn:entente:"
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
ENT = rdflib.Namespace(BASE)

# schema::geopolitics() kinds with a parent; the others are roots.
DEFAULT_PARENTS = {"State": "Actor", "Person": "Actor", "Organization": "Actor"}
DEFAULT_KINDS = ["Actor", "State", "Person", "Organization", "Agreement", "Event", "Item", "Place"]

NODE_FIXED = ["name", "kind", "aliases", "external_ids"]
EDGE_FIXED = ["type", "evidence", "since", "until", "sources", "quotes"]

problems = []


def problem(where, what):
    problems.append("{}: {}".format(where, what))


def check(where, what, got, expected):
    if not same(got, expected):
        problem(where, "{}: got {!r}, expected {!r}".format(what, got, expected))


def same(a, b):
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and a == b


# ---- the graph as its .kg.json says ------------------------------------------------------------

class Value:
    """An attribute value of the JSON format: kind is bool, int, real, string, date or list (its
    value a list of Values)."""

    def __init__(self, raw):
        self.kind, self.value = None, None
        if raw is None:
            return
        if isinstance(raw, list):
            self.kind, self.value = "list", [Value(item) for item in raw]
        elif isinstance(raw, bool):
            self.kind, self.value = "bool", raw
        elif isinstance(raw, int):
            self.kind, self.value = "int", raw
        elif isinstance(raw, float):
            self.kind, self.value = "real", raw
        elif isinstance(raw, str):
            self.kind, self.value = "string", raw
        elif "real" in raw:
            self.kind, self.value = "real", float(raw["real"])
        elif raw.get("date") is not None:
            self.kind, self.value = "date", raw["date"]


class Truth:
    def __init__(self, doc):
        schema = doc.get("schema") or {}
        self.parents = {} if schema.get("base") == "none" else dict(DEFAULT_PARENTS)
        self.kinds = [] if schema.get("base") == "none" else list(DEFAULT_KINDS)
        for k in schema.get("kinds") or []:
            if k.get("parent"):
                self.parents[k["name"]] = k["parent"]
            self.kinds.append(k["name"])
        self.sources = doc.get("sources") or []
        self.entities = doc.get("entities") or []
        self.relations = doc.get("relations") or []

    def kind_name(self, kind):
        """The declared spelling of a kind (files may write it in any case)."""
        return next(k for k in self.kinds if k.lower() == kind.lower())

    def ancestors(self, kind):
        chain = [self.kind_name(kind)]
        while chain[-1] in self.parents:
            chain.append(self.parents[chain[-1]])
        return chain

    @staticmethod
    def name(e):
        return e.get("name") or e["id"]

    @staticmethod
    def attributes(record):
        return {k: Value(v) for k, v in (record.get("attributes") or {}).items()}

    @staticmethod
    def citations(r):
        return [{"id": c} if isinstance(c, str) else c for c in r.get("sources") or []]


# ---- GraphML -----------------------------------------------------------------------------------

def xml_text(text):
    """What an XML reader gets back for `text`: characters XML 1.0 cannot hold become U+FFFD."""
    return "".join("\ufffd" if (ord(c) < 0x20 and c not in "\t\n\r") or c in "\ufffe\uffff"
                   else c for c in text)


def xsd_double(text):
    return float({"NaN": "nan", "INF": "inf", "-INF": "-inf"}.get(text, text))


def graphml_columns(records, fixed):
    """Attribute key -> (GraphML attr.name, type), by the rules of io/graphml.hpp."""
    types = {}
    for record in records:
        for key, v in Truth.attributes(record).items():
            this = {"bool": "boolean", "int": "long", "real": "double"}.get(v.kind, "string")
            if v.kind is None:
                types.setdefault(key, None)
            elif types.get(key) in (None, this):
                types[key] = this
            else:
                types[key] = "string"
    columns = {}
    for key in sorted(types):
        # A fixed name, or one that starts with "_", gets one more "_" in front.
        name = "_" + key if key in fixed or key.startswith("_") else key
        columns[key] = (name, types[key] or "string")
    return columns


def expected_data(v):
    """What NetworkX gives back for a value in a column of its own type."""
    return xml_text(v.value) if v.kind == "string" else v.value


def same_item(got, v):
    """An item of a list's JSON text (as json.loads reads it) against the item it stands for."""
    if v.kind == "real":
        return isinstance(got, (int, float)) and same(float(got), float(v.value))
    return type(got) is type(v.value) and got == v.value  # dates are their text; escapes keep controls


def check_graphml_attributes(where, data, attributes, columns):
    present = set()
    for key, v in attributes.items():
        if v.kind is None:
            continue
        name, graphml_type = columns[key]
        present.add(name)
        got = data.get(name)
        if v.kind == "list":  # GraphML has no list type: the list's JSON text, in a string key
            try:
                items = json.loads(got)
            except (TypeError, ValueError):
                items = None
            if not (isinstance(items, list) and len(items) == len(v.value) and
                    all(same_item(g, x) for g, x in zip(items, v.value))):
                problem(where, "attribute {!r} (a list, as JSON text): got {!r}".format(key, got))
        elif graphml_type == "string" and v.kind in ("int", "real", "bool"):
            ok = isinstance(got, str) and (
                same(xsd_double(got), float(v.value)) if v.kind == "real" else
                got == str(v.value).lower() if v.kind == "bool" else got == str(v.value))
            if not ok:
                problem(where, "attribute {!r} (mixed, as text): got {!r}, value {!r}".format(
                    key, got, v.value))
        else:
            check(where, "attribute {!r}".format(key), got, expected_data(v))
    return present


SOURCE_FIELDS = ["id", "title", "publisher", "published", "url"]


def json_pairs(text):
    """A JSON object's members in their order, or None for no text."""
    if text is None:
        return None
    try:
        return json.loads(text, object_pairs_hook=list)
    except ValueError:
        return "not JSON: " + text


def check_graphml_sources(where, graph_data, sources):
    """The source list in the graph's data: JSON arrays under `sources`, `sources_2`..., whose
    objects, one after the other, are the graph's sources with the fields that are set."""
    listed, keys, n = [], [], 1
    while ("sources" if n == 1 else "sources_{}".format(n)) in graph_data:
        keys.append("sources" if n == 1 else "sources_{}".format(n))
        try:
            listed += json.loads(graph_data[keys[-1]])
        except ValueError:
            problem(where, "graph data {!r} is not JSON".format(keys[-1]))
        n += 1
    # NetworkX gives every graph these two, empty where no key has a default.
    extra = {k for k in set(graph_data) - set(keys)
             if not (k in ("node_default", "edge_default") and graph_data[k] == {})}
    if extra:
        problem(where, "unexpected graph data {}".format(sorted(extra)))
    expected = [{f: s[f] for f in SOURCE_FIELDS if s.get(f)} for s in sources]
    check(where, "sources in the graph's data", listed, expected)


def check_graphml(path, truth):
    where = os.path.basename(path)
    try:
        g = nx.read_graphml(path, force_multigraph=True)
    except Exception as failure:  # noqa: BLE001 - any reader failure is the finding
        problem(where, "NetworkX cannot read it: {}".format(failure))
        return
    check(where, "directed", g.is_directed(), True)
    check(where, "number of nodes", g.number_of_nodes(), len(truth.entities))
    check(where, "number of edges", g.number_of_edges(), len(truth.relations))
    check_graphml_sources(where, g.graph, truth.sources)

    node_columns = graphml_columns(truth.entities, NODE_FIXED)
    for e in truth.entities:
        at = "{} node {!r}".format(where, e["id"])
        if e["id"] not in g:
            problem(at, "missing")
            continue
        data = g.nodes[e["id"]]
        check(at, "name", data.get("name"), xml_text(Truth.name(e)))
        check(at, "kind", data.get("kind"), truth.kind_name(e["kind"]))
        aliases = e.get("aliases") or []
        check(at, "aliases", data.get("aliases"),
              xml_text(" | ".join(aliases)) if aliases else None)
        ids = e.get("external_ids") or {}
        check(at, "external_ids", json_pairs(data.get("external_ids")),
              list(ids.items()) if ids else None)
        present = check_graphml_attributes(at, data, Truth.attributes(e), node_columns)
        extra = set(data) - set(NODE_FIXED) - present
        if extra:
            problem(at, "unexpected data {}".format(sorted(extra)))

    edge_columns = graphml_columns(truth.relations, EDGE_FIXED)
    edges = {key: (u, v, data) for u, v, key, data in g.edges(keys=True, data=True)}
    for i, r in enumerate(truth.relations):
        at = "{} edge r{}".format(where, i)
        if "r{}".format(i) not in edges:
            problem(at, "missing")
            continue
        u, v, data = edges["r{}".format(i)]
        check(at, "ends", (u, v), (r["from"], r["to"]))
        check(at, "type", data.get("type"), r["type"])
        check(at, "evidence", data.get("evidence"), r.get("evidence") or "reported")
        check(at, "since", data.get("since"), r.get("since"))
        check(at, "until", data.get("until"), r.get("until"))
        cites = Truth.citations(r)
        check(at, "sources", data.get("sources"),
              xml_text(" | ".join(c["id"] for c in cites)) if cites else None)
        quotes = [c.get("quote") or "" for c in cites]
        check(at, "quotes", data.get("quotes"),
              xml_text(" | ".join(quotes)) if any(quotes) else None)
        check_graphml_attributes(at, data, Truth.attributes(r), edge_columns)


# ---- RDF ---------------------------------------------------------------------------------------

def segment(iri, namespace):
    """The text an IRI minted in `namespace` stands for."""
    prefix = BASE + namespace + "/"
    if not str(iri).startswith(prefix):
        return None
    return urllib.parse.unquote(str(iri)[len(prefix):], errors="strict")


class Minted:
    """The IRIs a graph mints, found by the text they decode to (so that this script does not
    have to know which characters entente percent-encodes)."""

    def __init__(self, g):
        self.by_text = {}
        for triple in g:
            for node in triple:
                if isinstance(node, rdflib.URIRef) and str(node).startswith(BASE):
                    namespace, _, rest = str(node)[len(BASE):].partition("/")
                    self.by_text[(namespace, urllib.parse.unquote(rest, errors="strict"))] = node

    def __call__(self, namespace, text):
        return self.by_text.get((namespace, text), rdflib.URIRef(BASE + namespace + "/?missing"))


def date_type(text):
    return {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}[len(text)]


def is_literal(got, v):
    """Whether `got` is the literal of value `v`, as check_literal checks it."""
    before = len(problems)
    check_literal("", "", got, v)
    said = len(problems) > before
    del problems[before:]
    return not said


def check_literal(where, what, got, v):
    """`got` is the one rdflib Literal said for an attribute value `v`."""
    expected_type = {"bool": XSD.boolean, "int": XSD.long, "real": XSD.double,
                     "string": None, "date": None}[v.kind]
    if v.kind == "date":
        expected_type = date_type(v.value)
    if not isinstance(got, rdflib.Literal) or got.datatype != expected_type:
        problem(where, "{}: got {!r}, expected a literal of type {}".format(
            what, got, expected_type))
        return
    text = str(got)
    ok = {"bool": lambda: text == str(v.value).lower(),
          "int": lambda: int(text) == v.value,
          "real": lambda: same(xsd_double(text), float(v.value)),
          "string": lambda: text == v.value,
          "date": lambda: text == v.value}[v.kind]()
    if not ok:
        problem(where, "{}: got {!r}, expected {!r}".format(what, text, v.value))


def objects(g, subject, predicate):
    return sorted(g.objects(subject, predicate), key=lambda o: (str(type(o)), str(o)))


def check_rdf_entities(where, g, truth, iri):
    for e in truth.entities:
        at = "{} entity {!r}".format(where, e["id"])
        subject = iri("entity", e["id"])
        kinds = {segment(k, "kind") for k in g.objects(subject, RDF.type)}
        check(at, "kinds", kinds, set(truth.ancestors(e["kind"])))
        check(at, "labels", [str(x) for x in g.objects(subject, RDFS.label)], [Truth.name(e)])
        check(at, "alt labels", sorted(str(x) for x in g.objects(subject, SKOS.altLabel)),
              sorted(set(e.get("aliases") or [])))
        # One plain literal per system and id under <base>external/SYSTEM, and nothing else there.
        said = {(segment(p, "external"), o) for p, o in g.predicate_objects(subject)
                if segment(p, "external") is not None}
        check(at, "external ids", said, {(system, rdflib.Literal(i))
                                         for system, i in (e.get("external_ids") or {}).items()})
        check_rdf_attributes(at, g, subject, Truth.attributes(e), iri)


def check_rdf_attributes(at, g, subject, attributes, iri):
    """Each attribute once, as a literal of its type; a null attribute not at all; a list as one
    literal per distinct item (RDF keeps neither order nor repeats)."""
    for key, v in attributes.items():
        said = objects(g, subject, iri("attribute", key))
        if v.kind is None:
            check(at, "attribute {!r}".format(key), said, [])
        elif v.kind == "list":
            distinct = {(x.kind, str(x.value)): x for x in v.value}
            if len(said) != len(distinct):
                problem(at, "attribute {!r}: {} values for {} items".format(
                    key, len(said), len(distinct)))
            for x in distinct.values():
                if not any(is_literal(literal, x) for literal in said):
                    problem(at, "attribute {!r}: no literal for item {!r}".format(key, x.value))
        elif len(said) != 1:
            problem(at, "attribute {!r}: {} values".format(key, len(said)))
        else:
            check_literal(at, "attribute {!r}".format(key), said[0], v)


def check_rdf_sources(where, g, truth, iri):
    fields = [("title", DCTERMS.title), ("publisher", DCTERMS.publisher)]
    for s in truth.sources:
        at = "{} source {!r}".format(where, s["id"])
        subject = iri("source", s["id"])
        check(at, "a prov:Entity", (subject, RDF.type, PROV.Entity) in g, True)
        for field, predicate in fields:
            check(at, field, [str(x) for x in g.objects(subject, predicate)],
                  [s[field]] if s.get(field) else [])
        issued = objects(g, subject, DCTERMS.issued)
        check(at, "published", [(str(x), x.datatype) for x in issued],
              [(s["published"], date_type(s["published"]))] if s.get("published") else [])
        url = objects(g, subject, DCTERMS.identifier)
        check(at, "url", [(str(x), x.datatype) for x in url],
              [(s["url"], XSD.anyURI)] if s.get("url") else [])


STATEMENTS = """
SELECT ?st ?s ?p ?o ?evidence WHERE {
  ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      ent:evidence ?evidence .
}"""

UNASSERTED = """
SELECT (COUNT(?st) AS ?n) WHERE {
  ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  FILTER NOT EXISTS { ?s ?p ?o }
}"""

QUOTES = """
SELECT ?source ?quote WHERE {
  ?st prov:qualifiedDerivation ?d . ?d prov:entity ?source ; ent:quote ?quote .
}"""


def check_rdf_relations(where, g, truth, iri):
    ns = {"rdf": RDF, "ent": ENT, "prov": PROV}
    count = int(next(iter(g.query("SELECT (COUNT(?st) AS ?n) WHERE { ?st a rdf:Statement }",
                                  initNs=ns)))[0])
    check(where, "statements counted by SPARQL", count, len(truth.relations))
    check(where, "statements whose triple is not asserted",
          int(next(iter(g.query(UNASSERTED, initNs=ns)))[0]), 0)

    found = {}
    for st, s, p, o, evidence in g.query(STATEMENTS, initNs=ns):
        found[segment(st, "statement")] = (segment(s, "entity"), segment(p, "relation"),
                                           segment(o, "entity"), str(evidence))
    for i, r in enumerate(truth.relations):
        at = "{} statement {}".format(where, i)
        check(at, "subject, predicate, object, evidence", found.get(str(i)),
              (r["from"], r["type"], r["to"], r.get("evidence") or "reported"))
        statement = iri("statement", str(i))
        for field in ("since", "until"):
            said = objects(g, statement, ENT[field])
            check(at, field, [(str(x), x.datatype) for x in said],
                  [(r[field], date_type(r[field]))] if r.get(field) else [])
        cites = Truth.citations(r)
        derived = g.objects(statement, PROV.wasDerivedFrom)
        check(at, "sources", {segment(x, "source") for x in derived}, {c["id"] for c in cites})
        quotes = sorted((segment(s, "source"), str(q)) for s, q in
                        g.query(QUOTES, initNs=ns, initBindings={"st": statement}))
        check(at, "quotes", quotes, sorted((c["id"], c["quote"]) for c in cites if c.get("quote")))
        check_rdf_attributes(at, g, statement, Truth.attributes(r), iri)


def check_rdf(nt_path, ttl_path, truth):
    graphs = {}
    for path, syntax in ((nt_path, "nt"), (ttl_path, "turtle")):
        try:
            graphs[syntax] = rdflib.Graph().parse(path, format=syntax)
        except Exception as failure:  # noqa: BLE001 - any parser failure is the finding
            problem(os.path.basename(path), "rdflib cannot parse it: {}".format(failure))
    if len(graphs) < 2:
        return
    nt, ttl = graphs["nt"], graphs["turtle"]
    where = os.path.basename(nt_path)
    if set(nt) != set(ttl) or not isomorphic(nt, ttl):
        problem(where, "N-Triples and Turtle differ: {} triples only in N-Triples, {} only in "
                "Turtle".format(len(set(nt) - set(ttl)), len(set(ttl) - set(nt))))
    iri = Minted(nt)
    check_rdf_sources(where, nt, truth, iri)
    check_rdf_entities(where, nt, truth, iri)
    check_rdf_relations(where, nt, truth, iri)


# ---- driver ------------------------------------------------------------------------------------

def convert(entente, source, target):
    run = subprocess.run([entente, "convert", source, target], capture_output=True, text=True,
                         check=False)
    if run.returncode != 0:
        problem(target, "`entente convert {} {}` exited {}: {}".format(
            source, target, run.returncode, run.stderr.strip()))
        return False
    return True


def check_graph(entente, work, source):
    stem = os.path.basename(os.path.normpath(source)).split(".")[0]
    out = os.path.join(work, stem)
    truth_file = source
    if not source.endswith(".kg.json"):
        truth_file = out + ".kg.json"
        if not convert(entente, source, truth_file):
            return
    with open(truth_file, encoding="utf-8") as text:
        truth = Truth(json.load(text))
    paths = {ext: out + ext for ext in (".graphml", ".nt", ".ttl")}
    if all(convert(entente, source, path) for path in paths.values()):
        check_graphml(paths[".graphml"], truth)
        check_rdf(paths[".nt"], paths[".ttl"], truth)
    print("{}: {} entities, {} relations checked".format(
        stem, len(truth.entities), len(truth.relations)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entente", required=True, help="the entente program")
    parser.add_argument("--work", required=True, help="a folder for the exported files")
    parser.add_argument("graphs", nargs="+", help=".kg.json files or TSV folders")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    for source in args.graphs:
        check_graph(args.entente, args.work, source)
    for p in problems:
        print(p)
    print("{} problem(s)".format(len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
