#!/usr/bin/python3
"""Write the synthetic, ecoinvent-scale LCA database of gen_synthetic.py as
one openLCA JSON-LD zip (olca-schema v2 field names).

Usage: gen_jsonld.py --out ZIP [--processes 25000] [--seed 1]
                     [--compresslevel 6]

The database is gen_synthetic.py's: the same Synth object is built with the
same (size, seed) and its random stream is left untouched, so the JSON-LD
zip and `gen_synthetic.py DIR --activities N --seed S` describe one and the
same technosphere, biosphere and characterization (same counts, same
strongly connected component, same numbers once the amounts are converted to
reference units). Everything added for JSON-LD (units, providers, formulas,
allocation, uncertainty) is drawn from a second generator seeded from the
same seed. Ids map one to one: the process of datapackage activity ID is
process_uuid(ID) (uuid5 of "process/ID"), its product flow uuid5 of
"product/ID", elementary flow ID uuid5 of "flow/ID"; a process description
says "synthetic activity ID".

Layout of the zip (deflate): context.json (the v2 @context),
olca-schema.json ({"version": 2}, what openLCA 2 writes), unit_groups/,
flow_properties/, locations/, flows/, processes/, lcia_categories/,
lcia_methods/, one <uuid>.json per entity, compact separators.

What is in it, beyond gen_synthetic.py's matrices:
* Units: 7 unit groups (mass kg/g/t/mg, energy MJ/kWh/kJ/GJ, volume
  m3/l, area*time m2*a/ha*a/km2*a, items, goods transport t*km/kg*km,
  radioactivity kBq/Bq), one flow property each. Products of a kind share a
  property (transport kinds t*km, electricity energy, other goods mostly
  mass); 20 % of mass products also carry a Volume property (m3 per kg).
* Processes: one per activity, its own product flow as the reference output
  (isQuantitativeReference). Electricity is written in kWh (non-reference
  unit of energy, as ecoinvent does), about 3 % of the other exchanges in
  another unit of the flow's group (g, t, l, ...) and 8 % of the exchanges
  of two-property products in their volume property; amounts are scaled so
  that amount * unit factor / property factor is the datapackage's value.
* Linking: every product input names the product flow of the activity that
  makes it; 90 % also carry defaultProvider, the rest must be linked by
  product flow (each product flow has exactly one producer).
* Elementary flows: the 4,000 biosphere flows (at 25k) plus the flows only
  the methods know (gen_synthetic's "unknown" ids, used by no exchange).
  Resources (land occupation, primary energy, water and minerals from
  nature; ~20 % of the flows) are inputs (isInput true), emissions outputs;
  a flow is always on the same side. With openLCA's sign convention (B
  negative for inputs, characterization factor negated for input flows) the
  scores equal the datapackage's.
* Parameters: ~0.8 % of the processes (200 at 25k) have process parameters
  and amountFormula on a third of their inputs and elementary flows
  ("p7 * 2", "p7 / 4", "p7 * scale" with the parameter defined as "Scale",
  "d * p7" with d a dependent parameter "Scale * 3"); the stored amount is
  the formula's value, as openLCA keeps it.
* Allocation: ~0.4 % of the producers (100 at 25k) make a second product (a
  byproduct flow nobody consumes), defaultAllocationMethod
  PHYSICAL_ALLOCATION, with ECONOMIC_ALLOCATION factors listed first (a
  reader must pick the factors of the default method) and PHYSICAL factors
  f, 1 - f. Their inputs and elementary flows are written divided by f, so
  the allocated column of the main product is the datapackage's column; the
  byproduct adds one column (and row) to A.
* Exchange uncertainty: lognormal on ~60 % of the non-reference exchanges
  (ignored for LCA, there for realism of size and parsing).
* Methods: one ImpactMethod "synthetic method" with the 30 categories
  "category 01".."category 30" of gen_synthetic.py (score names as
  baseline_lca.py prints them); ~5 % of the factors in a non-reference unit
  (per g, per l, ...).

Deterministic for (processes, seed): the zip is byte-identical between runs
(fixed timestamps, sorted entries). A summary goes to stderr, with the
matrix sizes and nonzeros a reader should get after linking and allocation,
and a suggested demand (the middle id of the largest strongly connected
component, as bench/run picks for the datapackage).
"""

import argparse
import json
import os
import sys
import time
import uuid
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_synthetic as gs  # noqa: E402

NAMESPACE = uuid.UUID("6f0d8c3e-3b1a-5d2e-9a47-2c1b8e5f0a90")
LAST_CHANGE = "2025-01-01T00:00:00Z"
ZIP_TIME = (2025, 1, 1, 0, 0, 0)

# key, unit group, flow property, units (reference unit first, factor =
# amount of the reference unit in one unit).
UNIT_GROUPS = [
    ("mass", "Units of mass", "Mass",
     [("kg", 1.0), ("g", 1e-3), ("t", 1e3), ("mg", 1e-6)]),
    ("energy", "Units of energy", "Energy",
     [("MJ", 1.0), ("kWh", 3.6), ("kJ", 1e-3), ("GJ", 1e3)]),
    ("volume", "Units of volume", "Volume",
     [("m3", 1.0), ("l", 1e-3)]),
    ("area_time", "Units of area*time", "Area*time",
     [("m2*a", 1.0), ("ha*a", 1e4), ("km2*a", 1e6)]),
    ("items", "Units of items", "Number of items",
     [("Item(s)", 1.0), ("kItems", 1e3)]),
    ("transport", "Units of mass*length", "Goods transport (mass*distance)",
     [("t*km", 1.0), ("kg*km", 1e-3)]),
    ("radioactivity", "Units of radioactivity", "Radioactivity",
     [("kBq", 1.0), ("Bq", 1e-3)]),
]
G = {key: i for i, (key, *_rest) in enumerate(UNIT_GROUPS)}

V2_CONTEXT = {"@context": {
    "@vocab": "http://openlca.org/schema/v2.0/",
    "@base": "http://openlca.org/schema/v2.0/",
    **{k: {"@type": "@vocab"} for k in (
        "modelType", "flowPropertyType", "flowType", "distributionType",
        "parameterScope", "allocationType", "defaultAllocationMethod",
        "processType")}}}

EMISSION_CATEGORIES = [
    "Elementary flows/Emission to air/high population density",
    "Elementary flows/Emission to air/low population density",
    "Elementary flows/Emission to air/unspecified",
    "Elementary flows/Emission to water/surface water",
    "Elementary flows/Emission to water/ground water",
    "Elementary flows/Emission to soil/agricultural",
    "Elementary flows/Emission to soil/industrial",
]

P_ALT_UNIT = 0.03      # exchanges in another unit of the group
P_SECOND_PROP = 0.20   # mass products that also have a volume property
P_ALT_PROP = 0.08      # exchanges of those given in volume
P_PROVIDER = 0.90      # product inputs with defaultProvider
P_UNCERTAINTY = 0.60
P_ALT_UNIT_CF = 0.05   # characterization factors in another unit
SEP = (",", ":")


def uid(kind, key):
    return str(uuid.uuid5(NAMESPACE, f"{kind}/{key}"))


def process_uuid(act_id):
    """The process of datapackage activity act_id."""
    return uid("process", int(act_id))


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def dumps(obj):
    return json.dumps(obj, separators=SEP, ensure_ascii=False)


class JsonLd:
    def __init__(self, n, seed):
        t0 = time.perf_counter()
        s = gs.Synth(n, seed)
        s.build_activities()
        s.build_technosphere()
        s.build_biosphere()
        s.build_methods()
        s.assign_ids()
        self.s = s
        self.n = n
        self.seed = seed
        self.t_synth = time.perf_counter() - t0
        # Everything JSON-LD adds comes from here, not from s.rng.
        self.rng = np.random.default_rng([seed, 0x15D])
        self.stats = {}

    # ------------------------------------------------------------------
    # Reference data: unit groups, flow properties, locations.
    # ------------------------------------------------------------------
    def build_units(self):
        self.ug_id, self.fp_id, self.fp_ref = [], [], []
        self.unit_id, self.unit_name, self.unit_cf, self.unit_group = (
            [], [], [], [])
        self.group_units = []  # unit indices per group, reference first
        for g, (key, gname, pname, units) in enumerate(UNIT_GROUPS):
            self.ug_id.append(uid("unit_group", key))
            self.fp_id.append(uid("flow_property", key))
            idx = []
            for uname, cf in units:
                idx.append(len(self.unit_id))
                self.unit_id.append(uid("unit", f"{key}/{uname}"))
                self.unit_name.append(uname)
                self.unit_cf.append(cf)
                self.unit_group.append(g)
            self.group_units.append(idx)
            self.fp_ref.append({"@type": "FlowProperty",
                                "@id": self.fp_id[g], "name": pname})
        self.unit_cf = np.array(self.unit_cf)
        self.unit_group = np.array(self.unit_group)
        self.unit_ref = [{"@type": "Unit", "@id": self.unit_id[u],
                          "name": self.unit_name[u]}
                         for u in range(len(self.unit_id))]
        self.kwh = self.group_units[G["energy"]][1]
        assert self.unit_name[self.kwh] == "kWh"

    def unit_group_records(self):
        for g, (key, gname, pname, units) in enumerate(UNIT_GROUPS):
            yield f"unit_groups/{self.ug_id[g]}.json", {
                "@type": "UnitGroup", "@id": self.ug_id[g], "name": gname,
                "category": "Technical unit groups", "version": "01.00.000",
                "lastChange": LAST_CHANGE,
                "defaultFlowProperty": self.fp_ref[g],
                "units": [{"@type": "Unit", "@id": self.unit_id[u],
                           "name": self.unit_name[u],
                           "conversionFactor": float(self.unit_cf[u]),
                           "isRefUnit": k == 0}
                          for k, u in enumerate(self.group_units[g])]}
            yield f"flow_properties/{self.fp_id[g]}.json", {
                "@type": "FlowProperty", "@id": self.fp_id[g], "name": pname,
                "category": "Technical flow properties",
                "version": "01.00.000", "lastChange": LAST_CHANGE,
                "flowPropertyType": "PHYSICAL_QUANTITY",
                "unitGroup": {"@type": "UnitGroup", "@id": self.ug_id[g],
                              "name": gname}}

    def build_locations(self):
        s = self.s
        self.loc_id = [uid("location", f"R{r:02d}")
                       for r in range(s.n_regions)] + [uid("location", "GLO")]
        self.loc_code = [f"R{r:02d}" for r in range(s.n_regions)] + ["GLO"]
        self.loc_name = [f"Synthetic region {r:02d}"
                         for r in range(s.n_regions)] + ["Global"]
        self.loc_ref = [{"@type": "Location", "@id": i, "name": c}
                        for i, c in zip(self.loc_id, self.loc_code)]

    def location_records(self):
        rng = np.random.default_rng([self.seed, 0x10C])
        for i, (lid, code, name) in enumerate(zip(
                self.loc_id, self.loc_code, self.loc_name)):
            rec = {"@type": "Location", "@id": lid, "name": code,
                   "description": name, "code": code,
                   "version": "01.00.000", "lastChange": LAST_CHANGE}
            if code != "GLO":
                rec["latitude"] = round(float(rng.uniform(-60, 70)), 3)
                rec["longitude"] = round(float(rng.uniform(-180, 180)), 3)
            yield f"locations/{lid}.json", rec

    # ------------------------------------------------------------------
    # Flows: products (one per activity), byproducts, elementary flows.
    # ------------------------------------------------------------------
    def build_flows(self):
        s, rng, n = self.s, self.rng, self.n
        nk = s.n_kinds
        # Byproducts: producers that get a second output.
        producers = np.flatnonzero(~s.is_market)
        n_multi = int(max(5, round(100 * n / 25000)))
        self.multi = np.sort(rng.choice(producers, n_multi, replace=False))
        self.multi_pos = {int(a): k for k, a in enumerate(self.multi)}
        # Property of each product kind (index nk = electricity).
        kind_prop = rng.choice(
            [G["mass"], G["energy"], G["volume"], G["items"]], nk + 1,
            p=[0.74, 0.10, 0.08, 0.08])
        kind_prop[s.transport_kinds] = G["transport"]
        kind_prop[nk] = G["energy"]
        self.kind_prop = kind_prop

        nf, nu = s.n_flows, s.n_unknown
        ne = nf + nu
        self.n_prod_flows = n + n_multi
        nflows = n + n_multi + ne
        self.e0 = n + n_multi  # first elementary flow
        prop = np.empty(nflows, np.int64)
        prop[:n] = kind_prop[s.kind_of]
        prop[n:n + n_multi] = G["mass"]
        # Elementary flows: property and side.
        eprop = rng.choice(
            [G["mass"], G["volume"], G["area_time"], G["energy"],
             G["radioactivity"]], ne, p=[0.84, 0.05, 0.04, 0.04, 0.03])
        prop[self.e0:] = eprop
        e_in = np.zeros(ne, bool)
        e_in[eprop == G["area_time"]] = True
        e_in[eprop == G["energy"]] = True
        vol = eprop == G["volume"]
        e_in[vol] = rng.random(int(vol.sum())) < 0.5
        mass = eprop == G["mass"]
        e_in[mass] = rng.random(int(mass.sum())) < 0.12
        self.e_input = e_in
        self.flow_prop = prop
        # A second (volume) property on some mass products.
        second = np.full(nflows, -1.0)
        m = np.flatnonzero(prop[:n] == G["mass"])
        pick = m[rng.random(len(m)) < P_SECOND_PROP]
        # m3 per kg: densities 300..3000 kg/m3.
        second[pick] = 1.0 / 10.0 ** rng.uniform(np.log10(300),
                                                  np.log10(3000), len(pick))
        self.second_factor = second
        self.e_comp = rng.integers(0, len(EMISSION_CATEGORIES), ne)

        # Names, ids, refs.
        self.flow_id = [None] * nflows
        self.flow_name = [None] * nflows
        self.flow_cat = [None] * nflows
        self.flow_type = ["PRODUCT_FLOW"] * (n + n_multi) + [
            "ELEMENTARY_FLOW"] * ne
        for a in range(n):
            aid = int(s.act_id[a])
            self.flow_id[a] = uid("product", aid)
            self.flow_name[a] = self.product_name(a)
            self.flow_cat[a] = self.category_of(a)
        for k, a in enumerate(self.multi):
            aid = int(s.act_id[a])
            self.flow_id[n + k] = uid("byproduct", aid)
            self.flow_name[n + k] = f"byproduct of activity {aid}"
            self.flow_cat[n + k] = "synthetic/byproducts"
        for i in range(ne):
            fid = int(s.flow_id[i])
            f = self.e0 + i
            self.flow_id[f] = uid("flow", fid)
            self.flow_name[f] = f"substance {fid}"
            g = eprop[i]
            if e_in[i]:
                sub = {G["area_time"]: "land", G["energy"]: "biotic",
                       G["volume"]: "in water"}.get(g, "in ground")
                self.flow_cat[f] = f"Elementary flows/Resource/{sub}"
            else:
                self.flow_cat[f] = EMISSION_CATEGORIES[self.e_comp[i]]
        self.flow_ref = []
        for f in range(nflows):
            g = prop[f]
            self.flow_ref.append({
                "@type": "Flow", "@id": self.flow_id[f],
                "name": self.flow_name[f], "category": self.flow_cat[f],
                "flowType": self.flow_type[f],
                "refUnit": self.unit_name[self.group_units[g][0]]})

    def kind_label(self, a):
        s = self.s
        q = int(s.kind_of[a])
        if q == s.n_kinds:
            return "electricity"
        return f"good {q:04d}"

    def product_name(self, a):
        s = self.s
        aid = int(s.act_id[a])
        if s.is_market[a]:
            return f"{self.kind_label(a)}, market {aid}"
        return f"{self.kind_label(a)}, from producer {aid}"

    def category_of(self, a):
        s = self.s
        q = int(s.kind_of[a])
        if q == s.n_kinds:
            return "synthetic/electricity"
        return f"synthetic/sector {int(s.sector[q]):02d}"

    def location_of(self, a):
        r = int(self.s.region_of[a])
        return self.loc_ref[r if r >= 0 else len(self.loc_ref) - 1]

    def flow_records(self):
        for f in range(len(self.flow_id)):
            g = int(self.flow_prop[f])
            props = [{"@type": "FlowPropertyFactor", "isRefFlowProperty": True,
                      "conversionFactor": 1.0, "flowProperty": self.fp_ref[g]}]
            if self.second_factor[f] > 0:
                props.append({"@type": "FlowPropertyFactor",
                              "isRefFlowProperty": False,
                              "conversionFactor": float(self.second_factor[f]),
                              "flowProperty": self.fp_ref[G["volume"]]})
            rec = {"@type": "Flow", "@id": self.flow_id[f],
                   "name": self.flow_name[f], "category": self.flow_cat[f],
                   "version": "01.00.000", "lastChange": LAST_CHANGE,
                   "flowType": self.flow_type[f],
                   "isInfrastructureFlow": False,
                   "flowProperties": props}
            if self.flow_type[f] == "ELEMENTARY_FLOW":
                rec["cas"] = f"{f % 9000 + 1000}-{f % 89 + 10}-{f % 7}"
            yield f"flows/{self.flow_id[f]}.json", rec

    # ------------------------------------------------------------------
    # Exchanges: one table, grouped by process.
    # ------------------------------------------------------------------
    def build_exchanges(self):
        s, rng, n = self.s, self.rng, self.n
        nm = len(self.multi)
        m_idx = np.arange(nm)
        # Physical factor of the main product; economic ones, for show.
        f_phys = rng.uniform(0.5, 0.95, nm)
        f_econ = rng.uniform(0.3, 0.98, nm)
        by_amount = s.prod_amount[self.multi] * 10.0 ** rng.uniform(
            -1, 0.3, nm)
        self.f_phys, self.f_econ = f_phys, f_econ
        scale = np.ones(n)  # non-product exchanges are written / f
        scale[self.multi] = 1.0 / f_phys

        is_out = ~s.t_flip
        # kind: 0 reference output, 1 byproduct output, 2 product input,
        # 3 elementary.
        proc = np.concatenate([s.t_cols, self.multi, s.b_cols])
        kind = np.concatenate([np.where(is_out, 0, 2), np.ones(nm, np.int64),
                               np.full(len(s.b_vals), 3)])
        flow = np.concatenate([s.t_rows, n + m_idx, self.e0 + s.b_rows])
        val = np.concatenate([
            np.where(is_out, s.t_vals, s.t_vals * scale[s.t_cols]),
            by_amount, s.b_vals * scale[s.b_cols]])
        order = np.lexsort((np.arange(len(proc)), kind, proc))
        proc, kind, flow, val = proc[order], kind[order], flow[order], \
            val[order]
        assert np.all(kind[np.searchsorted(proc, np.arange(n))] == 0)
        nx = len(proc)
        is_input = (kind == 2) | ((kind == 3)
                                  & self.e_input[np.maximum(flow - self.e0,
                                                            0)])
        provider = np.where(kind == 2, flow, -1)  # product i is activity i
        provider[(kind == 2) & (rng.random(nx) >= P_PROVIDER)] = -1

        # Units and properties.
        fprop = self.flow_prop[flow]
        ref_unit = np.array([u[0] for u in self.group_units])
        unit = ref_unit[fprop]
        prop = fprop.copy()
        pf = np.ones(nx)
        elec = (flow < n) & (s.kind_of[np.minimum(flow, n - 1)] == s.n_kinds)
        unit[elec] = self.kwh
        alt_prop = (self.second_factor[flow] > 0) & (
            rng.random(nx) < P_ALT_PROP)
        vol_units = self.group_units[G["volume"]]
        prop[alt_prop] = G["volume"]
        unit[alt_prop] = rng.choice(vol_units, int(alt_prop.sum()))
        pf[alt_prop] = self.second_factor[flow[alt_prop]]
        alt_unit = ~elec & ~alt_prop & (rng.random(nx) < P_ALT_UNIT)
        for g, units in enumerate(self.group_units):
            sel = np.flatnonzero(alt_unit & (fprop == g))
            if len(units) > 1 and len(sel):
                unit[sel] = rng.choice(units[1:], len(sel))
        # amount in the reference unit of the reference property
        #   = amount * unit factor / property factor
        amount = val * pf / self.unit_cf[unit]
        uncertain = (kind >= 2) & (rng.random(nx) < P_UNCERTAINTY)
        gsd = 10.0 ** rng.uniform(np.log10(1.05), np.log10(2.0), nx)

        self.x_start = np.searchsorted(proc, np.arange(n + 1))
        self.x_kind = kind.tolist()
        self.x_flow = flow.tolist()
        self.x_input = is_input.tolist()
        self.x_provider = provider.tolist()
        self.x_unit = unit.tolist()
        self.x_prop = prop.tolist()
        self.x_amount = amount.tolist()
        self.x_uncertain = uncertain.tolist()
        self.x_gsd = np.round(gsd, 4).tolist()
        st = self.stats
        st["exchanges"] = nx
        st["reference_outputs"] = int((kind == 0).sum())
        st["byproduct_outputs"] = nm
        st["product_inputs"] = int((kind == 2).sum())
        st["elementary"] = int((kind == 3).sum())
        st["elementary_inputs"] = int(((kind == 3) & is_input).sum())
        st["with_provider"] = int((provider >= 0).sum())
        nonref = (unit != ref_unit[prop]) | alt_prop
        st["non_reference_unit"] = int(nonref.sum())
        st["electricity_kwh"] = int(elec.sum())
        st["other_property"] = int(alt_prop.sum())

        # Parameterised processes.
        n_par = int(max(10, round(200 * n / 25000)))
        self.param_procs = set(rng.choice(n, n_par, replace=False).tolist())
        self.param_rng = np.random.default_rng([self.seed, 0xF0A])

    def parameterise(self, a, exchanges):
        """Process parameters and amountFormula on about a third of the
        non-reference exchanges; the formulas give the stored amounts."""
        rng = self.param_rng
        # Product inputs and elementary flows (not the product outputs).
        cand = [e for e in exchanges if e["isInput"]
                or e["flow"]["flowType"] == "ELEMENTARY_FLOW"]
        if not cand:
            return []
        k = max(1, min(12, int(round(len(cand) / 3))))
        pick = rng.choice(len(cand), k, replace=False)
        s_val = float(10.0 ** rng.uniform(-0.3, 0.3))
        d_val = s_val * 3
        params = [
            {"@type": "Parameter", "@id": uid("parameter", f"{a}/Scale"),
             "name": "Scale", "parameterScope": "PROCESS_SCOPE",
             "isInputParameter": True, "value": s_val,
             "description": "a scaling parameter"},
            {"@type": "Parameter", "@id": uid("parameter", f"{a}/d"),
             "name": "d", "parameterScope": "PROCESS_SCOPE",
             "isInputParameter": False, "formula": "Scale * 3",
             "value": d_val},
        ]
        nformulas = 0
        for j in sorted(pick.tolist()):
            e = cand[j]
            w = e["amount"]
            name = f"p{e['internalId']}"
            pat = int(rng.integers(0, 4))
            if pat == 0:
                v, formula = w / 2, f"{name} * 2"
            elif pat == 1:
                v, formula = w * 4, f"{name} / 4"
            elif pat == 2:
                v, formula = w / s_val, f"{name} * scale"
            else:
                v, formula = w / d_val, f"d * {name}"
            params.append({"@type": "Parameter",
                           "@id": uid("parameter", f"{a}/{name}"),
                           "name": name, "parameterScope": "PROCESS_SCOPE",
                           "isInputParameter": True, "value": v})
            e["amountFormula"] = formula
            nformulas += 1
        self.stats["formulas"] = self.stats.get("formulas", 0) + nformulas
        return params

    def process_records(self, order):
        s, n = self.s, self.n
        nk = s.n_kinds
        proc_ref = [None] * n
        for a in range(n):
            proc_ref[a] = {"@type": "Process",
                           "@id": process_uuid(s.act_id[a]),
                           "name": self.process_name(a)}
        self.proc_ref = proc_ref
        kinds, flows, inputs, provs = (self.x_kind, self.x_flow,
                                       self.x_input, self.x_provider)
        units, props, amounts = self.x_unit, self.x_prop, self.x_amount
        unc, gsd = self.x_uncertain, self.x_gsd
        fref, uref, pref = self.flow_ref, self.unit_ref, self.fp_ref
        starts = self.x_start.tolist()
        for a in order:
            ex = []
            for x in range(starts[a], starts[a + 1]):
                e = {"@type": "Exchange", "internalId": len(ex) + 1,
                     "amount": amounts[x], "isInput": inputs[x],
                     "isQuantitativeReference": kinds[x] == 0,
                     "isAvoidedProduct": False,
                     "flow": fref[flows[x]], "unit": uref[units[x]],
                     "flowProperty": pref[props[x]]}
                if provs[x] >= 0:
                    e["defaultProvider"] = proc_ref[provs[x]]
                if unc[x]:
                    e["uncertainty"] = {
                        "@type": "Uncertainty",
                        "distributionType": "LOG_NORMAL_DISTRIBUTION",
                        "geomMean": amounts[x], "geomSd": gsd[x]}
                ex.append(e)
            rec = {"@type": "Process", "@id": proc_ref[a]["@id"],
                   "name": proc_ref[a]["name"],
                   "description": f"synthetic activity {int(s.act_id[a])}",
                   "category": self.category_of(a),
                   "version": "01.00.000", "lastChange": LAST_CHANGE,
                   "processType": "UNIT_PROCESS",
                   "isInfrastructureProcess": False,
                   "location": self.location_of(a)}
            if a in self.param_procs:
                rec["parameters"] = self.parameterise(a, ex)
            k = self.multi_pos.get(a)
            if k is not None:
                main, by = fref[a], fref[n + k]
                fe, fp = float(self.f_econ[k]), float(self.f_phys[k])
                rec["defaultAllocationMethod"] = "PHYSICAL_ALLOCATION"
                rec["allocationFactors"] = [
                    {"@type": "AllocationFactor",
                     "allocationType": t, "product": p, "value": v}
                    for t, f in (("ECONOMIC_ALLOCATION", fe),
                                 ("PHYSICAL_ALLOCATION", fp))
                    for p, v in ((main, f), (by, 1.0 - f))]
            rec["lastInternalId"] = len(ex)
            rec["exchanges"] = ex
            rec["processDocumentation"] = {
                "@type": "ProcessDocumentation",
                "creationDate": LAST_CHANGE,
                "geographyDescription": self.location_of(a)["name"],
                "technologyDescription": (
                    "market activity" if s.is_market[a] else
                    "production" if s.kind_of[a] < nk else
                    "electricity production")}
            yield f"processes/{rec['@id']}.json", rec

    def process_name(self, a):
        s = self.s
        loc = self.location_of(a)["name"]
        if s.is_market[a]:
            return f"market for {self.kind_label(a)} | {loc}"
        return (f"{self.kind_label(a)} production, activity "
                f"{int(s.act_id[a])} | {loc}")

    # ------------------------------------------------------------------
    # LCIA: one method, 30 categories.
    # ------------------------------------------------------------------
    def lcia_records(self):
        s = self.s
        rng = np.random.default_rng([self.seed, 0x1C1A])
        cats = []
        nfactors = nalt = 0
        for c, (fl, cf) in enumerate(s.methods, start=1):
            cid = uid("impact_category", c)
            name = f"category {c:02d}"
            ref_unit = f"kg eq-{c:02d}"
            f = self.e0 + fl  # fl >= nf: the flows no process uses
            alt = rng.random(len(fl)) < P_ALT_UNIT_CF
            factors = []
            for i in range(len(fl)):
                fi = int(f[i])
                g = int(self.flow_prop[fi])
                units = self.group_units[g]
                u = units[0]
                if alt[i] and len(units) > 1:
                    u = units[1 + int(rng.integers(0, len(units) - 1))]
                    nalt += 1
                # value per unit u = value per reference unit * factor(u)
                factors.append({"@type": "ImpactFactor",
                                "value": float(cf[i] * self.unit_cf[u]),
                                "flow": self.flow_ref[fi],
                                "flowProperty": self.fp_ref[g],
                                "unit": self.unit_ref[u]})
            nfactors += len(factors)
            cats.append({"@type": "ImpactCategory", "@id": cid,
                         "name": name, "refUnit": ref_unit})
            yield f"lcia_categories/{cid}.json", {
                "@type": "ImpactCategory", "@id": cid, "name": name,
                "category": "synthetic method",
                "version": "01.00.000", "lastChange": LAST_CHANGE,
                "refUnit": ref_unit, "direction": "OUTPUT",
                "impactFactors": factors}
        mid = uid("impact_method", "synthetic method")
        yield f"lcia_methods/{mid}.json", {
            "@type": "ImpactMethod", "@id": mid, "name": "synthetic method",
            "version": "01.00.000", "lastChange": LAST_CHANGE,
            "impactCategories": cats}
        self.stats["categories"] = len(cats)
        self.stats["factors"] = nfactors
        self.stats["factors_non_reference_unit"] = nalt

    # ------------------------------------------------------------------
    def write(self, out, compresslevel):
        tmp = out + ".tmp"
        nbytes = 0
        counts = {}

        # Entries sorted by name within a folder; processes made and
        # written one at a time.
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED,
                             compresslevel=compresslevel) as zf:
            def put(name, data):
                nonlocal nbytes
                zi = zipfile.ZipInfo(name, date_time=ZIP_TIME)
                zi.compress_type = zipfile.ZIP_DEFLATED
                zi.external_attr = 0o644 << 16
                b = data.encode("utf-8")
                nbytes += len(b)
                zf.writestr(zi, b, compresslevel=compresslevel)
                folder = name.split("/")[0] if "/" in name else "."
                counts[folder] = counts.get(folder, 0) + 1

            put("context.json", dumps(V2_CONTEXT))
            put("olca-schema.json", dumps({"version": 2}))
            for gen in (self.unit_group_records(), self.location_records(),
                        self.flow_records()):
                for name, rec in sorted(gen, key=lambda e: e[0]):
                    put(name, dumps(rec))
            order = sorted(range(self.n),
                           key=lambda a: process_uuid(self.s.act_id[a]))
            for name, rec in self.process_records(order):
                put(name, dumps(rec))
            lcia = sorted(self.lcia_records(), key=lambda e: e[0])
            for name, rec in lcia:
                put(name, dumps(rec))
        os.replace(tmp, out)
        self.stats["zip_entries"] = counts
        self.stats["uncompressed_bytes"] = nbytes

    # ------------------------------------------------------------------
    def expected_matrices(self):
        """Sizes and nonzeros a reader should get after linking and
        allocation, the largest strongly connected component and the
        suggested demand."""
        import scipy.sparse as sp
        from scipy.sparse.csgraph import connected_components
        s, n = self.s, self.n
        v = np.where(s.t_flip, -s.t_vals, s.t_vals)
        A = sp.csc_matrix((v, (s.t_rows, s.t_cols)), shape=(n, n))
        A.sum_duplicates()
        B = sp.csc_matrix((s.b_vals, (s.b_rows, s.b_cols)),
                          shape=(s.n_flows, n))
        B.sum_duplicates()
        # A byproduct column: its own diagonal + the inputs of its process
        # (the process is a producer: no input of its own product).
        a_cnt = np.diff(A.indptr)
        b_cnt = np.diff(B.indptr)
        nm = len(self.multi)
        ncomp, labels = connected_components(A, directed=True,
                                             connection="strong")
        big = np.argmax(np.bincount(labels))
        members = np.flatnonzero(labels == big)
        ids = np.sort(s.act_id[members])
        demand = int(ids[len(ids) // 2])
        return {
            "matrix_size": n + nm,
            "technosphere_nnz": int(A.nnz + a_cnt[self.multi].sum()),
            "biosphere_nnz": int(B.nnz + b_cnt[self.multi].sum()),
            "biosphere_rows": int(s.n_flows),
            "datapackage_technosphere_nnz": int(A.nnz),
            "datapackage_biosphere_nnz": int(B.nnz),
            "largest_scc": int(len(members)),
            "multi_output_in_largest_scc": int(np.isin(
                self.multi, members).sum()),
            "demand_activity_id": demand,
            "demand_process_uuid": process_uuid(demand),
        }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="the zip file to write")
    ap.add_argument("--processes", type=int, default=25000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--compresslevel", type=int, default=6,
                    help="deflate level (default 6, zlib's default)")
    args = ap.parse_args()
    if args.processes < 500:
        ap.error("--processes must be at least 500 (gen_synthetic.py's "
                 "minimum)")
    if os.path.dirname(args.out):
        os.makedirs(os.path.dirname(args.out), exist_ok=True)

    t0 = time.perf_counter()
    j = JsonLd(args.processes, args.seed)
    j.build_units()
    j.build_locations()
    j.build_flows()
    j.build_exchanges()
    t1 = time.perf_counter()
    j.write(args.out, args.compresslevel)
    t2 = time.perf_counter()
    exp = j.expected_matrices()
    st = j.stats
    size = os.path.getsize(args.out)
    s = j.s
    nx = st["exchanges"]
    log(f"wrote {args.out}: {size / 2**20:.1f} MiB zip "
        f"({st['uncompressed_bytes'] / 2**20:.1f} MiB of JSON), "
        f"{sum(st['zip_entries'].values())} entries; "
        f"{t2 - t0:.1f} s (synthetic structure {j.t_synth:.1f} s, "
        f"JSON-LD tables {t1 - t0 - j.t_synth:.1f} s, "
        f"JSON + deflate {t2 - t1:.1f} s)")
    log("entries: " + ", ".join(f"{k} {v}" for k, v in
                                sorted(st["zip_entries"].items())))
    log(f"processes {args.processes}: {len(j.multi)} multi-output "
        f"(PHYSICAL allocation), {len(j.param_procs)} with parameters "
        f"({st['formulas']} amount formulas)")
    log(f"exchanges {nx}: reference outputs {st['reference_outputs']}, "
        f"byproduct outputs {st['byproduct_outputs']}, product inputs "
        f"{st['product_inputs']} ({st['with_provider']} with "
        f"defaultProvider, "
        f"{100 * st['with_provider'] / st['product_inputs']:.1f} %), "
        f"elementary {st['elementary']} "
        f"({st['elementary_inputs']} inputs)")
    other = (st["non_reference_unit"] - st["electricity_kwh"]
             - st["other_property"])
    log(f"non-reference units: {st['non_reference_unit']} exchanges "
        f"({100 * st['non_reference_unit'] / nx:.1f} %: electricity in kWh "
        f"{st['electricity_kwh']}, volume property "
        f"{st['other_property']}, other units {other})")
    n_el = s.n_flows + s.n_unknown
    log(f"flows {len(j.flow_id)}: product {args.processes} + byproduct "
        f"{len(j.multi)}, elementary {n_el} ({s.n_flows} in exchanges, "
        f"{s.n_unknown} only in methods, {int(j.e_input.sum())} resources "
        f"= inputs); {int((j.second_factor > 0).sum())} products with a "
        f"second (volume) property")
    log(f"LCIA: 1 method, {st['categories']} categories, {st['factors']} "
        f"factors ({st['factors_non_reference_unit']} in a non-reference "
        f"unit)")
    log(f"expected after linking and allocation: A "
        f"{exp['matrix_size']} x {exp['matrix_size']}, "
        f"{exp['technosphere_nnz']} technosphere nonzeros; B "
        f"{exp['biosphere_rows']} x {exp['matrix_size']}, "
        f"{exp['biosphere_nnz']} biosphere nonzeros (the datapackage of "
        f"the same size and seed: {exp['datapackage_technosphere_nnz']} and "
        f"{exp['datapackage_biosphere_nnz']})")
    log(f"largest strongly connected component {exp['largest_scc']} "
        f"processes ({exp['multi_output_in_largest_scc']} multi-output); "
        f"suggested demand: process {exp['demand_process_uuid']} "
        f"(activity {exp['demand_activity_id']})")


if __name__ == "__main__":
    main()
