"""Totals and the Markdown report of a TCK run: per folder, per feature file, and the causes
that failures share, most frequent first."""

from collections import Counter, defaultdict

STATUSES = ("passed", "failed", "errored", "skipped")


def _folder(feature: str) -> str:
    parts = feature.split("/")
    return "/".join(parts[:2]) if len(parts) > 2 else parts[0]


def summarize(outcomes) -> dict:
    total = Counter(o.status for o in outcomes)
    by_folder = defaultdict(Counter)
    by_feature = defaultdict(Counter)
    causes = Counter()
    variants = defaultdict(Counter)  # per cause, the messages as given (names kept)
    skips = Counter()
    examples = {}
    expected_errors = strict = 0
    for o in outcomes:
        by_folder[_folder(o.feature)][o.status] += 1
        by_feature[o.feature][o.status] += 1
        if o.status in ("failed", "errored"):
            causes[o.cause] += 1
            variants[o.cause][o.variant or o.cause] += 1
            examples.setdefault(o.cause, f"{o.key} — {o.detail}")
        elif o.status == "skipped":
            skips[o.cause] += 1
        if o.strict is not None:
            expected_errors += 1
            strict += bool(o.strict)
    strict_passed = total["passed"] - (expected_errors - strict)
    return {
        "total": total,
        "count": len(outcomes),
        "by_folder": by_folder,
        "by_feature": by_feature,
        "causes": causes,
        "variants": variants,
        "skips": skips,
        "examples": examples,
        "expected_errors": expected_errors,
        "strict_errors": strict,
        "strict_passed": strict_passed,
    }


def _pct(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole else "-"


def totals_line(s: dict, seconds: float) -> str:
    t, n = s["total"], s["count"]
    return (f"{t['passed']} passed, {t['failed']} failed, {t['errored']} errored, "
            f"{t['skipped']} skipped of {n} scenarios ({_pct(t['passed'], n)} lenient, "
            f"{_pct(s['strict_passed'], n)} strict) in {seconds:.0f} s")


def _table(rows: dict) -> list[str]:
    out = ["| | scenarios | passed | failed | errored | skipped | passed % |",
           "|---|---:|---:|---:|---:|---:|---:|"]
    for name in sorted(rows):
        c = rows[name]
        n = sum(c.values())
        out.append(f"| {name} | {n} | {c['passed']} | {c['failed']} | {c['errored']} | "
                   f"{c['skipped']} | {_pct(c['passed'], n)} |")
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(s: dict, outcomes, seconds: float, problems) -> str:
    t, n = s["total"], s["count"]
    lines = ["# openCypher TCK run", "", totals_line(s, seconds), "",
             f"Scenarios that expect an error and passed (entente raised one): "
             f"{s['expected_errors']}; of these, its message names the TCK's detail in "
             f"{s['strict_errors']} (the strict figure counts only those).",
             "", "## Per folder", ""]
    lines += _table(s["by_folder"])
    lines += ["", "## Causes of failures and errors, most frequent first", "",
              "| count | cause | most frequent forms | first example |", "|---:|---|---|---|"]
    for cause, count in s["causes"].most_common():
        example = _cell(s["examples"][cause])[:300]
        forms = s["variants"][cause]
        top = "; ".join(f"{_cell(v)[:90]} ({k})" for v, k in forms.most_common(3)) \
            if len(forms) > 1 else ""
        lines.append(f"| {count} | {_cell(cause)} | {top} | {example} |")
    if s["skips"]:
        lines += ["", "## Skipped", "", "| count | why |", "|---:|---|"]
        for why, count in s["skips"].most_common():
            lines.append(f"| {count} | {why} |")
    if problems:
        lines += ["", "## Files that could not be read", ""] + [f"- {p}" for p in problems]
    lines += ["", "## Per feature file", ""]
    lines += _table(s["by_feature"])
    return "\n".join(lines) + "\n"
