#!/usr/bin/env python3
"""Splits a .kg.json graph into two halves by source, for the merge tests:

    split_by_source.py GRAPH FIRST.kg.json SECOND.kg.json

The first half holds the first half of the sources (in the graph's order), the second the rest.
Each relation goes to every half whose sources it cites, with only their citations; each half
holds the entities its relations touch, and the first also those no relation touches. Merging
the halves (`entente merge FIRST SECOND -o OUT`) gives back the graph.
"""
import json
import sys


def half(graph, keep, first):
    out = {k: v for k, v in graph.items() if k not in ("sources", "entities", "relations")}
    out["sources"] = [s for s in graph["sources"] if s["id"] in keep]
    relations, wanted, touched = [], set(), set()
    for r in graph["relations"]:
        touched |= {r["from"], r["to"]}
        cites = [c for c in r.get("sources", []) if c["id"] in keep]
        if not cites:
            continue
        wanted |= {r["from"], r["to"]}
        relations.append(dict(r, sources=cites))
    out["entities"] = [e for e in graph["entities"]
                       if e["id"] in wanted or (first and e["id"] not in touched)]
    out["relations"] = relations
    return out


def main():
    graph_file, first_file, second_file = sys.argv[1:4]
    with open(graph_file, encoding="utf-8") as f:
        graph = json.load(f)
    ids = [s["id"] for s in graph["sources"]]
    first = set(ids[: len(ids) // 2])
    for name, keep, is_first in ((first_file, first, True),
                                 (second_file, set(ids) - first, False)):
        with open(name, "w", encoding="utf-8") as f:
            json.dump(half(graph, keep, is_first), f, ensure_ascii=False, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
