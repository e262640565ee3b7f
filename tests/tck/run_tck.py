#!/usr/bin/env python3
"""Runs the openCypher TCK's feature files against `entente query` and reports what passes.

    python3 tests/tck/run_tck.py --entente build/bin/entente --features /tmp/tck/features \
        [--filter PATTERN] [--jobs N] [--timeout S] [--report out.md] [--json out.json]
        [--min-passed PERCENT]

Each scenario gets a fresh graph file with an open schema; its setup queries, its query and
its checks go through the command line, one process each. See README.md in this folder for
what a pass means, what is normalized and how failures are grouped. Python 3 standard library
only. Exit status: 0 when the run completed (whatever passed, unless fewer than
--min-passed percent did: then 1), 2 on bad arguments, 77 when the features folder is missing
(CTest's "skipped").
"""

import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gherkin  # noqa: E402
import tck_errors  # noqa: E402
import tck_report  # noqa: E402
import tck_values as tv  # noqa: E402

SKIP_EXIT = 77
EMPTY_GRAPH = '{\n  "schema": {"base": "open"}\n}\n'
STAT_KEYS = ("+nodes", "-nodes", "+relationships", "-relationships", "+labels", "-labels",
             "+properties", "-properties")


@dataclass
class Outcome:
    key: str
    feature: str
    status: str  # passed, failed, errored, skipped
    cause: str = ""  # the group this outcome counts under
    detail: str = ""  # what happened, for the report
    variant: str = ""  # the error's first line as given (names kept, place dropped)
    strict: bool | None = None  # for expected errors: whether the error's kind matched too
    seconds: float = 0.0


@dataclass
class Run:
    """One call of entente: its rows (parsed JSON) or its error, and its side effects."""
    ok: bool
    rows: list | None = None
    error: str = ""
    timed_out: bool = False
    stats: dict = field(default_factory=dict)


class Skip(Exception):
    pass


def first_line(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("entente: warning:"):
            return line.removeprefix("entente: ")
    return text.strip()


def cause_of(message: str) -> str:
    """An error message with its particulars (names, numbers, positions) blanked, so that
    failures of one cause group together."""
    text = first_line(message)
    text = re.sub(r"\s*\(?\b(at )?line \d+, column \d+\)?", "", text)
    text = re.sub(r";? ?\(?did you mean [^?)]*[?)]", "", text)
    text = re.sub(r"\bgot (an? )?(\w+) .*", r"got \1\2 …", text)
    text = re.sub(r"'[^']*'", "'…'", text)
    text = re.sub(r'"[^"]*"', '"…"', text)
    text = re.sub(r"\b\d+(\.\d+)?\b", "N", text)
    return text[:160]


class Runner:
    def __init__(self, entente: str, timeout: float):
        self.entente = entente
        self.timeout = timeout

    def call(self, graph: Path, query: str, params: dict, stats_file: Path | None) -> Run:
        cmd = [self.entente, "query", str(graph), "--write", "--format", "json",
               "--timeout", str(self.timeout)]
        for name, value in params.items():
            cmd += ["--param", f"{name}={value}"]
        if stats_file is not None:
            cmd += ["--stats", str(stats_file)]
        query_file = graph.parent / "query.cypher"
        query_file.write_text(query, encoding="utf-8")
        cmd += ["--file", str(query_file)]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=self.timeout + 10,
                                  encoding="utf-8", errors="replace")
        except subprocess.TimeoutExpired:
            return Run(False, error="the query ran past the time limit", timed_out=True)
        if done.returncode != 0:
            message = done.stderr.strip() or f"exit status {done.returncode}"
            if done.returncode < 0:
                message = f"crashed with signal {-done.returncode}: " + message
            return Run(False, error=message)
        try:
            rows = json.loads(done.stdout) if done.stdout.strip() else []
        except json.JSONDecodeError as e:
            return Run(False, error=f"output that is not JSON ({e})")
        stats = {}
        if stats_file is not None and stats_file.exists():
            stats = json.loads(stats_file.read_text(encoding="utf-8"))
        return Run(True, rows=rows, stats=stats)

    def scenario(self, sc: gherkin.Scenario) -> Outcome:
        start = time.monotonic()
        out = Outcome(sc.key, sc.feature, "passed")
        try:
            with tempfile.TemporaryDirectory(prefix="entente-tck-") as tmp:
                self._steps(sc, Path(tmp), out)
        except Skip as why:
            out.status, out.cause = "skipped", str(why)
        out.seconds = time.monotonic() - start
        return out

    def _steps(self, sc: gherkin.Scenario, tmp: Path, out: Outcome):
        if "@ignore" in sc.tags:
            raise Skip("tagged @ignore in the TCK")
        graph = tmp / "graph.kg.json"
        stats_file = tmp / "stats.json"
        params: dict[str, str] = {}
        last: Run | None = None
        queried = False
        for step in sc.steps:
            text = step.text
            if text in ("an empty graph", "any graph"):
                graph.write_text(EMPTY_GRAPH, encoding="utf-8")
            elif re.fullmatch(r"the \S+ graph", text):
                raise Skip("a named graph (not provided)")
            elif re.fullmatch(r"there exists a procedure .*", text):
                raise Skip("procedures (CALL) are not supported")
            elif text == "having executed:":
                run = self.call(graph, step.doc or "", {}, None)
                if not run.ok:
                    return self._error(out, run, "setup: ")
            elif text == "parameters are:":
                for row in step.table or []:
                    try:
                        params[row[0]] = tv.to_json_text(tv.parse_tck(row[1]))
                    except tv.ValueError_ as e:
                        raise Skip(f"a parameter the runner cannot pass: {e}")
            elif text in ("executing query:", "executing control query:"):
                if stats_file.exists():
                    stats_file.unlink()
                last = self.call(graph, step.doc or "", params, stats_file)
                queried = True
            elif text.startswith("the result should be"):
                if not self._check_result(step, last, queried, out):
                    return
            elif text == "no side effects" or text == "the side effects should be:":
                if not self._check_side_effects(step, last, out):
                    return
            else:
                m = re.fullmatch(r"an? (\w+) should be raised at ([\w ]+): (\S+)", text)
                if m:
                    self._check_error(m.group(1), m.group(3), last, out)
                    return
                raise Skip(f"a step the runner does not know: {text[:60]}")
        if not queried:
            raise Skip("no query")

    @staticmethod
    def _error(out: Outcome, run: Run, prefix: str = "") -> None:
        out.status = "errored"
        if run.timed_out:
            out.cause = "timeout"
        else:
            out.cause = prefix + cause_of(run.error)
        out.detail = first_line(run.error)
        out.variant = prefix + re.sub(r"\s*\(line \d+, column \d+\)|;? ?\(?did you mean [^?)]*[?)]",
                                      "", out.detail)

    def _check_result(self, step: gherkin.Step, last: Run | None, queried: bool,
                      out: Outcome) -> bool:
        if not queried or last is None:
            raise Skip("a result checked before any query")
        if not last.ok:
            self._error(out, last)
            return False
        text = step.text
        unordered_lists = "ignoring element order for lists" in text
        ordered = "in order" in text
        actual = last.rows or []
        if text == "the result should be empty":
            if actual:
                return self._fail(out, "rows where none were expected",
                                  f"{len(actual)} rows, first {actual[0]}")
            return True
        table = step.table or []
        if not table:
            raise Skip("a result without a table")
        header, rows = table[0], table[1:]
        try:
            expected = [[tv.parse_tck(c) for c in r] for r in rows]
        except tv.ValueError_ as e:
            raise Skip(f"a value the runner cannot read: {e}")
        # Columns are matched by name: the TCK compares records, not the order of columns.
        if actual and set(actual[0].keys()) != set(header):
            return self._fail(out, "other columns",
                              f"expected {header}, got {list(actual[0].keys())}")
        got = [[tv.from_json(r.get(c)) for c in header] for r in actual]
        if len(got) != len(expected):
            return self._fail(out, "another number of rows",
                              f"expected {len(expected)} rows, got {len(got)}: "
                              + "; ".join(" | ".join(tv.show(v) for v in r) for r in got[:4]))

        def row_equal(e, a):
            return all(tv.equal(x, y, unordered_lists) for x, y in zip(e, a))

        if ordered:
            for k, (e, a) in enumerate(zip(expected, got)):
                if not row_equal(e, a):
                    same = self._same_rows(expected, got, unordered_lists)
                    kind = "rows in another order" if same else "other values"
                    return self._fail(out, kind, f"row {k + 1}: expected "
                                      + " | ".join(tv.show(v) for v in e) + ", got "
                                      + " | ".join(tv.show(v) for v in a))
            return True
        left = list(got)
        for e in expected:
            for k, a in enumerate(left):
                if row_equal(e, a):
                    del left[k]
                    break
            else:
                return self._fail(out, "other values", "missing row "
                                  + " | ".join(tv.show(v) for v in e) + "; unexpected "
                                  + "; ".join(" | ".join(tv.show(v) for v in r) for r in left[:3]))
        return True

    @staticmethod
    def _same_rows(expected, got, unordered_lists) -> bool:
        left = list(got)
        for e in expected:
            for k, a in enumerate(left):
                if all(tv.equal(x, y, unordered_lists) for x, y in zip(e, a)):
                    del left[k]
                    break
            else:
                return False
        return True

    @staticmethod
    def _fail(out: Outcome, kind: str, detail: str) -> bool:
        out.status, out.cause, out.detail = "failed", kind, detail[:400]
        return False

    def _check_side_effects(self, step: gherkin.Step, last: Run | None, out: Outcome) -> bool:
        if last is None:
            raise Skip("side effects checked before any query")
        if not last.ok:
            self._error(out, last)
            return False
        if not last.stats:
            return self._fail(out, "side effects not reported", "no --stats output")
        expected = {k: 0 for k in STAT_KEYS}
        for row in step.table or []:
            expected[row[0]] = int(row[1])
        actual = {k: int(last.stats.get(k, 0)) for k in STAT_KEYS}
        if expected != actual:
            diff = ", ".join(f"{k} {actual[k]} (expected {expected[k]})" for k in STAT_KEYS
                             if actual[k] != expected[k])
            kinds = sorted({k.lstrip("+-") for k in STAT_KEYS if actual[k] != expected[k]})
            return self._fail(out, "other side effects: " + ", ".join(kinds), diff)
        return True

    @staticmethod
    def _check_error(kind: str, detail: str, last: Run | None, out: Outcome):
        if last is None:
            raise Skip("an error expected before any query")
        if last.ok:
            out.status, out.cause = "failed", f"no error where a {kind} was expected"
            out.detail = f"{kind} {detail}, got {len(last.rows or [])} rows"
            return
        if last.timed_out:
            out.status, out.cause = "failed", "timeout where an error was expected"
            return
        out.strict = tck_errors.matches(detail, last.error)
        out.detail = f"expected {kind} {detail}: {first_line(last.error)}"[:400]


def collect(features: Path, pattern: str | None) -> tuple[list[gherkin.Scenario], list[str]]:
    scenarios, problems = [], []
    rx = re.compile(pattern) if pattern else None
    for path in sorted(features.rglob("*.feature")):
        rel = path.relative_to(features).as_posix()
        try:
            found = gherkin.parse_feature(path.read_text(encoding="utf-8"), rel)
        except (gherkin.GherkinError, UnicodeDecodeError) as e:
            problems.append(f"{rel}: {e}")
            continue
        scenarios.extend(s for s in found if rx is None or rx.search(s.key))
    return scenarios, problems


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--entente", required=True, help="the entente program (build/bin/entente)")
    ap.add_argument("--features",
                    default=os.environ.get("ENTENTE_TCK_FEATURES", "/tmp/tck/features"),
                    help="the TCK's features folder "
                    "(default $ENTENTE_TCK_FEATURES or /tmp/tck/features)")
    ap.add_argument("--filter", help="only scenarios whose 'FILE: NAME' matches this regex")
    ap.add_argument("--jobs", type=int, default=2, help="scenarios run at once (default 2)")
    ap.add_argument("--timeout", type=float, default=20.0,
                    help="seconds a query may take (default 20)")
    ap.add_argument("--report", help="write the Markdown report here")
    ap.add_argument("--json", help="write every scenario's outcome here as JSON")
    ap.add_argument("--quiet", action="store_true", help="print only the totals")
    ap.add_argument("--min-passed", type=float, metavar="PERCENT",
                    help="exit 1 when fewer scenarios pass (lenient figure): a floor for CI")
    args = ap.parse_args(argv)
    features = Path(args.features)
    if not features.is_dir():
        print(f"run_tck: no features folder at {features}: skipped", file=sys.stderr)
        return SKIP_EXIT
    if not Path(args.entente).exists():
        print(f"run_tck: no entente program at {args.entente}", file=sys.stderr)
        return 2
    if args.jobs < 1:
        print("run_tck: --jobs needs at least 1", file=sys.stderr)
        return 2
    scenarios, problems = collect(features, args.filter)
    for p in problems:
        print(f"run_tck: cannot read {p}", file=sys.stderr)
    runner = Runner(args.entente, args.timeout)
    started = time.monotonic()
    outcomes: list[Outcome] = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for i, outcome in enumerate(pool.map(runner.scenario, scenarios)):
            outcomes.append(outcome)
            if not args.quiet and (i + 1) % 200 == 0:
                print(f"run_tck: {i + 1}/{len(scenarios)}", file=sys.stderr)
    elapsed = time.monotonic() - started
    summary = tck_report.summarize(outcomes)
    print(tck_report.totals_line(summary, elapsed))
    if args.report:
        Path(args.report).write_text(tck_report.markdown(summary, outcomes, elapsed, problems),
                                     encoding="utf-8")
    if args.json:
        Path(args.json).write_text(json.dumps([o.__dict__ for o in outcomes], indent=1,
                                              ensure_ascii=False), encoding="utf-8")
    if args.min_passed is not None:
        passed = 100.0 * summary["total"]["passed"] / max(1, summary["count"])
        if passed < args.min_passed:
            print(f"run_tck: {passed:.1f}% passed, below the floor of {args.min_passed}%",
                  file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
