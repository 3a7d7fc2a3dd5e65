#!/usr/bin/python3
"""Compare the US LCI database imported from openLCA JSON-LD (the bundled
release FY17 Q4, examples/uslci) with the same database exported as
EcoSpold 2 (../shared/data/uslci-ecospold2, the next release, FY18 Q1): the results of
every process both have, and why those that differ do. docs/uslci-formats.md
reports its output.

Usage: compare_uslci_formats.py [--metabol build/metabol] [--out FILE.json]

Both are imported into fresh projects with the IPCC method and the FEDEFL
mapping of examples/uslci, exactly as `make demo` does, and for every
process id in both, `metabol lca --process ID --method AR6-100 --format
json` gives the score and the whole inventory. Inventories are compared by
flow name, direction and unit (the two releases give some flows other ids);
the unit names the EcoSpold 2 export spells otherwise (metric ton*km,
person*km, unit, m2*year, hour) are mapped to the JSON-LD ones, and a
product FY17 Q4 counts in days (d) and the export in hours is
compared per hour.

Flows the two releases name differently are listed (renamed_flows): where
a process has one exchange of its own in each release with the same
direction, unit and amount ("dinitrogen monoxide" in FY17 Q4, "nitrous
oxide" in FY18). Such a rename is a difference in the data: it counts
as one (class data), since the same name is not renamed everywhere.

Each process falls in one class:
  agree          score and inventory agree (relative 1e-6);
  no product     the EcoSpold 2 file has no product output (no outputGroup
                 0 exchange), so the process is not in that model;
  ids            the inventories agree but the scores do not: elementary
                 flows the FY18 export gives other ids than FY17 Q4,
                 which the FEDEFL mapping (on the FY17 Q4 ids) does not
                 know, so they get no factor;
  data           the inventories differ and the process or one in its
                 supply chain has other exchanges in the two releases
                 (amounts, flows added or removed, a product input that
                 names another product flow and so links elsewhere or is
                 cut off, processes left out);
  unexplained    none of these (the comparison fails if any).
"""

import argparse
import collections
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EX = os.path.join(ROOT, "examples", "uslci")
ES2 = os.path.join(ROOT, "..", "shared", "data", "uslci-ecospold2",
                   "activities")
UNIT = {"metric ton*km": "t*km", "person*km": "p*km", "unit": "Item(s)",
        "m2*year": "m2*a", "hour": "h"}
RTOL = 1e-6


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def project(metabol, path, source, fmt):
    for args in ([fmt, source, "--name", "uslci"],
                 ["olca-jsonld", os.path.join(EX, "ipcc_json_v1.0.3.zip"),
                  "--name", "ipcc"],
                 ["flow-mapping", os.path.join(EX, "USLCIv2019Q4.csv"),
                  "--name", "fedefl"]):
        rc, out, err = run([metabol, "-p", path, "import"] + args)
        if rc:
            sys.exit(f"import {args[0]} failed: {err}")


def result(metabol, db, uuid):
    rc, out, err = run([metabol, "-p", db, "lca", "--process", uuid,
                        "--method", "AR6-100", "--format", "json", "--top",
                        "1000000000"])
    if rc:
        return {"error": err.strip()}
    j = json.loads(out)
    unit = UNIT.get(j["demand"][0]["unit"], j["demand"][0]["unit"])
    scale = 1 / 24 if unit == "d" else 1.0  # per hour
    inv = collections.defaultdict(float)
    for x in j["inventory"]:
        key = "|".join((x["name"].strip().lower(), x["direction"],
                        UNIT.get(x["unit"], x["unit"])))
        inv[key] += x["amount"] * scale
    return {"score": j["impacts"][0]["score"] * scale, "inventory": inv,
            "name": j["demand"][0]["process"]}


def close(a, b, scale):
    return abs(a - b) <= RTOL * max(scale, 1e-300)


def exchanges(db):
    """Per process uuid: {(flow name, direction, unit[, product id]):
    amount} (a product is also known by its id: another id links
    elsewhere) and the product flow ids it takes in; and which processes
    make each product."""
    c = sqlite3.connect(db)
    unit_name = dict(c.execute("SELECT uuid, name FROM units"))
    flow = {u: (n, t) for u, n, t in
            c.execute("SELECT uuid, name, type FROM flows")}
    ex = collections.defaultdict(lambda: collections.defaultdict(float))
    inputs = collections.defaultdict(set)
    makers = collections.defaultdict(set)
    for puuid, fl, unit, amount, flags in c.execute(
            "SELECT p.uuid, e.flow, e.unit, e.amount, e.flags FROM exchanges "
            "e JOIN processes p ON p.id = e.process"):
        name, ftype = flow[fl]
        u = unit_name.get(unit, unit or "")
        key = (name.strip().lower(), "input" if flags & 1 else "output",
               UNIT.get(u, u), fl if ftype != 0 else "")
        ex[puuid][key] += amount
        if ftype != 0 and flags & 1:
            inputs[puuid].add(fl)
        if flags & 4:
            makers[fl].add(puuid)
    return ex, inputs, makers


def renames(ex_j, ex_e, common):
    """Elementary flows the two releases name differently: where a process
    has exactly one exchange of its own in each release, with the same
    direction, unit and amount ("dinitrogen monoxide" in FY17 Q4 is
    "nitrous oxide" in FY18), the EcoSpold 2 name -> the JSON-LD name."""
    found = {}
    for u in common:
        a = set(ex_j[u]) - set(ex_e[u])
        b = set(ex_e[u]) - set(ex_j[u])
        if len(a) != 1 or len(b) != 1:
            continue
        (ka,), (kb,) = a, b
        if ka[1:] == kb[1:] and close(ex_j[u][ka], ex_e[u][kb],
                                      abs(ex_j[u][ka])):
            found[kb[0]] = ka[0]
    return found


def only_renamed(a, b, names):
    """Whether exchanges a and b differ by one renamed flow and no more."""
    da, db = set(a) - set(b), set(b) - set(a)
    if len(da) != 1 or len(db) != 1:
        return False
    (ka,), (kb,) = da, db
    return names.get(kb[0]) == ka[0] and not differs(
        {k: v for k, v in a.items() if k != ka},
        {k: v for k, v in b.items() if k != kb})


def differs(a, b):
    if set(a) != set(b):
        return True
    return any(not close(a[k], b[k], max(abs(a[k]), abs(b[k]))) for k in a)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--metabol", default=os.path.join(ROOT, "build",
                                                      "metabol"))
    ap.add_argument("--out", help="write the per-process results here")
    args = ap.parse_args()
    if not os.path.isdir(ES2):
        sys.exit(f"{ES2}: absent (the EcoSpold 2 export is in ../shared)")
    tmp = tempfile.mkdtemp(prefix="uslci-formats-")
    try:
        metabol = os.path.join(tmp, "metabol")
        shutil.copy2(args.metabol, metabol)  # a rebuild must not interfere
        dj, de = os.path.join(tmp, "jsonld.db"), os.path.join(tmp, "es2.db")
        project(metabol, dj, os.path.join(EX, "uslci_olca1_5_0_json_ld.zip"),
                "olca-jsonld")
        project(metabol, de, ES2, "ecospold2")
        ex_j, inputs, makers = exchanges(dj)
        ex_e, _, _ = exchanges(de)
        common = sorted(set(ex_j) & set(ex_e))
        names = renames(ex_j, ex_e, common)
        changed = {u for u in common if differs(ex_j[u], ex_e[u])}
        only_j = set(ex_j) - set(ex_e)
        res = {}
        for u in common:
            res[u] = (result(metabol, dj, u), result(metabol, de, u))
        left_out = {u for u, (_, e) in res.items() if "error" in e}

        # the supply chain of each process in the JSON-LD release
        def upstream(u):
            seen, todo = {u}, [u]
            while todo:
                for fl in inputs[todo.pop()]:
                    for p in makers[fl] - seen:
                        seen.add(p)
                        todo.append(p)
            return seen

        classes = collections.Counter()
        rows = {}
        for u in common:
            j, e = res[u]
            if "error" in j:
                sys.exit(f"{u}: JSON-LD: {j['error']}")
            if "error" in e:
                cls, why = "no product", e["error"]
            else:
                inv_j, inv_e = j["inventory"], e["inventory"]
                total = sum(abs(v) for v in inv_j.values())
                same_inv = all(close(inv_j.get(k, 0), inv_e.get(k, 0), total)
                               for k in set(inv_j) | set(inv_e))
                same_score = close(j["score"], e["score"],
                                   max(abs(j["score"]), abs(e["score"])))
                chain = upstream(u)
                causes = chain & (changed | left_out | only_j)
                if same_inv and same_score:
                    cls, why = "agree", ""
                elif same_inv:
                    cls, why = "ids", ""
                elif causes:
                    cls = "data"
                    why = f"{len(causes)} of the {len(chain)} processes of " \
                          f"its supply chain differ"
                else:
                    cls, why = "unexplained", ""
            classes[cls] += 1
            rows[u] = {"name": j["name"], "class": cls, "why": why,
                       "score_jsonld": j["score"],
                       "score_ecospold2": e.get("score")}
        summary = {
            "processes": {"jsonld": len(ex_j), "ecospold2": len(ex_e),
                          "common": len(common)},
            "common_with_other_exchanges": len(changed),
            "renamed_flows": names,
            "common_whose_only_difference_is_a_rename": sum(
                1 for u in changed if only_renamed(ex_j[u], ex_e[u], names)),
            "classes": dict(classes)}
        print(json.dumps(summary, indent=1))
        for cls in ("ids", "data", "unexplained"):
            ex = [r for r in rows.values() if r["class"] == cls][:3]
            for r in ex:
                print(f"  {cls}: {r['name']}: {r['score_jsonld']:.6g} vs "
                      f"{r['score_ecospold2']:.6g} kg CO2 eq {r['why']}")
        if args.out:
            with open(args.out, "w") as f:
                json.dump({"summary": summary, "processes": rows}, f,
                          indent=1)
        if classes["unexplained"]:
            sys.exit(f"{classes['unexplained']} differences unexplained")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
