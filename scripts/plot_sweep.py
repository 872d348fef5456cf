#!/usr/bin/python3
"""Plots one column of a `cimsim sweep` CSV against another: one line per combination of the
other swept parameters (never a sawtooth through them), optionally one panel per value of a
facet column; categorical columns (parallelism, config, net) become named positions.

    scripts/plot_sweep.py SWEEP.csv X Y [--by COL ...] [--facet COL] [--logx] [--logy]
                          [--out FILE.png]

Columns are the CSV's headers (parameters by key path, metrics by report path, e.g.
chip.dram.bandwidth_GBps, summary.latency_ns). Every swept parameter that is neither X, nor a
--by, nor the --facet column, nor determined by them (zipped with X), also separates lines (the
script says which). Rows whose status is
not "ok" are skipped. Axis labels are words with units (scripts/plot_common.py).
Needs Debian's python3-matplotlib: `scripts/setup.sh --plots`, then run with /usr/bin/python3.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plot_common as pc  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv")
    ap.add_argument("x")
    ap.add_argument("y")
    ap.add_argument("--by", action="append", default=[], help="one line per value (repeatable)")
    ap.add_argument("--facet", help="one panel per value of this column")
    ap.add_argument("--logx", action="store_true")
    ap.add_argument("--logy", action="store_true")
    ap.add_argument("--out", default="sweep.png")
    a = ap.parse_args()
    rows, params, _ = pc.read_sweep(a.csv)
    pc.need_columns(a.csv, rows, [a.x, a.y, a.facet] + a.by)
    rows = pc.ok_rows(a.csv, rows)
    # A swept column that the axes and lines do not determine would zigzag one line through its
    # values: it separates lines too. One zipped with X (or with a --by column) does not.
    varying = [p for p in params if len({r[p] for r in rows}) > 1]
    by = list(a.by)
    extra = []
    for p in varying:
        if p in [a.x, a.facet] + by:
            continue
        known = [a.x] + ([a.facet] if a.facet else []) + by
        seen = {}
        if any(seen.setdefault(tuple(r[k] for k in known), r[p]) != r[p] for r in rows):
            by.append(p)
            extra.append(p)
    if extra:
        print(f"plot_sweep: also one line per value of {', '.join(extra)} (swept, not on an axis)")
    if any(pc.number(r[a.y]) is None for r in rows):
        sys.exit(f"plot_sweep: {a.csv}: column '{a.y}' is not numeric")
    categorical = any(pc.number(r[a.x]) is None for r in rows)
    categories = []
    for r in rows:
        if r[a.x] not in categories:
            categories.append(r[a.x])

    def xval(v):
        return categories.index(v) if categorical else float(v)

    if categorical and a.logx:
        sys.exit(f"plot_sweep: --logx: column '{a.x}' is categorical")
    facets = sorted({r[a.facet] for r in rows}, key=pc.sort_key) if a.facet else [None]
    plt = pc.pyplot()
    fig, axes = plt.subplots(1, len(facets), figsize=(5.5 * len(facets) + 0.5, 4.2), sharey=True,
                             squeeze=False)
    n_lines = 0
    for ax, facet in zip(axes[0], facets):
        lines = {}
        for r in rows:
            if facet is not None and r[a.facet] != facet:
                continue
            key = tuple(r[b] for b in by)
            lines.setdefault(key, []).append((xval(r[a.x]), float(r[a.y])))
        for key in sorted(lines, key=lambda k: [pc.sort_key(v) for v in k]):
            pts = sorted(lines[key])
            name = ", ".join(f"{pc.label(b)} = {v}" for b, v in zip(by, key)) or None
            # Categories are not ordered: markers only, no line through them.
            ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=name,
                    linestyle="none" if categorical else "-")
            n_lines += 1
        ax.set_xlabel(pc.label(a.x))
        if facet is not None:
            ax.set_title(f"{pc.label(a.facet)} = {facet}")
        if categorical:
            ax.set_xticks(range(len(categories)))
            ax.set_xticklabels(categories, rotation=20 if len(categories) > 4 else 0)
        elif a.logx:
            ax.set_xscale("log", base=2)
            xs = sorted({float(r[a.x]) for r in rows})
            if len(xs) <= 12:  # the swept values themselves as ticks, as plain numbers
                ax.set_xticks(xs)
                ax.set_xticklabels([f"{v:g}" for v in xs])
                ax.minorticks_off()
        if a.logy:
            ax.set_yscale("log")
        if by:
            ax.legend(fontsize=8)
        ax.grid(True, alpha=0.3)
    axes[0][0].set_ylabel(pc.label(a.y))
    fig.tight_layout()
    fig.savefig(a.out, dpi=120)
    print(f"plot_sweep: wrote {a.out} ({len(facets)} panels, {n_lines} lines, {len(rows)} points"
          f"{', categorical x' if categorical else ''})")


if __name__ == "__main__":
    main()
