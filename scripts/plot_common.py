"""Shared by scripts/plot_*.py: reading sweep CSVs and reports, axis labels in words with units,
headless matplotlib. Needs Debian's python3-matplotlib (`scripts/setup.sh --plots`)."""
import csv
import json
import os
import re
import sys

# Unit suffixes of cimsim's figure names -> the unit as printed on an axis.
UNITS = [("_GBps", "GB/s"), ("_MHz", "MHz"), ("_GHz", "GHz"), ("_ns", "ns"), ("_us", "µs"),
         ("_ms", "ms"), ("_pJ", "pJ"), ("_nJ", "nJ"), ("_uJ", "µJ"), ("_mJ", "mJ"), ("_fJ", "fJ"),
         ("_mW", "mW"), ("_W", "W"), ("_mm2", "mm²"), ("_um2", "µm²"), ("_uS", "µS"),
         ("_V", "V"), ("_kB", "kB"), ("_KiB", "KiB"), ("_MiB", "MiB"), ("_bytes", "bytes"),
         ("_bits", "bits"), ("_cycles", "cycles"), ("_per_s", "per s")]
# Words that are written differently on an axis.
WORDS = {"dram": "DRAM", "noc": "NoC", "adc": "ADC", "dac": "DAC", "pe": "PE", "pes": "PEs",
         "tops": "TOPS", "gops": "GOPS", "mvm": "MVM", "mvms": "MVMs", "macs": "MACs",
         "mac": "MAC", "sram": "SRAM", "cim": "CIM", "io": "I/O", "x": "x", "y": "y",
         "tiles_x": "tiles in x", "tiles_y": "tiles in y", "uj": "µJ"}
SPECIAL = {"summary.tops_per_w": "Energy efficiency (TOPS/W)",
           "summary.tops_per_mm2": "Area efficiency (TOPS/mm²)",
           "summary.tops": "Throughput (TOPS)",
           "summary.throughput_images_per_s": "Throughput (images/s)",
           "summary.latency_ns": "Latency of one image (ns)",
           "summary.energy_per_image_uJ": "Energy per image (µJ)",
           "summary.reload_groups": "Layer groups loaded in turn",
           "chip.dram.bandwidth_GBps": "DRAM bandwidth (GB/s)",
           "array.TOPS_per_W": "Array energy efficiency (TOPS/W)",
           "chip.GOPS_per_W": "Chip peak efficiency (GOPS/W)",
           "images": "Images per run", "parallelism": "Parallelism strategy",
           "config": "Chip config", "net": "Network"}


def split_unit(name):
    for suffix, u in UNITS:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)], u
    return name, ""


def words(name):
    if name in WORDS:
        return [WORDS[name]]
    return [WORDS.get(w.lower(), w) for w in name.split("_") if w]


def label(column):
    """A column key path (chip.dram.bandwidth_GBps) as axis words with the unit in brackets."""
    if column in SPECIAL:
        return SPECIAL[column]
    parts = column.split(".")
    leaf, unit = split_unit(parts[-1])
    if leaf.lower().startswith("tops_per_"):
        leaf, unit = "efficiency", "TOPS/" + leaf.split("_per_")[1].replace("mm2", "mm²")
    # Context: the section just above the leaf (chip.tile.pe.adc.bits -> ADC bits).
    context = [p for p in parts[:-1] if p not in ("chip", "tile", "summary", "array", "digital",
                                                   "analog", "memory")]
    section, section_unit = split_unit(context[-1]) if context else ("", "")
    if not unit and section_unit:  # energy_per_image_pJ.dram -> DRAM energy per image (pJ)
        text = " ".join(words(leaf) + words(section))
        unit = section_unit
    else:
        text = " ".join((words(section) if section else []) + words(leaf))
    text = text[:1].upper() + text[1:]
    return f"{text} ({unit})" if unit else text


def number(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def read_sweep(path):
    """(rows, parameter columns, metric columns) of a `cimsim sweep` CSV; rows are dicts."""
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
        header = reader.fieldnames or []
    if "status" not in header:
        sys.exit(f"{os.path.basename(sys.argv[0])}: {path}: not a sweep CSV (no status column)")
    s = header.index("status")
    params = [c for c in header[1:s]]
    metrics = [c for c in header[s + 1:] if c != "key"]
    return rows, params, metrics


def need_columns(path, rows_or_header, columns):
    header = rows_or_header if isinstance(rows_or_header, list) and rows_or_header and \
        isinstance(rows_or_header[0], str) else (list(rows_or_header[0].keys()) if rows_or_header else [])
    for c in columns:
        if c and c not in header:
            sys.exit(f"{os.path.basename(sys.argv[0])}: {path}: no column '{c}' "
                     f"(columns: {', '.join(header)})")


def ok_rows(path, rows):
    ok = [r for r in rows if r.get("status") == "ok"]
    if not ok:
        sys.exit(f"{os.path.basename(sys.argv[0])}: {path}: no successful points")
    return ok


def pyplot():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def read_run(folder_or_report):
    """(report, resolved config dict or None) of a run folder or its report.json."""
    path = folder_or_report
    if os.path.isdir(path):
        path = os.path.join(path, "report.json")
    with open(path) as f:
        report = json.load(f)
    cfg = None
    cfg_path = os.path.join(os.path.dirname(path), "config.resolved.yaml")
    if os.path.exists(cfg_path):
        import yaml
        with open(cfg_path) as f:
            cfg = yaml.safe_load(f)
    return report, cfg


def sort_key(v):
    n = number(v)
    return (0, n, "") if n is not None else (1, 0, v)


def natural(s):
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", s)]
