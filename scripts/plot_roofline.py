#!/usr/bin/python3
"""Roofline (memory-wall) plot of cimsim runs: each matrix layer as a point at its operational
intensity and attained throughput, under the DRAM roof (bandwidth x intensity) and the compute
roof (every array of the chip busy), one colour per run.

    scripts/plot_roofline.py RUN [RUN ...] [--cimsim PATH] [--out FILE.png]

RUN is a results folder (report.json and config.resolved.yaml; e.g. the same network at two
DRAM bandwidths). Definitions, stated on the plot too:
  ops of a layer      2 x its MACs per image x images
  attained ops/s      those ops / the layer's span (its `cycles` at chip.clock_MHz, plus its
                      share, by weight bytes, of memory.reload_time_ns when weights reload)
  intensity           ops per image / bytes per image of its input and output activations
                      (input_bits per value) plus, when the chip reloads weights from DRAM
                      (summary.reload_groups > 1), its share by weight bytes of
                      memory.weight_reload_bytes per image: on a
                      weight-stationary chip that holds the network, weights never cross DRAM.
                      Activations pass the global buffer rather than DRAM, so a layer may sit
                      above the DRAM roof (on-chip reuse); never above the compute roof
  compute roof        arrays x 2 x rows x weights per row / mvm_ns
  DRAM roof           chip.dram.bandwidth_GBps x intensity
Layer shapes come from `cimsim net NET --format json` (--cimsim, default build/cimsim or
`cimsim` on PATH). Prints each layer's point and checks that none is above the compute roof.
Needs Debian's python3-matplotlib and python3-yaml (`scripts/setup.sh --plots`).
"""
import argparse
import json
import math
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plot_common as pc  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def net_layers(cimsim, net):
    out = subprocess.run([cimsim, "net", net, "--format", "json"], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"plot_roofline: cimsim net {net}: {out.stderr.strip()}")
    return {l["name"]: l for l in json.loads(out.stdout)["layers"]}


def layer_points(report, cfg, shapes):
    chip = cfg["chip"]
    clock_hz = chip["clock_MHz"] * 1e6
    array = chip["tile"]["pe"]["array"]
    in_bytes = array["input_bits"] / 8.0
    w_bytes = array["weight_bits"] / 8.0
    images = report["run"]["images"]
    reload = report["summary"]["reload_groups"] > 1
    rows = []
    for layer in report["layers"]:
        if layer["macs_per_image"] <= 0 or layer["cycles"] <= 0:
            continue
        parts = [p for p in layer["name"].split("+") if p in shapes]
        fraction = 1.0
        if not parts:  # one part of a layer split over time (fc1#0): its share of the MACs
            base = layer["name"].split("#")[0]
            if base not in shapes or shapes[base]["macs"] <= 0:
                continue
            parts = [base]
            fraction = layer["macs_per_image"] / shapes[base]["macs"]
        first, last = shapes[parts[0]], shapes[parts[-1]]
        act = (math.prod(first["input_shape"]) + math.prod(last["output_shape"])) * in_bytes
        weights = sum(shapes[p]["weights"] for p in parts) * w_bytes * fraction
        rows.append((layer, act * fraction if fraction < 1 else act, weights))
    # Weight reloads: each layer waits for its share (by weight bytes) of the DRAM reload time.
    reload_ns = report["memory"].get("reload_time_ns", 0.0) if reload else 0.0
    total_w = sum(r[2] for r in rows) or 1.0
    pts = []
    for layer, act, weights in rows:
        ops = 2.0 * layer["macs_per_image"]
        # The weights it reloads per image (a group loaded once serves every image of the run).
        reloaded = report["memory"].get("weight_reload_bytes", 0) / images * weights / total_w
        bytes_ = act + (reloaded if reload else 0.0)
        seconds = layer["cycles"] / clock_hz + reload_ns * 1e-9 * weights / total_w
        pts.append((layer["name"], ops / bytes_, ops * images / seconds))
    return pts


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("runs", nargs="+")
    ap.add_argument("--cimsim", default=None)
    ap.add_argument("--labels", help="comma-separated run labels (default: each run's name, or "
                    "its folder when names repeat)")
    ap.add_argument("--out", default="roofline.png")
    a = ap.parse_args()
    cimsim = a.cimsim or (os.path.join(ROOT, "build", "cimsim")
                          if os.path.exists(os.path.join(ROOT, "build", "cimsim"))
                          else shutil.which("cimsim"))
    if not cimsim:
        sys.exit("plot_roofline: no cimsim binary (give --cimsim PATH)")
    plt = pc.pyplot()
    fig, ax = plt.subplots(figsize=(7, 5))
    all_oi = []
    series = []
    reports = [pc.read_run(run) for run in a.runs]
    names = [r[0]["run"]["name"] for r in reports]
    if a.labels:
        names = a.labels.split(",")
        if len(names) != len(a.runs):
            sys.exit(f"plot_roofline: --labels: expected {len(a.runs)} labels, got {len(names)}")
    elif len(set(names)) < len(names):
        names = [os.path.basename(os.path.normpath(run)) for run in a.runs]
    for run, (report, cfg), label in zip(a.runs, reports, names):
        if cfg is None:
            sys.exit(f"plot_roofline: {run}: no config.resolved.yaml beside the report")
        pts = layer_points(report, cfg, net_layers(cimsim, report["run"]["network"]))
        if not pts:
            sys.exit(f"plot_roofline: {run}: no matrix layer to place")
        s = report["summary"]
        peak = s["arrays_total"] * 2 * report["pe"]["array_rows"] * \
            report["pe"]["array_weight_cols"] / (report["pe"]["mvm_ns"] * 1e-9)
        bw = cfg["chip"]["dram"]["bandwidth_GBps"] * 1e9
        series.append((label, pts, peak, bw))
        all_oi += [p[1] for p in pts]
        for name, oi, att in pts:
            bound = "DRAM" if bw * oi < peak else "compute"
            print(f"{label}: {name}: intensity {oi:.2f} ops/byte, attained "
                  f"{att / 1e12:.4f} TOPS, roof {min(peak, bw * oi) / 1e12:.4f} TOPS ({bound} roof)")
            if att > peak * (1 + 1e-9):
                sys.exit(f"plot_roofline: {run}: layer {name} attains {att} ops/s above the "
                         f"compute roof {peak} ops/s")
    lo, hi = min(all_oi) / 4, max(all_oi) * 4
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for k, (name, pts, peak, bw) in enumerate(series):
        c = colours[k % len(colours)]
        knee = peak / bw
        xs = [lo, min(max(knee, lo), hi), hi]
        ax.plot(xs, [min(peak, bw * x) for x in xs], color=c, linewidth=1.5,
                label=f"{name}: roofs (DRAM {bw / 1e9:g} GB/s, peak {peak / 1e12:.1f} TOPS)")
        ax.scatter([p[1] for p in pts], [p[2] for p in pts], color=c, s=20, zorder=3,
                   label=f"{name}: layers")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("Operational intensity (operations per DRAM byte)")
    ax.set_ylabel("Attained throughput (operations per second)")
    ax.set_title("Roofline: each matrix layer a point", fontsize=10)
    ax.grid(True, which="both", alpha=0.25)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(a.out, dpi=120)
    print(f"plot_roofline: wrote {a.out} ({sum(len(s[1]) for s in series)} layer points, "
          f"{len(series)} runs)")


if __name__ == "__main__":
    main()
