#!/usr/bin/python3
"""Plots one metric of a `cimsim sweep` CSV against one swept parameter, one line per value of
another (course labs: memory wall, ADC precision, parallelism ...).

    scripts/plot_sweep.py SWEEP.csv X_COLUMN Y_COLUMN [--by COLUMN] [--logx] [--out FILE.png]

Columns are the CSV's headers (parameters by key path, metrics by report path, e.g.
chip.dram.bandwidth_GBps, summary.latency_ns). Rows whose status is not "ok" are skipped.
Needs Debian's python3-matplotlib: `scripts/setup.sh --plots`, then run with /usr/bin/python3.
"""
import argparse
import csv
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv")
    ap.add_argument("x")
    ap.add_argument("y")
    ap.add_argument("--by", help="one line per value of this column")
    ap.add_argument("--logx", action="store_true")
    ap.add_argument("--out", default="sweep.png")
    a = ap.parse_args()
    with open(a.csv, newline="") as f:
        rows = list(csv.DictReader(f))
    for col in [a.x, a.y] + ([a.by] if a.by else []):
        if rows and col not in rows[0]:
            sys.exit(f"plot_sweep: {a.csv}: no column '{col}' (columns: {', '.join(rows[0].keys())})")
    rows = [r for r in rows if r.get("status") == "ok"]
    if not rows:
        sys.exit(f"plot_sweep: {a.csv}: no successful points")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    groups = {}
    for r in rows:
        groups.setdefault(r[a.by] if a.by else "", []).append((float(r[a.x]), float(r[a.y])))
    fig, ax = plt.subplots(figsize=(6, 4))
    for key, pts in sorted(groups.items(), key=lambda kv: kv[0]):
        pts.sort()
        ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=f"{a.by} = {key}" if a.by else None)
    ax.set_xlabel(a.x)
    ax.set_ylabel(a.y)
    if a.logx:
        ax.set_xscale("log", base=2)
    if a.by:
        ax.legend()
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    fig.savefig(a.out, dpi=120)
    print(f"plot_sweep: wrote {a.out}")


if __name__ == "__main__":
    main()
