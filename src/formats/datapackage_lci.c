/*
 * datapackage_lci.c - a Brightway datapackage (bw_processing; ours or
 * Brightway's) read as inventory records for a project: the matrices turned
 * back into the processes, flows and impact categories that compile
 * (src/model/compile.c) into them. docs/datapackage.md has the rules.
 *
 * Entries are read as bw2calc reads them (formats/datapackage.c,
 * mb_dp_entries_load: flip applied; duplicates in a matrix summed).
 *
 * Technosphere: each column is a process. Its reference product is a row
 * of its own, chosen in this order: the row with the column's id (bw2data
 * writes production exchanges so), the only positive entry, the first
 * positive entry, the first nonzero entry, among rows no other column has
 * taken. The reference entry becomes a product output of its value; every
 * other entry v an input of -v (compile.c enters a product input as minus
 * its amount, so v comes back), linked to the process whose reference
 * product the row is, or, for a row no column of the package produces,
 * left to link by product flow (a product of another package). So a
 * compiled import has A's rows reordered to put each reference product on
 * the diagonal, and nothing else changed.
 *
 * Biosphere: each row is an elementary flow, each entry an exchange of its
 * value, output or (per the "flows" table's direction) input.
 * Characterization: each group (by identifier, else group name) an impact
 * category; an identifier "m/c" is category "c" of method "m", so that
 * the compiled name is again "m/c". Normalization and weighting are not
 * part of a project and are skipped.
 *
 * Ids and labels come from the tables our export writes ("activities",
 * "flows", "methods": datapackage_write.c and cli/export_datapackage.c),
 * else from the integer ids. Units are written as named, each its own unit
 * group: matrix values are in each flow's reference unit already, so no
 * conversion may happen on the way back.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "formats/csv.h"
#include "metabol/datapackage.h"

/* One matrix entry, with the distribution of its value when it has one. */
typedef struct entry {
    int64_t row, col;
    double val;
    const mb_npy *dist; /* NULL: none, or the entry was summed */
    int64_t k;          /* its index in dist */
    int flipped;        /* the data value was negated */
    size_t group;       /* characterization: its category */
} entry;

typedef struct entries {
    entry *e;
    size_t n, cap;
} entries;

/* A metadata table: columns by name, rows by their integer id. */
typedef struct table {
    const char *name;
    size_t ncols, nrows;
    const char **cells; /* nrows * ncols; "" when absent */
    mb_i64map rows;     /* id -> row */
} table;

enum {
    A_ID,
    A_CODE,
    A_NAME,
    A_PRODUCT,
    A_UNIT,
    A_LOCATION,
    A_CATEGORY,
    A_NCOLS
};
enum { F_ID, F_CODE, F_NAME, F_UNIT, F_CATEGORY, F_DIRECTION, F_NCOLS };
enum { M_NAME, M_UNIT, M_NCOLS };

typedef struct reader {
    const mb_datapackage *dp;
    const mb_lci_sink *sink;
    entries tech, bio, cf;
    table acts, flows, methods;
    char **cat_names; /* characterization groups, in order */
    size_t ncats;
    /* technosphere */
    int64_t *col_ids, *row_ids; /* sorted unique */
    size_t ncols, nrows;
    size_t *col_start;  /* ncols + 1: entries of column c */
    int64_t *ref;       /* per column: its reference entry */
    int64_t *row_col;   /* per row: the column it is reference of, or -1 */
    char **process_ids; /* per column */
    char **product_ids; /* per row */
    /* biosphere and characterization rows */
    int64_t *flow_ids; /* sorted unique */
    size_t nflows;
    char **flow_names; /* per flow row: the flow's id */
    mb_strmap seen;    /* ids handed over: units, locations, flows */
} reader;

/* Hand a record to the sink's callback for it, when it has one. */
#define EMIT(r, member, rec)                                                   \
    ((r)->sink->member ? (r)->sink->member((r)->sink->ctx, (rec)) : 0)

static int push(entries *l, const entry *e)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 256;
        entry *p = mb_realloc(l->e, cap * sizeof *p);

        if (!p)
            return MB_ENOMEM;
        l->e = p;
        l->cap = cap;
    }
    l->e[l->n++] = *e;
    return 0;
}

/* The group's name as a method: its identifier, else its group. */
static const char *category_of(const mb_dp_resource *r)
{
    return r->identifier ? r->identifier : r->group;
}

static int category_index(reader *r, const char *name, size_t *out)
{
    size_t k;

    for (k = 0; k < r->ncats && strcmp(r->cat_names[k], name) != 0; k++)
        ;
    if (k == r->ncats) {
        char **v = mb_realloc(r->cat_names, (k + 1) * sizeof *v);

        if (!v)
            return MB_ENOMEM;
        r->cat_names = v;
        if (!(v[k] = mb_strdup(name)))
            return MB_ENOMEM;
        r->ncats++;
    }
    *out = k;
    return 0;
}

/* Every entry of every group of one matrix into l. */
static int gather(reader *r, const char *matrix, entries *l)
{
    const mb_datapackage *dp = r->dp;
    size_t q;
    int rc;

    for (q = 0; q < dp->nresources; q++) {
        const mb_dp_resource *res = &dp->resources[q];
        mb_dp_entries g;
        entry e;
        int64_t k;
        size_t cat = 0;

        if (!res->matrix || strcmp(res->matrix, matrix) != 0 || !res->kind ||
            strcmp(res->kind, "indices") != 0)
            continue;
        if ((rc = mb_dp_entries_load(&g, dp, res)) < 0)
            return rc;
        if (l == &r->cf &&
            (rc = category_index(r, category_of(res), &cat)) < 0) {
            mb_dp_entries_free(&g);
            return rc;
        }
        for (k = 0; k < g.n; k++) {
            e.row = g.rows[k];
            e.col = g.cols[k];
            e.val = g.vals[k];
            e.dist = g.distributions ? g.distributions->array : NULL;
            e.k = k;
            e.flipped = g.flip && mb_npy_get_i64(g.flip->array, 0, k) != 0;
            e.group = cat;
            if ((rc = push(l, &e)) < 0)
                break;
        }
        mb_dp_entries_free(&g);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int by_col_row(const void *x, const void *y)
{
    const entry *a = x, *b = y;

    if (a->group != b->group)
        return a->group < b->group ? -1 : 1;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    return (a->row > b->row) - (a->row < b->row);
}

/* Sort by (group, column, row) and sum duplicates, as bw2calc does. */
static void merge(entries *l, int by_row_only)
{
    size_t k, n = 0;

    if (by_row_only) /* characterization: the column is not used */
        for (k = 0; k < l->n; k++)
            l->e[k].col = 0;
    if (l->n)
        qsort(l->e, l->n, sizeof *l->e, by_col_row);
    for (k = 0; k < l->n; k++) {
        if (n > 0 && l->e[n - 1].group == l->e[k].group &&
            l->e[n - 1].col == l->e[k].col && l->e[n - 1].row == l->e[k].row) {
            l->e[n - 1].val += l->e[k].val;
            l->e[n - 1].dist = NULL; /* a sum has no one distribution */
            continue;
        }
        l->e[n++] = l->e[k];
    }
    l->n = n;
}

/* The sorted unique ids of the rows (or columns) of l (sorted by column). */
static int unique_ids(const entries *l, int rows, int64_t **out, size_t *n)
{
    size_t k;

    *out = mb_alloc_array(l->n + 1, sizeof **out);
    if (!*out)
        return MB_ENOMEM;
    for (k = 0; k < l->n; k++)
        (*out)[k] = rows ? l->e[k].row : l->e[k].col;
    *n = mb_i64_sort_unique(*out, l->n);
    return 0;
}

/* ---- tables ---------------------------------------------------------- */

static int parse_id(const mb_csv *c, int col, int64_t *out)
{
    const char *s = mb_csv_field(c, col);
    char *end;
    long long v;

    v = strtoll(s, &end, 10);
    if (!*s || *end)
        return mb_error_set(MB_EFORMAT, "%s:%zu: id '%s' is not an integer",
                            c->name, c->record_line, s);
    *out = v;
    return 0;
}

/*
 * Read the table resource `name` when the package has it: its columns
 * (the first one, "id", required) for every row, by id.
 */
static int read_table(reader *r, table *t, const char *name,
                      mb_csv_column *cols, size_t ncols)
{
    const mb_dp_resource *res = NULL;
    char *label = NULL;
    mb_csv c;
    size_t k, cap = 64;
    int rc;

    t->name = name;
    t->ncols = ncols;
    for (k = 0; k < r->dp->nresources && !res; k++)
        if (r->dp->resources[k].name && r->dp->resources[k].text &&
            strcmp(r->dp->resources[k].name, name) == 0)
            res = &r->dp->resources[k];
    if (!res)
        return 0;
    if (!(label = mb_sprintf("%s/%s", r->dp->source, res->path)))
        return MB_ENOMEM;
    mb_csv_init(&c, res->text, res->text_len, label);
    if ((rc = mb_csv_header(&c, cols, ncols)) < 0 ||
        (rc = mb_i64map_init(&t->rows, 64)) < 0)
        goto out;
    t->cells = mb_alloc_array(cap * ncols, sizeof *t->cells);
    if (!t->cells) {
        rc = MB_ENOMEM;
        goto out;
    }
    while ((rc = mb_csv_next(&c)) > 0) {
        int64_t id = 0, old;

        if ((rc = parse_id(&c, cols[0].index, &id)) < 0)
            break;
        if (mb_i64map_get(&t->rows, id, &old)) {
            rc = mb_error_set(MB_EFORMAT, "%s:%zu: id %lld is there twice",
                              label, c.record_line, (long long)id);
            break;
        }
        if (t->nrows == cap) {
            const char **p = mb_realloc(t->cells, 2 * cap * ncols * sizeof *p);

            if (!p) {
                rc = MB_ENOMEM;
                break;
            }
            t->cells = p;
            cap *= 2;
        }
        for (k = 0; k < ncols; k++)
            t->cells[t->nrows * ncols + k] = mb_csv_field(&c, cols[k].index);
        if ((rc = mb_i64map_put(&t->rows, id, (int64_t)t->nrows)) < 0)
            break;
        t->nrows++;
    }
out:
    mb_csv_destroy(&c);
    mb_free(label);
    return rc;
}

/* Cell `col` of the row with that id, or NULL when absent or empty. */
static const char *cell(const table *t, int64_t id, int col)
{
    int64_t row;
    const char *s;

    if (!t->cells || !mb_i64map_get(&t->rows, id, &row))
        return NULL;
    s = t->cells[(size_t)row * t->ncols + (size_t)col];
    return s && *s ? s : NULL;
}

static void table_destroy(table *t)
{
    mb_free(t->cells);
    if (t->rows.keys)
        mb_i64map_destroy(&t->rows);
}

static int read_tables(reader *r)
{
    mb_csv_column acts[A_NCOLS] = {
        {"id", 1, -1},      {"code", 0, -1},
        {"name", 0, -1},    {"reference product", 0, -1},
        {"unit", 0, -1},    {"location", 0, -1},
        {"category", 0, -1}};
    mb_csv_column flows[F_NCOLS] = {{"id", 1, -1},       {"code", 0, -1},
                                    {"name", 0, -1},     {"unit", 0, -1},
                                    {"category", 0, -1}, {"direction", 0, -1}};
    mb_csv_column methods[M_NCOLS] = {{"name", 1, -1}, {"unit", 0, -1}};
    const mb_dp_resource *res;
    size_t k;
    int rc;

    if ((rc = read_table(r, &r->acts, "activities", acts, A_NCOLS)) < 0 ||
        (rc = read_table(r, &r->flows, "flows", flows, F_NCOLS)) < 0)
        return rc;
    /* methods: keyed by name, so read by hand into cells */
    for (k = 0; k < r->dp->nresources; k++) {
        mb_csv c;
        size_t cap = 16;

        res = &r->dp->resources[k];
        if (!res->name || !res->text || strcmp(res->name, "methods") != 0)
            continue;
        r->methods.ncols = M_NCOLS;
        mb_csv_init(&c, res->text, res->text_len, res->path);
        r->methods.cells =
            mb_alloc_array(cap * M_NCOLS, sizeof *r->methods.cells);
        rc = r->methods.cells ? mb_csv_header(&c, methods, M_NCOLS) : MB_ENOMEM;
        while (rc >= 0 && (rc = mb_csv_next(&c)) > 0) {
            if (r->methods.nrows == cap) {
                const char **p =
                    mb_realloc(r->methods.cells, 2 * cap * M_NCOLS * sizeof *p);

                if (!p) {
                    rc = MB_ENOMEM;
                    break;
                }
                r->methods.cells = p;
                cap *= 2;
            }
            r->methods.cells[r->methods.nrows * M_NCOLS + M_NAME] =
                mb_csv_field(&c, methods[M_NAME].index);
            r->methods.cells[r->methods.nrows * M_NCOLS + M_UNIT] =
                mb_csv_field(&c, methods[M_UNIT].index);
            r->methods.nrows++;
        }
        mb_csv_destroy(&c);
        return rc;
    }
    return 0;
}

/* The unit of category `name` from the "methods" table, or NULL. */
static const char *method_unit(const reader *r, const char *name)
{
    size_t k;

    for (k = 0; k < r->methods.nrows; k++)
        if (strcmp(r->methods.cells[k * M_NCOLS + M_NAME], name) == 0)
            return *r->methods.cells[k * M_NCOLS + M_UNIT]
                       ? r->methods.cells[k * M_NCOLS + M_UNIT]
                       : NULL;
    return NULL;
}

/*
 * The categories of the "methods" table first, in its order (the order of
 * the compiled system), so that one without factors (no group: see
 * cli/export_datapackage.c) is a category all the same.
 */
static int table_categories(reader *r)
{
    size_t k, g;
    int rc;

    for (k = 0; k < r->methods.nrows; k++) {
        const char *name = r->methods.cells[k * M_NCOLS + M_NAME];

        if (*name && (rc = category_index(r, name, &g)) < 0)
            return rc;
    }
    return 0;
}

/* ---- reference data -------------------------------------------------- */

/* 1 the first time `key` is seen, 0 after; or an error. */
static int first_time(reader *r, const char *key)
{
    int rc = mb_strmap_add(&r->seen, key, 0, NULL);

    return rc < 0 ? rc : rc == 0;
}

/*
 * The flow property of a unit named `unit` (NULL: none), handing its unit
 * group and property to the sink the first time: a group of that one unit.
 */
static int unit_property(reader *r, const char *unit, char **property)
{
    char *group = NULL, *uid = NULL;
    int rc = 0;

    *property = NULL;
    if (!unit)
        return 0;
    *property = mb_sprintf("dp-property:%s", unit);
    group = mb_sprintf("dp-unit-group:%s", unit);
    uid = mb_sprintf("dp-unit:%s", unit);
    if (!*property || !group || !uid) {
        rc = MB_ENOMEM;
    } else if ((rc = first_time(r, group)) > 0) {
        mb_lci_unit u = {uid, unit, 1.0, 1};
        mb_lci_unit_group g = {group, unit, 1, &u};
        mb_lci_flow_property p = {*property, unit, group};

        rc = EMIT(r, unit_group, &g);
        if (rc == 0)
            rc = EMIT(r, flow_property, &p);
    }
    mb_free(group);
    mb_free(uid);
    return rc;
}

/* Hand a flow over once (by id). */
static int emit_flow(reader *r, const char *id, const char *name,
                     mb_flow_type type, const char *category, const char *unit)
{
    mb_lci_property_factor pf = {NULL, 1.0, 1};
    mb_lci_flow f;
    char *property = NULL;
    int rc;

    if ((rc = first_time(r, id)) <= 0)
        return rc;
    if ((rc = unit_property(r, unit, &property)) < 0)
        return rc;
    memset(&f, 0, sizeof f);
    f.id = id;
    f.name = name ? name : id;
    f.type = type;
    f.category = category;
    pf.property_id = property;
    f.nproperties = property ? 1 : 0;
    f.properties = property ? &pf : NULL;
    rc = EMIT(r, flow, &f);
    mb_free(property);
    return rc;
}

/* A location by name: "dp-location:<name>", handed over once. */
static int location_id(reader *r, const char *name, char **out)
{
    int rc;

    *out = NULL;
    if (!name)
        return 0;
    if (!(*out = mb_sprintf("dp-location:%s", name)))
        return MB_ENOMEM;
    if ((rc = first_time(r, *out)) > 0) {
        mb_lci_location l = {*out, name, name};

        rc = EMIT(r, location, &l);
    }
    return rc < 0 ? rc : 0;
}

/* ---- technosphere: processes ----------------------------------------- */

static int64_t row_pos(const reader *r, int64_t id)
{
    return mb_i64_bsearch(r->row_ids, r->nrows, id);
}

/* Take entry k as the reference of column c when its row is free. */
static int take(reader *r, size_t c, size_t k)
{
    int64_t p = row_pos(r, r->tech.e[k].row);

    if (r->row_col[p] >= 0)
        return 0;
    r->row_col[p] = (int64_t)c;
    r->ref[c] = (int64_t)k;
    return 1;
}

/* Each column's reference entry (see the comment at the top). */
static int match_references(reader *r)
{
    size_t c, k;
    int pass;

    for (c = 0; c < r->ncols; c++)
        for (k = r->col_start[c]; k < r->col_start[c + 1]; k++)
            if (r->tech.e[k].row == r->col_ids[c] && take(r, c, k))
                break;
    for (pass = 0; pass < 3; pass++)
        for (c = 0; c < r->ncols; c++) {
            size_t npos = 0, last = 0;

            if (r->ref[c] >= 0)
                continue;
            for (k = r->col_start[c]; k < r->col_start[c + 1]; k++) {
                const entry *e = &r->tech.e[k];

                if (r->row_col[row_pos(r, e->row)] >= 0 ||
                    (pass < 2 ? !(e->val > 0) : e->val == 0))
                    continue;
                npos++;
                last = k;
                if (pass > 0) /* the first free one */
                    break;
            }
            if (npos == 1 || (pass > 0 && npos > 0))
                take(r, c, last);
        }
    for (c = 0; c < r->ncols; c++)
        if (r->ref[c] < 0)
            return mb_error_set(MB_EFORMAT,
                                "%s: technosphere column %lld: no product "
                                "left to be its reference (each activity "
                                "needs a row of its own with a nonzero "
                                "entry)",
                                r->dp->source, (long long)r->col_ids[c]);
    return 0;
}

static int index_technosphere(reader *r)
{
    size_t k, c;
    int rc;

    merge(&r->tech, 0);
    if ((rc = unique_ids(&r->tech, 0, &r->col_ids, &r->ncols)) < 0 ||
        (rc = unique_ids(&r->tech, 1, &r->row_ids, &r->nrows)) < 0)
        return rc;
    r->col_start = mb_calloc(r->ncols + 1, sizeof *r->col_start);
    r->ref = mb_alloc_array(r->ncols + 1, sizeof *r->ref);
    r->row_col = mb_alloc_array(r->nrows + 1, sizeof *r->row_col);
    r->process_ids = mb_calloc(r->ncols + 1, sizeof *r->process_ids);
    r->product_ids = mb_calloc(r->nrows + 1, sizeof *r->product_ids);
    if (!r->col_start || !r->ref || !r->row_col || !r->process_ids ||
        !r->product_ids)
        return MB_ENOMEM;
    for (k = 0, c = 0; k < r->tech.n; k++) {
        while (r->col_ids[c] != r->tech.e[k].col)
            r->col_start[++c] = k;
    }
    while (c < r->ncols)
        r->col_start[++c] = r->tech.n;
    for (c = 0; c < r->ncols; c++)
        r->ref[c] = -1;
    for (k = 0; k < r->nrows; k++)
        r->row_col[k] = -1;
    return match_references(r);
}

/* Process ids: the table's code (made unique), else dp-activity:<id>. */
static int name_processes(reader *r)
{
    mb_strmap used;
    size_t c;
    int rc = mb_strmap_init(&used, r->ncols + 1);

    for (c = 0; rc == 0 && c < r->ncols; c++) {
        const char *code = cell(&r->acts, r->col_ids[c], A_CODE);
        char *id =
            code ? mb_strdup(code)
                 : mb_sprintf("dp-activity:%lld", (long long)r->col_ids[c]);

        if (id && (rc = mb_strmap_add(&used, id, 0, NULL)) == 1) {
            /* a process split by allocation: one column per product */
            mb_free(id);
            id = mb_sprintf("%s#%lld", code, (long long)r->col_ids[c]);
            rc = id ? mb_strmap_add(&used, id, 0, NULL) : 0;
            if (rc == 1)
                rc = mb_error_set(MB_EFORMAT,
                                  "%s: activity %lld: its code '%s' is "
                                  "used twice",
                                  r->dp->source, (long long)r->col_ids[c], id);
        }
        if (!id)
            rc = MB_ENOMEM;
        r->process_ids[c] = id;
    }
    mb_strmap_destroy(&used);
    return rc < 0 ? rc : 0;
}

/* Product flows: one per technosphere row, named by its column. */
static int emit_products(reader *r)
{
    size_t p;
    int rc;

    for (p = 0; p < r->nrows; p++) {
        int64_t c = r->row_col[p];
        int64_t act = c >= 0 ? r->col_ids[c] : -1;
        const char *name = c >= 0 ? cell(&r->acts, act, A_PRODUCT) : NULL;
        const char *unit = c >= 0 ? cell(&r->acts, act, A_UNIT) : NULL;

        r->product_ids[p] =
            c >= 0 && r->acts.cells
                ? mb_sprintf("dp-product:%s", r->process_ids[c])
                : mb_sprintf("dp-product:%lld", (long long)r->row_ids[p]);
        if (!r->product_ids[p])
            return MB_ENOMEM;
        if ((rc = emit_flow(r, r->product_ids[p], name, MB_FLOW_PRODUCT, NULL,
                            unit)) < 0)
            return rc;
    }
    return 0;
}

/*
 * The uncertainty of an exchange of amount `sign` times the entry's data
 * value, from the entry's distribution (stats_arrays parameters). One
 * whose parameters describe no distribution goes over as the package
 * gives it, for the compiler to report (its entry gets none). Kinds
 * metabol does not sample (Bernoulli, discrete uniform, generalized
 * extreme value, Student's t) are left out: docs/uncertainty-data.md.
 */
static void uncertainty_of(const entry *e, double sign, mb_lci_uncertainty *u)
{
    mb_dp_uncertainty d;
    mb_lci_uncertainty raw;

    memset(u, 0, sizeof *u);
    if (!e->dist)
        return;
    mb_dp_uncertainty_get(e->dist, e->k, &d);
    /* the distribution is of the data value: flip undone */
    if (mb_dp_uncertainty_to(&d, e->flipped ? -e->val : e->val, &raw,
                             NULL) < 0)
        return;
    if (mb_lci_uncertainty_check(&raw, NULL, 0) != 0)
        *u = raw;
    else
        mb_lci_uncertainty_scale(&raw, sign, u);
}

/* The data value's sign relative to the entry's value (flip undone). */
static double data_sign(const entry *e)
{
    return e->flipped ? -1.0 : 1.0;
}

static int64_t flow_pos(const reader *r, int64_t id)
{
    return mb_i64_bsearch(r->flow_ids, r->nflows, id);
}

/* The exchanges of column c: reference, inputs, elementary flows. */
static int fill_exchanges(reader *r, size_t c, mb_lci_exchange *x, size_t *nx,
                          size_t *bio_at)
{
    size_t k, n = 0;
    const entry *ref = &r->tech.e[r->ref[c]];

    memset(x, 0, (r->col_start[c + 1] - r->col_start[c]) * sizeof *x);
    x[n].internal_id = -1;
    x[n].flow_id = r->product_ids[row_pos(r, ref->row)];
    x[n].amount = ref->val;
    x[n].flags = MB_EXCHANGE_REFERENCE;
    uncertainty_of(ref, data_sign(ref), &x[n].uncertainty);
    n++;
    for (k = r->col_start[c]; k < r->col_start[c + 1]; k++) {
        const entry *e = &r->tech.e[k];
        int64_t p = row_pos(r, e->row);

        if ((int64_t)k == r->ref[c])
            continue;
        memset(&x[n], 0, sizeof x[n]);
        x[n].internal_id = -1;
        x[n].flow_id = r->product_ids[p];
        x[n].provider_id =
            r->row_col[p] >= 0 ? r->process_ids[r->row_col[p]] : NULL;
        x[n].amount = -e->val;
        x[n].flags = MB_EXCHANGE_INPUT;
        uncertainty_of(e, -data_sign(e), &x[n].uncertainty);
        n++;
    }
    *nx = n;
    while (*bio_at < r->bio.n && r->bio.e[*bio_at].col == r->col_ids[c]) {
        const entry *e = &r->bio.e[(*bio_at)++];
        int64_t f = flow_pos(r, e->row);
        const char *dir = cell(&r->flows, e->row, F_DIRECTION);

        memset(&x[*nx], 0, sizeof x[*nx]);
        x[*nx].internal_id = -1;
        x[*nx].flow_id = r->flow_names[f];
        x[*nx].amount = e->val;
        x[*nx].flags = dir && strcmp(dir, "input") == 0 ? MB_EXCHANGE_INPUT : 0;
        uncertainty_of(e, data_sign(e), &x[*nx].uncertainty);
        (*nx)++;
    }
    return 0;
}

static int emit_processes(reader *r)
{
    size_t c, bio_at = 0, most = 0, nx;
    mb_lci_exchange *x;
    int rc = 0;

    for (c = 0; c < r->ncols; c++)
        if (r->col_start[c + 1] - r->col_start[c] > most)
            most = r->col_start[c + 1] - r->col_start[c];
    x = mb_alloc_array(most + r->bio.n + 1, sizeof *x);
    if (!x)
        return MB_ENOMEM;
    for (c = 0; c < r->ncols && rc == 0; c++) {
        int64_t act = r->col_ids[c];
        const char *name = cell(&r->acts, act, A_NAME);
        char *loc = NULL;
        mb_lci_process p;

        memset(&p, 0, sizeof p);
        if ((rc = location_id(r, cell(&r->acts, act, A_LOCATION), &loc)) < 0 ||
            (rc = fill_exchanges(r, c, x, &nx, &bio_at)) < 0) {
            mb_free(loc);
            break;
        }
        p.id = r->process_ids[c];
        p.name = name ? name : p.id;
        p.category = cell(&r->acts, act, A_CATEGORY);
        p.location_id = loc;
        p.nexchanges = nx;
        p.exchanges = x;
        rc = EMIT(r, process, &p);
        mb_free(loc);
    }
    mb_free(x);
    return rc;
}

/* ---- biosphere and characterization: elementary flows ---------------- */

static int index_flows(reader *r)
{
    size_t k, n;
    int64_t *ids;

    merge(&r->bio, 0);
    merge(&r->cf, 1);
    ids = mb_alloc_array(r->bio.n + r->cf.n + 1, sizeof *ids);
    if (!ids)
        return MB_ENOMEM;
    for (k = 0, n = 0; k < r->bio.n; k++)
        ids[n++] = r->bio.e[k].row;
    for (k = 0; k < r->cf.n; k++)
        ids[n++] = r->cf.e[k].row;
    r->flow_ids = ids;
    r->nflows = mb_i64_sort_unique(ids, n);
    r->flow_names = mb_calloc(r->nflows + 1, sizeof *r->flow_names);
    if (!r->flow_names)
        return MB_ENOMEM;
    for (k = 0; k < r->bio.n; k++)
        if (mb_i64_bsearch(r->col_ids, r->ncols, r->bio.e[k].col) < 0)
            return mb_error_set(MB_EFORMAT,
                                "%s: biosphere entry (row id %lld, column "
                                "id %lld) names an activity with no "
                                "technosphere column",
                                r->dp->source, (long long)r->bio.e[k].row,
                                (long long)r->bio.e[k].col);
    for (k = 0; k < r->nflows; k++) {
        const char *code = cell(&r->flows, r->flow_ids[k], F_CODE);

        r->flow_names[k] =
            code ? mb_strdup(code)
                 : mb_sprintf("dp-flow:%lld", (long long)r->flow_ids[k]);
        if (!r->flow_names[k])
            return MB_ENOMEM;
    }
    return 0;
}

/* Elementary flows in the order of their rows (B's row order). */
static int emit_flows(reader *r)
{
    size_t k;
    int rc;

    for (k = 0; k < r->nflows; k++) {
        int64_t id = r->flow_ids[k];

        if ((rc = emit_flow(r, r->flow_names[k], cell(&r->flows, id, F_NAME),
                            MB_FLOW_ELEMENTARY, cell(&r->flows, id, F_CATEGORY),
                            cell(&r->flows, id, F_UNIT))) < 0)
            return rc;
    }
    return 0;
}

/* One impact category: the factors of group g (entries [*at, ...)). */
static int emit_category(reader *r, size_t g, size_t *at,
                         mb_lci_impact_factor *fx)
{
    const char *name = r->cat_names[g], *slash = strrchr(name, '/');
    mb_lci_impact_category cat;
    char *id = mb_sprintf("dp-category:%s", name);
    mb_strmap by_flow;
    size_t n = 0;
    int64_t j;
    int rc;

    if (!id)
        return MB_ENOMEM;
    if ((rc = mb_strmap_init(&by_flow, 64)) < 0) {
        mb_free(id);
        return rc;
    }
    for (; *at < r->cf.n && r->cf.e[*at].group == g; (*at)++) {
        const entry *e = &r->cf.e[*at];
        const char *flow = r->flow_names[flow_pos(r, e->row)];

        if (e->val == 0 || rc < 0)
            continue;
        if (mb_strmap_get(&by_flow, flow, &j)) {
            /* both directions of one flow: one factor */
            if (fx[j].value != e->val)
                rc = mb_error_set(MB_EFORMAT,
                                  "%s: category '%s': flow %s has the "
                                  "factors %g and %g",
                                  r->dp->source, name, flow, fx[j].value,
                                  e->val);
            continue;
        }
        if ((rc = mb_strmap_set(&by_flow, flow, (int64_t)n)) < 0)
            continue;
        memset(&fx[n], 0, sizeof fx[n]);
        fx[n].flow_id = flow;
        fx[n].value = e->val;
        uncertainty_of(e, data_sign(e), &fx[n].uncertainty);
        n++;
    }
    mb_strmap_destroy(&by_flow);
    memset(&cat, 0, sizeof cat);
    cat.id = id;
    cat.name = slash ? slash + 1 : name;
    cat.reference_unit = method_unit(r, name);
    cat.nfactors = n;
    cat.factors = fx;
    if (rc == 0)
        rc = EMIT(r, impact_category, &cat);
    mb_free(id);
    return rc;
}

/* Methods: the identifiers' heads, each with its categories, in order. */
static int emit_methods(reader *r)
{
    const char **ids = mb_calloc(r->ncats + 1, sizeof *ids);
    char **cat_ids = mb_calloc(r->ncats + 1, sizeof *cat_ids);
    unsigned char *done = mb_calloc(r->ncats + 1, 1);
    size_t g, h, n;
    int rc = 0;

    if (!ids || !cat_ids || !done)
        rc = MB_ENOMEM;
    for (g = 0; g < r->ncats && rc == 0; g++) {
        const char *slash = strrchr(r->cat_names[g], '/');
        size_t len = slash ? (size_t)(slash - r->cat_names[g]) : 0;
        mb_lci_impact_method m;
        char *head, *mid;

        if (!slash || done[g])
            continue;
        for (h = g, n = 0; h < r->ncats; h++)
            if (!done[h] &&
                strncmp(r->cat_names[h], r->cat_names[g], len) == 0 &&
                r->cat_names[h][len] == '/' &&
                !strchr(r->cat_names[h] + len + 1, '/')) {
                done[h] = 1;
                if (!(cat_ids[n] =
                          mb_sprintf("dp-category:%s", r->cat_names[h]))) {
                    rc = MB_ENOMEM;
                    break;
                }
                ids[n] = cat_ids[n];
                n++;
            }
        head = mb_sprintf("%.*s", (int)len, r->cat_names[g]);
        mid = head ? mb_sprintf("dp-method:%s", head) : NULL;
        if (rc == 0 && head && mid) {
            m.id = mid;
            m.name = head;
            m.ncategories = n;
            m.category_ids = ids;
            rc = EMIT(r, impact_method, &m);
        } else if (rc == 0) {
            rc = MB_ENOMEM;
        }
        mb_free(head);
        mb_free(mid);
        for (h = 0; h < n; h++) {
            mb_free(cat_ids[h]);
            cat_ids[h] = NULL;
        }
    }
    mb_free(ids);
    mb_free(cat_ids);
    mb_free(done);
    return rc;
}

static int emit_categories(reader *r)
{
    mb_lci_impact_factor *fx = mb_alloc_array(r->cf.n + 1, sizeof *fx);
    size_t g, at = 0;
    int rc = 0;

    if (!fx)
        return MB_ENOMEM;
    for (g = 0; g < r->ncats && rc == 0; g++)
        rc = emit_category(r, g, &at, fx);
    mb_free(fx);
    return rc < 0 ? rc : emit_methods(r);
}

/* ---- the whole ------------------------------------------------------- */

static void free_strings(char **v, size_t n)
{
    size_t k;

    for (k = 0; v && k < n; k++)
        mb_free(v[k]);
    mb_free(v);
}

static void reader_destroy(reader *r)
{
    mb_free(r->tech.e);
    mb_free(r->bio.e);
    mb_free(r->cf.e);
    table_destroy(&r->acts);
    table_destroy(&r->flows);
    mb_free(r->methods.cells);
    free_strings(r->cat_names, r->ncats);
    mb_free(r->col_ids);
    mb_free(r->row_ids);
    mb_free(r->col_start);
    mb_free(r->ref);
    mb_free(r->row_col);
    free_strings(r->process_ids, r->ncols);
    free_strings(r->product_ids, r->nrows);
    mb_free(r->flow_ids);
    free_strings(r->flow_names, r->nflows);
    mb_strmap_destroy(&r->seen);
}

static int read_package(const mb_datapackage *dp, const mb_lci_sink *sink)
{
    reader r;
    int rc;

    memset(&r, 0, sizeof r);
    r.dp = dp;
    r.sink = sink;
    if ((rc = mb_strmap_init(&r.seen, 256)) < 0)
        return rc;
    if ((rc = read_tables(&r)) < 0 || (rc = table_categories(&r)) < 0 ||
        (rc = gather(&r, "technosphere_matrix", &r.tech)) < 0 ||
        (rc = gather(&r, "biosphere_matrix", &r.bio)) < 0 ||
        (rc = gather(&r, "characterization_matrix", &r.cf)) < 0)
        goto out;
    if (r.tech.n == 0 && r.ncats == 0) {
        rc = mb_error_set(MB_EFORMAT,
                          "%s: no technosphere or characterization entries: "
                          "nothing to import",
                          dp->source);
        goto out;
    }
    if ((rc = index_technosphere(&r)) < 0 || (rc = index_flows(&r)) < 0 ||
        (rc = name_processes(&r)) < 0 || (rc = emit_flows(&r)) < 0 ||
        (rc = emit_products(&r)) < 0 || (rc = emit_processes(&r)) < 0 ||
        (rc = emit_categories(&r)) < 0)
        goto out;
out:
    reader_destroy(&r);
    return rc;
}

/* Read a package just opened (rc), then free it. */
static int read_opened(mb_datapackage *dp, int rc, const mb_lci_sink *sink)
{
    if (rc == 0)
        rc = read_package(dp, sink);
    mb_datapackage_free(dp);
    return rc;
}

int mb_datapackage_read(const char *path, const mb_lci_sink *sink)
{
    mb_datapackage *dp = NULL;
    int rc = mb_datapackage_open(&dp, path,
                                 MB_DP_LOAD_DISTRIBUTIONS | MB_DP_LOAD_TEXT);

    return read_opened(dp, rc, sink);
}

int mb_datapackage_read_buffer(const void *zip, size_t len, const char *label,
                               const mb_lci_sink *sink)
{
    mb_datapackage *dp = NULL;
    int rc = mb_datapackage_from_buffer(
        &dp, zip, len, label, MB_DP_LOAD_DISTRIBUTIONS | MB_DP_LOAD_TEXT);

    return read_opened(dp, rc, sink);
}
