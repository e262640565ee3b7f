#!/usr/bin/env python3
"""Compares the `entente` program with NetworkX on the same graphs.

Graphs: folders written by the project's seeded generator (tests/tools/gen_tsv.py) at a few
hundred entities, and small random graphs this script writes in the same TSV layout, with
parallel relations, relations both ways, self-loops, symmetric types and every evidence level.

Checks, each through `entente path|rank --format json`:
- shortest-path lengths under type filters (names and inverse names), each direction (out, in,
  any), minimum evidence and a valid-time date;
- the lengths of the k shortest loop-free paths (Yen) and the paths themselves;
- every simple path within a number of hops (--all), and a cut at --limit;
- shortest paths matching a regular path expression (`supports+`, `(^sanctions)+`);
- PageRank (within 1e-6), betweenness, directed and undirected (within 1e-9), and degree.

How entente's paths map onto NetworkX: a relation may be walked as stated and/or backwards,
depending on the type filter, the direction and whether its type is symmetric. The script turns
every relation into the steps it allows and collapses them into an nx.DiGraph in which each edge
(u, v) carries how many steps lead from u to v. entente keeps parallel relations as distinct
paths, so a NetworkX node path stands for the product of its edges' multiplicities; counts and
k-shortest lengths are compared on that expanded multiset, and entente's paths, collapsed to
their node sequences, must be exactly the NetworkX paths with those multiplicities.

    compare_networkx.py --entente build/bin/entente --work /tmp/nxdiff --generator tests/tools/gen_tsv.py

Prints every mismatch with the command that reproduces it; exits 0 only when all agree.
"""

import argparse
import collections
import datetime
import json
import os
import random
import subprocess
import sys
import time

try:
    import networkx as nx
except ImportError as missing:  # pragma: no cover - depends on the machine
    print("compare_networkx.py: cannot import networkx ({}); install the Debian packages "
          "python3-networkx python3-scipy and run this with /usr/bin/python3".format(missing),
          file=sys.stderr)
    sys.exit(2)

# The geopolitics vocabulary as far as path search needs it: symmetric types are walked both
# ways whatever the direction; an inverse name walks its type backwards.
SYMMETRIC = {"allied_with", "cooperates_with", "trades_with", "meets_with", "votes_with"}
INVERSE = {"supported_by": "supports", "supplied_by": "supplies", "sanctioned_by": "sanctions",
           "condemned_by": "condemns", "opposed_by": "opposes", "aided_by": "aids",
           "threatened_by": "threatens", "praised_by": "praises", "led_by": "leads"}
EVIDENCE_ORDER = ["denied", "speculated", "alleged", "reported", "confirmed"]
DIRECTIONS = ("out", "in", "any")

PAGERANK_TOLERANCE = 1e-6
BETWEENNESS_TOLERANCE = 1e-9


class Graph:
    """A TSV folder as plain lists: entity ids and relations (from, type, to, evidence, since)."""

    def __init__(self, label, folder):
        self.label = label
        self.folder = folder
        self.ids = []
        self.relations = []
        with open(os.path.join(folder, "entities.tsv"), encoding="utf-8") as f:
            header = f.readline().rstrip("\n").split("\t")
            at = header.index("id")
            for line in f:
                if line.strip():
                    self.ids.append(line.rstrip("\n").split("\t")[at])
        with open(os.path.join(folder, "relations.tsv"), encoding="utf-8") as f:
            header = f.readline().rstrip("\n").split("\t")
            column = {name: i for i, name in enumerate(header)}
            for line in f:
                if not line.strip():
                    continue
                cells = line.rstrip("\n").split("\t")
                self.relations.append((cells[column["from"]], cells[column["type"]],
                                       cells[column["to"]], cells[column["evidence"]].lower(),
                                       cells[column["since"]] if "since" in column else ""))
        self.relation_set = collections.Counter(self.relations)

    def types(self):
        return sorted({r[1] for r in self.relations})


class Filter:
    """What a search may follow: types by name or inverse name, direction, evidence, date."""

    def __init__(self, via=(), direction="out", min_evidence=None, as_of=None):
        self.via = list(via)
        self.direction = direction
        self.min_evidence = min_evidence
        self.as_of = as_of

    def keeps(self, relation):
        _, _, _, evidence, since = relation
        if self.min_evidence and EVIDENCE_ORDER.index(evidence) < EVIDENCE_ORDER.index(
                self.min_evidence):
            return False
        if self.as_of and since and since > self.as_of:
            return False
        return True

    def ways(self, relation):
        """(along, against): whether a step may walk `relation` as stated, and backwards."""
        kind = relation[1]
        if not self.keeps(relation):
            return False, False
        if not self.via:
            along, against = True, False
        else:
            along = kind in self.via
            against = any(INVERSE.get(name) == kind for name in self.via)
        if not (along or against):
            return False, False
        if self.direction == "in":
            along, against = against, along
        if self.direction == "any" or kind in SYMMETRIC:
            along = against = True
        return along, against

    def arguments(self):
        return ["--direction", self.direction] + self.view_arguments()

    def view_arguments(self):
        """The options every command that takes a view shares."""
        args = []
        if self.via:
            args += ["--via", ",".join(self.via)]
        if self.min_evidence:
            args += ["--min-evidence", self.min_evidence]
        if self.as_of:
            args += ["--as-of", self.as_of]
        return args

    def __str__(self):
        return " ".join(self.arguments())


def step_graph(graph, flt):
    """The nx.DiGraph of the steps `flt` allows, each edge with its multiplicity `m`."""
    steps = nx.DiGraph()
    steps.add_nodes_from(graph.ids)

    def add(u, v):
        if steps.has_edge(u, v):
            steps[u][v]["m"] += 1
        else:
            steps.add_edge(u, v, m=1)

    for relation in graph.relations:
        along, against = flt.ways(relation)
        if along:
            add(relation[0], relation[2])
        if against:
            add(relation[2], relation[0])
    return steps


def multiplicity(steps, nodes):
    product = 1
    for u, v in zip(nodes, nodes[1:]):
        product *= steps[u][v]["m"]
    return product


def relation_graph(graph, flt, undirected=False):
    """The nx.MultiDiGraph (or MultiGraph) of the relations `flt` keeps, one edge each."""
    g = nx.MultiGraph() if undirected else nx.MultiDiGraph()
    g.add_nodes_from(graph.ids)
    for relation in graph.relations:
        if flt.keeps(relation) and (not flt.via or relation[1] in flt.via):
            g.add_edge(relation[0], relation[2])
    return g


class Checker:
    """Runs entente, compares, and keeps the tally."""

    def __init__(self, program, verbose):
        self.program = program
        self.verbose = verbose
        self.mismatches = 0
        self.checks = collections.Counter()
        self.found = collections.Counter()  # paths NetworkX found, so that agreeing on "none"
        # everywhere cannot pass for a test
        self.runs = 0

    def run(self, args):
        command = [self.program] + args
        self.runs += 1
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        except subprocess.TimeoutExpired:
            done = subprocess.CompletedProcess(command, "timeout", "", "no answer in 120 s")
        return done, command

    def fail(self, graph, what, command, detail):
        self.mismatches += 1
        print("MISMATCH {} on {}\n  {}\n  replay: {}".format(
            what, graph.label, detail.replace("\n", "\n  "),
            " ".join(quote(a) for a in command)))

    def json_of(self, graph, what, done, command, allowed=(0,)):
        """The JSON entente printed, or None after reporting a failed or unexpected run."""
        if done.returncode not in allowed:
            self.fail(graph, what, command,
                      "entente exited {} (expected {}): {}".format(
                          done.returncode, " or ".join(map(str, allowed)), done.stderr.strip()))
            return None
        try:
            return json.loads(done.stdout)
        except ValueError as problem:
            self.fail(graph, what, command, "entente printed no JSON ({}): {!r}".format(
                problem, done.stdout[:200]))
            return None

    # ---- paths -----------------------------------------------------------------------------

    def valid_path(self, graph, flt, path, source, target):
        """Why `path` (entente's JSON) is not a path from source to target under flt, or ''."""
        nodes = path["nodes"]
        if path["length"] != len(path["relations"]) or len(nodes) != path["length"] + 1:
            return "length {} does not match {} nodes and {} relations".format(
                path["length"], len(nodes), len(path["relations"]))
        if nodes[0] != source or nodes[-1] != target:
            return "runs from {} to {}".format(nodes[0], nodes[-1])
        for i, rel in enumerate(path["relations"]):
            stored = (rel["from"], rel["type"], rel["to"], rel["evidence"], rel.get("since", ""))
            if graph.relation_set[stored] == 0:
                return "step {} uses a relation the graph does not hold: {}".format(i + 1, stored)
            along, against = flt.ways(stored)
            if rel["reversed"]:
                ok = against and (rel["to"], rel["from"]) == (nodes[i], nodes[i + 1])
            else:
                ok = along and (rel["from"], rel["to"]) == (nodes[i], nodes[i + 1])
            if not ok:
                return "step {} may not walk {} {}".format(
                    i + 1, stored, "backwards" if rel["reversed"] else "as stated")
        return ""

    def check_paths_valid(self, graph, flt, paths, source, target, what, command, simple):
        for p in paths:
            why = self.valid_path(graph, flt, p, source, target)
            if not why and simple and len(set(p["nodes"])) != len(p["nodes"]):
                why = "visits an entity twice: {}".format(p["nodes"])
            if why:
                self.fail(graph, what, command, "entente path {}: {}".format(p["nodes"], why))
                return False
        return True

    def shortest(self, graph, flt, steps, source, target):
        what = "shortest path length"
        done, command = self.run(["path", graph.folder, source, target, "--max-hops", "100000",
                                  "--format", "json"] + flt.arguments())
        self.checks[what] += 1
        paths = self.json_of(graph, what, done, command, allowed=(0, 1))
        if paths is None:
            return
        try:
            expected = nx.shortest_path_length(steps, source, target)
            witness = nx.shortest_path(steps, source, target)
        except nx.NetworkXNoPath:
            expected, witness = None, None
        got = paths[0]["length"] if paths else None
        self.found["shortest path length"] += expected is not None
        if (done.returncode == 0) != bool(paths) or got != expected:
            self.fail(graph, what, command,
                      "entente {} (exit {}), networkx {}{}".format(
                          got, done.returncode, expected,
                          " by {}".format(" -> ".join(witness)) if witness else ""))
            return
        self.check_paths_valid(graph, flt, paths, source, target, what, command, True)

    def k_shortest(self, graph, flt, steps, source, target, k):
        what = "k shortest paths (k={})".format(k)
        done, command = self.run(["path", graph.folder, source, target, "--k", str(k),
                                  "--max-hops", "100000", "--format", "json"] + flt.arguments())
        self.checks["k shortest paths"] += 1
        paths = self.json_of(graph, what, done, command, allowed=(0, 1))
        if paths is None or not self.check_paths_valid(graph, flt, paths, source, target, what,
                                                       command, True):
            return
        # NetworkX yields node paths shortest first; each stands for `multiplicity` paths.
        expected = []  # (length, nodes), expanded
        try:
            for nodes in nx.shortest_simple_paths(steps, source, target):
                if len(expected) >= k:
                    break
                expected += [(len(nodes) - 1, tuple(nodes))] * multiplicity(steps, nodes)
        except nx.NetworkXNoPath:
            pass
        expected = expected[:k]
        self.found["k shortest paths"] += len(expected)
        got_lengths = [p["length"] for p in paths]
        want_lengths = [length for length, _ in expected]
        if got_lengths != want_lengths:
            self.fail(graph, what, command, "lengths: entente {}, networkx {}".format(
                got_lengths, want_lengths))
            return
        if not expected:
            return
        # Below the last length every path is in both lists; at it, any of the tied ones may be.
        last = want_lengths[-1]
        below_got = collections.Counter(tuple(p["nodes"]) for p in paths if p["length"] < last)
        below_want = collections.Counter(nodes for length, nodes in expected if length < last)
        if below_got != below_want:
            self.fail(graph, what, command, "paths shorter than {}: entente {}, networkx {}".format(
                last, sorted(below_got.items()), sorted(below_want.items())))
            return
        at_last = collections.Counter(tuple(p["nodes"]) for p in paths if p["length"] == last)
        for nodes, n in at_last.items():
            if len(nodes) != last + 1 or not nx.is_simple_path(
                    steps, list(nodes)) or n > multiplicity(steps, list(nodes)):
                self.fail(graph, what, command,
                          "entente lists {} {} time(s); networkx allows {}".format(
                              nodes, n, multiplicity(steps, list(nodes))
                              if nx.is_simple_path(steps, list(nodes)) else 0))
                return

    def all_simple(self, graph, flt, steps, source, target, cutoff, limit=None):
        what = "simple paths within {} hops".format(cutoff)
        want = collections.Counter()
        for nodes in nx.all_simple_paths(steps, source, target, cutoff=cutoff):
            want[tuple(nodes)] += multiplicity(steps, nodes)
        total = sum(want.values())
        self.found["simple path counts" if not limit else "simple paths cut at --limit"] += total
        args = ["path", graph.folder, source, target, "--all", "--max-hops", str(cutoff),
                "--limit", str(limit if limit else max(10, 2 * total)), "--format", "json"]
        done, command = self.run(args + flt.arguments())
        self.checks["simple path counts" if not limit else "simple paths cut at --limit"] += 1
        paths = self.json_of(graph, what, done, command, allowed=(0, 1))
        if paths is None or not self.check_paths_valid(graph, flt, paths, source, target, what,
                                                       command, True):
            return
        got = collections.Counter(tuple(p["nodes"]) for p in paths)
        if limit is None:
            if got != want:
                missing = want - got
                extra = got - want
                self.fail(graph, what, command,
                          "entente {} paths, networkx {}; missing {}; extra {}".format(
                              sum(got.values()), total, sorted(missing.items())[:5],
                              sorted(extra.items())[:5]))
            elif (done.returncode == 0) != (total > 0):
                self.fail(graph, what, command, "exit {} with {} paths".format(
                    done.returncode, total))
            return
        # Cut at the limit: the shortest `limit` paths, and a note that says so.
        lengths = sorted(len(nodes) - 1 for nodes, n in want.items() for _ in range(n))
        got_lengths = sorted(p["length"] for p in paths)
        cut_said = "stopped at the limit of {} path".format(limit) in done.stderr
        if got_lengths != lengths[:limit] or cut_said != (total > limit) or any(
                got[nodes] > want[nodes] for nodes in got):
            self.fail(graph, what, command,
                      "with --limit {}: entente lengths {} (cut noted: {}), networkx has {} "
                      "paths, shortest lengths {}".format(limit, got_lengths, cut_said, total,
                                                          lengths[:limit]))

    def expression(self, graph, expr, flt, steps, source, target):
        """`expr` searched as stated (--direction out), against `flt`, which means the same."""
        what = "shortest path matching '{}'".format(expr)
        done, command = self.run(["path", graph.folder, source, target, "--expr", expr,
                                  "--direction", "out",
                                  "--max-hops", "100000", "--format", "json"])
        self.checks["path expressions"] += 1
        paths = self.json_of(graph, what, done, command, allowed=(0, 1))
        if paths is None:
            return
        try:
            expected = nx.shortest_path_length(steps, source, target)
        except nx.NetworkXNoPath:
            expected = None
        got = paths[0]["length"] if paths else None
        self.found["path expressions"] += expected is not None
        if got != expected:
            self.fail(graph, what, command, "entente {}, networkx {} (as {})".format(
                got, expected, flt))

    # ---- ranks -----------------------------------------------------------------------------

    def rank(self, graph, by, flt, extra=()):
        what = "{} {}".format(by, " ".join(extra)).strip()
        args = ["rank", graph.folder, "--by", by, "--top", "0", "--format", "json"] + list(extra)
        args += flt.view_arguments()
        done, command = self.run(args)
        self.checks[by + (" (undirected)" if extra else "")] += 1
        rows = self.json_of(graph, what, done, command)
        if rows is None:
            return
        got = {row["id"]: row["score"] for row in rows}
        undirected = "--undirected" in extra
        g = relation_graph(graph, flt, undirected)
        if by == "pagerank":
            want, tolerance = nx.pagerank(g), PAGERANK_TOLERANCE
        elif by == "betweenness":
            want, tolerance = nx.betweenness_centrality(g), BETWEENNESS_TOLERANCE
        else:
            want, tolerance = dict(g.degree()), 0
        if set(got) != set(want):
            self.fail(graph, what, command, "entente ranks {} entities, networkx {}".format(
                len(got), len(want)))
            return
        worst = max(graph.ids, key=lambda e: abs(got[e] - want[e]))
        if abs(got[worst] - want[worst]) > tolerance:
            wrong = [e for e in graph.ids if abs(got[e] - want[e]) > tolerance]
            self.fail(graph, what, command,
                      "{} of {} scores differ by more than {}; worst {}: entente {!r}, "
                      "networkx {!r}".format(len(wrong), len(graph.ids), tolerance, worst,
                                             got[worst], want[worst]))
            return
        # The listing is ordered by score, highest first.
        scores = [row["score"] for row in rows]
        if any(a < b for a, b in zip(scores, scores[1:])):
            self.fail(graph, what, command, "scores are not in descending order")


def quote(text):
    return text if text and all(c.isalnum() or c in "-_./,=:+" for c in text) else "'{}'".format(
        text.replace("'", "'\\''"))


# ---- graphs ----------------------------------------------------------------------------------

def write_random_graph(folder, rng, n, m):
    """A small graph of states, in the TSV layout: parallel relations, both ways, self-loops."""
    types = ["supports", "supplies", "sanctions", "allied_with", "trades_with", "condemns"]
    os.makedirs(folder, exist_ok=True)
    ids = ["S{:02d}".format(i) for i in range(n)]
    rows = []
    for _ in range(m):
        a = rng.choice(ids)
        roll = rng.random()
        if roll < 0.04:
            b = a  # a self-loop
        elif roll < 0.20 and rows:
            a, _, b, _, _ = rng.choice(rows)  # a parallel relation (or its reverse)
            if rng.random() < 0.5:
                a, b = b, a
        else:
            b = rng.choice([x for x in ids if x != a])
        since = (datetime.date(2000, 1, 1) + datetime.timedelta(days=rng.randrange(9000)))
        rows.append((a, rng.choice(types), b, rng.choice(EVIDENCE_ORDER), since.isoformat()))
    with open(os.path.join(folder, "entities.tsv"), "w", encoding="utf-8") as f:
        f.write("id\tkind\tname\n")
        for i in ids:
            f.write("{}\tstate\tState {}\n".format(i, i))
    with open(os.path.join(folder, "relations.tsv"), "w", encoding="utf-8") as f:
        f.write("from\ttype\tto\tevidence\tsince\n")
        for row in rows:
            f.write("\t".join(row) + "\n")


def pairs(rng, graph, steps, count):
    """Pairs of distinct entities, most of them joined by some path, some not."""
    result = []
    ids = graph.ids
    active = [e for e in ids if steps.out_degree(e) > 0] or ids
    for i in range(count):
        source = rng.choice(active)
        reach = sorted(nx.descendants(steps, source)) if i % 4 else []
        target = rng.choice(reach) if reach else rng.choice([e for e in ids if e != source])
        result.append((source, target))
    return result


def check_graph(checker, graph, rng, budget):
    """Every comparison on one graph; `budget` scales how many pairs each gets."""
    types = graph.types()
    filters = [Filter()]
    for direction in DIRECTIONS:
        filters.append(Filter(direction=direction))
        picked = rng.sample(types, min(3, len(types)))
        filters.append(Filter(via=picked, direction=direction))
    # An inverse name, minimum evidence and a date.
    filters.append(Filter(via=["sanctioned_by", "supports"], direction="out"))
    filters.append(Filter(via=["supplied_by", "allied_with"], direction="in",
                          min_evidence="reported"))
    filters.append(Filter(direction="any", min_evidence="confirmed", as_of="2012-06-30"))

    for flt in filters:
        steps = step_graph(graph, flt)
        for source, target in pairs(rng, graph, steps, budget["shortest"]):
            checker.shortest(graph, flt, steps, source, target)

    for direction in DIRECTIONS:
        for flt in (Filter(direction=direction),
                    Filter(via=rng.sample(types, min(4, len(types))), direction=direction)):
            steps = step_graph(graph, flt)
            for source, target in pairs(rng, graph, steps, budget["k"]):
                checker.k_shortest(graph, flt, steps, source, target, budget["k_value"])
            for source, target in pairs(rng, graph, steps, budget["all"]):
                checker.all_simple(graph, flt, steps, source, target, budget["cutoff"])
        flt = Filter(direction=direction)
        steps = step_graph(graph, flt)
        for source, target in pairs(rng, graph, steps, 1):
            checker.all_simple(graph, flt, steps, source, target, budget["cutoff"], limit=3)

    for kind in ("supports", "sanctions"):
        if kind not in types:
            continue
        for expr, flt in ((kind + "+", Filter(via=[kind], direction="out")),
                          ("(^{})+".format(kind), Filter(via=[kind], direction="in"))):
            steps = step_graph(graph, flt)
            for source, target in pairs(rng, graph, steps, budget["expr"]):
                checker.expression(graph, expr, flt, steps, source, target)

    rank_filters = [Filter(), Filter(via=rng.sample(types, min(3, len(types)))),
                    Filter(min_evidence="reported", as_of="2015-01-01")]
    for flt in rank_filters:
        checker.rank(graph, "pagerank", flt)
        checker.rank(graph, "betweenness", flt)
        checker.rank(graph, "degree", flt)
    checker.rank(graph, "betweenness", Filter(), ["--undirected"])


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entente", required=True, help="the entente program")
    parser.add_argument("--work", required=True, help="folder for the generated graphs")
    parser.add_argument("--generator", required=True, help="tests/tools/gen_tsv.py")
    parser.add_argument("--seed", type=int, default=20240619, help="seed of the random choices")
    parser.add_argument("--small-graphs", type=int, default=24,
                        help="how many small random graphs (default 24)")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)

    started = time.monotonic()
    rng = random.Random(args.seed)
    checker = Checker(os.path.abspath(args.entente), args.verbose)
    os.makedirs(args.work, exist_ok=True)

    graphs = []
    for seed, (entities, relations) in ((1, (300, 1200)), (2, (400, 1000))):
        folder = os.path.join(args.work, "generated-{}".format(seed))
        subprocess.run([sys.executable, args.generator, "--entities", str(entities),
                        "--relations", str(relations), "--seed", str(seed), "--out", folder],
                       check=True)
        graphs.append((Graph("gen_tsv.py --entities {} --relations {} --seed {}".format(
            entities, relations, seed), folder),
                       {"shortest": 8, "k": 4, "k_value": 6, "all": 3, "cutoff": 3, "expr": 4}))
    for i in range(args.small_graphs):
        n = rng.randrange(4, 16)
        m = rng.randrange(n, 4 * n)
        folder = os.path.join(args.work, "random-{:02d}".format(i))
        write_random_graph(folder, rng, n, m)
        graphs.append((Graph("random graph {} ({} entities, {} relations)".format(i, n, m),
                             folder),
                       {"shortest": 5, "k": 3, "k_value": 8, "all": 3, "cutoff": 5, "expr": 3}))

    for graph, budget in graphs:
        before = checker.mismatches
        check_graph(checker, graph, rng, budget)
        if checker.verbose:
            print("{}: {} mismatch(es)".format(graph.label, checker.mismatches - before))

    print("networkx differential: {} graphs, {} runs of entente, {:.1f} s".format(
        len(graphs), checker.runs, time.monotonic() - started))
    for what, n in sorted(checker.checks.items()):
        found = " ({} paths in all)".format(checker.found[what]) if what in checker.found else ""
        print("  {:32} {:5} checks{}".format(what, n, found))
    if checker.mismatches:
        print("{} mismatch(es)".format(checker.mismatches))
        return 1
    print("entente and networkx agree")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
