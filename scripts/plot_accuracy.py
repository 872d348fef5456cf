#!/usr/bin/python3
"""Plots a `cimsim accuracy --sweep` CSV: chip top-1 accuracy (with its 95 % interval over the
Monte Carlo trials) against one swept key, one line per value of another, and the exact integer
reference as a dashed line.

    scripts/plot_accuracy.py SWEEP.csv [--x KEY] [--by KEY] [--y chip_top1|agreement]
                             [--out FILE.png]

Defaults: x = chip.tile.pe.array.analog.variation_sigma, by = chip.tile.pe.adc.bits.
Needs Debian's python3-matplotlib (scripts/setup.sh --plots); run with /usr/bin/python3.
"""
import argparse
import csv
import sys

LABELS = {
    "chip.tile.pe.array.analog.variation_sigma": "device-to-device variation σ (lognormal)",
    "chip.tile.pe.adc.bits": "ADC bits",
    "chip.tile.pe.array.analog.read_noise_sigma": "read noise σ (relative)",
    "chip.tile.pe.array.analog.stuck_on_rate": "stuck-on cell rate",
    "chip.tile.pe.array.analog.stuck_off_rate": "stuck-off cell rate",
    "chip_top1": "top-1 accuracy of the chip",
    "agreement": "agreement with the integer reference (top-1)",
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv")
    ap.add_argument("--x", default="chip.tile.pe.array.analog.variation_sigma")
    ap.add_argument("--by", default="chip.tile.pe.adc.bits")
    ap.add_argument("--y", default="chip_top1", choices=["chip_top1", "agreement"])
    ap.add_argument("--out", default="accuracy.png")
    a = ap.parse_args()
    with open(a.csv, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        sys.exit(f"plot_accuracy: {a.csv}: no rows")
    for col in (a.x, a.y, a.y + "_ci95"):
        if col not in rows[0]:
            sys.exit(f"plot_accuracy: {a.csv}: no column '{col}' "
                     f"(columns: {', '.join(rows[0].keys())})")
    by = a.by if a.by in rows[0] else None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    groups = {}
    for r in rows:
        groups.setdefault(r[by] if by else "", []).append(
            (float(r[a.x]), float(r[a.y]), float(r[a.y + "_ci95"])))
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    for key in sorted(groups, key=lambda k: float(k) if k else 0):
        pts = sorted(groups[key])
        label = f"{LABELS.get(by, by)} = {key}" if by else None
        ax.errorbar([p[0] for p in pts], [p[1] for p in pts], yerr=[p[2] for p in pts],
                    marker="o", capsize=3, label=label)
    if a.y == "chip_top1":
        ax.axhline(float(rows[0]["reference_top1"]), color="gray", linestyle="--",
                   label="integer reference")
    ax.set_xlabel(LABELS.get(a.x, a.x))
    ax.set_ylabel(LABELS.get(a.y, a.y))
    ax.set_ylim(0, 1.02)
    ax.set_title(f"{rows[0]['network']} on {rows[0]['chip']} "
                 f"({rows[0]['images']} images, {rows[0]['trials']} trials)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(a.out, dpi=110)
    print(f"plot_accuracy: wrote {a.out}")


if __name__ == "__main__":
    main()
