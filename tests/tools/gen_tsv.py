#!/usr/bin/env python3
"""Writes a synthetic knowledge graph as a TSV folder (entities.tsv, relations.tsv).

The layout is the one of the shared benchmark workload: states, people, organisations,
agreements and items joined by 20 relation types, with preferential (zipf-like) endpoints so
that degrees are heavy-tailed, an evidence level and a `since` date on every relation.

    gen_tsv.py --entities 2000 --relations 10000 --seed 7 --out /tmp/kg

The same arguments give byte-identical files: every random choice comes from one seeded
generator, and only `random.Random.random()` is used, whose sequence Python keeps stable.
Standard library only.
"""

import argparse
import bisect
import datetime
import os
import random
import sys

# kind, share of the entities
KIND_SHARES = [
    ("state", 0.02),
    ("person", 0.40),
    ("organization", 0.20),
    ("agreement", 0.08),
    ("item", 0.30),
]

ACTOR = ("state", "person", "organization")
BODY = ("state", "organization")

# type, relative frequency, kinds allowed at `from`, kinds allowed at `to`
RELATION_TYPES = [
    ("supports", 10, ACTOR, ACTOR),
    ("supplies", 8, BODY, BODY),
    ("sanctions", 5, BODY, ACTOR),
    ("allied_with", 4, BODY, BODY),
    ("condemns", 6, ACTOR, ACTOR),
    ("leads", 2, ("person",), BODY),
    ("member_of", 6, ACTOR, ("organization",)),
    ("party_to", 5, BODY, ("agreement",)),
    ("visits", 5, ("person",), ("state",)),
    ("opposes", 6, ACTOR, ACTOR),
    ("trades_with", 5, BODY, BODY),
    ("seeks", 5, ACTOR, ("item",)),
    ("cooperates_with", 5, BODY, BODY),
    ("aids", 4, BODY, ACTOR),
    ("hosts", 3, BODY, ("person",)),
    ("meets_with", 6, ("person",), ("person",)),
    ("praises", 4, ACTOR, ACTOR),
    ("threatens", 4, ACTOR, BODY),
    ("signed", 4, ACTOR, ("agreement",)),
    ("holds_office", 3, ("person",), BODY),
]

EVIDENCE = [("confirmed", 0.50), ("reported", 0.35), ("alleged", 0.15)]

FIRST_DAY = datetime.date(1990, 1, 1).toordinal()
LAST_DAY = datetime.date(2025, 12, 31).toordinal()

# Pieces of made-up words; names are built from them so that they look like names and carry
# no tabs, quotes or line breaks.
ONSETS = ["k", "v", "dr", "t", "s", "m", "n", "l", "r", "b", "g", "h", "p", "z", "st", "br"]
VOWELS = ["a", "e", "i", "o", "u", "ae", "ia", "ou"]
CODAS = ["", "", "n", "r", "l", "k", "s", "m", "th", "nd"]

STATE_FORMS = ["Republic of {}", "Kingdom of {}", "{} Federation", "Union of {}", "{}",
               "Democratic Republic of {}", "Commonwealth of {}"]
ORGANIZATION_FORMS = ["{} Institute", "{} Council", "{} Front", "{} Bank", "{} Agency",
                      "{} Union", "{} Alliance", "{} Group", "{} Foundation", "{} Party"]
AGREEMENT_FORMS = ["Treaty of {} {}", "{} Accord {}", "{} Protocol {}", "{} Declaration {}",
                   "Pact of {} {}"]
ITEMS = ["drones", "artillery shells", "rifles", "fuel", "grain", "fertiliser", "missiles",
         "satellite parts", "tanks", "medicine", "microchips", "uranium", "timber", "steel",
         "vaccines", "radar systems", "ammunition", "vehicles", "cash", "software licences"]


class Draws:
    """The seeded source of every random choice."""

    def __init__(self, seed):
        self._rng = random.Random(seed)

    def unit(self):
        """A float in [0, 1)."""
        return self._rng.random()

    def below(self, n):
        """An integer in [0, n)."""
        return min(int(self._rng.random() * n), n - 1)

    def pick(self, items):
        return items[self.below(len(items))]

    def weighted(self, pairs):
        """The first element of one of `pairs` (value, probability), by probability."""
        r = self.unit()
        for value, probability in pairs:
            if r < probability:
                return value
            r -= probability
        return pairs[-1][0]

    def permute(self, items):
        """`items` shuffled in place (Fisher-Yates)."""
        for i in range(len(items) - 1, 0, -1):
            j = self.below(i + 1)
            items[i], items[j] = items[j], items[i]
        return items


class WeightedPool:
    """Entities of some kinds, drawn with probability proportional to their weights."""

    def __init__(self, members, weight_of):
        self.members = members
        self._position = {m: i for i, m in enumerate(members)}
        self._weight = [weight_of[m] for m in members]
        self._cumulative = []
        total = 0.0
        for w in self._weight:
            total += w
            self._cumulative.append(total)
        self._total = total

    def __len__(self):
        return len(self.members)

    def draw(self, draws, excluded=None):
        """One member, never `excluded`; None when no other member exists."""
        total = self._total
        skip = self._position.get(excluded)
        if skip is not None:
            if len(self.members) == 1:
                return None
            total -= self._weight[skip]
        target = draws.unit() * total
        # Drawing over the total without the excluded member, then stepping over its share,
        # keeps one draw per call and the exact distribution.
        if skip is not None and target >= self._cumulative[skip] - self._weight[skip]:
            target += self._weight[skip]
        at = min(bisect.bisect_right(self._cumulative, target), len(self.members) - 1)
        if at == skip:  # only reachable through float rounding at a boundary
            at = at + 1 if at + 1 < len(self.members) else at - 1
        return self.members[at]


def kind_counts(n):
    """Exact counts per kind that add up to `n` (largest remainders); every kind gets at least
    one entity when there are enough, so that every relation type has endpoints."""
    exact = [(kind, share * n) for kind, share in KIND_SHARES]
    counts = {kind: int(value) for kind, value in exact}
    by_remainder = sorted(exact, key=lambda kv: (-(kv[1] - int(kv[1])), kv[0]))
    for kind, _ in by_remainder[: n - sum(counts.values())]:
        counts[kind] += 1
    if n >= len(KIND_SHARES):
        for kind, _ in KIND_SHARES:
            while counts[kind] == 0:
                largest = max(counts, key=lambda k: (counts[k], k))
                counts[largest] -= 1
                counts[kind] += 1
    return counts


def word(draws, syllables):
    text = "".join(draws.pick(ONSETS) + draws.pick(VOWELS) + draws.pick(CODAS)
                   for _ in range(syllables))
    return text.capitalize()


def entity_name(draws, kind):
    if kind == "state":
        return draws.pick(STATE_FORMS).format(word(draws, 2))
    if kind == "person":
        return "{} {}".format(word(draws, 2), word(draws, 1 + draws.below(2)))
    if kind == "organization":
        return draws.pick(ORGANIZATION_FORMS).format(word(draws, 2))
    if kind == "agreement":
        return draws.pick(AGREEMENT_FORMS).format(word(draws, 2), 1990 + draws.below(36))
    return "{} lot {}".format(draws.pick(ITEMS), 1 + draws.below(9999))


def generate(entities, relations, seed, zipf):
    """The rows of entities.tsv and relations.tsv, without headers."""
    draws = Draws(seed)
    width = max(7, len(str(entities)))
    ids = ["E{:0{}d}".format(i, width) for i in range(1, entities + 1)]

    counts = kind_counts(entities)
    kinds = [kind for kind, _ in KIND_SHARES for _ in range(counts[kind])]
    draws.permute(kinds)
    entity_rows = [(ids[i], kinds[i], entity_name(draws, kinds[i])) for i in range(entities)]

    # Popularity: rank r in a seeded permutation gives weight 1/r^s, the same at both ends.
    ranks = draws.permute(list(range(1, entities + 1)))
    weight_of = {ids[i]: 1.0 / (ranks[i] ** zipf) for i in range(entities)}

    members_by_kind = {kind: [] for kind, _ in KIND_SHARES}
    for entity_id, kind, _ in entity_rows:
        members_by_kind[kind].append(entity_id)
    pools = {}

    def pool(kind_set):
        if kind_set not in pools:
            members = [m for kind in kind_set for m in members_by_kind[kind]]
            members.sort()
            pools[kind_set] = WeightedPool(members, weight_of)
        return pools[kind_set]

    # A type is usable when it has two distinct endpoints to join (no self-loops).
    usable = []
    for name, frequency, from_kinds, to_kinds in RELATION_TYPES:
        sources, targets = pool(from_kinds), pool(to_kinds)
        if len(sources) == 0 or len(targets) == 0:
            continue
        if len(sources) == 1 and sources.members == targets.members:
            continue
        usable.append((name, frequency, sources, targets))
    if relations > 0 and not usable:
        raise ValueError("{} entities are too few to hold a relation between two distinct "
                         "entities; ask for at least {}".format(entities, len(KIND_SHARES)))
    total_frequency = sum(frequency for _, frequency, _, _ in usable)
    type_choices = [(entry, entry[1] / total_frequency) for entry in usable]

    relation_rows = []
    for _ in range(relations):
        name, _, sources, targets = draws.weighted(type_choices)
        lone_target = targets.members[0] if len(targets) == 1 else None
        origin = sources.draw(draws, excluded=lone_target)
        target = targets.draw(draws, excluded=origin)
        evidence = draws.weighted(EVIDENCE)
        since = datetime.date.fromordinal(FIRST_DAY + draws.below(LAST_DAY - FIRST_DAY + 1))
        relation_rows.append((origin, name, target, evidence, since.isoformat()))
    return entity_rows, relation_rows


def write_tsv(path, header, rows):
    """Writes through a temporary file, so a reader never sees half a file."""
    partial = path + ".partial"
    with open(partial, "w", encoding="utf-8", newline="\n") as out:
        out.write("\t".join(header) + "\n")
        for row in rows:
            out.write("\t".join(row) + "\n")
    os.replace(partial, path)


def count_argument(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("'{}' is not a whole number".format(text))
    if value < 0:
        raise argparse.ArgumentTypeError("'{}' is negative".format(text))
    return value


def main(argv):
    parser = argparse.ArgumentParser(
        description="Write a seeded synthetic knowledge graph as entities.tsv and relations.tsv.")
    parser.add_argument("--entities", type=count_argument, required=True,
                        help="number of entities (at least 1)")
    parser.add_argument("--relations", type=count_argument, required=True,
                        help="number of relations")
    parser.add_argument("--seed", type=int, required=True, help="seed of every random choice")
    parser.add_argument("--out", required=True, help="folder to write (created if needed)")
    parser.add_argument("--zipf", type=float, default=1.0,
                        help="exponent s of the endpoint weight 1/rank^s (default 1; 0 is uniform)")
    args = parser.parse_args(argv)
    if args.entities < 1:
        parser.error("argument --entities: must be at least 1")
    if args.zipf < 0:
        parser.error("argument --zipf: must not be negative")

    try:
        entity_rows, relation_rows = generate(args.entities, args.relations, args.seed, args.zipf)
    except ValueError as problem:
        parser.error(str(problem))
    try:
        os.makedirs(args.out, exist_ok=True)
        write_tsv(os.path.join(args.out, "entities.tsv"), ("id", "kind", "name"), entity_rows)
        write_tsv(os.path.join(args.out, "relations.tsv"),
                  ("from", "type", "to", "evidence", "since"), relation_rows)
    except OSError as problem:
        print("gen_tsv.py: cannot write {}: {}".format(args.out, problem), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
