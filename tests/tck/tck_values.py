"""Values as the TCK writes them, values as `entente query --format json` prints them, and the
comparison of the two.

TCK cells are Cypher-like literals: null, booleans, integers, floats (with NaN, Inf, -Inf),
'single-quoted' strings, lists, maps, nodes `(:A:B {k: 1})`, relationships `[:T {k: 1}]` and
paths `<(:A)-[:T]->(:B)<-[:U]-()>`. Both sides are read into the Python values below and
compared structurally; see README.md in this folder for what is normalized and why.
"""

import math
from dataclasses import dataclass, field


@dataclass
class Node:
    labels: frozenset
    props: dict
    # entente's own keys of the entity, used only to decide what the TCK did not write.
    entity_id: str | None = None
    entity_name: str | None = None


@dataclass
class Rel:
    type: str
    props: dict


@dataclass
class Path:
    nodes: list = field(default_factory=list)
    rels: list = field(default_factory=list)  # (Rel, forward: bool), one per step


class ValueError_(Exception):
    pass


class _Reader:
    def __init__(self, text: str):
        self.text, self.i = text, 0

    def fail(self, what: str):
        raise ValueError_(f"{what} at offset {self.i} of {self.text!r}")

    def ws(self):
        while self.i < len(self.text) and self.text[self.i].isspace():
            self.i += 1

    def peek(self, s: str) -> bool:
        self.ws()
        return self.text.startswith(s, self.i)

    def take(self, s: str):
        if not self.peek(s):
            self.fail(f"expected {s!r}")
        self.i += len(s)

    def at_end(self) -> bool:
        self.ws()
        return self.i >= len(self.text)

    def name(self) -> str:
        self.ws()
        if self.peek("`"):
            end = self.text.index("`", self.i + 1)
            out = self.text[self.i + 1 : end]
            self.i = end + 1
            return out
        start = self.i
        while self.i < len(self.text) and (self.text[self.i].isalnum()
                                           or self.text[self.i] in "_$"):
            self.i += 1
        if start == self.i:
            self.fail("expected a name")
        return self.text[start : self.i]

    def string(self) -> str:
        quote = self.text[self.i]
        self.i += 1
        out = []
        escapes = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "\\": "\\", "'": "'",
                   '"': '"'}
        while self.i < len(self.text):
            c = self.text[self.i]
            if c == "\\" and self.i + 1 < len(self.text):
                nxt = self.text[self.i + 1]
                if nxt == "u" and self.i + 5 < len(self.text):
                    out.append(chr(int(self.text[self.i + 2 : self.i + 6], 16)))
                    self.i += 6
                    continue
                out.append(escapes.get(nxt, "\\" + nxt))
                self.i += 2
                continue
            if c == quote:
                self.i += 1
                return "".join(out)
            out.append(c)
            self.i += 1
        self.fail("a string that does not end")

    def number(self):
        start = self.i
        if self.text[self.i] in "+-":
            self.i += 1
        rest = self.text[self.i :]
        for word, value in (("NaN", math.nan), ("Infinity", math.inf), ("Inf", math.inf)):
            if rest.startswith(word):
                self.i += len(word)
                return -value if self.text[start] == "-" else value
        while self.i < len(self.text) and (self.text[self.i].isalnum()
                                           or self.text[self.i] in ".+-"):
            c = self.text[self.i]
            if c in "+-" and self.text[self.i - 1] not in "eE":
                break
            self.i += 1
        token = self.text[start : self.i]
        try:
            if token.lower().lstrip("+-").startswith("0x"):
                return int(token, 16)
            if token.lower().lstrip("+-").startswith("0o"):
                return int(token.replace("0o", "").replace("0O", ""), 8)
            if any(c in token for c in ".eE"):
                return float(token)
            return int(token)
        except ValueError:
            self.fail(f"not a number: {token!r}")

    def props(self) -> dict:
        out = {}
        self.take("{")
        if self.peek("}"):
            self.i += 1
            return out
        while True:
            key = self.name()
            self.take(":")
            out[key] = self.value()
            if self.peek(","):
                self.i += 1
                continue
            self.take("}")
            return out

    def node(self) -> Node:
        self.take("(")
        labels = []
        while self.peek(":"):
            self.i += 1
            labels.append(self.name())
        props = self.props() if self.peek("{") else {}
        self.take(")")
        return Node(frozenset(labels), props)

    def rel(self) -> Rel:
        self.take("[")
        self.take(":")
        rtype = self.name()
        props = self.props() if self.peek("{") else {}
        self.take("]")
        return Rel(rtype, props)

    def path(self) -> Path:
        self.take("<")
        p = Path([self.node()])
        while not self.peek(">"):
            if self.peek("<-"):
                self.i += 2
                r = self.rel()
                self.take("-")
                p.rels.append((r, False))
            else:
                self.take("-")
                r = self.rel()
                self.take("->")
                p.rels.append((r, True))
            p.nodes.append(self.node())
        self.take(">")
        return p

    def value(self):
        self.ws()
        if self.i >= len(self.text):
            self.fail("expected a value")
        c = self.text[self.i]
        if c in "'\"":
            return self.string()
        if c == "(":
            return self.node()
        if c == "<":
            return self.path()
        if c == "{":
            return self.props()
        if c == "[":
            save = self.i
            self.i += 1
            if self.peek(":"):
                self.i = save
                return self.rel()
            out = []
            if self.peek("]"):
                self.i += 1
                return out
            while True:
                out.append(self.value())
                if self.peek(","):
                    self.i += 1
                    continue
                self.take("]")
                return out
        for word, value in (("null", None), ("true", True), ("false", False)):
            after = self.text[self.i + len(word) :][:1]
            if self.text.startswith(word, self.i) and not after.isalnum():
                self.i += len(word)
                return value
        if c.isdigit() or c in "+-." or self.text.startswith(("NaN", "Inf"), self.i):
            return self.number()
        self.fail("not a value")


def parse_tck(text: str):
    """A TCK cell as a value; raises ValueError_ on text it cannot read."""
    r = _Reader(text)
    v = r.value()
    if not r.at_end():
        r.fail("unexpected text after the value")
    return v


def to_json_text(v) -> str:
    """A TCK parameter value as JSON for `entente query --param NAME=JSON`."""
    import json

    if isinstance(v, (Node, Rel, Path)):
        raise ValueError_("a parameter cannot be a node, relationship or path")
    if isinstance(v, float) and not math.isfinite(v):
        raise ValueError_("JSON has no NaN or infinity")
    return json.dumps(v, ensure_ascii=False)


# ---- entente's JSON -----------------------------------------------------------------------

_ENTITY_KEYS = {"id", "kind", "name", "properties"}
_RELATION_KEYS = {"from", "type", "to", "evidence", "sources", "properties"}
_PATH_KEYS = {"length", "nodes", "relations", "entities"}
_NON_FINITE = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def _entity(j) -> Node:
    labels = frozenset([j["kind"]] if j.get("kind") else [])
    return Node(labels, {k: from_json(v) for k, v in j["properties"].items()}, j["id"], j["name"])


def from_json(j):
    """entente's JSON value as a value (entities, relations and paths by their keys)."""
    if isinstance(j, list):
        return [from_json(x) for x in j]
    if isinstance(j, dict):
        keys = set(j)
        if keys == _ENTITY_KEYS and isinstance(j["properties"], dict):
            return _entity(j)
        if keys == _RELATION_KEYS and isinstance(j["properties"], dict):
            return Rel(j["type"], {k: from_json(v) for k, v in j["properties"].items()})
        if keys == _PATH_KEYS:
            nodes = [_entity(e) for e in j["entities"]]
            rels = []
            for step, r in enumerate(j["relations"]):
                rels.append((Rel(r["type"], {k: from_json(v) for k, v in r["properties"].items()}),
                             r["from"] == j["nodes"][step] and r["to"] == j["nodes"][step + 1]))
            return Path(nodes, rels)
        return {k: from_json(v) for k, v in j.items()}
    return j


# ---- comparison ---------------------------------------------------------------------------


def _float_equal(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b or math.isclose(a, b, rel_tol=1e-12, abs_tol=0.0)


def _node_props(expected: Node, actual: Node) -> dict:
    """The properties of `actual` as the TCK would see them (README: normalization)."""
    props = dict(actual.props)
    name = actual.entity_name
    # A name the scenario did not write is the id that entente gave the entity.
    if name is not None and "name" not in props:
        if "name" in expected.props or name != actual.entity_id:
            props["name"] = name
    if "id" in expected.props and "id" not in props and actual.entity_id is not None:
        props["id"] = actual.entity_id
    return props


def equal(expected, actual, unordered_lists: bool = False) -> bool:
    """Whether an entente value equals a TCK value, types included (1 is not 1.0)."""
    if isinstance(expected, bool) or expected is None:
        return type(actual) is type(expected) and actual == expected
    if isinstance(expected, int):
        return type(actual) is int and actual == expected
    if isinstance(expected, float):
        if isinstance(actual, str) and actual in _NON_FINITE:
            actual = _NON_FINITE[actual]
        return type(actual) is float and _float_equal(expected, actual)
    if isinstance(expected, str):
        return isinstance(actual, str) and actual == expected
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return False
        if unordered_lists:
            return multiset_equal(expected, actual, unordered_lists)
        return all(equal(e, a, unordered_lists) for e, a in zip(expected, actual))
    if isinstance(expected, dict):
        if not isinstance(actual, dict) or set(actual) != set(expected):
            return False
        return all(equal(expected[k], actual[k], unordered_lists) for k in expected)
    if isinstance(expected, Node):
        if not isinstance(actual, Node) or actual.labels != expected.labels:
            return False
        return equal(expected.props, _node_props(expected, actual), unordered_lists)
    if isinstance(expected, Rel):
        return (
            isinstance(actual, Rel)
            and actual.type == expected.type
            and equal(expected.props, actual.props, unordered_lists)
        )
    if isinstance(expected, Path):
        return (
            isinstance(actual, Path)
            and len(actual.nodes) == len(expected.nodes)
            and len(actual.rels) == len(expected.rels)
            and all(equal(e, a, unordered_lists) for e, a in zip(expected.nodes, actual.nodes))
            and all(
                ef == af and equal(er, ar, unordered_lists)
                for (er, ef), (ar, af) in zip(expected.rels, actual.rels)
            )
        )
    return False


def multiset_equal(expected: list, actual: list, unordered_lists: bool = False) -> bool:
    """Whether two lists hold the same items, each matched once, in any order."""
    if len(expected) != len(actual):
        return False
    left = list(actual)
    for e in expected:
        for k, a in enumerate(left):
            if equal(e, a, unordered_lists):
                del left[k]
                break
        else:
            return False
    return True


def show(v) -> str:
    """A value in the TCK's notation, for reports."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Inf" if v > 0 else "-Inf"
        return repr(v)
    if isinstance(v, str):
        return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(v, list):
        return "[" + ", ".join(show(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {show(x)}" for k, x in v.items()) + "}"
    if isinstance(v, Node):
        labels = "".join(":" + label for label in sorted(v.labels))
        props = dict(v.props)
        if v.entity_id is not None:
            props = {"id": v.entity_id, **props}
        body = (" " if labels else "") + show(props) if props else ""
        return f"({labels}{body})"
    if isinstance(v, Rel):
        return f"[:{v.type}" + (" " + show(v.props) if v.props else "") + "]"
    if isinstance(v, Path):
        out = show(v.nodes[0]) if v.nodes else ""
        for (r, forward), n in zip(v.rels, v.nodes[1:]):
            out += ("-" + show(r) + "->" if forward else "<-" + show(r) + "-") + show(n)
        return "<" + out + ">"
    return repr(v)
