#!/usr/bin/python3
"""Plots what bench/scale.sh measured. Usage: plot_scale.py SCALE.jsonl [--png FILE]

Draws, log-log against the number of relations, the median time of each step (load, q1..q4)
and the peak memory of every system, one panel each, into FILE (default: SCALE.png beside the
input), and prints the same medians as a Markdown table. A run's checksums are compared with
the value most systems agree on at its size.
"""
import argparse
import collections
import json
import statistics

import matplotlib

matplotlib.use("Agg")  # files only, no display needed
import matplotlib.pyplot as plt  # noqa: E402

STEPS = [("load_s", "load"), ("q1_s", "q1 neighbours"), ("q2_s", "q2 two-hop"),
         ("q3_s", "q3 shortest paths"), ("q4_s", "q4 PageRank")]
CHECKS = ["q1_sum", "q1_wsum", "q2_sum", "q2_wsum", "q3_sum", "q3_reached", "q3_wsum", "q4_top"]
SYSTEM_ORDER = ["entente", "entente-mapped", "entente-cypher", "bgl"]


def peak_mib(run):
    # VmHWM read by the program itself; GNU time's figure when the program has none.
    return run.get("peak_rss_mib") or run.get("time_max_rss_mib")


def seconds(x):
    """Three significant digits, without exponent notation."""
    if x >= 100:
        return "%.0f" % x
    if x >= 10:
        return "%.1f" % x
    digits = 2
    while x < 10 ** -(digits - 2) and digits < 9:
        digits += 1
    return "%.*f" % (digits, x)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("results")
    ap.add_argument("--png")
    args = ap.parse_args()
    png = args.png or args.results.rsplit(".", 1)[0] + ".png"

    runs = collections.defaultdict(list)  # (system, relations) -> runs
    failed = collections.defaultdict(list)
    for line in open(args.results):
        if not line.strip():
            continue
        r = json.loads(line)
        (failed if "error" in r else runs)[(r["system"], r["relations"])].append(r)

    sizes = sorted({n for _, n in list(runs) + list(failed)})
    systems = sorted({s for s, _ in list(runs) + list(failed)},
                     key=lambda s: (SYSTEM_ORDER.index(s) if s in SYSTEM_ORDER else 99, s))

    reference = {}
    for n in sizes:
        for key in CHECKS:
            values = [r[key] for (s, m), rs in runs.items() if m == n for r in rs if key in r]
            if values:
                reference[(n, key)] = collections.Counter(values).most_common(1)[0][0]

    def median(system, n, key):
        values = [v for r in runs.get((system, n), []) if (v := (peak_mib(r) if key == "peak"
                                                                  else r.get(key))) is not None]
        return statistics.median(values) if values else None

    head = ["relations", "system", "runs"] + [label.split()[0] + " s" for _, label in STEPS]
    print("| " + " | ".join(head + ["peak MiB", "checksums ok?"]) + " |")
    print("|" + "|".join(["---:", "---", "---:"] + ["---:"] * (len(STEPS) + 1) + ["---"]) + "|")
    for n in sizes:
        for s in systems:
            good = runs.get((s, n), [])
            bad = failed.get((s, n), [])
            if not good and not bad:
                continue
            cells = ["{:,}".format(n), s, str(len(good))]
            if not good:
                cells += ["-"] * (len(STEPS) + 1) + [bad[0]["error"]]
            else:
                for key, _ in STEPS:
                    m = median(s, n, key)
                    cells.append(seconds(m) if m is not None else "n/a")
                cells.append("%.0f" % median(s, n, "peak"))
                wrong = sorted({k for r in good for k in CHECKS
                                if k in r and r[k] != reference.get((n, k))})
                cells.append("yes" if not wrong else "no: " + ", ".join(wrong))
                if bad:
                    cells[-1] += " (%d failed: %s)" % (len(bad), bad[0]["error"])
            print("| " + " | ".join(cells) + " |")
    print()
    longest = {n: max(r["q3_max_len"] for (_, m), rs in runs.items() if m == n
                      for r in rs if "q3_max_len" in r)
               for n in sizes if any(m == n for _, m in runs)}
    print("Medians over the runs; peak MiB is the process's VmHWM. Longest shortest path in q3: "
          + ", ".join("%d hops at %s relations" % (h, "{:,}".format(n)) for n, h in longest.items()))

    panels = STEPS + [("peak", "peak memory")]
    fig, axes = plt.subplots(2, 3, figsize=(13, 8), constrained_layout=True)
    for ax, (key, label) in zip(axes.flat, panels):
        for s in systems:
            points = [(n, median(s, n, key)) for n in sizes]
            points = [(n, v) for n, v in points if v]
            if points:
                ax.plot(*zip(*points), marker="o", label=s)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(label)
        ax.set_xlabel("relations")
        ax.set_ylabel("MiB" if key == "peak" else "seconds")
        ax.grid(True, which="both", alpha=0.3)
    axes.flat[0].legend(fontsize="small")
    fig.suptitle("Shared knowledge-graph workload (gen_kg.py, past 10M relations entente-gen-stream; "
                 "entities = relations / 5, seed 1)")
    fig.savefig(png, dpi=110)
    print("plot: " + png)


if __name__ == "__main__":
    main()
