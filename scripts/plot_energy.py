#!/usr/bin/python3
"""Energy breakdowns of cimsim runs as stacked bars: per layer (by category: compute, readout,
accumulation, buffer, interconnect, digital) and per run (every component of
energy_per_image_pJ, DRAM and leakage included), energy per image in µJ.

    scripts/plot_energy.py RUN [RUN ...] [--labels A,B,...] [--out FILE.png]

RUN is a results folder (results/isscc28nm-resnet18/) or its report.json. The per-layer panel
shows the first RUN. Prints each run's components and checks that they add up to its total.
Needs Debian's python3-matplotlib: `scripts/setup.sh --plots`, then run with /usr/bin/python3.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plot_common as pc  # noqa: E402

CATEGORIES = ["compute", "readout", "accumulation", "buffer", "interconnect", "digital", "dram",
              "leakage"]
# One colour per category in both panels.
COLOURS = dict(zip(CATEGORIES, ["tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple",
                                "tab:pink", "tab:brown", "tab:gray"]))


def layer_breakdown(report):
    """[(layer name, {category: pJ per image})] from the report's stats tree."""
    groups = {g["name"]: g for g in report.get("stats", {}).get("groups", [])}
    out = []
    for layer in groups.get("layers", {}).get("groups", []):
        cats = {}
        for e in layer.get("energy", []):
            cats[e["category"]] = cats.get(e["category"], 0.0) + e["energy_per_image_pJ"]
        out.append((layer["name"], cats))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("runs", nargs="+")
    ap.add_argument("--labels", help="comma-separated bar labels (default: each run's name)")
    ap.add_argument("--out", default="energy.png")
    a = ap.parse_args()
    reports = [pc.read_run(r)[0] for r in a.runs]
    labels = a.labels.split(",") if a.labels else [r["run"]["name"] for r in reports]
    if len(labels) != len(reports):
        sys.exit(f"plot_energy: --labels: expected {len(reports)} labels, got {len(labels)}")
    for r, path in zip(reports, a.runs):
        comp = r["energy_per_image_pJ"]
        parts = sum(v for k, v in comp.items() if k != "total")
        if abs(parts - comp["total"]) > 1e-6 * max(1.0, comp["total"]):
            sys.exit(f"plot_energy: {path}: components add up to {parts} pJ, total says "
                     f"{comp['total']} pJ")
        print(f"{r['run']['name']}: " + ", ".join(f"{k} {v / 1e6:.3f} µJ" for k, v in comp.items()))
    plt = pc.pyplot()
    layers = layer_breakdown(reports[0])
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(13, 4.8),
                                   gridspec_kw={"width_ratios": [3, 1 + 0.3 * len(reports)]})
    cats = [c for c in CATEGORIES if any(c in l[1] for l in layers)]
    cats += sorted({c for l in layers for c in l[1]} - set(cats))
    bottom = [0.0] * len(layers)
    for c in cats:
        vals = [l[1].get(c, 0.0) / 1e6 for l in layers]
        ax1.bar(range(len(layers)), vals, bottom=bottom, label=c, color=COLOURS.get(c))
        bottom = [b + v for b, v in zip(bottom, vals)]
    ax1.set_xticks(range(len(layers)))
    ax1.set_xticklabels([l[0] for l in layers], rotation=90, fontsize=6)
    ax1.set_xlabel("Layer (as mapped; fused layers joined by +)")
    ax1.set_ylabel("Energy per image (µJ)")
    ax1.set_title(f"{labels[0]}: energy of each layer by category")
    ax1.legend(fontsize=7)
    comps = [k for k in reports[0]["energy_per_image_pJ"] if k != "total"]
    bottom = [0.0] * len(reports)
    for c in comps:
        vals = [r["energy_per_image_pJ"].get(c, 0.0) / 1e6 for r in reports]
        ax2.bar(range(len(reports)), vals, bottom=bottom, label=c, color=COLOURS.get(c))
        bottom = [b + v for b, v in zip(bottom, vals)]
    ax2.set_xticks(range(len(reports)))
    ax2.set_xticklabels(labels, rotation=20 if len(reports) > 2 else 0, fontsize=8)
    ax2.set_xlabel("Run")
    ax2.set_ylabel("Energy per image (µJ)")
    ax2.set_title("Whole chip by component")
    ax2.legend(fontsize=7)
    for ax in (ax1, ax2):
        ax.grid(True, axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(a.out, dpi=120)
    print(f"plot_energy: wrote {a.out} ({len(layers)} layers, {len(comps)} components, "
          f"{len(reports)} runs)")


if __name__ == "__main__":
    main()
