"""The part of Gherkin that the openCypher TCK's feature files use.

Features, a Background, Scenarios and Scenario Outlines with Examples tables (outlines are
expanded into one scenario per example row), tags, doc strings and data tables. Steps keep
their keyword-free text; a doc string or table that follows a step belongs to it.
"""

import re
from dataclasses import dataclass, field


@dataclass
class Step:
    text: str  # without its keyword (Given, When, Then, And, But)
    line: int
    doc: str | None = None  # a doc string's content, its indentation removed
    table: list[list[str]] | None = None  # rows of cells, whitespace around cells removed


@dataclass
class Scenario:
    feature: str  # the feature file's path relative to the features folder
    feature_name: str
    name: str  # "[3] Matching ...", with "(example N)" for an expanded outline row
    line: int
    tags: set[str] = field(default_factory=set)
    steps: list[Step] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.feature}: {self.name}"


class GherkinError(Exception):
    pass


_KEYWORDS = ("Given ", "When ", "Then ", "And ", "But ", "* ")


def split_row(line: str) -> list[str]:
    """Cells of a table row `| a | b |`, with `\\|`, `\\\\` and `\\n` unescaped."""
    body = line.strip()
    if body == "|":
        return []  # the TCK writes a lone '|' for a table with no columns
    if not (body.startswith("|") and body.endswith("|")) or len(body) < 2:
        raise GherkinError(f"a table row must start and end with '|': {line.strip()}")
    cells, cell, i = [], [], 1
    while i < len(body) - 1:
        c = body[i]
        if c == "\\" and i + 1 < len(body) - 1:
            nxt = body[i + 1]
            cell.append({"|": "|", "\\": "\\", "n": "\n"}.get(nxt, "\\" + nxt))
            i += 2
            continue
        if c == "|":
            cells.append("".join(cell).strip())
            cell = []
        else:
            cell.append(c)
        i += 1
    cells.append("".join(cell).strip())
    return cells


def _substitute(text: str, values: dict[str, str]) -> str:
    return re.sub(r"<([^<>\s]+)>", lambda m: values.get(m.group(1), m.group(0)), text)


def _expand(outline: Scenario, examples: list[tuple[set[str], list[list[str]]]]) -> list[Scenario]:
    out = []
    number = 0
    for tags, table in examples:
        if not table:
            continue
        header, rows = table[0], table[1:]
        for row in rows:
            number += 1
            values = dict(zip(header, row))
            steps = [
                Step(
                    _substitute(s.text, values),
                    s.line,
                    None if s.doc is None else _substitute(s.doc, values),
                    None
                    if s.table is None
                    else [[_substitute(c, values) for c in r] for r in s.table],
                )
                for s in outline.steps
            ]
            out.append(
                Scenario(
                    outline.feature,
                    outline.feature_name,
                    f"{_substitute(outline.name, values)} (example {number})",
                    outline.line,
                    outline.tags | tags,
                    steps,
                )
            )
    return out


def parse_feature(text: str, path: str) -> list[Scenario]:
    """The scenarios of one feature file, outlines expanded, background steps prepended."""
    lines = text.splitlines()
    feature_name = path
    feature_tags: set[str] = set()
    background: list[Step] = []
    scenarios: list[Scenario] = []
    pending_tags: set[str] = set()
    current: Scenario | None = None  # the scenario (or outline) whose steps are being read
    steps: list[Step] | None = None  # where steps go: the background's or the scenario's
    is_outline = False
    examples: list[tuple[set[str], list[list[str]]]] = []
    in_examples = False
    example_tags: set[str] = set()

    def finish():
        nonlocal current, examples, is_outline, in_examples
        if current is not None:
            if is_outline:
                scenarios.extend(_expand(current, examples))
            else:
                scenarios.append(current)
        current, examples, is_outline, in_examples = None, [], False, False

    i = 0
    while i < len(lines):
        raw = lines[i]
        stripped = raw.strip()
        number = i + 1
        i += 1
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("@"):
            tags = {t for t in stripped.split() if t.startswith("@")}
            pending_tags |= tags
            continue
        if stripped.startswith("Feature:"):
            feature_name = stripped[len("Feature:") :].strip()
            feature_tags, pending_tags = pending_tags, set()
            continue
        if stripped.startswith("Background:"):
            finish()
            steps = background
            continue
        if stripped.startswith("Scenario Outline:") or stripped.startswith("Scenario Template:"):
            finish()
            name = stripped.split(":", 1)[1].strip()
            current = Scenario(path, feature_name, name, number, feature_tags | pending_tags)
            current.steps = [Step(s.text, s.line, s.doc, s.table) for s in background]
            pending_tags, is_outline, steps = set(), True, current.steps
            continue
        if stripped.startswith("Scenario:") or stripped.startswith("Example:"):
            finish()
            name = stripped.split(":", 1)[1].strip()
            current = Scenario(path, feature_name, name, number, feature_tags | pending_tags)
            current.steps = [Step(s.text, s.line, s.doc, s.table) for s in background]
            pending_tags, steps = set(), current.steps
            continue
        if stripped.startswith("Examples:") or stripped.startswith("Scenarios:"):
            if current is None or not is_outline:
                raise GherkinError(f"{path}:{number}: Examples outside a Scenario Outline")
            in_examples = True
            example_tags, pending_tags = pending_tags, set()
            examples.append((example_tags, []))
            continue
        if stripped.startswith("|"):
            row = split_row(stripped)
            if in_examples:
                examples[-1][1].append(row)
            elif steps:
                if steps[-1].table is None:
                    steps[-1].table = []
                steps[-1].table.append(row)
            else:
                raise GherkinError(f"{path}:{number}: a table that belongs to no step")
            continue
        if stripped.startswith('"""') or stripped.startswith("```"):
            fence = stripped[:3]
            indent = len(raw) - len(raw.lstrip())
            body = []
            while i < len(lines) and lines[i].strip() != fence:
                line = lines[i]
                # Gherkin removes the fence's indentation from each line, and no more.
                cut = min(indent, len(line) - len(line.lstrip()))
                body.append(line[cut:])
                i += 1
            if i >= len(lines):
                raise GherkinError(f"{path}:{number}: a doc string that does not end")
            i += 1
            if not steps:
                raise GherkinError(f"{path}:{number}: a doc string that belongs to no step")
            steps[-1].doc = "\n".join(body)
            continue
        keyword = next((k for k in _KEYWORDS if stripped.startswith(k)), None)
        if keyword is not None:
            if steps is None:
                raise GherkinError(f"{path}:{number}: a step outside a scenario")
            steps.append(Step(stripped[len(keyword) :].strip(), number))
            continue
        # Free text under a Feature or Scenario line is its description.
    finish()
    return scenarios
