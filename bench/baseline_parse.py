#!/usr/bin/python3
"""The baseline for reading an openLCA JSON-LD zip, parsing only: what a
Python user does first with such a file, zipfile and json.loads of every
entity, kept in memory by folder. No unit conversion, linking or matrices
(baseline_import.py does those for the synthetic data, but refuses USLCI's
waste flows, and it expects the entity folders at the top of the zip, while
the USLCI zip has them under one more directory).

Usage: baseline_parse.py ZIP

Every *.json member is read and parsed, wherever it sits in the zip
(context.json and olca-schema.json too; they are tiny). Entities are
counted by their folder (the name of the directory holding the file);
exchanges are the entries of "exchanges" of the processes, which is how
`metabol import` counts them.

One JSON object goes to stdout: counts by folder, processes, exchanges,
bytes, and the timings read (zipfile: inflate), parse (json.loads) and
total (from opening the zip to the last entity).
"""

import json
import sys
import time
import zipfile


def main():
    if len(sys.argv) != 2 or sys.argv[1].startswith("-"):
        sys.exit("usage: baseline_parse.py ZIP")
    path = sys.argv[1]
    t0 = time.perf_counter()
    entities = {}
    t_read = t_parse = 0.0
    n_bytes = 0
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            if info.is_dir() or not info.filename.endswith(".json"):
                continue
            parts = info.filename.split("/")
            folder = parts[-2] if len(parts) > 1 else ""
            t1 = time.perf_counter()
            raw = zf.read(info)
            t2 = time.perf_counter()
            entities.setdefault(folder, []).append(json.loads(raw))
            t_parse += time.perf_counter() - t2
            t_read += t2 - t1
            n_bytes += len(raw)
    t3 = time.perf_counter()
    processes = entities.get("processes", [])
    out = {
        "tool": "python-zipfile-json",
        "python": sys.version.split()[0],
        "zip": path,
        "entities": {k: len(v) for k, v in sorted(entities.items())},
        "n_processes": len(processes),
        "n_exchanges": sum(len(p.get("exchanges", [])) for p in processes),
        "json_bytes": n_bytes,
        "timings_s": {"read": t_read, "parse": t_parse, "total": t3 - t0},
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
