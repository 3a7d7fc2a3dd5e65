#!/bin/sh
# demo.sh - the README's `make demo`: the US LCI database (bundled in
# examples/uslci, see its LICENSE.txt) imported into a fresh project with
# the IPCC method and the federal flow mapping, then the life-cycle
# greenhouse-gas emissions of 1 kWh of electricity from
# bituminous coal with IPCC AR6 GWP100, its top contributors, and where in
# the supply chain they arise (metabol paths).
set -eu
METABOL=${1:-build/metabol}
EX=examples/uslci
PROJECT=${TMPDIR:-/tmp}/metabol-demo-$$.db
trap 'rm -f "$PROJECT" "$PROJECT-wal" "$PROJECT-shm"' EXIT INT TERM
M="$METABOL -p $PROJECT"

echo "== import the US LCI database (openLCA JSON-LD), the IPCC method and"
echo "   the FEDEFL flow mapping into a new project"
$M import olca-jsonld $EX/uslci_olca1_5_0_json_ld.zip --name uslci
$M import olca-jsonld $EX/ipcc_json_v1.0.3.zip --name ipcc
$M import flow-mapping $EX/USLCIv2019Q4.csv --name fedefl-uslci
echo
echo "== metabol list processes --search 'bituminous coal, at power plant'"
$M list processes --search "bituminous coal, at power plant"
echo
echo "== metabol lca: 1 kWh of coal electricity, IPCC AR6 GWP100"
$M lca --process "Electricity, bituminous coal, at power plant" \
    --amount 1 --unit kWh --method AR6-100 --top 5
echo
echo "== metabol paths: where in the supply chain those emissions arise"
echo "   (activities above 1 % of the score, largest first)"
$M paths --process "Electricity, bituminous coal, at power plant" \
    --amount 1 --unit kWh --method AR6-100 --cutoff 0.01
