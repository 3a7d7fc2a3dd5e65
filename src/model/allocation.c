/*
 * allocation.c - the shares of a multi-output process's exchanges that go
 * to each of its products (openLCA manual, "Allocation"; olca-schema
 * AllocationFactor):
 *
 *  - physical, economic: every exchange times the product's factor;
 *  - causal: each exchange times the factor given for it and the product
 *    (the exchange named by internal id, else by flow: every exchange of
 *    that flow); without one, the product's physical factor; without that,
 *    an equal share of the process's products (never the whole exchange
 *    to each: that would count it twice).
 *
 * When several factors answer, the first in the data counts. Factors are
 * resolved to flow indices once; a column's shares are computed in one
 * pass over its process's factors and exchanges, so the cost is linear in
 * products x (factors + exchanges), whatever the data.
 */
#include <string.h>

#include "model/lcidb_internal.h"

int mb_alloc_init(mb_alloc *a, const mb_lcidb *db, const int64_t *flow,
                  const double *value)
{
    size_t k, most = 1;

    memset(a, 0, sizeof *a);
    a->db = db;
    a->flow = flow;
    a->value = value;
    a->process = (size_t)-1;
    for (k = 0; k < db->nprocesses; k++)
        if (db->processes[k].ex.n > most)
            most = db->processes[k].ex.n;
    a->product = mb_alloc_array(db->nallocs + 1, sizeof *a->product);
    a->exchange_flow = mb_alloc_array(db->nallocs + 1,
                                      sizeof *a->exchange_flow);
    a->mark = mb_calloc(db->nflows + 1, 1);
    a->shares = mb_alloc_array(most, sizeof *a->shares);
    a->share_from = mb_alloc_array(most, sizeof *a->share_from);
    a->next_id = mb_alloc_array(most, sizeof *a->next_id);
    a->next_flow = mb_alloc_array(most, sizeof *a->next_flow);
    if (!a->product || !a->exchange_flow || !a->mark || !a->shares ||
        !a->share_from ||
        !a->next_id || !a->next_flow ||
        mb_i64map_init(&a->by_id, 16) < 0 ||
        mb_i64map_init(&a->by_flow, 16) < 0)
        return MB_ENOMEM;
    for (k = 0; k < db->nallocs; k++) {
        a->product[k] = mb_lcidb_find(&db->flow_index,
                                      db->allocs[k].product_id);
        a->exchange_flow[k] = mb_lcidb_find(&db->flow_index,
                                            db->allocs[k].exchange_flow_id);
    }
    return 0;
}

void mb_alloc_destroy(mb_alloc *a)
{
    mb_free(a->product);
    mb_free(a->exchange_flow);
    mb_free(a->mark);
    mb_free(a->shares);
    mb_free(a->share_from);
    mb_free(a->next_id);
    mb_free(a->next_flow);
    mb_i64map_destroy(&a->by_id);
    mb_i64map_destroy(&a->by_flow);
}

/* The value of the first factor of `type` for product flow f, or -1. */
static int64_t product_factor(const mb_alloc *a, const db_process *p,
                              int type, int64_t f)
{
    size_t k;

    for (k = p->alloc.start; k < p->alloc.start + p->alloc.n; k++)
        if ((int)a->db->allocs[k].type == type && a->product[k] == f)
            return (int64_t)k;
    return -1;
}

int mb_alloc_method(mb_alloc *a, const db_process *p, int method,
                    const unsigned char *provides)
{
    int base = method == MB_ALLOC_CAUSAL ? MB_ALLOC_PHYSICAL : method;
    size_t k, missing = 0, products = 0;

    if (method == MB_ALLOC_NONE)
        return MB_ALLOC_NONE;
    for (k = p->alloc.start; k < p->alloc.start + p->alloc.n; k++) {
        int type = (int)a->db->allocs[k].type;

        if (a->product[k] >= 0 &&
            (type == base || (method == MB_ALLOC_CAUSAL && type == method)))
            a->mark[a->product[k]] = 1;
    }
    for (k = p->ex.start; k < p->ex.start + p->ex.n; k++)
        if (provides[k]) {
            products++;
            missing += !a->mark[a->flow[k]];
        }
    for (k = p->alloc.start; k < p->alloc.start + p->alloc.n; k++)
        if (a->product[k] >= 0)
            a->mark[a->product[k]] = 0;
    return products >= 2 && missing == 0 ? method : MB_ALLOC_NONE;
}

/*
 * Chain the exchanges of process p by a key: map[key] is the first local
 * index, next[l] the following one with the same key, -1 at the end.
 */
static int chain(mb_i64map *map, int64_t *next, int64_t key, size_t l)
{
    int64_t first;

    next[l] = mb_i64map_get(map, key, &first) ? first : -1;
    return mb_i64map_put(map, key, (int64_t)l);
}

/* Index the exchanges of process `process` by internal id and by flow. */
static int index_exchanges(mb_alloc *a, size_t process)
{
    const db_process *p = &a->db->processes[process];
    size_t l;
    int rc;

    if (a->process == process)
        return 0;
    mb_i64map_destroy(&a->by_id);
    mb_i64map_destroy(&a->by_flow);
    if (mb_i64map_init(&a->by_id, p->ex.n) < 0 ||
        mb_i64map_init(&a->by_flow, p->ex.n) < 0)
        return MB_ENOMEM;
    for (l = p->ex.n; l-- > 0;) { /* backwards: chains run forwards */
        const mb_lci_exchange *e = &a->db->exchanges[p->ex.start + l];

        if ((e->internal_id >= 0 &&
             (rc = chain(&a->by_id, a->next_id, e->internal_id, l)) < 0) ||
            (rc = chain(&a->by_flow, a->next_flow,
                        a->flow[p->ex.start + l], l)) < 0)
            return rc;
    }
    a->process = process;
    return 0;
}

int mb_alloc_shares(mb_alloc *a, size_t process, int method,
                    int64_t product, size_t nproducts, const double **out)
{
    const db_process *p = &a->db->processes[process];
    int base = method == MB_ALLOC_CAUSAL ? MB_ALLOC_PHYSICAL : method;
    int64_t f = product_factor(a, p, base, product), l;
    double share;
    size_t k;
    int rc;

    *out = a->shares;
    share = f >= 0 ? a->value[f] : 1.0 / (double)nproducts;
    for (k = 0; k < p->ex.n; k++) {
        a->shares[k] = share;
        a->share_from[k] = f;
    }
    if (method != MB_ALLOC_CAUSAL)
        return 0;
    if ((rc = index_exchanges(a, process)) < 0)
        return rc;
    /* backwards, so that the first factor for an exchange is the one kept */
    for (k = p->alloc.start + p->alloc.n; k-- > p->alloc.start;) {
        const mb_lci_allocation_factor *af = &a->db->allocs[k];
        int by_id = af->exchange_internal_id >= 0;

        if ((int)af->type != MB_ALLOC_CAUSAL || a->product[k] != product ||
            (!by_id && a->exchange_flow[k] < 0))
            continue;
        if (!mb_i64map_get(by_id ? &a->by_id : &a->by_flow,
                           by_id ? af->exchange_internal_id
                                 : a->exchange_flow[k],
                           &l))
            continue;
        for (; l >= 0; l = by_id ? a->next_id[l] : a->next_flow[l]) {
            a->shares[l] = a->value[k];
            a->share_from[l] = (int64_t)k;
        }
    }
    return 0;
}
