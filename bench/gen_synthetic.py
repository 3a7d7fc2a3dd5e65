#!/usr/bin/python3
"""Write a synthetic, ecoinvent-scale LCA database as a Brightway
bw_processing datapackage directory (datapackage.json + .npy arrays).

Usage: gen_synthetic.py OUT_DIR [--activities 25000] [--seed 1]
                        [--no-stats] [--orderings MMD_AT_PLUS_A,COLAMD]

Why synthetic: ecoinvent cannot be redistributed, and a random sparse matrix
is a poor stand-in (no structure, so LU fill-in explodes and nothing about the
timings carries over). This generator reproduces the shape that matters for
the linear algebra, after the way ecoinvent 3 (cut-off) is built: every
product reaches its consumers through a market activity.

* Product kinds. Each kind has one market activity and 1-10 producers
  (skewed towards few); electricity has one market per region (40 regions)
  and ~550 producers. Every activity makes exactly one product, so product
  id == activity id.
* Markets are the hubs: a market buys its kind from all its producers (shares
  summing to one physical unit) plus, for 75 % of goods, 1-3 transport
  services; an electricity market also buys its own product (transmission
  losses: a second diagonal entry, to be summed on load).
* Recipes. Producers of one kind are mostly regional copies of 1-3
  technology routes (ecoinvent's RoW/RER/CH variants of one process): a
  producer takes its route's input list, drops ~8 % of it, adds 0-2 inputs
  of its own and buys its region's electricity (85 %). Producers buy from
  markets only.
* Hierarchy. Kinds sit in one order (raw materials first, consumer goods
  last) split in tiers: upstream (5 %), core (27 %), downstream. A route buys
  earlier kinds of its own or a neighbouring sector (40 sectors, Zipf
  popularity) and, above the upstream tier, hub kinds (60 core kinds:
  transport, fuels, heat, water, basic chemicals; Zipf popularity) whatever
  their position; 1 % of core inputs are any core kind. Edges to hubs and
  electricity are the only ones running against the order, so the core is
  one strongly connected component of ~7,000 activities held together by the
  hubs (electricity needs steel needs electricity), upstream is acyclic below
  it and downstream acyclic above it: A is block triangular up to a
  permutation, with one large block.
* Amounts come from value shares: every activity has a price per physical
  unit; its inputs cost a fraction rho of its output (producers 0.15-0.6;
  markets 1/(1 + margin) plus transport, below 1). In value units the input
  coefficient matrix W has column sums < 1, so I - W is a nonsingular
  M-matrix with a non-negative inverse, and A = P^-1 (I - W) P Pi with P the
  prices and Pi the production amounts: physical amounts differ from value
  shares by price ratios (kWh, tkm, kg, items) while the system stays
  productive and well conditioned. About 3 % of activities have a production
  amount other than 1 (10^-3..10^3; all their exchanges scale with it); 0.3 %
  of input exchanges are split in two (duplicates that must be summed, as
  bw2calc does). Technosphere inputs are stored positive with flip = True.
* Biosphere: 4,000 flows with Zipf popularity (CO2-like flows in most
  producers, most flows rare), amount = flow intensity x product price x
  lognormal noise (10^-12..10^2); markets have almost no direct emissions.
* 30 characterization methods ("synthetic method", "category NN"), each over
  200-2,000 flows (biased towards common flows), factors spanning orders of
  magnitude, 1 % negative; ~5 % of each method's flows are absent from the
  biosphere and must be dropped by the reader, as bw2calc does.

The price spread is deliberately moderate (goods within one decade): with
SuperLU's default partial pivoting (threshold 1.0) wider spreads make
off-diagonal pivots and fill grow fast, see docs/performance.md.

Ids: activities and flows share one id space starting at 1000, drawn with
gaps and assigned in random order, so structure is invisible in id order.
Output is deterministic for a given (activities, seed).

Statistics (counts, largest strongly connected component, L+U fill with
SuperLU orderings, a solve residual) go to stderr; --no-stats skips them.
SuperLU's COLAMD is pathological on this matrix shape (minutes), so leave it
out of --orderings when in a hurry.
"""

import argparse
import json
import os
import sys
import time

import numpy as np

INDICES_DTYPE = np.dtype([("row", "<i8"), ("col", "<i8")])
N_FLOWS_AT_25K = 4000
N_METHODS = 30

# The tuned shape (see the module comment); experiments override these.
KNOBS = {
    "price_decades": (-0.5, 0.5),        # log10 price per unit of goods
    "transport_price_decades": (-0.5, 0.0),
    "electricity_price": 0.3,            # per kWh
    "kind_zipf": 0.9,                    # popularity exponent of kinds
    "hubs": 60,                          # hub kinds at 25k activities
    "hub_zipf": 0.5,
    "inputs_median": 14.5,               # inputs per route (recipe)
    "inputs_sigma": 0.75,
    "pools": (0.35, 0.5, 0.14, 0.01),    # hub, own/next sector, feedback
    "share_sigma": 0.8,                  # spread of value shares
    "rho": (0.15, 0.6),                  # input value / output value
    "core_frac": 0.27,                   # kinds in the core tier
}


def lognormal_counts(rng, size, median, sigma, lo, hi):
    """Integer counts, lognormal around `median`, clipped to [lo, hi]."""
    x = rng.lognormal(np.log(median), sigma, size)
    return np.clip(np.rint(x), lo, hi).astype(np.int64)


def segment_normalize(values, seg_ids, nseg, totals):
    """Scale values so that each segment sums to totals[segment]."""
    sums = np.bincount(seg_ids, weights=values, minlength=nseg)
    sums[sums == 0] = 1.0
    return values * (totals[seg_ids] / sums[seg_ids])


def dedupe_pairs(a, b, nb):
    """Unique (a, b) pairs, first occurrence order not kept (sorted)."""
    key = np.unique(a.astype(np.int64) * nb + b)
    return key // nb, key % nb


def draw_prefix(rng, kinds, group, weight, draw_group, draw_limit):
    """For each draw d, pick one of `kinds` whose group is draw_group[d] and
    whose kind index is < draw_limit[d], with probability proportional to
    its weight; -1 where no kind qualifies."""
    nk1 = int(kinds.max()) + 2 if len(kinds) else 1
    order = np.lexsort((kinds, group))
    key = group[order].astype(np.int64) * nk1 + kinds[order]
    cw = np.concatenate([[0.0], np.cumsum(weight[order])])
    start = np.searchsorted(key, draw_group.astype(np.int64) * nk1)
    end = np.searchsorted(key, draw_group.astype(np.int64) * nk1
                          + np.minimum(draw_limit, nk1 - 1))
    ok = end > start
    x = cw[start] + rng.random(len(start)) * (cw[end] - cw[start])
    idx = np.searchsorted(cw, x, side="right") - 1
    idx = np.clip(idx, start, np.maximum(end - 1, start))
    out = np.full(len(start), -1, np.int64)
    out[ok] = kinds[order[idx[ok]]]
    return out


class Synth:
    def __init__(self, n_act, seed, **knobs):
        unknown = set(knobs) - set(KNOBS)
        if unknown:
            raise ValueError(f"unknown knobs {sorted(unknown)}")
        self.k = dict(KNOBS, **knobs)
        self.n = n_act
        self.rng = np.random.default_rng(seed)
        self.seed = seed

    # ------------------------------------------------------------------
    # Activities: electricity per region, then product kinds with markets.
    # ------------------------------------------------------------------
    def build_activities(self):
        rng, n, K = self.rng, self.n, self.k
        n_regions = int(max(2, min(40, n // 600)))
        region_w = 1.0 / np.arange(1, n_regions + 1) ** 0.8
        region_w /= region_w.sum()
        n_elec_prod = np.maximum(2, np.rint(region_w * 0.022 * n)).astype(
            np.int64)
        rest = n - n_regions - int(n_elec_prod.sum())

        # Producers per kind: 1..10, P(c) ~ c^-0.5 (mean ~4.5).
        c = np.arange(1, 11)
        p = c ** -0.5
        p /= p.sum()
        counts = rng.choice(c, size=rest // 2 + 10, p=p)
        cum = np.cumsum(counts + 1)  # + its market
        k = int(np.searchsorted(cum, rest)) + 1
        counts = counts[:k].copy()
        counts[-1] -= cum[k - 1] - rest
        if counts[-1] < 1:  # the last kind was left without a producer
            counts[-2] += counts[-1] - 1
            counts[-1] = 1
        n_kinds = k

        # Tiers, in position order: upstream, core, downstream.
        n_up = max(1, int(round(0.05 * n_kinds)))
        n_core = max(2, int(round(K['core_frac'] * n_kinds)))
        tier = np.full(n_kinds, 2, np.int8)
        tier[:n_up] = 0
        tier[n_up:n_up + n_core] = 1

        # Activity table. Kind index n_kinds is electricity (core).
        kind_of, is_market, region_of = [], [], []
        market_of_kind = np.empty(n_kinds, np.int64)
        a = 0
        elec_market = np.empty(n_regions, np.int64)
        elec_producers = []
        for r in range(n_regions):
            elec_market[r] = a
            kind_of.append(n_kinds)
            is_market.append(True)
            region_of.append(r)
            a += 1
            members = []
            for _ in range(int(n_elec_prod[r])):
                kind_of.append(n_kinds)
                is_market.append(False)
                region_of.append(r)
                members.append(a)
                a += 1
            elec_producers.append(np.array(members, np.int64))
        kind_first_producer = np.empty(n_kinds, np.int64)
        for q in range(n_kinds):
            market_of_kind[q] = a
            kind_of.append(q)
            is_market.append(True)
            region_of.append(-1)
            a += 1
            kind_first_producer[q] = a
            for _ in range(int(counts[q])):
                kind_of.append(q)
                is_market.append(False)
                region_of.append(-2)
                a += 1
        assert a == n, (a, n)
        self.n_regions = n_regions
        self.n_kinds = n_kinds
        self.tier = tier
        self.counts = counts
        self.kind_of = np.array(kind_of, np.int64)
        self.is_market = np.array(is_market, bool)
        region_of = np.array(region_of, np.int64)
        prod_mask = region_of == -2
        region_of[prod_mask] = rng.choice(n_regions, int(prod_mask.sum()),
                                          p=region_w)
        self.region_of = region_of
        self.market_of_kind = market_of_kind
        self.kind_first_producer = kind_first_producer
        self.elec_market = elec_market
        self.elec_producers = elec_producers

        # Prices per physical unit (value units per kg, kWh, tkm, item...).
        # Transport: ten core kinds, cheap per tkm. A market costs its
        # producers' price plus its margin.
        core_kinds = np.arange(n_up, n_up + n_core)
        self.transport_kinds = rng.choice(core_kinds, min(10, n_core),
                                          replace=False)
        base = 10.0 ** rng.uniform(*K['price_decades'], n_kinds)
        base[self.transport_kinds] = 10.0 ** rng.uniform(
            *K['transport_price_decades'], len(self.transport_kinds))
        margin = rng.uniform(0.02, 0.25, n_kinds)
        elec_base = K['electricity_price'] * 10.0 ** rng.uniform(-0.3, 0.3,
                                                             n_regions)
        elec_margin = rng.uniform(0.10, 0.25, n_regions)
        price = np.empty(n)
        km = self.kind_of < n_kinds
        kq = self.kind_of[km]
        price[km] = base[kq] * np.where(self.is_market[km], 1 + margin[kq], 1)
        ke = ~km
        price[ke] = elec_base[region_of[ke]] * np.where(
            self.is_market[ke], 1 + elec_margin[region_of[ke]], 1)
        self.price = price
        self.margin = margin
        self.elec_margin = elec_margin

    # ------------------------------------------------------------------
    # Technosphere: (product activity i, consuming activity j, amount).
    # ------------------------------------------------------------------
    def build_technosphere(self):
        rng, n, K = self.rng, self.n, self.k
        rows, cols, vals = [], [], []
        price = self.price

        # Markets buy from their producers.
        for q in range(self.n_kinds):
            m = self.market_of_kind[q]
            prods = np.arange(self.kind_first_producer[q],
                              self.kind_first_producer[q] + self.counts[q])
            share = rng.dirichlet(np.full(len(prods), 0.7))
            rows.append(prods)
            cols.append(np.full(len(prods), m))
            vals.append(share)
        for r in range(self.n_regions):
            m = self.elec_market[r]
            prods = self.elec_producers[r]
            share = rng.dirichlet(np.full(len(prods), 0.5))
            loss_max = self.elec_margin[r] / (1 + self.elec_margin[r])
            loss = rng.uniform(0.1, 0.6) * loss_max
            rows.append(np.append(prods, m))
            cols.append(np.full(len(prods) + 1, m))
            vals.append(np.append(share, loss))

        # Goods markets buy transport: 75 % of them, 1-3 services, worth
        # 30-80 % of the margin.
        tmk = self.market_of_kind[self.transport_kinds]
        for q in range(self.n_kinds):
            if q in self.transport_kinds or rng.random() > 0.75:
                continue
            m = self.market_of_kind[q]
            nt = int(rng.integers(1, 4))
            t = rng.choice(tmk, nt, replace=False)
            v = rng.uniform(0.3, 0.8) * self.margin[q] / (1 + self.margin[q])
            w = rng.dirichlet(np.ones(nt)) * v
            rows.append(t)
            cols.append(np.full(nt, m))
            vals.append(w * price[m] / price[t])

        mk_rows = np.concatenate(rows)
        mk_cols = np.concatenate(cols)
        mk_vals = np.concatenate(vals)

        # Producers buy from markets. Kinds sit in one hierarchy (their
        # position: raw materials first, consumer goods last) and an input
        # is drawn from one of four pools:
        #   0 hubs: ~60 core kinds (transport, fuels, heat, water, basic
        #     chemicals, infrastructure), whatever their position, Zipf
        #     popularity; not for upstream producers;
        #   1 the producer's own sector, 2 a neighbouring sector: kinds
        #     earlier in the hierarchy only, Zipf popularity;
        #   3 core producers only: any core kind (a rare feedback loop).
        # Edges to hubs (and electricity) are the only ones running against
        # the hierarchy besides pool 3, so the core is one strongly connected
        # component held together by hubs (electricity needs steel needs
        # electricity), the upstream tier stays acyclic below it and the
        # downstream tier acyclic above it.
        nk = self.n_kinds
        n_up = int((self.tier == 0).sum())
        n_core = int((self.tier == 1).sum())
        n_sectors = 40
        sw = 1.0 / np.arange(1, n_sectors + 1) ** 0.5
        sector = rng.choice(n_sectors, nk, p=sw / sw.sum())
        pop = (rng.permutation(nk) + 1.0) ** -K['kind_zipf']
        core_kinds = np.arange(n_up, n_up + n_core)
        others = np.setdiff1d(core_kinds, self.transport_kinds)
        n_hubs = min(len(core_kinds), max(len(self.transport_kinds) + 1,
                                          int(round(K['hubs'] * nk / 4474))))
        hubs = np.concatenate([self.transport_kinds, rng.choice(
            others, n_hubs - len(self.transport_kinds), replace=False)])
        hub_w = (rng.permutation(len(hubs)) + 1.0) ** -K['hub_zipf']
        self.hubs = hubs

        # Recipes. Producers of one kind are mostly regional copies of a
        # few technology routes (as ecoinvent's RoW/RER/CH variants are):
        # each kind has 1-3 routes, electricity 8 (coal, gas, hydro...),
        # each route one input list, and a producer takes its route's list
        # (dropping ~8 % of it), 0-2 inputs of its own, and its region's
        # electricity.
        self.n_sectors = n_sectors
        self.sector = sector
        self.pop = pop
        self.hub_w = hub_w
        self.core_kinds = core_kinds
        prod = np.flatnonzero(~self.is_market)
        pk = self.kind_of[prod]
        is_elec = pk == nk
        n_routes = np.minimum(self.counts, rng.choice(
            [1, 2, 3], nk, p=[0.6, 0.3, 0.1]))
        route_first = np.concatenate([[0], np.cumsum(n_routes)])
        n_elec_routes = 8
        nr = int(route_first[-1]) + n_elec_routes
        route_kind = np.concatenate([np.repeat(np.arange(nk), n_routes),
                                     np.full(n_elec_routes, nk)])
        prod_route = np.empty(len(prod), np.int64)
        ne = ~is_elec
        prod_route[ne] = route_first[pk[ne]] + (
            rng.random(int(ne.sum())) * n_routes[pk[ne]]).astype(np.int64)
        prod_route[is_elec] = route_first[-1] + rng.integers(
            0, n_elec_routes, int(is_elec.sum()))

        r_in, r_kind = self.draw_inputs(
            route_kind, lognormal_counts(rng, nr, K['inputs_median'],
                                         K['inputs_sigma'], 0, 160))
        r_w = rng.lognormal(0.0, K['share_sigma'], len(r_in))
        order = np.argsort(r_in, kind="stable")
        r_in, r_kind, r_w = r_in[order], r_kind[order], r_w[order]
        r_len = np.bincount(r_in, minlength=nr)
        r_start = np.concatenate([[0], np.cumsum(r_len)])[:-1]
        lens = r_len[prod_route]
        lens[rng.random(len(prod)) < 0.03] = 0  # a few without inputs
        pr = np.repeat(np.arange(len(prod)), lens)
        offs = np.arange(len(pr)) - np.repeat(np.cumsum(lens) - lens, lens)
        e = r_start[prod_route[pr]] + offs
        keep = rng.random(len(e)) >= 0.08
        pa, kq = pr[keep], r_kind[e[keep]]
        w_in = r_w[e[keep]] * rng.lognormal(0.0, 0.25, int(keep.sum()))
        own_pa, own_kq = self.draw_inputs(pk, rng.choice(
            3, len(prod), p=[0.5, 0.35, 0.15]))
        pa = np.concatenate([pa, own_pa])
        kq = np.concatenate([kq, own_kq])
        w_in = np.concatenate([w_in, rng.lognormal(
            0.0, K['share_sigma'], len(own_pa)) * 0.5])
        key, first = np.unique(pa * nk + kq, return_index=True)
        in_rows = self.market_of_kind[kq[first]]
        in_cols = prod[pa[first]]
        w_in = w_in[first]

        # Electricity of the producer's own region: 85 % of producers above
        # the upstream tier.
        ptier = np.where(is_elec, 1, self.tier[np.minimum(pk, nk - 1)])
        buys = (ptier >= 1) & (rng.random(len(prod)) < 0.85)
        e_cols = prod[buys]
        e_rows = self.elec_market[self.region_of[e_cols]]

        p_rows = np.concatenate([in_rows, e_rows])
        p_cols = np.concatenate([in_cols, e_cols])
        # Value shares scaled to rho_j per column.
        w = np.concatenate([w_in, 0.4 * rng.lognormal(
            0.0, K['share_sigma'], len(e_rows))])
        rho = rng.uniform(*K['rho'], n)
        w = segment_normalize(w, p_cols, n, rho)
        p_vals = w * price[p_cols] / price[p_rows]

        rows = np.concatenate([mk_rows, p_rows])
        cols = np.concatenate([mk_cols, p_cols])
        vals = np.concatenate([mk_vals, p_vals])

        # Production amounts: 1.0, or for ~3 % a power-of-ten-ish value;
        # every exchange of the column scales with it.
        prod_amount = np.ones(n)
        odd = rng.random(n) < 0.03
        prod_amount[odd] = 10.0 ** rng.uniform(-3, 3, int(odd.sum()))
        vals = vals * prod_amount[cols]
        self.prod_amount = prod_amount

        # Split ~0.3 % of input exchanges into two entries (duplicates).
        split = np.flatnonzero(rng.random(len(vals)) < 0.003)
        f = rng.uniform(0.2, 0.8, len(split))
        extra_vals = vals[split] * (1 - f)
        vals[split] *= f
        rows = np.concatenate([rows, rows[split]])
        cols = np.concatenate([cols, cols[split]])
        vals = np.concatenate([vals, extra_vals])

        # Production exchanges (flip False) then inputs (flip True).
        diag = np.arange(n)
        self.t_rows = np.concatenate([diag, rows])
        self.t_cols = np.concatenate([diag, cols])
        self.t_vals = np.concatenate([prod_amount, vals])
        self.t_flip = np.concatenate([np.zeros(n, bool),
                                      np.ones(len(rows), bool)])

    def draw_inputs(self, unit_kind, deg):
        """Input kinds for drawing units (routes or producers) of the given
        kinds (nk = electricity), deg draws each, from the four pools of
        build_technosphere; returns (unit, kind) pairs without repeats."""
        rng, K, nk = self.rng, self.k, self.n_kinds
        n_up = int((self.tier == 0).sum())
        n_core = int((self.tier == 1).sum())
        nu = len(unit_kind)
        is_elec = unit_kind == nk
        own = np.minimum(unit_kind, nk - 1)
        # Electricity sits at a random place in the core.
        limit = np.where(is_elec, rng.integers(n_up, n_up + n_core, nu), own)
        utier = np.where(is_elec, 1, self.tier[own])
        usector = np.where(is_elec, rng.integers(0, self.n_sectors, nu),
                           self.sector[own])
        unit = np.repeat(np.arange(nu), deg)
        nd = len(unit)
        lim = limit[unit]
        dtier = utier[unit]
        pool = rng.choice(4, nd, p=K['pools'])
        pool[(pool == 0) & (dtier == 0)] = 1
        pool[(pool == 3) & (dtier != 1)] = 1
        kinds = np.full(nd, -1)
        h = pool == 0
        nh = int(h.sum())
        kinds[h] = draw_prefix(rng, self.hubs,
                               np.zeros(len(self.hubs), np.int64),
                               self.hub_w, np.zeros(nh, np.int64),
                               np.full(nh, nk))
        sct = (pool == 1) | (pool == 2)
        sec = usector[unit]
        step = rng.choice(np.array([-2, -1, 1, 2]), nd)
        sec = np.where(pool == 2, (sec + step) % self.n_sectors, sec)
        kinds[sct] = draw_prefix(rng, np.arange(nk), self.sector, self.pop,
                                 sec[sct], lim[sct])
        fb = pool == 3
        nf = int(fb.sum())
        ck = self.core_kinds
        kinds[fb] = draw_prefix(rng, ck, np.zeros(len(ck), np.int64),
                                self.pop[ck], np.zeros(nf, np.int64),
                                np.full(nf, nk))
        rest = kinds < 0
        kinds[rest] = draw_prefix(rng, np.arange(nk), np.zeros(nk, np.int64),
                                  self.pop, np.zeros(int(rest.sum()),
                                                     np.int64), lim[rest])
        ok = kinds >= 0
        return dedupe_pairs(unit[ok], kinds[ok], nk)

    # ------------------------------------------------------------------
    # Biosphere.
    # ------------------------------------------------------------------
    def build_biosphere(self):
        rng, n = self.rng, self.n
        nf = max(50, int(round(N_FLOWS_AT_25K * n / 25000)))
        self.n_flows = nf
        frank = rng.permutation(nf) + 1
        fpop = frank ** -1.1
        fpop /= fpop.sum()
        self.flow_pop = fpop
        cw = np.cumsum(fpop)

        deg = np.where(self.is_market, 0,
                       lognormal_counts(rng, n, 23.0, 0.75, 1, 400))
        mk = self.is_market & (rng.random(n) < 0.12)
        deg[mk] = rng.integers(1, 4, int(mk.sum()))
        deg[self.elec_market] = rng.integers(2, 6, self.n_regions)
        draw_act = np.repeat(np.arange(n), deg)
        flows = np.searchsorted(cw, rng.random(len(draw_act)) * cw[-1],
                                side="right")
        flows = np.minimum(flows, nf - 1)
        act, fl = dedupe_pairs(draw_act, flows, nf)
        # Every flow appears at least once.
        missing = np.setdiff1d(np.arange(nf), fl)
        if len(missing):
            prod = np.flatnonzero(~self.is_market)
            act = np.concatenate([act, rng.choice(prod, len(missing))])
            fl = np.concatenate([fl, missing])
        # Intensity per value unit: common flows (CO2, water) are large,
        # rare ones (dioxins, metals) tiny.
        intensity = 10.0 ** (-0.5 - 9.0 * (np.log(frank) / np.log(nf))
                             + rng.normal(0, 1.0, nf))
        vals = (intensity[fl] * self.price[act]
                * rng.lognormal(0.0, 1.2, len(fl)) * self.prod_amount[act])
        split = np.flatnonzero(rng.random(len(vals)) < 0.002)
        f = rng.uniform(0.2, 0.8, len(split))
        extra = vals[split] * (1 - f)
        vals[split] *= f
        self.b_rows = np.concatenate([fl, fl[split]])
        self.b_cols = np.concatenate([act, act[split]])
        self.b_vals = np.concatenate([vals, extra])

    # ------------------------------------------------------------------
    # Characterization: one method per category.
    # ------------------------------------------------------------------
    def build_methods(self):
        rng, nf = self.rng, self.n_flows
        n_unknown = max(10, nf // 8)  # flow ids some methods know, B doesn't
        self.n_unknown = n_unknown
        weights = np.sqrt(self.flow_pop) + 0.3 / nf
        weights /= weights.sum()
        self.methods = []
        for c in range(N_METHODS):
            size = int(round(10.0 ** rng.uniform(np.log10(200),
                                                 np.log10(2000))))
            size = min(size, nf)
            fl = rng.choice(nf, size, replace=False, p=weights)
            extra = rng.choice(n_unknown, max(1, size // 20), replace=False)
            base = 10.0 ** rng.uniform(-3, 3)
            spread = rng.uniform(0.3, 1.5)
            cf = base * 10.0 ** rng.normal(0, spread, size + len(extra))
            neg = rng.random(len(cf)) < 0.01
            cf[neg] *= -0.01
            # Flow index >= nf: an unknown flow (mapped to its own ids).
            self.methods.append((np.concatenate([fl, nf + extra]), cf))

    # ------------------------------------------------------------------
    # Ids and writing.
    # ------------------------------------------------------------------
    def assign_ids(self):
        n, nf = self.n, self.n_flows
        total = n + nf + self.n_unknown
        pool = self.rng.choice(3 * total, total, replace=False) + 1000
        self.act_id = pool[:n]
        self.flow_id = pool[n:]  # nf known then the unknown ones

    def write(self, out):
        os.makedirs(out, exist_ok=True)
        rng = self.rng
        # Entries grouped by activity, activities in random order, as an
        # export iterating a database would produce.
        order_key = rng.permutation(self.n)
        t = np.lexsort((np.arange(len(self.t_cols)), order_key[self.t_cols]))
        b = np.lexsort((np.arange(len(self.b_cols)), order_key[self.b_cols]))

        def indices(r, c):
            a = np.empty(len(r), INDICES_DTYPE)
            a["row"] = r
            a["col"] = c
            return a

        resources = []

        def add(group, kind, array, matrix, extra=None):
            name = f"{group}.{kind}"
            path = f"{name}.npy"
            np.save(os.path.join(out, path), array, allow_pickle=False)
            res = {
                "profile": "data-resource",
                "format": "npy",
                "mediatype": "application/octet-stream",
                "name": name,
                "matrix": matrix,
                "kind": kind,
                "path": path,
                "group": group,
            }
            if extra:
                res.update(extra)
            res["category"] = "vector"
            res["nrows"] = int(len(array))
            resources.append(res)

        tm = "technosphere_matrix"
        add("technosphere", "indices",
            indices(self.act_id[self.t_rows[t]], self.act_id[self.t_cols[t]]),
            tm)
        add("technosphere", "data", self.t_vals[t].astype("<f8"), tm)
        add("technosphere", "flip", self.t_flip[t].astype("|b1"), tm)
        bm = "biosphere_matrix"
        add("biosphere", "indices",
            indices(self.flow_id[self.b_rows[b]], self.act_id[self.b_cols[b]]),
            bm)
        add("biosphere", "data", self.b_vals[b].astype("<f8"), bm)
        cm = "characterization_matrix"
        for c, (fl, cf) in enumerate(self.methods, start=1):
            group = f"characterization-{c:02d}"
            extra = {"identifier": ["synthetic method", f"category {c:02d}"],
                     "global_index": 0}
            o = np.argsort(self.flow_id[fl], kind="stable")
            add(group, "indices",
                indices(self.flow_id[fl[o]], np.zeros(len(fl), np.int64)),
                cm, extra)
            add(group, "data", cf[o].astype("<f8"), cm, extra)

        name = f"synthetic-lca-{self.n}-seed{self.seed}"
        meta = {
            "profile": "data-package",
            "name": name,
            "id": f"{name}-v1",
            "licenses": [{
                "name": "ODC-PDDL-1.0",
                "path": "http://opendatacommons.org/licenses/pddl/",
                "title": "Open Data Commons Public Domain Dedication and "
                         "License v1.0",
            }],
            "resources": resources,
            "created": "2025-01-01T00:00:00Z",
            "combinatorial": False,
            "sequential": False,
            "seed": None,
            "64_bit_indices": True,
            "sum_intra_duplicates": True,
            "sum_inter_duplicates": False,
            "matrix_serialize_format_type": "numpy",
        }
        with open(os.path.join(out, "datapackage.json"), "w") as f:
            json.dump(meta, f, indent=2)
            f.write("\n")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def statistics(s, orderings):
    """Measure what was generated, in matrix positions (not ids)."""
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components
    from scipy.sparse.linalg import splu

    n = s.n
    v = np.where(s.t_flip, -s.t_vals, s.t_vals)
    A = sp.csc_matrix((v, (s.t_rows, s.t_cols)), shape=(n, n))
    A.sum_duplicates()
    B = sp.csc_matrix((s.b_vals, (s.b_rows, s.b_cols)), shape=(s.n_flows, n))
    B.sum_duplicates()
    n_markets = int(s.is_market.sum())
    tier = np.full(n, 1)
    nonel = s.kind_of < s.n_kinds
    tier[nonel] = s.tier[s.kind_of[nonel]]
    log(f"activities {n}: markets {n_markets} (electricity {s.n_regions}), "
        f"producers {n - n_markets}; kinds {s.n_kinds} + electricity; "
        f"tiers up/core/down activities "
        f"{(tier == 0).sum()}/{(tier == 1).sum()}/{(tier == 2).sum()}")
    log(f"technosphere entries {len(s.t_vals)} (nnz after summing "
        f"duplicates {A.nnz}); inputs per activity: mean "
        f"{(A.nnz - n) / n:.1f}, max {np.diff(A.indptr).max() - 1}")
    indeg = np.bincount(A.indices, minlength=n) - 1
    top = np.sort(indeg)[::-1]
    log(f"most-bought products: {top[:8].tolist()} consumers")
    log(f"biosphere entries {len(s.b_vals)} (nnz {B.nnz}) over "
        f"{s.n_flows} flows; flows per producer mean "
        f"{B.nnz / (n - n_markets):.1f}")
    fcount = np.sort(np.diff(B.tocsr().indptr))[::-1]
    log(f"most common flows appear in {fcount[:5].tolist()} activities; "
        f"median flow in {int(np.median(fcount))}")
    sizes = [len(fl) for fl, _ in s.methods]
    log(f"methods {len(s.methods)}: flows per method "
        f"{min(sizes)}..{max(sizes)} (incl. ~5 % unknown to B)")

    ncomp, labels = connected_components(A, directed=True,
                                         connection="strong")
    csize = np.bincount(labels)
    big = int(csize.max())
    log(f"strongly connected components {ncomp}; largest {big}; "
        f"next {np.sort(csize)[-2] if ncomp > 1 else 0}")
    out = {"activities": n, "markets": n_markets,
           "technosphere_entries": int(len(s.t_vals)),
           "technosphere_nnz": int(A.nnz),
           "biosphere_entries": int(len(s.b_vals)),
           "biosphere_nnz": int(B.nnz), "flows": s.n_flows,
           "largest_scc": big}
    for spec in orderings:
        t0 = time.perf_counter()
        lu = splu(A, permc_spec=spec)
        dt = time.perf_counter() - t0
        nnz = lu.L.nnz + lu.U.nnz
        log(f"splu {spec:14s}: L+U nnz {nnz} = {nnz / A.nnz:.2f} x nnz(A), "
            f"{dt:.3f} s")
        out[f"lu_nnz_{spec}"] = int(nnz)
        if spec == orderings[0]:
            f = np.zeros(n)
            f[np.argmax(csize[labels] == big)] = 1.0
            x = lu.solve(f)
            res = np.abs(A @ x - f).max()
            log(f"solve residual {res:.2e}; supply min {x.min():.3e} "
                f"(>= 0 expected: the inverse is non-negative); "
                f"activities used {(x > 0).sum()}")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--activities", type=int, default=25000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-stats", action="store_true",
                    help="print no statistics")
    ap.add_argument("--orderings", default="MMD_AT_PLUS_A,COLAMD",
                    help="SuperLU permc_spec values to measure fill with "
                         "(comma separated; empty for none)")
    args = ap.parse_args()
    if args.activities < 500:
        ap.error("--activities must be at least 500")

    t0 = time.perf_counter()
    s = Synth(args.activities, args.seed)
    s.build_activities()
    s.build_technosphere()
    s.build_biosphere()
    s.build_methods()
    s.assign_ids()
    s.write(args.out_dir)
    log(f"generated {args.out_dir} in {time.perf_counter() - t0:.2f} s")
    if not args.no_stats:
        statistics(s, [o for o in args.orderings.split(",") if o])


if __name__ == "__main__":
    main()
