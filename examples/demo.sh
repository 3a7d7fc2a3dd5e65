#!/bin/sh
# demo.sh - the README's `make demo`: an LCA on the bundled example data.
set -eu
METABOL=${1:-build/metabol}
EX=examples/multi-lca
PKGS="-d $EX/multi_lca_simple_1.zip -d $EX/multi_lca_simple_2.zip
      -d $EX/multi_lca_simple_3.zip -d $EX/multi_lca_simple_4.zip
      -d $EX/multi_lca_simple_5.zip -d $EX/multi_lca_simple_normalization.zip
      -d $EX/multi_lca_simple_weighting.zip"

echo "== metabol lca: one unit of product 100 (bw2calc's multi-LCA example)"
# shellcheck disable=SC2086
"$METABOL" lca $PKGS --demand 100=1 --top 3
echo
echo "== metabol lca --all-scores: one unit of every product, every method"
# shellcheck disable=SC2086
"$METABOL" lca $PKGS --all-scores
