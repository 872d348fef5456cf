#!/usr/bin/python3
"""Latency-throughput curves of the NoC (docs/noc.md).

    scripts/plot_noc.py [--cimsim build/cimsim] [--regen]

--regen first reruns `cimsim noc --sweep-rate` for an 8x8 mesh (uniform and transpose traffic,
1- and 4-flit packets) into docs/noc/mesh8x8_<traffic>_<N>flit.csv (and the simple model for
uniform 1-flit packets into mesh8x8_uniform_1flit_simple.csv); then the curves are drawn
into docs/noc/mesh8x8.png with the zero-load latencies and the channel-load bounds marked.
Needs Debian's python3-matplotlib (run with /usr/bin/python3).
"""
import argparse
import csv
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "docs", "noc")
K = 8
# Channel-load bounds for a k x k mesh with XY routing [flits/node/cycle] (docs/noc.md).
BOUNDS = {"uniform": 4.0 / K, "transpose": 1.0 / (K - 1)}


def csv_path(traffic, flits):
    return os.path.join(OUT, f"mesh{K}x{K}_{traffic}_{flits}flit.csv")


def regen(cimsim):
    for traffic in BOUNDS:
        for flits in (1, 4):
            out = subprocess.run([cimsim, "noc", "--mesh", f"{K}x{K}", "--traffic", traffic, "--packet-flits",
                                  str(flits), "--sweep-rate", "--rate-step", "0.01", "--format", "csv"],
                                 check=True, capture_output=True, text=True).stdout
            with open(csv_path(traffic, flits), "w") as f:
                f.write(out)
    out = subprocess.run([cimsim, "noc", "--mesh", f"{K}x{K}", "--sweep-rate", "--rate-step", "0.02", "--set",
                          "chip.noc.model=simple", "--format", "csv"], check=True, capture_output=True, text=True).stdout
    with open(csv_path("uniform", 1).replace(".csv", "_simple.csv"), "w") as f:
        f.write(out)
    # Tables of docs/noc.md (not plotted): 4 VCs on the mesh, the torus with 2 and 4 VCs.
    for name, sets in (("mesh8x8_uniform_1flit_4vc", ["chip.noc.vcs=4"]),
                       ("torus8x8_uniform_1flit_2vc", ["chip.noc.topology=torus"]),
                       ("torus8x8_uniform_1flit_4vc", ["chip.noc.topology=torus", "chip.noc.vcs=4"])):
        cmd = [cimsim, "noc", "--mesh", f"{K}x{K}", "--sweep-rate", "--rate-step", "0.01", "--format", "csv"]
        for s in sets:
            cmd += ["--set", s]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        with open(os.path.join(OUT, name + ".csv"), "w") as f:
            f.write(out)


def read(traffic, flits, suffix=""):
    with open(csv_path(traffic, flits).replace(".csv", suffix + ".csv")) as f:
        return list(csv.DictReader(f))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cimsim", default=os.path.join(ROOT, "build", "cimsim"))
    ap.add_argument("--regen", action="store_true", help="rerun the sweeps first")
    args = ap.parse_args()
    if args.regen:
        regen(args.cimsim)
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    for ax, traffic in zip(axes, BOUNDS):
        for flits, color in ((1, "tab:blue"), (4, "tab:orange")):
            rows = read(traffic, flits)
            x = [float(r["accepted_flits_per_node_cycle"]) for r in rows]
            y = [float(r["avg_packet_latency_cycles"]) for r in rows]
            z = float(rows[0]["zero_load_latency_cycles"])
            ax.plot(x, y, "o-", ms=3, color=color, label=f"{flits}-flit packets (zero load {z:.2f} cycles)")
            ax.axhline(z, color=color, ls=":", lw=1)
        if traffic == "uniform":
            rows = read(traffic, 1, "_simple")
            ax.plot([float(r["accepted_flits_per_node_cycle"]) for r in rows],
                    [float(r["avg_packet_latency_cycles"]) for r in rows], "s--", ms=2, color="tab:green",
                    label="1-flit packets, simple model")
        bound = BOUNDS[traffic]
        ax.axvline(bound, color="gray", ls="--", lw=1)
        ax.text(bound, 120, f"channel-load bound {bound:.3f}", rotation=90, fontsize=8, ha="right", va="center",
                color="gray")
        ax.set_ylim(0, 200)
        ax.set_xlim(0, bound * 1.1)
        ax.set_title(f"{K}x{K} mesh, {traffic} traffic, XY, 2 VCs x 4 flits")
        ax.set_xlabel("accepted throughput [flits/node/cycle]")
        ax.set_ylabel("average packet latency [cycles]")
        ax.legend(loc="upper left", bbox_to_anchor=(0.0, 0.9), fontsize=8)
        ax.grid(alpha=0.3)
    fig.tight_layout()
    path = os.path.join(OUT, f"mesh{K}x{K}.png")
    fig.savefig(path, dpi=110, metadata={"Software": None})
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
