/*
 * compile.c - an inventory database into the matrices of an LCA, the way
 * openLCA builds a product system's matrices (openLCA 2 manual, "Product
 * systems" and "Allocation"; olca-schema Exchange, AllocationFactor):
 *
 * Activities. Each process is one activity with its quantitative reference
 * as product (a process with no product output, or waste input, provides
 * nothing: it is left out and reported). A multi-output process (several product outputs, or waste
 * inputs, not avoided) is split by allocation when the chosen method has
 * factors for all its products: one activity per product, holding every
 * other exchange times the product's factor (physical, economic), or
 * times the factor of that exchange (causal; a missing causal factor falls
 * back to the product's physical factor). Without allocation the process
 * stays one activity and its co-products substitute the product of their
 * provider (system expansion) or are cut off when nothing provides them.
 *
 * Signs (Heijungs & Suh 2002, ch. 2): in A a product output and a waste
 * input are positive (what the activity provides), a product input and a
 * waste output negative (what it needs from a provider); an avoided
 * product or avoided waste turns its sign. B holds elementary flows with
 * positive amounts, one row per flow and direction.
 *
 * Linking. A needed product (or waste to be treated) goes to the data's
 * default provider when that process provides the flow, else to the
 * activity providing the flow; with several candidates the rule is an
 * option (same location first by default). An input nothing provides is
 * cut off, counted and named in the report.
 *
 * Amounts are the values of their formulas (amounts.c) in the flow's
 * reference unit (units.c). Asked for, the parametric model
 * (param_build.c) follows each triplet whose formula depends on a
 * parameter with a distribution, for Monte Carlo on parameters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/lcidb_internal.h"
#include "model/param_model_internal.h"

enum { EX_ELEMENTARY, EX_PROVIDES, EX_NEEDS };

typedef struct compiler {
    const mb_lcidb *db;
    const mb_compile_options *o;
    mb_compile_report *r;
    double *amount;      /* per exchange, reference units */
    double *unit_factor; /* per exchange: reference units per data unit */
    double *alloc_value; /* per allocation factor */
    int64_t *flow;       /* per exchange: flow index */
    unsigned char *kind; /* per exchange: EX_* */
    unsigned char *provides; /* per exchange: kind == EX_PROVIDES */
    mb_alloc alloc;
    /* activities */
    size_t ncols, cap_cols;
    size_t *col_process;
    size_t *col_product; /* exchange index of the activity's product */
    int *col_method;     /* allocation applied, MB_ALLOC_NONE when none */
    size_t *first_col;   /* per process: its first activity */
    size_t *ncols_of;    /* per process: its activity count */
    /* providers: activities by product flow, CSR over flows; the first
     * activity by (flow, process) and by (flow, location) */
    size_t *prov_start, *prov;
    mb_i64map prov_by_process;
    mb_strmap prov_by_location;
    size_t *unlinked; /* per flow: inputs cut off */
    int64_t *cut_rows; /* per flow: its row of the cut-off matrix, or -1 */
    int64_t ncut;
    int64_t *flow_rows; /* per flow and direction: row of B, or -1 */
    int64_t nrows;
    mb_entry_dists dist_a, dist_b; /* per triplet of A and of B */
    mb_dist_issues bad;            /* invalid distributions met */
    mb_pm_builder *pm; /* the parametric model's, when asked for */
} compiler;

static int classify(compiler *c, size_t k, const db_process *p, size_t j)
{
    const mb_lcidb *db = c->db;
    const mb_lci_exchange *e = &db->exchanges[k];
    int64_t f = mb_lcidb_find(&db->flow_index, e->flow_id);
    double factor;
    int input = (e->flags & MB_EXCHANGE_INPUT) != 0;
    int avoided = (e->flags & MB_EXCHANGE_AVOIDED) != 0;
    mb_flow_type type;

    if (f < 0)
        return mb_error_set(MB_EFORMAT,
                            "process '%s' (%s): exchange %zu: the flow %s is "
                            "not in the data",
                            p->rec.name, p->rec.id, j + 1, e->flow_id);
    c->flow[k] = f;
    if (mb_lcidb_unit_factor(db, &db->flows[f], e->property_id, e->unit_id,
                             &factor) < 0)
        return mb_error_prefix("process '%s' (%s): exchange %zu",
                               p->rec.name, p->rec.id, j + 1);
    c->amount[k] *= factor;
    c->unit_factor[k] = factor;
    type = db->flows[f].rec.type;
    if (type == MB_FLOW_ELEMENTARY)
        c->kind[k] = EX_ELEMENTARY;
    else if ((type == MB_FLOW_PRODUCT) == !input && !avoided)
        c->kind[k] = EX_PROVIDES;
    else
        c->kind[k] = EX_NEEDS;
    c->provides[k] = c->kind[k] == EX_PROVIDES;
    return 0;
}

static int add_column(compiler *c, size_t process, size_t product,
                      int method)
{
    if (c->ncols == c->cap_cols) {
        size_t cap = c->cap_cols ? 2 * c->cap_cols : 1024;
        size_t *a = mb_realloc(c->col_process, cap * sizeof *a);
        size_t *b = a ? mb_realloc(c->col_product, cap * sizeof *b) : NULL;
        int *m = b ? mb_realloc(c->col_method, cap * sizeof *m) : NULL;

        if (a)
            c->col_process = a;
        if (b)
            c->col_product = b;
        if (!m)
            return MB_ENOMEM;
        c->col_method = m;
        c->cap_cols = cap;
    }
    c->col_process[c->ncols] = process;
    c->col_product[c->ncols] = product;
    c->col_method[c->ncols] = method;
    c->ncols++;
    return 0;
}

/* The allocation method the options ask of process p (MB_ALLOC_*). */
static int requested_method(const compiler *c, const db_process *p)
{
    switch (c->o->allocation) {
    case MB_ALLOCATE_DEFAULT: return (int)p->rec.default_allocation;
    case MB_ALLOCATE_NONE: return MB_ALLOC_NONE;
    default: return (int)c->o->allocation;
    }
}

/* Exchanges classified and converted; activities made. */
static int make_activities(compiler *c)
{
    const mb_lcidb *db = c->db;
    size_t i, k;
    int rc;

    for (i = 0; i < db->nprocesses; i++) {
        const db_process *p = &db->processes[i];
        int64_t ref = -1;
        size_t nproducts = 0;
        int method;

        for (k = 0; k < p->ex.n; k++) {
            size_t e = p->ex.start + k;

            if ((rc = classify(c, e, p, k)) < 0)
                return rc;
            if (c->kind[e] == EX_PROVIDES) {
                nproducts++;
                if (ref < 0 || (db->exchanges[e].flags & MB_EXCHANGE_REFERENCE &&
                                !(db->exchanges[ref].flags &
                                  MB_EXCHANGE_REFERENCE)))
                    ref = (int64_t)e;
            }
        }
        c->first_col[i] = c->ncols;
        c->ncols_of[i] = 0;
        if (ref < 0) { /* nothing to provide: left out, and reported */
            if (c->r->no_product++ == 0 &&
                !(c->r->no_product_name = mb_strdup(p->rec.name)))
                return MB_ENOMEM;
            continue;
        }
        method = nproducts < 2 ? MB_ALLOC_NONE
                               : mb_alloc_method(&c->alloc, p,
                                                 requested_method(c, p),
                                                 c->provides);
        if ((rc = add_column(c, i, (size_t)ref, method)) < 0)
            return rc;
        if (method != MB_ALLOC_NONE) {
            c->r->allocated++;
            for (k = 0; k < p->ex.n; k++) {
                size_t e = p->ex.start + k;

                if (c->kind[e] == EX_PROVIDES && e != (size_t)ref &&
                    (rc = add_column(c, i, e, method)) < 0)
                    return rc;
            }
        }
        c->ncols_of[i] = c->ncols - c->first_col[i];
    }
    return 0;
}

static const char *location_of(const compiler *c, size_t col)
{
    return c->db->processes[c->col_process[col]].rec.location_id;
}

/* (flow, process) as one map key. */
static int64_t process_key(const compiler *c, int64_t f, size_t process)
{
    return f * (int64_t)c->db->nprocesses + (int64_t)process;
}

/* (flow, location) as one map key; 0 when the location is too long. */
static int location_key(char *key, size_t size, int64_t f, const char *where)
{
    int n = snprintf(key, size, "%lld|%s", (long long)f, where);

    return n > 0 && (size_t)n < size;
}

/* The activities providing each product flow, in activity order. */
static int index_providers(compiler *c)
{
    size_t nflows = c->db->nflows, j, *fill;

    c->prov_start = mb_calloc(nflows + 1, sizeof *c->prov_start);
    c->prov = mb_alloc_array(c->ncols + 1, sizeof *c->prov);
    fill = mb_calloc(nflows + 1, sizeof *fill);
    if (!c->prov_start || !c->prov || !fill) {
        mb_free(fill);
        return MB_ENOMEM;
    }
    for (j = 0; j < c->ncols; j++)
        c->prov_start[c->flow[c->col_product[j]] + 1]++;
    for (j = 0; j < nflows; j++)
        c->prov_start[j + 1] += c->prov_start[j];
    for (j = 0; j < c->ncols; j++) {
        size_t f = (size_t)c->flow[c->col_product[j]];

        c->prov[c->prov_start[f] + fill[f]++] = j;
    }
    mb_free(fill);
    if (mb_i64map_init(&c->prov_by_process, c->ncols) < 0 ||
        mb_strmap_init(&c->prov_by_location, c->ncols) < 0)
        return MB_ENOMEM;
    for (j = c->ncols; j-- > 0;) { /* backwards: the first one stays */
        int64_t f = c->flow[c->col_product[j]];
        const char *where = location_of(c, j);
        char key[512];
        int rc;

        if (mb_i64map_put(&c->prov_by_process,
                          process_key(c, f, c->col_process[j]),
                          (int64_t)j) < 0)
            return MB_ENOMEM;
        if (where && location_key(key, sizeof key, f, where) &&
            (rc = mb_strmap_set(&c->prov_by_location, key, (int64_t)j)) < 0)
            return rc;
    }
    return 0;
}

/* The provider of exchange ex of column col, or -1 (cut off). */
static int provider_of(compiler *c, size_t col, size_t ex, int64_t *out)
{
    const mb_lcidb *db = c->db;
    const mb_lci_exchange *e = &db->exchanges[ex];
    size_t f = (size_t)c->flow[ex];
    size_t n = c->prov_start[f + 1] - c->prov_start[f];
    const size_t *cand = c->prov + c->prov_start[f];
    const char *where;
    char key[512];
    int64_t j;

    *out = -1;
    if (e->provider_id) {
        int64_t p = mb_lcidb_find(&db->process_index, e->provider_id);

        if (p >= 0 && mb_i64map_get(&c->prov_by_process,
                                    process_key(c, (int64_t)f, (size_t)p),
                                    &j)) {
            *out = j;
            c->r->linked_default++;
            return 0;
        }
    }
    if (n == 0)
        return 0;
    c->r->linked_by_flow++;
    *out = (int64_t)cand[0];
    if (n == 1)
        return 0;
    c->r->linked_ambiguous++;
    if (c->o->providers == MB_PROVIDERS_FAIL) {
        const db_process *a = &db->processes[c->col_process[cand[0]]];
        const db_process *b = &db->processes[c->col_process[cand[1]]];

        return mb_error_set(MB_EINVAL,
                            "process '%s': %zu processes provide '%s' "
                            "('%s', '%s', ...); choose a rule other than "
                            "'fail' or set a default provider",
                            db->processes[c->col_process[col]].rec.name, n,
                            db->flows[f].rec.name, a->rec.name, b->rec.name);
    }
    where = e->location_id ? e->location_id : location_of(c, col);
    if (c->o->providers == MB_PROVIDERS_LOCATION && where &&
        location_key(key, sizeof key, (int64_t)f, where) &&
        mb_strmap_get(&c->prov_by_location, key, &j))
        *out = j;
    return 0;
}

/* Rows of B: every (flow, direction) used, in flow order. */
static int assign_flow_rows(compiler *c)
{
    const mb_lcidb *db = c->db;
    size_t k, n = 2 * db->nflows;

    c->flow_rows = mb_alloc_array(n + 1, sizeof *c->flow_rows);
    if (!c->flow_rows)
        return MB_ENOMEM;
    for (k = 0; k < n; k++)
        c->flow_rows[k] = -1;
    for (k = 0; k < db->nexchanges; k++)
        if (c->kind[k] == EX_ELEMENTARY)
            c->flow_rows[2 * c->flow[k] +
                         ((db->exchanges[k].flags & MB_EXCHANGE_INPUT) != 0)] =
                0;
    c->nrows = 0;
    for (k = 0; k < n; k++)
        if (c->flow_rows[k] == 0)
            c->flow_rows[k] = c->nrows++;
    return 0;
}

/*
 * Whether exchange e enters A positive: a product output or a waste input,
 * avoided or not (an avoided product is a negative input: Heijungs & Suh
 * 2002, sec. 2.3; openLCA manual, "Avoided products").
 */
static int provided(const compiler *c, size_t e)
{
    int input = (c->db->exchanges[e].flags & MB_EXCHANGE_INPUT) != 0;

    return (c->db->flows[c->flow[e]].rec.type == MB_FLOW_PRODUCT) == !input;
}

/* Record an input of column col that nothing provides. */
static int cut_off(compiler *c, size_t col, size_t e, double a, mb_coo *U)
{
    int64_t f = c->flow[e];

    c->r->unlinked++;
    c->unlinked[f]++;
    if (c->cut_rows[f] < 0)
        c->cut_rows[f] = c->ncut++;
    return mb_coo_push(U, c->cut_rows[f], (int64_t)col, a);
}

/*
 * How a triplet's value comes from exchange e's amount in its data unit:
 * times the unit factor, times the share (from allocation factor `alloc`,
 * -1 when none), negated when neg.
 */
typedef struct source {
    size_t e;
    double share;
    int64_t alloc;
    int neg;
} source;

/*
 * Push v at (row, col) of A (matrix 0) or B (1) with the distribution of
 * its exchange carried by the same factor, and tell the parametric model.
 * With the parametric model, a formula amount takes its uncertainty from
 * its parameters, not from its own distribution (openLCA evaluates the
 * formula in place of the draw: docs/formulas.md), and an amount whose
 * allocation share varies is drawn by the model.
 */
static int push(compiler *c, int matrix, mb_coo *t, int64_t row, size_t col,
                double v, const source *s)
{
    const mb_lci_exchange *x = &c->db->exchanges[s->e];
    double unit = c->unit_factor[s->e], k = unit * s->share;
    int64_t at = t->nnz;
    int own = !(c->o->parameters && x->formula) &&
              !mb_pm_builder_varies(c->pm, s->e, s->alloc);
    int rc;

    const db_process *p = &c->db->processes[c->col_process[col]];

    if ((rc = mb_coo_push(t, row, (int64_t)col, v)) < 0 ||
        (rc = mb_pm_builder_track(c->pm, matrix, at, s->e, unit, s->alloc,
                                  s->share, s->neg)) < 0 ||
        !c->o->uncertainty)
        return rc;
    if (own && (rc = mb_dist_issue(&c->bad, (int64_t)s->e, &x->uncertainty,
                                   "process '%s' (%s): exchange '%s' (%s)",
                                   p->rec.name, p->rec.id,
                                   c->db->flows[c->flow[s->e]].rec.name,
                                   x->flags & MB_EXCHANGE_INPUT
                                       ? "input"
                                       : "output")) < 0)
        return rc;
    return mb_entry_dists_push(matrix ? &c->dist_b : &c->dist_a, at,
                               own ? &x->uncertainty : NULL,
                               s->neg ? -k : k);
}

/* One activity's column of A, B and the cut-off matrix U. */
static int fill_column(compiler *c, size_t col, mb_coo *A, mb_coo *B,
                       mb_coo *U)
{
    const mb_lcidb *db = c->db;
    size_t process = c->col_process[col];
    const db_process *p = &db->processes[process];
    const double *shares = NULL;
    size_t k;
    int rc;

    if (c->col_method[col] != MB_ALLOC_NONE &&
        (rc = mb_alloc_shares(&c->alloc, process, c->col_method[col],
                              c->flow[c->col_product[col]],
                              c->ncols_of[process], &shares)) < 0)
        return rc;
    for (k = 0; k < p->ex.n; k++) {
        size_t e = p->ex.start + k;
        const mb_lci_exchange *x = &db->exchanges[e];
        double a = c->amount[e];
        source src = {e, 1.0, -1, 0};
        int64_t row;

        if (e == c->col_product[col]) {
            if ((rc = push(c, 0, A, (int64_t)col, col, a, &src)) < 0)
                return rc;
            continue;
        }
        if (c->kind[e] == EX_PROVIDES && c->col_method[col] != MB_ALLOC_NONE)
            continue; /* another product of a split process */
        if (shares) {
            a *= shares[k];
            src.share = shares[k];
            src.alloc = c->alloc.share_from[k];
        }
        /* an amount that is 0 here but may not be in a sample stays */
        if (a == 0 && !mb_pm_builder_varies(c->pm, e, src.alloc))
            continue;
        if (c->kind[e] == EX_ELEMENTARY) {
            row = c->flow_rows[2 * c->flow[e] +
                               ((x->flags & MB_EXCHANGE_INPUT) != 0)];
            if ((rc = push(c, 1, B, row, col, a, &src)) < 0)
                return rc;
            continue;
        }
        if ((rc = provider_of(c, col, e, &row)) < 0)
            return rc;
        if (row < 0) {
            if (c->kind[e] == EX_NEEDS && (rc = cut_off(c, col, e, a, U)) < 0)
                return rc;
            continue;
        }
        if (c->kind[e] == EX_PROVIDES)
            c->r->coproducts_linked++;
        src.neg = !provided(c, e);
        if ((rc = push(c, 0, A, row, col, src.neg ? -a : a, &src)) < 0)
            return rc;
    }
    return 0;
}

typedef struct flow_count {
    size_t flow, count;
} flow_count;

static int compare_counts(const void *x, const void *y)
{
    const flow_count *a = x, *b = y;

    if (a->count != b->count)
        return a->count < b->count ? 1 : -1;
    return a->flow < b->flow ? -1 : a->flow > b->flow;
}

/* The cut-off flows by name, most frequent first. */
static int report_unlinked(compiler *c)
{
    const mb_lcidb *db = c->db;
    mb_compile_report *r = c->r;
    flow_count *order;
    size_t f, n = 0;

    for (f = 0; f < db->nflows; f++)
        n += c->unlinked[f] > 0;
    r->unlinked_flows = n;
    order = mb_alloc_array(n + 1, sizeof *order);
    r->unlinked_names = mb_calloc(n + 1, sizeof *r->unlinked_names);
    r->unlinked_counts = mb_calloc(n + 1, sizeof *r->unlinked_counts);
    if (!order || !r->unlinked_names || !r->unlinked_counts) {
        mb_free(order);
        return MB_ENOMEM;
    }
    for (f = 0, n = 0; f < db->nflows; f++)
        if (c->unlinked[f] > 0) {
            order[n].flow = f;
            order[n++].count = c->unlinked[f];
        }
    qsort(order, n, sizeof *order, compare_counts);
    for (f = 0; f < n; f++) {
        r->unlinked_names[f] = mb_strdup(db->flows[order[f].flow].rec.name);
        r->unlinked_counts[f] = order[f].count;
        if (!r->unlinked_names[f]) {
            mb_free(order);
            return MB_ENOMEM;
        }
    }
    mb_free(order);
    return 0;
}

static char *dup_or_empty(const char *s)
{
    return mb_strdup(s ? s : "");
}

static int make_labels(compiler *c, mb_system *s)
{
    const mb_lcidb *db = c->db;
    mb_system_labels *l = mb_calloc(1, sizeof *l);
    size_t j, f, n = (size_t)s->nflows;

    if (!(s->labels = l))
        return MB_ENOMEM;
    l->activity_names = mb_calloc(c->ncols + 1, sizeof(char *));
    l->activity_uuids = mb_calloc(c->ncols + 1, sizeof(char *));
    l->product_names = mb_calloc(c->ncols + 1, sizeof(char *));
    l->product_units = mb_calloc(c->ncols + 1, sizeof(char *));
    l->flow_names = mb_calloc(n + 1, sizeof(char *));
    l->flow_categories = mb_calloc(n + 1, sizeof(char *));
    l->flow_units = mb_calloc(n + 1, sizeof(char *));
    l->flow_uuids = mb_calloc(n + 1, sizeof(char *));
    l->flow_inputs = mb_calloc(n + 1, 1);
    if (!l->activity_names || !l->activity_uuids || !l->product_names ||
        !l->product_units || !l->flow_names || !l->flow_categories ||
        !l->flow_units || !l->flow_uuids || !l->flow_inputs)
        return MB_ENOMEM;
    for (j = 0; j < c->ncols; j++) {
        const db_process *p = &db->processes[c->col_process[j]];
        const db_flow *pf = &db->flows[c->flow[c->col_product[j]]];

        if (!(l->activity_names[j] = dup_or_empty(p->rec.name)) ||
            !(l->activity_uuids[j] = dup_or_empty(p->rec.id)) ||
            !(l->product_names[j] = dup_or_empty(pf->rec.name)) ||
            !(l->product_units[j] =
                  dup_or_empty(mb_lcidb_flow_unit(db, pf))))
            return MB_ENOMEM;
    }
    l->cutoff_names = mb_calloc((size_t)c->ncut + 1, sizeof(char *));
    l->cutoff_units = mb_calloc((size_t)c->ncut + 1, sizeof(char *));
    if (!l->cutoff_names || !l->cutoff_units)
        return MB_ENOMEM;
    for (f = 0; f < db->nflows; f++) {
        int64_t row = c->cut_rows[f];

        if (row >= 0 &&
            (!(l->cutoff_names[row] = dup_or_empty(db->flows[f].rec.name)) ||
             !(l->cutoff_units[row] =
                   dup_or_empty(mb_lcidb_flow_unit(db, &db->flows[f])))))
            return MB_ENOMEM;
    }
    for (f = 0; f < 2 * db->nflows; f++) {
        int64_t row = c->flow_rows[f];
        const db_flow *fl = &db->flows[f / 2];

        if (row < 0)
            continue;
        l->flow_inputs[row] = (unsigned char)(f & 1);
        if (!(l->flow_names[row] = dup_or_empty(fl->rec.name)) ||
            !(l->flow_categories[row] = dup_or_empty(fl->rec.category)) ||
            !(l->flow_units[row] = dup_or_empty(mb_lcidb_flow_unit(db, fl))) ||
            !(l->flow_uuids[row] = dup_or_empty(fl->rec.id)))
            return MB_ENOMEM;
    }
    return 0;
}

/* Ids of a compiled system: positions 0..n-1. */
static int64_t *positions(int64_t n)
{
    int64_t *v = mb_alloc_array((size_t)n + 1, sizeof *v), k;

    for (k = 0; v && k < n; k++)
        v[k] = k;
    return v;
}

static int assemble(compiler *c, mb_system *s)
{
    mb_coo *A = NULL, *B = NULL, *U = NULL;
    int64_t n = (int64_t)c->db->nexchanges + 1;
    size_t j;
    int rc;

    if ((rc = mb_coo_new(&A, (int64_t)c->ncols, (int64_t)c->ncols, n)) < 0 ||
        (rc = mb_coo_new(&B, c->nrows, (int64_t)c->ncols, n)) < 0 ||
        (rc = mb_coo_new(&U, (int64_t)c->db->nflows, (int64_t)c->ncols, n)) <
            0)
        goto out;
    for (j = 0; j < c->ncols; j++)
        if ((rc = fill_column(c, j, A, B, U)) < 0)
            goto out;
    U->m = c->ncut; /* rows were numbered as cut-offs turned up */
    if ((rc = mb_csc_from_coo(&s->A, A)) < 0 ||
        (rc = mb_csc_from_coo(&s->B, B)) < 0 ||
        (rc = mb_csc_from_coo(&s->cutoffs, U)) < 0 ||
        (rc = mb_entry_dists_place(&c->dist_a, A, s->A, &s->A_uncertainty)) <
            0 ||
        (rc = mb_entry_dists_place(&c->dist_b, B, s->B, &s->B_uncertainty)) <
            0 ||
        (rc = mb_pm_builder_finish(c->pm, A, s->A, B, s->B, &s->params)) < 0)
        goto out;
    mb_dist_issues_move(&c->bad, s);
    s->nproducts = s->nactivities = (int64_t)c->ncols;
    s->nflows = c->nrows;
    s->product_ids = positions(s->nproducts);
    s->activity_ids = positions(s->nactivities);
    s->flow_ids = positions(s->nflows);
    if (!s->product_ids || !s->activity_ids || !s->flow_ids)
        rc = MB_ENOMEM;
out:
    mb_coo_free(A);
    mb_coo_free(B);
    mb_coo_free(U);
    return rc;
}

static void compiler_free(compiler *c)
{
    mb_free(c->amount);
    mb_free(c->unit_factor);
    mb_free(c->dist_a.u);
    mb_free(c->dist_b.u);
    mb_dist_issues_destroy(&c->bad);
    mb_free(c->alloc_value);
    mb_free(c->flow);
    mb_free(c->kind);
    mb_free(c->provides);
    mb_alloc_destroy(&c->alloc);
    mb_free(c->col_process);
    mb_free(c->col_product);
    mb_free(c->col_method);
    mb_free(c->first_col);
    mb_free(c->ncols_of);
    mb_free(c->prov_start);
    mb_free(c->prov);
    mb_i64map_destroy(&c->prov_by_process);
    mb_strmap_destroy(&c->prov_by_location);
    mb_free(c->unlinked);
    mb_free(c->cut_rows);
    mb_free(c->flow_rows);
    mb_pm_builder_free(c->pm);
}

int mb_lcidb_compile(mb_system **out, mb_compile_report *report,
                     const mb_lcidb *db, const mb_compile_options *options)
{
    static const mb_compile_options defaults = MB_COMPILE_OPTIONS_INIT;
    mb_compile_report local;
    mb_system *s = NULL;
    compiler c;
    size_t n = db->nexchanges + 1, k;
    int rc;

    *out = NULL;
    if (!options)
        options = &defaults;
    if (!report)
        report = &local;
    memset(report, 0, sizeof *report);
    memset(&c, 0, sizeof c);
    c.db = db;
    c.o = options;
    c.r = report;
    if (db->nprocesses == 0)
        return mb_error_set(MB_EINVAL, "the database has no processes");
    c.amount = mb_alloc_array(n, sizeof *c.amount);
    c.unit_factor = mb_alloc_array(n, sizeof *c.unit_factor);
    c.alloc_value = mb_alloc_array(db->nallocs + 1, sizeof *c.alloc_value);
    c.flow = mb_alloc_array(n, sizeof *c.flow);
    c.kind = mb_calloc(n, 1);
    c.provides = mb_calloc(n, 1);
    c.first_col = mb_alloc_array(db->nprocesses, sizeof *c.first_col);
    c.ncols_of = mb_alloc_array(db->nprocesses, sizeof *c.ncols_of);
    c.unlinked = mb_calloc(db->nflows + 1, sizeof *c.unlinked);
    c.cut_rows = mb_alloc_array(db->nflows + 1, sizeof *c.cut_rows);
    for (k = 0; c.cut_rows && k < db->nflows; k++)
        c.cut_rows[k] = -1;
    s = mb_calloc(1, sizeof *s);
    if (!c.amount || !c.unit_factor || !c.alloc_value || !c.flow || !c.kind || !c.first_col ||
        !c.ncols_of || !c.unlinked || !c.cut_rows || !c.provides || !s) {
        rc = MB_ENOMEM;
        goto out;
    }
    if ((rc = mb_lcidb_eval_amounts(db, options, c.amount, c.alloc_value,
                                    &report->formulas)) < 0 ||
        (options->parameters &&
         (rc = mb_pm_builder_new(&c.pm, db, options, &c.bad)) < 0) ||
        (rc = mb_alloc_init(&c.alloc, db, c.flow, c.alloc_value)) < 0 ||
        (rc = make_activities(&c)) < 0 || (rc = index_providers(&c)) < 0 ||
        (rc = assign_flow_rows(&c)) < 0 || (rc = assemble(&c, s)) < 0 ||
        (rc = report_unlinked(&c)) < 0 || (rc = make_labels(&c, s)) < 0 ||
        (rc = mb_lcidb_characterize(db, c.flow_rows, s, report,
                                    options->match_by_name,
                                    options->uncertainty)) < 0)
        goto out;
    report->processes = db->nprocesses;
    report->activities = c.ncols;
    report->exchanges = db->nexchanges;
out:
    compiler_free(&c);
    if (rc < 0) {
        mb_system_free(s);
        if (report == &local)
            mb_compile_report_free(&local);
        return rc;
    }
    if (report == &local)
        mb_compile_report_free(&local);
    *out = s;
    return 0;
}

void mb_compile_report_free(mb_compile_report *r)
{
    size_t k;

    if (!r)
        return;
    mb_free(r->no_product_name);
    r->no_product_name = NULL;
    for (k = 0; k < r->unlinked_flows; k++)
        if (r->unlinked_names)
            mb_free(r->unlinked_names[k]);
    mb_free(r->unlinked_names);
    mb_free(r->unlinked_counts);
    r->unlinked_names = NULL;
    r->unlinked_counts = NULL;
}
