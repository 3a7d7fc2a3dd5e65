#!/usr/bin/python3
"""Write the synthetic, ecoinvent-scale LCA database of gen_jsonld.py as a
directory of EcoSpold 2 activity datasets (.spold), one file per activity,
the way ecoinvent ships its allocated (cut-off) system model.

Usage: gen_ecospold2.py --out DIR [--processes 25000] [--seed 1]

The database is gen_jsonld.py's JsonLd object for the same (processes,
seed), so the technosphere, biosphere and linking are the same as those of
synthetic-<n>-jsonld.zip and of gen_synthetic.py's datapackage; the
EcoSpold 2 form differs where the format does:

* One file per activity, "<activity uuid>_<product uuid>.spold", in an
  ecoinvent-shaped document: activity (name, generalComment), geography,
  technology, timePeriod, macroEconomicScenario, flowData, modelling and
  administrative information, with a few properties (price, dry mass,
  carbon content) on each product exchange, as ecoinvent writes them.
* Allocated, as the cut-off system model is: the byproducts of
  gen_jsonld.py's multi-output processes are left out and the other
  exchanges are multiplied by the physical allocation factor (formulas
  become "(formula) * f"), so each column is the datapackage's column.
* Units by name (EcoSpold 2 has no unit groups): exchanges keep
  gen_jsonld.py's unit where EcoSpold 2 has the unit (g, t, kWh, l, ...;
  "m2*a" is written "m2*year"); amounts in a unit it lacks (km2*a, kItems)
  or in a second flow property (m3 of a mass product) are converted to the
  flow's reference unit.
* Product inputs carry activityLinkId where gen_jsonld.py gives a
  defaultProvider (90 %); the others are linked by their product flow.
* Elementary exchanges: compartment/subcompartment from the flow's
  category; resources are inputGroup 4, emissions outputGroup 4.
* Uncertainty: lognormal with meanValue, mu, variance and
  varianceWithPedigreeUncertainty and a pedigreeMatrix, as ecoinvent
  writes them.

Deterministic for (processes, seed). A summary goes to stderr.
"""

import argparse
import math
import os
import shutil
import sys
import time
from xml.sax.saxutils import escape, quoteattr

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_jsonld as gj  # noqa: E402

# gen_jsonld.py's unit names that EcoSpold 2 spells differently; units
# mapped to None are converted to the flow's reference unit.
ES2_UNIT = {"m2*a": "m2*year", "ha*a": "ha*year", "km2*a": None,
            "kItems": None, "Item(s)": "unit", "t*km": "metric ton*km"}

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<ecoSpold xmlns="http://www.EcoInvent.org/EcoSpold02">
  <activityDataset>
    <activityDescription>
      <activity id="{id}" activityNameId="{name_id}" type="1" specialActivityType="{special}" inheritanceDepth="0">
        <activityName xml:lang="en">{name}</activityName>
        <includedActivitiesStart xml:lang="en">From the reception of the inputs at the gate.</includedActivitiesStart>
        <includedActivitiesEnd xml:lang="en">Ends with the product ready for delivery.</includedActivitiesEnd>
        <generalComment>
          <text xml:lang="en" index="1">Synthetic activity {act}, made by metabol's bench/gen_ecospold2.py for an ecoinvent-scale import benchmark.</text>
          <text xml:lang="en" index="2">{tech}. The numbers are random but the structure follows an ecoinvent 3 cut-off dataset.</text>
        </generalComment>
      </activity>
      <classification classificationId="{class_id}">
        <classificationSystem xml:lang="en">ISIC rev.4 ecoinvent</classificationSystem>
        <classificationValue xml:lang="en">{category}</classificationValue>
      </classification>
      <geography geographyId="{geo_id}">
        <shortname xml:lang="en">{geo}</shortname>
        <comment><text xml:lang="en" index="1">Synthetic region.</text></comment>
      </geography>
      <technology technologyLevel="3">
        <comment><text xml:lang="en" index="1">Average technology.</text></comment>
      </technology>
      <timePeriod startDate="2020-01-01" endDate="2024-12-31" isDataValidForEntirePeriod="true" />
      <macroEconomicScenario macroEconomicScenarioId="d9f57f0a-a01f-42eb-a57b-8f18d6635801">
        <name xml:lang="en">Business-as-Usual</name>
      </macroEconomicScenario>
    </activityDescription>
    <flowData>
"""

TAIL = """    </flowData>
    <modellingAndValidation>
      <representativeness percent="100" systemModelId="06590a66-662a-4885-8494-ad0cf410f956">
        <systemModelName xml:lang="en">Allocation, cut-off by classification</systemModelName>
        <samplingProcedure xml:lang="en">Synthetic data.</samplingProcedure>
      </representativeness>
      <review reviewerId="{rev_id}" reviewerName="metabol bench" reviewerEmail="bench@example.org" reviewDate="2025-01-01" reviewedMajorRelease="3" reviewedMinorRelease="0" reviewedMajorRevision="0" reviewedMinorRevision="0">
        <details><text xml:lang="en" index="1">Generated, not reviewed.</text></details>
      </review>
    </modellingAndValidation>
    <administrativeInformation>
      <dataEntryBy personId="{rev_id}" isActiveAuthor="true" personName="metabol bench" personEmail="bench@example.org" />
      <dataGeneratorAndPublication personId="{rev_id}" personName="metabol bench" personEmail="bench@example.org" dataPublishedIn="2" isCopyrightProtected="false" accessRestrictedTo="0" />
      <fileAttributes majorRelease="3" minorRelease="0" majorRevision="0" minorRevision="0" defaultLanguage="en" creationTimestamp="2025-01-01T00:00:00" lastEditTimestamp="2025-01-01T00:00:00" fileGenerator="metabol bench/gen_ecospold2.py" fileTimestamp="2025-01-01T00:00:00" contextId="de659012-50c4-4e96-b54a-fc781bf987ab">
        <contextName xml:lang="en">ecoinvent</contextName>
      </fileAttributes>
    </administrativeInformation>
  </activityDataset>
</ecoSpold>
"""

PROPERTIES = """        <property propertyId="38f94dd1-d5aa-41b8-b182-c0c42985d9dc" amount="{price:.6g}" unitId="7b0e7b0d-6f80-4e3e-9d4b-6eb48d3d6d9f">
          <name xml:lang="en">price</name>
          <unitName xml:lang="en">EUR2005</unitName>
        </property>
        <property propertyId="3a0af1d6-04c3-41c6-a3da-92c4f61e0eaa" amount="{dry:.6g}" unitId="487df68b-4994-4027-8fdc-a4dc298257b7">
          <name xml:lang="en">dry mass</name>
          <unitName xml:lang="en">kg</unitName>
        </property>
        <property propertyId="a9358458-9724-4f03-b622-106eda248916" amount="{carbon:.6g}" unitId="577e242a-461f-44a7-922c-d8e1c3d2bf45">
          <name xml:lang="en">carbon content, fossil</name>
          <unitName xml:lang="en">dimensionless</unitName>
        </property>
"""

UNCERTAINTY = """        <uncertainty>
          <lognormal meanValue="{mean!r}" mu="{mu!r}" variance="{var!r}" varianceWithPedigreeUncertainty="{vpu!r}" />
          <pedigreeMatrix reliability="{p[0]}" completeness="{p[1]}" temporalCorrelation="{p[2]}" geographicalCorrelation="{p[3]}" furtherTechnologyCorrelation="{p[4]}" />
        </uncertainty>
"""


def compartment(category):
    """("air", "unspecified") of "Elementary flows/Emission to air/
    unspecified"; resources are "natural resource"."""
    parts = category.split("/")
    top = parts[1] if len(parts) > 1 else parts[0]
    sub = parts[2] if len(parts) > 2 else "unspecified"
    if top.startswith("Emission to "):
        top = top[len("Emission to "):]
    elif top == "Resource":
        top = "natural resource"
    return top, sub


class Writer:
    def __init__(self, j):
        self.j = j
        units = []
        for name in j.unit_name:
            units.append(ES2_UNIT.get(name, name))
        self.es2_unit = units
        self.ref_unit = [j.group_units[g][0] for g in range(len(j.group_units))]
        self.stats = {"files": 0, "exchanges": 0, "converted": 0,
                      "formulas": 0, "bytes": 0}

    def exchange(self, e, parts, scale, pedigree_of):
        j = self.j
        f = self.flow_index[e["flow"]["@id"]]
        ref_g = int(j.flow_prop[f])
        u = self.unit_index[e["unit"]["@id"]]
        g = self.prop_index[e["flowProperty"]["@id"]]
        amount = e["amount"]
        formula = e.get("amountFormula")
        name = self.es2_unit[u]
        if g != ref_g or name is None:
            # in the reference unit of the reference property:
            # amount * factor(u) / conversion factor of property g
            pf = j.second_factor[f] if g != ref_g else 1.0
            amount = amount * j.unit_cf[u] / pf
            u = self.ref_unit[ref_g]
            name = self.es2_unit[u]
            formula = None
            self.stats["converted"] += 1
        is_ref = e["isQuantitativeReference"]
        if not is_ref:
            amount *= scale
            if formula and scale != 1.0:
                formula = f"({formula}) * {scale!r}"
        elementary = e["flow"]["flowType"] == "ELEMENTARY_FLOW"
        tag = "elementaryExchange" if elementary else "intermediateExchange"
        idattr = "elementaryExchangeId" if elementary \
            else "intermediateExchangeId"
        attrs = [f'id="{self.next_id()}"', f'unitId="{self.unit_uuid[u]}"',
                 f'amount="{amount!r}"',
                 f'{idattr}="{e["flow"]["@id"]}"']
        if formula:
            attrs.append(f"mathematicalRelation={quoteattr(formula)}")
            self.stats["formulas"] += 1
        prov = e.get("defaultProvider")
        if prov:
            attrs.append(f'activityLinkId="{prov["@id"]}"')
        if is_ref:
            attrs.append(f'productionVolumeAmount="{1000 * amount!r}"')
        parts.append(f"      <{tag} {' '.join(attrs)}>\n"
                     f"        <name xml:lang=\"en\">"
                     f"{escape(e['flow']['name'])}</name>\n"
                     f"        <unitName xml:lang=\"en\">{escape(name)}"
                     f"</unitName>\n")
        unc = e.get("uncertainty")
        if unc:
            mean = amount
            var = math.log(unc["geomSd"]) ** 2
            parts.append(UNCERTAINTY.format(
                mean=mean, mu=math.log(abs(mean)) if mean else 0.0,
                var=var, vpu=var + 0.0006, p=pedigree_of(f)))
        if elementary:
            top, sub = compartment(e["flow"]["category"])
            parts.append(
                f'        <compartment subcompartmentId="{gj.uid("sub", top + "/" + sub)}">\n'
                f'          <compartment xml:lang="en">{escape(top)}</compartment>\n'
                f'          <subcompartment xml:lang="en">{escape(sub)}</subcompartment>\n'
                f'        </compartment>\n')
            group = "inputGroup" if e["isInput"] else "outputGroup"
            parts.append(f"        <{group}>4</{group}>\n")
        else:
            parts.append(PROPERTIES.format(price=0.1 + (f % 97) / 10,
                                           dry=0.5 + (f % 5) / 10,
                                           carbon=(f % 11) / 20))
            group = "inputGroup>5</inputGroup" if e["isInput"] \
                else "outputGroup>0</outputGroup"
            parts.append(f"        <{group}>\n")
        parts.append(f"      </{tag}>\n")
        self.stats["exchanges"] += 1

    def next_id(self):
        self.counter += 1
        return gj.uid("exchange", self.counter)

    def parameter(self, p, parts):
        attrs = [f'parameterId="{p["@id"]}"',
                 f"variableName={quoteattr(p['name'])}",
                 f'amount="{p["value"]!r}"']
        if p.get("formula"):
            attrs.append(f"mathematicalRelation={quoteattr(p['formula'])}")
        parts.append(f"      <parameter {' '.join(attrs)}>\n"
                     f"        <name xml:lang=\"en\">{escape(p['name'])}"
                     f"</name>\n      </parameter>\n")

    def write(self, out):
        j = self.j
        self.flow_index = {fid: k for k, fid in enumerate(j.flow_id)}
        self.unit_index = {r["@id"]: k for k, r in enumerate(j.unit_ref)}
        self.prop_index = {r["@id"]: k for k, r in enumerate(j.fp_ref)}
        self.unit_uuid = [gj.uid("es2-unit", n or j.unit_name[k])
                          for k, n in enumerate(self.es2_unit)]
        self.counter = 0
        tmp = out + ".tmp"
        if os.path.exists(tmp):
            shutil.rmtree(tmp)
        os.makedirs(tmp)
        order = sorted(range(j.n), key=lambda a: gj.process_uuid(j.s.act_id[a]))

        def pedigree_of(f):
            return [1 + (f + k) % 5 for k in range(5)]

        for a, (_name, rec) in zip(order, j.process_records(order)):
            k = j.multi_pos.get(a)
            scale = float(j.f_phys[k]) if k is not None else 1.0
            byproduct = j.flow_id[j.n + k] if k is not None else None
            ref = next(e for e in rec["exchanges"]
                       if e["isQuantitativeReference"])
            parts = [HEAD.format(
                id=rec["@id"], name_id=gj.uid("activity-name", rec["name"]),
                special=1 if j.s.is_market[a] else 0,
                name=escape(rec["name"]), act=int(j.s.act_id[a]),
                tech=rec["processDocumentation"]["technologyDescription"],
                class_id=gj.uid("class", rec["category"]),
                category=escape(rec["category"]),
                geo_id=gj.uid("geo", rec["location"]["name"]),
                geo=escape(rec["location"]["name"]))]
            for e in rec["exchanges"]:
                if e["flow"]["@id"] != byproduct:
                    self.exchange(e, parts, scale, pedigree_of)
            for p in rec.get("parameters", []):
                self.parameter(p, parts)
            parts.append(TAIL.format(rev_id=gj.uid("person", "bench")))
            text = "".join(parts)
            fname = f"{rec['@id']}_{ref['flow']['@id']}.spold"
            with open(os.path.join(tmp, fname), "w", encoding="utf-8") as fh:
                fh.write(text)
            self.stats["files"] += 1
            self.stats["bytes"] += len(text)
        if os.path.exists(out):
            shutil.rmtree(out)
        os.replace(tmp, out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="the directory to write")
    ap.add_argument("--processes", type=int, default=25000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if args.processes < 500:
        ap.error("--processes must be at least 500 (gen_synthetic.py's "
                 "minimum)")
    t0 = time.perf_counter()
    j = gj.JsonLd(args.processes, args.seed)
    j.build_units()
    j.build_locations()
    j.build_flows()
    j.build_exchanges()
    w = Writer(j)
    w.write(args.out)
    exp = j.expected_matrices()
    st = w.stats
    gj.log(f"wrote {args.out}: {st['files']} .spold files, "
           f"{st['bytes'] / 2**20:.1f} MiB, {st['exchanges']} exchanges "
           f"({st['converted']} converted to the reference unit, "
           f"{st['formulas']} with a mathematicalRelation) in "
           f"{time.perf_counter() - t0:.1f} s")
    gj.log(f"suggested demand: process {exp['demand_process_uuid']} "
           f"(activity {exp['demand_activity_id']})")


if __name__ == "__main__":
    main()
