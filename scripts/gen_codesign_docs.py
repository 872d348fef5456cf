#!/usr/bin/python3
"""Regenerates the result tables of docs/codesign.md (issue 14).

Runs ResNet-18 and VGG-16 on both bundled chips dense and under four co-design plans
(SSL-style filter pruning, PatDNN-style pattern + connectivity pruning, BSQ-style bit-plane
removal, a per-layer mixed-precision plan), and the digits model through the functional run
pruned and quantized; rewrites the part of docs/codesign.md between the GENERATED markers.

    /usr/bin/python3 scripts/gen_codesign_docs.py [--cimsim build/cimsim] [--quick]

--quick runs ResNet-18 only (a few seconds of CPU per run; VGG-16 on isaac32nm takes ~20 s).
Deterministic: same binary, same tables.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHIPS = ["isscc28nm", "isaac32nm"]
CHIP_BITS = {"isscc28nm": 8, "isaac32nm": 16}


def run(cimsim, *args):
    r = subprocess.run([cimsim, *args], cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"cimsim {' '.join(args)} failed ({r.returncode}): {r.stderr.strip()}")
    return r.stdout


def matrix_layers(cimsim, net):
    j = json.loads(run(cimsim, "net", net, "--format", "json"))
    out = []
    for l in j["layers"]:
        if l["type"] not in ("conv2d", "linear"):
            continue
        cin = l["input_shape"][0] // l["matrix"]["groups"]
        out.append({"name": l["name"], "type": l["type"], "k": l["matrix"]["rows"] // cin,
                    "last": False})
    out[-1]["last"] = True
    return out


def specs(layers):
    """The sparsity plans, as rule lists, for one network."""
    inner = [l for l in layers[1:] if not l["last"]]
    # SSL: half the filters of every inner layer of a block (ResNet: the first conv of each
    # basic block, whose output stays inside the block; VGG: every layer but the first and last),
    # so the next layer loses the matching input channels.
    ssl = [l for l in inner if "down" not in l["name"] and not l["name"].endswith("_conv2")]
    pattern = [l for l in layers if l["type"] == "conv2d" and l["k"] == 9]
    return {
        "filter 0.5 (SSL)": [{"layers": l["name"], "type": "filter", "ratio": 0.5} for l in ssl],
        "pattern 8 + connectivity 0.3": [
            {"layers": l["name"], "type": "pattern", "patterns": 8, "ratio": 0.3}
            for l in pattern],
        "BSQ: 2 bit planes": [{"layers": l["name"], "type": "bit", "planes": 2} for l in inner],
    }


def mixed_plan(layers, chip):
    """Mixed precision: first and last layer at the chip's bits, the rest at half."""
    b = CHIP_BITS[chip]
    rules = [f"{l['name']}={b // 2}/{b // 2}" for l in layers[1:-1]]
    return ",".join(rules)


def write_spec(d, name, rules):
    path = os.path.join(d, name)
    with open(path, "w") as f:
        f.write("sparsity:\n")
        for r in rules:
            f.write("  - {" + ", ".join(f"{k}: {v}" for k, v in r.items()) + "}\n")
    return path


def summary(cimsim, d, chip, net, tag, sets=()):
    out = os.path.join(d, f"run-{chip}-{tag}")
    args = ["run", "--config", chip, "--net", net, "--quiet", "--out", out, "--force"]
    for s in sets:
        args += ["--set", s]
    run(cimsim, *args)
    with open(os.path.join(out, "report.json")) as f:
        return json.load(f)


def footprint(j):
    """Arrays of one copy of the weights (replicas of bottleneck layers left out)."""
    return sum(L["arrays"] // max(1, L["replicas"]) for L in j["layers"] if L["arrays"])


def row(label, j, dense):
    s, sd = j["summary"], dense["summary"]
    fp, fd = footprint(j), footprint(dense)
    eff_tpw = s.get("effective_tops_per_w", s["tops_per_w"])
    eff_tops = s.get("effective_tops", s["tops"])
    return (f"| {label} | {fp} ({fp / fd:.2f}x) | {s['arrays_used']} "
            f"| {s['latency_ns'] / 1e3:.1f} | {s['throughput_images_per_s']:.0f} "
            f"| {s['energy_per_image_uJ']:.1f} ({s['energy_per_image_uJ'] / sd['energy_per_image_uJ']:.2f}x) "
            f"| {s['tops']:.3f} | {s['tops_per_w']:.3f} | {eff_tops:.3f} | {eff_tpw:.3f} "
            f"| {s['reload_groups']} | {s['interval_basis']} |")


def layer_table(j, dense, limit=8):
    """Per layer, dense against co-designed, for the layers whose arrays or energy moved."""
    dl = {L["name"]: L for L in dense["layers"]}
    lines = ["| layer | weight density | arrays per copy dense → co-designed | replicas "
             "| cycles (image 0) dense → co-designed | energy saved |",
             "|---|---|---|---|---|---|"]
    n = 0
    for L in j["layers"]:
        c = L.get("codesign")
        D = dl.get(L["name"])
        if not c or not D:
            continue
        if n == limit:
            lines.append("| … | | | | | |")
            break
        saved = 1 - L["energy_per_image_pJ"] / D["energy_per_image_pJ"]
        per = lambda x: x["arrays"] // max(1, x["replicas"])
        lines.append(f"| {L['name']} | {c['weight_density']:.3f} | {per(D)} → {per(L)} "
                     f"| {D['replicas']} → {L['replicas']} | {D['cycles']} → {L['cycles']} "
                     f"| {100 * saved:.1f} % |")
        n += 1
    return "\n".join(lines)


def accuracy(cimsim, d, chip, net, weights, sets=()):
    args = ["accuracy", "--config", chip, "--net", net, "--weights", weights,
            "--data", "tests/data/digits/test.npz", "--calib", "tests/data/digits/calib.npz",
            "--format", "json"]
    for s in sets:
        args += ["--set", s]
    j = json.loads(run(cimsim, *args))
    return j["reference_top1"], j["chip_top1"]["mean"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cimsim", default=os.path.join(ROOT, "build", "cimsim"))
    ap.add_argument("--quick", action="store_true")
    a = ap.parse_args()
    cimsim = os.path.abspath(a.cimsim)
    nets = ["resnet18"] if a.quick else ["resnet18", "vgg16"]
    parts = []
    with tempfile.TemporaryDirectory() as d:
        for net in nets:
            layers = matrix_layers(cimsim, net)
            plans = specs(layers)
            pruned = {}
            for label, rules in plans.items():
                spec = write_spec(d, f"{net}-{len(pruned)}.spec.yaml", rules)
                out = os.path.join(d, f"{net}-{len(pruned)}.yaml")
                run(cimsim, "prune", "--net", net, "--spec", spec, "--out", out)
                pruned[label] = out
            for chip in CHIPS:
                dense = summary(cimsim, d, chip, net, f"{net}-dense")
                parts.append(f"### {net} on {chip}\n")
                parts.append("| plan | arrays of one weight copy | arrays used (with replicas) "
                             "| latency (µs) | throughput (images/s) "
                             "| energy per image (µJ) | TOPS (dense ops) | TOPS/W (dense ops) "
                             "| TOPS (effective ops) | TOPS/W (effective ops) | reload groups "
                             "| throughput bound by |")
                parts.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
                parts.append(row("dense", dense, dense))
                runs = {}
                for i, (label, path) in enumerate(pruned.items()):
                    runs[label] = summary(cimsim, d, chip, path, f"{net}-{i}")
                    parts.append(row(label, runs[label], dense))
                plan = mixed_plan(layers, chip)
                b = CHIP_BITS[chip]
                label = f"mixed precision ({b}-bit first/last, {b // 2}/{b // 2} inside)"
                runs[label] = summary(cimsim, d, chip, net, f"{net}-mixed",
                                      [f"quantization={plan}"])
                parts.append(row(label, runs[label], dense))
                parts.append("")
                first = "filter 0.5 (SSL)"
                parts.append(f"Per layer under {first} (first layers with a co-design entry):\n")
                parts.append(layer_table(runs[first], dense))
                parts.append("")

        # Accuracy of the digits model (tests/data/digits), pruned by magnitude without
        # retraining, and quantized per layer.
        parts.append("### Accuracy of the digits model (functional run, 450 test images)\n")
        parts.append("| plan | chip | reference top-1 | chip top-1 |")
        parts.append("|---|---|---|---|")
        w = "tests/data/digits/weights.npz"
        digit_plans = [
            ("dense", None, ()),
            ("filter 0.25 on conv1", [{"layers": "conv1", "type": "filter", "ratio": 0.25}], ()),
            ("pattern 8 on conv2 (no connectivity)",
             [{"layers": "conv2", "type": "pattern", "patterns": 8, "ratio": 0}], ()),
            ("pattern 8 + connectivity 0.3 on both convs",
             [{"layers": "conv*", "type": "pattern", "patterns": 8, "ratio": 0.3}], ()),
            ("BSQ: 2 bit planes on conv2 and fc",
             [{"layers": "conv2", "type": "bit", "planes": 2},
              {"layers": "fc", "type": "bit", "planes": 2}], ()),
            ("unstructured 0.5 on fc", [{"layers": "fc", "type": "unstructured", "ratio": 0.5}],
             ()),
            ("mixed precision conv1 8/8, conv2 4/6, fc 6/6", None,
             ("quantization=conv1=8/8,conv2=4/6,fc=6/6",)),
            ("4-bit weights and inputs everywhere", None, ("quantization=conv*=4/4,fc=4/4",)),
        ]
        for i, (label, rules, sets) in enumerate(digit_plans):
            net, weights = "digits_cnn", w
            if rules:
                spec = write_spec(d, f"digits-{i}.spec.yaml", rules)
                net = os.path.join(d, f"digits-{i}.yaml")
                weights = os.path.join(d, f"digits-{i}.npz")
                run(cimsim, "prune", "--net", "digits_cnn", "--spec", spec, "--out", net,
                    "--weights", w, "--out-weights", weights)
            for chip in CHIPS:
                ref, top1 = accuracy(cimsim, d, chip, net, weights, sets)
                parts.append(f"| {label} | {chip} | {ref:.4f} | {top1:.4f} |")
        parts.append("")

    doc = os.path.join(ROOT, "docs", "codesign.md")
    with open(doc) as f:
        text = f.read()
    begin, end = "<!-- GENERATED by scripts/gen_codesign_docs.py: begin -->", \
        "<!-- GENERATED by scripts/gen_codesign_docs.py: end -->"
    if begin not in text or end not in text:
        sys.exit(f"{doc}: no GENERATED markers")
    body = "\n".join(parts)
    text = text[:text.index(begin) + len(begin)] + "\n\n" + body + "\n" + text[text.index(end):]
    with open(doc, "w") as f:
        f.write(text)
    print(f"wrote {doc}")


if __name__ == "__main__":
    main()
