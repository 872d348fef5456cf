#!/usr/bin/python3
"""The Pareto front of a `cimsim sweep`: every successful point as a dot, the points no other
point beats on both metrics highlighted and joined.

    scripts/plot_pareto.py SWEEP.csv X Y [--max-x] [--max-y] [--label COL] [--by COL]
                           [--logx] [--logy] [--out FILE.png]

X and Y are metric columns, minimised unless --max-x / --max-y (e.g. energy per image against
latency, both minimised; or TOPS/mm² against TOPS/W with --max-x --max-y). --label annotates
the front's points with a column's value; --by colours the points by a column. Prints the front
(point number and both values), best X first.
Needs Debian's python3-matplotlib: `scripts/setup.sh --plots`, then run with /usr/bin/python3.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plot_common as pc  # noqa: E402


def pareto_front(points, max_x, max_y):
    """Indices of the points that no other point dominates (at least as good on both metrics,
    better on one), ordered best X first."""
    sx = -1 if max_x else 1
    sy = -1 if max_y else 1
    order = sorted(range(len(points)), key=lambda i: (sx * points[i][0], sy * points[i][1]))
    front, best_y = [], None
    for i in order:
        y = sy * points[i][1]
        if best_y is None or y < best_y:
            front.append(i)
            best_y = y
    return front


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv")
    ap.add_argument("x")
    ap.add_argument("y")
    ap.add_argument("--max-x", action="store_true", help="larger X is better")
    ap.add_argument("--max-y", action="store_true", help="larger Y is better")
    ap.add_argument("--label", help="annotate the front with this column")
    ap.add_argument("--by", help="colour the points by this column")
    ap.add_argument("--logx", action="store_true")
    ap.add_argument("--logy", action="store_true")
    ap.add_argument("--out", default="pareto.png")
    a = ap.parse_args()
    rows, _, _ = pc.read_sweep(a.csv)
    pc.need_columns(a.csv, rows, [a.x, a.y, a.label, a.by])
    rows = [r for r in pc.ok_rows(a.csv, rows)
            if pc.number(r[a.x]) is not None and pc.number(r[a.y]) is not None]
    pts = [(float(r[a.x]), float(r[a.y])) for r in rows]
    front = pareto_front(pts, a.max_x, a.max_y)
    plt = pc.pyplot()
    fig, ax = plt.subplots(figsize=(6.5, 4.6))
    if a.by:
        groups = sorted({r[a.by] for r in rows}, key=pc.sort_key)
        for g in groups:
            idx = [i for i, r in enumerate(rows) if r[a.by] == g]
            ax.scatter([pts[i][0] for i in idx], [pts[i][1] for i in idx], s=18, alpha=0.6,
                       label=f"{pc.label(a.by)} = {g}")
    else:
        ax.scatter([p[0] for p in pts], [p[1] for p in pts], s=18, color="0.6",
                   label="design points")
    ax.plot([pts[i][0] for i in front], [pts[i][1] for i in front], color="crimson", marker="o",
            markersize=7, linewidth=1.8, label=f"Pareto front ({len(front)} points)", zorder=3)
    if a.label:
        for i in front:
            ax.annotate(rows[i][a.label], pts[i], textcoords="offset points", xytext=(5, 4),
                        fontsize=7)
    better = lambda m: "higher is better" if m else "lower is better"  # noqa: E731
    ax.set_xlabel(f"{pc.label(a.x)}, {better(a.max_x)}")
    ax.set_ylabel(f"{pc.label(a.y)}, {better(a.max_y)}")
    if a.logx:
        ax.set_xscale("log")
    if a.logy:
        ax.set_yscale("log")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(a.out, dpi=120)
    for i in front:
        print(f"front: point {rows[i]['point']} {a.x}={rows[i][a.x]} {a.y}={rows[i][a.y]}")
    print(f"plot_pareto: wrote {a.out} ({len(front)} of {len(rows)} points on the front)")


if __name__ == "__main__":
    main()
