#!/usr/bin/python3
"""Renders every scripts/plot_*.py headlessly (Agg) on data made here and checks the PNG and
what the script computed (the Pareto front of a hand-made CSV, one line per combination, the
roofline below its compute roof, energy components adding up to the total).

    /usr/bin/python3 tests/plots/test_plots.py CIMSIM_BINARY [unittest args]

Exit 77 (skipped) when Debian's python3-matplotlib or python3-yaml is missing."""
import atexit
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPTS = os.path.join(ROOT, "scripts")
CIMSIM = None
TMP = tempfile.mkdtemp(prefix="cimsim-plots-")
atexit.register(shutil.rmtree, TMP, True)


def run(*args):
    p = subprocess.run(["/usr/bin/python3", *args], capture_output=True, text=True,
                       env={**os.environ, "MPLBACKEND": "Agg", "DISPLAY": ""})
    return p.returncode, p.stdout, p.stderr


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


def write(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def cimsim_run(name, *args):
    out = os.path.join(TMP, name)
    subprocess.run([CIMSIM, "run", "--quiet", "--out", out, *args], check=True, cwd=ROOT)
    return out


class Plots(unittest.TestCase):
    def check_png(self, path, min_w=500, min_h=300):
        self.assertTrue(os.path.exists(path), path)
        w, h = png_size(path)
        self.assertGreaterEqual(w, min_w)
        self.assertGreaterEqual(h, min_h)
        self.assertGreater(os.path.getsize(path), 10000)  # something was drawn

    def test_pareto_front_of_a_hand_made_sweep(self):
        # (latency, energy), both minimised: the front is 1 (1,9), 3 (2,4), 4 (4,2), 5 (8,1);
        # 0 (3,9) is beaten by 1, 2 (3,5) by 3, 6 (9,9) by everything.
        pts = [(3, 9), (1, 9), (3, 5), (2, 4), (4, 2), (8, 1), (9, 9)]
        rows = "".join(f"{i},c,n,{i},ok,{x},{y},k{i}\n" for i, (x, y) in enumerate(pts))
        csv = write("pareto.csv", "point,config,net,chip.x,status,summary.latency_ns,"
                    "summary.energy_per_image_uJ,key\n" + rows + "7,c,n,7,error: boom,,,k7\n")
        out = os.path.join(TMP, "pareto.png")
        rc, so, se = run(os.path.join(SCRIPTS, "plot_pareto.py"), csv, "summary.latency_ns",
                         "summary.energy_per_image_uJ", "--label", "chip.x", "--out", out)
        self.assertEqual(rc, 0, se)
        front = [l.split()[2] for l in so.splitlines() if l.startswith("front:")]
        self.assertEqual(front, ["1", "3", "4", "5"])
        self.assertIn("4 of 7 points on the front", so)
        self.check_png(out)
        # Maximising both flips the front: (9,9) alone beats all.
        rc, so, _ = run(os.path.join(SCRIPTS, "plot_pareto.py"), csv, "summary.latency_ns",
                        "summary.energy_per_image_uJ", "--max-x", "--max-y", "--out", out)
        self.assertEqual([l.split()[2] for l in so.splitlines() if l.startswith("front:")],
                         ["6"])

    def test_sweep_lines_per_combination_categorical_and_facets(self):
        rows = []
        i = 0
        for par in ["pipeline", "hybrid"]:
            for bw in [12.8, 25.6, 51.2]:
                for tiles in [4, 8]:
                    rows.append(f"{i},c,n,{par},{bw},{tiles},ok,{1000 / bw + tiles},k{i}\n")
                    i += 1
        csv = write("multi.csv", "point,config,net,parallelism,chip.dram.bandwidth_GBps,"
                    "chip.tiles_x,status,summary.latency_ns,key\n" + "".join(rows))
        out = os.path.join(TMP, "multi.png")
        rc, so, se = run(os.path.join(SCRIPTS, "plot_sweep.py"), csv, "chip.dram.bandwidth_GBps",
                         "summary.latency_ns", "--by", "chip.tiles_x", "--logx", "--out", out)
        self.assertEqual(rc, 0, se)
        self.assertIn("also one line per value of parallelism", so)
        self.assertIn("1 panels, 4 lines, 12 points", so)  # 2 tiles x 2 strategies, no sawtooth
        self.check_png(out)
        rc, so, se = run(os.path.join(SCRIPTS, "plot_sweep.py"), csv, "parallelism",
                         "summary.latency_ns", "--facet", "chip.tiles_x", "--out", out)
        self.assertEqual(rc, 0, se)
        self.assertIn("2 panels, 6 lines, 12 points, categorical x", so)
        self.check_png(out)
        # A column zipped with X does not split lines.
        zipped = write("zip.csv", "point,config,chip.adc.bits,chip.adc.energy_pJ,status,"
                       "array.energy_pJ,key\n" +
                       "".join(f"{i},c,{b},{2 ** b},ok,{100 + 2 ** b},k{i}\n"
                               for i, b in enumerate(range(3, 9))))
        rc, so, se = run(os.path.join(SCRIPTS, "plot_sweep.py"), zipped, "chip.adc.bits",
                         "array.energy_pJ", "--out", out)
        self.assertEqual(rc, 0, se)
        self.assertIn("1 panels, 1 lines, 6 points", so)
        rc, _, se = run(os.path.join(SCRIPTS, "plot_sweep.py"), csv, "chip.tiles_y",
                        "summary.latency_ns", "--out", out)
        self.assertNotEqual(rc, 0)
        self.assertIn("no column 'chip.tiles_y'", se)

    def test_energy_breakdown_per_layer_and_component(self):
        a = cimsim_run("e1", "--config", "isscc28nm", "--net", "tests/data/tiny_cnn.yaml",
                       "--images", "1")
        b = cimsim_run("e2", "--config", "isaac32nm", "--net", "tests/data/tiny_cnn.yaml",
                       "--images", "1")
        out = os.path.join(TMP, "energy.png")
        rc, so, se = run(os.path.join(SCRIPTS, "plot_energy.py"), a, b, "--labels",
                         "SRAM CIM,ReRAM", "--out", out)
        self.assertEqual(rc, 0, se)
        self.assertIn("components, 2 runs", so)
        self.check_png(out, 1000, 400)

    def test_roofline_layers_under_the_compute_roof(self):
        fits = cimsim_run("r1", "--config", "isscc28nm", "--net", "vgg8", "--images", "1")
        small = cimsim_run("r2", "--config", "isscc28nm", "--net", "vgg8", "--images", "1",
                           "--set", "chip.tiles_x=4", "--set", "chip.tiles_y=4")
        out = os.path.join(TMP, "roofline.png")
        rc, so, se = run(os.path.join(SCRIPTS, "plot_roofline.py"), fits, small, "--cimsim",
                         CIMSIM, "--out", out)
        self.assertEqual(rc, 0, se)  # the script exits 1 if a layer is above the compute roof
        points = [l for l in so.splitlines() if ": intensity " in l]
        self.assertGreaterEqual(len(points), 2 * 8)  # vgg8: 6 conv + 2 fc, at least
        # On the 4x4 chip the weights reload: fc1 sits on the DRAM roof (within 5 %).
        fc1 = [l for l in points if l.startswith("r2: fc1")]
        self.assertTrue(fc1)
        for l in fc1:
            att = float(l.split("attained ")[1].split()[0])
            roof = float(l.split("roof ")[1].split()[0])
            self.assertIn("(DRAM roof)", l)
            self.assertGreater(att, 0.9 * roof)
            self.assertLess(att, 1.05 * roof)
        self.check_png(out)


if __name__ == "__main__":
    try:
        import matplotlib  # noqa: F401
        import yaml  # noqa: F401
    except ImportError:
        print("plots: skipped (scripts/setup.sh --plots installs python3-matplotlib)")
        sys.exit(77)
    CIMSIM = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
