/*
 * system.c - compile datapackages into the matrices of an LCA, as bw2calc
 * 2.x does with matrix_utils (github.com/brightway-lca/matrix_utils,
 * MappedMatrix): each id space is the sorted set of ids that occur (rows of
 * the technosphere = products, columns = activities, rows of the biosphere =
 * flows); values marked `flip` are negated; duplicates are summed. The
 * characterization, normalization and weighting matrices are diagonal in
 * bw2calc and are kept here as one vector per method; their entries for
 * flows absent from the biosphere are dropped, as bw2calc drops them.
 * Each group's entries are read by mb_dp_entries_load
 * (src/formats/datapackage.c), which the importer shares.
 *
 * Distributions (when the packages were opened with
 * MB_DP_LOAD_DISTRIBUTIONS): each entry's stats_arrays parameters become
 * the distribution of its data value (mb_dp_uncertainty_to), negated with
 * the value when flipped, and go to the nonzero the entry lands on; a
 * nonzero several entries add up to gets none, as the compiler does
 * (entry_uncertainty.c). Entries whose distribution describes none, or is
 * of a kind metabol does not sample, are counted and the first one named
 * (mb_system.invalid_distributions) by package, resource and entry.
 */
#include <string.h>
#include <strings.h>

#include "core/core.h"
#include "metabol/model.h"
#include "model/lcidb_internal.h"
#include "metabol/param_model.h"

/* One group of a matrix in one package: its entries. */
typedef struct part {
    const mb_datapackage *dp;
    mb_dp_entries e;
} part;

typedef struct part_list {
    part *items;
    size_t count;
} part_list;

static int find_parts(part_list *out, mb_datapackage *const *dps, size_t ndps,
                      const char *matrix)
{
    size_t d, k, total = 0;
    int rc;

    out->items = NULL;
    out->count = 0;
    for (d = 0; d < ndps; d++)
        total += dps[d]->nresources;
    out->items = mb_calloc(total + 1, sizeof *out->items);
    if (!out->items)
        return MB_ENOMEM;
    for (d = 0; d < ndps; d++) {
        const mb_datapackage *dp = dps[d];

        for (k = 0; k < dp->nresources; k++) {
            const mb_dp_resource *r = &dp->resources[k];
            part *p;

            if (!r->matrix || strcmp(r->matrix, matrix) != 0 || !r->kind ||
                strcmp(r->kind, "indices") != 0)
                continue;
            p = &out->items[out->count++];
            p->dp = dp;
            if ((rc = mb_dp_entries_load(&p->e, dp, r)) < 0)
                return rc;
        }
    }
    return 0;
}

static void parts_free(part_list *l)
{
    size_t q;

    for (q = 0; q < l->count; q++)
        mb_dp_entries_free(&l->items[q].e);
    mb_free(l->items);
}

/*
 * An id space: the sorted unique ids of the rows or columns of the parts.
 * Lookup is a direct table over [min, max] when the ids are dense enough
 * (Brightway ids are database row numbers: they are), else a hash map.
 */
typedef struct id_space {
    int64_t *ids;   /* sorted */
    int64_t n;
    int64_t min;
    int64_t *table; /* position of id - min, or -1; NULL: use map */
    int64_t span;
    mb_i64map map;
} id_space;

static void id_space_destroy(id_space *s)
{
    mb_free(s->ids);
    mb_free(s->table);
    mb_i64map_destroy(&s->map);
}

/* Position of id, or -1. */
static int64_t id_space_find(const id_space *s, int64_t id)
{
    int64_t pos;

    if (s->table) {
        uint64_t off = (uint64_t)id - (uint64_t)s->min;

        return off < (uint64_t)s->span ? s->table[off] : -1;
    }
    return mb_i64map_get(&s->map, id, &pos) ? pos : -1;
}

static int id_space_build(id_space *s, const part_list *parts, int use_rows)
{
    int64_t k, total = 0, lo = INT64_MAX, hi = INT64_MIN, pos;
    size_t q;
    int rc;

    memset(s, 0, sizeof *s);
    for (q = 0; q < parts->count; q++) {
        const part *p = &parts->items[q];
        const int64_t *ids = use_rows ? p->e.rows : p->e.cols;

        for (k = 0; k < p->e.n; k++) {
            if (ids[k] < lo)
                lo = ids[k];
            if (ids[k] > hi)
                hi = ids[k];
        }
        total += p->e.n;
    }
    if (total > 0 && (uint64_t)hi - (uint64_t)lo < (uint64_t)(8 * total + 4096)) {
        /* Dense ids: mark, then number in ascending order; no sort. */
        s->min = lo;
        s->span = hi - lo + 1;
        s->table = mb_alloc_array((size_t)s->span, sizeof *s->table);
        if (!s->table)
            return MB_ENOMEM;
        for (k = 0; k < s->span; k++)
            s->table[k] = -1;
        for (q = 0; q < parts->count; q++) {
            const part *p = &parts->items[q];
            const int64_t *ids = use_rows ? p->e.rows : p->e.cols;

            for (k = 0; k < p->e.n; k++)
                s->table[ids[k] - lo] = 0;
        }
        for (k = 0; k < s->span; k++)
            if (s->table[k] == 0)
                s->n++;
        s->ids = mb_alloc_array((size_t)s->n + 1, sizeof *s->ids);
        if (!s->ids)
            return MB_ENOMEM;
        for (k = 0, pos = 0; k < s->span; k++)
            if (s->table[k] == 0) {
                s->ids[pos] = lo + k;
                s->table[k] = pos++;
            }
        return 0;
    }
    /* Sparse ids: hash the distinct ones, sort them, number them. */
    if ((rc = mb_i64map_init(&s->map, 1024)) < 0)
        return rc;
    for (q = 0; q < parts->count; q++) {
        const part *p = &parts->items[q];
        const int64_t *ids = use_rows ? p->e.rows : p->e.cols;

        for (k = 0; k < p->e.n; k++)
            if ((k == 0 || ids[k] != ids[k - 1]) &&
                (rc = mb_i64map_put(&s->map, ids[k], 0)) < 0)
                return rc;
    }
    s->ids = mb_alloc_array(s->map.count + 1, sizeof *s->ids);
    if (!s->ids)
        return MB_ENOMEM;
    for (q = 0; q < s->map.cap; q++)
        if (s->map.used[q])
            s->ids[s->n++] = s->map.keys[q];
    s->n = (int64_t)mb_i64_sort_unique(s->ids, (size_t)s->n);
    for (pos = 0; pos < s->n; pos++)
        if ((rc = mb_i64map_put(&s->map, s->ids[pos], pos)) < 0)
            return rc;
    return 0;
}

/*
 * Column positions of a part's entries, computed on the fly: entries of one
 * activity come together in Brightway data, so the last lookup is cached.
 */
typedef struct col_cursor {
    int64_t last_id, col;
} col_cursor;

static int64_t cursor_col(col_cursor *c, const id_space *cols, int64_t id)
{
    if (c->col < 0 || id != c->last_id) {
        c->last_id = id;
        c->col = id_space_find(cols, id);
    }
    return c->col;
}

/*
 * Fill a matrix from parts with the given row and column spaces: count the
 * entries of each column, place them, then sort and sum duplicates. No
 * intermediate triplet arrays: this runs on every ecoinvent-sized load.
 */
static int build_matrix(mb_csc **out, const part_list *parts,
                        const id_space *rows, const id_space *cols,
                        const char *what)
{
    int64_t total = 0, k, j, *next = NULL;
    mb_csc *a = NULL;
    size_t q;
    int rc;

    *out = NULL;
    for (q = 0; q < parts->count; q++)
        total += parts->items[q].e.n;
    if ((rc = mb_csc_new(&a, rows->n, cols->n, total)) < 0)
        return rc;
    for (q = 0; q < parts->count; q++) {
        const part *p = &parts->items[q];
        col_cursor cur = {0, -1};

        for (k = 0; k < p->e.n; k++) {
            int64_t col = cursor_col(&cur, cols, p->e.cols[k]);

            if (col < 0) {
                rc = mb_error_set(MB_EFORMAT,
                                  "%s/%s: %s entry %lld names activity "
                                  "%lld, which has no technosphere entry",
                                  p->dp->source, p->e.indices->path, what,
                                  (long long)k, (long long)p->e.cols[k]);
                goto done;
            }
            a->p[col + 1]++;
        }
    }
    for (j = 0; j < cols->n; j++)
        a->p[j + 1] += a->p[j];
    next = mb_alloc_array((size_t)cols->n + 1, sizeof *next);
    if (!next) {
        rc = MB_ENOMEM;
        goto done;
    }
    memcpy(next, a->p, (size_t)cols->n * sizeof *next);
    for (q = 0; q < parts->count; q++) {
        const part *p = &parts->items[q];
        col_cursor cur = {0, -1};

        for (k = 0; k < p->e.n; k++) {
            int64_t at = next[cursor_col(&cur, cols, p->e.cols[k])]++;

            a->i[at] = id_space_find(rows, p->e.rows[k]);
            a->x[at] = p->e.vals[k];
        }
    }
    rc = mb_csc_sum_duplicates(a);
done:
    mb_free(next);
    if (rc < 0)
        mb_csc_free(a);
    else
        *out = a;
    return rc;
}

/* Whether any part carries distributions. */
static int any_dists(const part_list *parts)
{
    size_t q;

    for (q = 0; q < parts->count; q++)
        if (parts->items[q].e.distributions)
            return 1;
    return 0;
}

/*
 * The distribution of entry k of part p, for the value it has in the
 * matrix (flip applied) into *u; none, with the entry counted in bad,
 * when not valid or not sampled. *key numbers the entries of all parts.
 */
static int entry_dist(const part *p, int64_t k, const char *what,
                      mb_dist_issues *bad, int64_t key,
                      mb_lci_uncertainty *u)
{
    const mb_dp_resource *flip = p->e.flip, *dist = p->e.distributions;
    int flipped = flip && mb_npy_get_i64(flip->array, 0, k) != 0;
    double data = flipped ? -p->e.vals[k] : p->e.vals[k];
    mb_dp_uncertainty d;
    mb_lci_uncertainty raw;
    const char *kind;
    int rc;

    memset(u, 0, sizeof *u);
    mb_dp_uncertainty_get(dist->array, k, &d);
    if (mb_dp_uncertainty_to(&d, data, &raw, &kind) < 0)
        return mb_dist_issue_unsupported(
            bad, key, kind, d.type,
            "%s/%s: %s entry %lld (row id %lld, column id %lld)",
            p->dp->source, dist->path, what, (long long)k,
            (long long)p->e.rows[k], (long long)p->e.cols[k]);
    if ((rc = mb_dist_issue(bad, key, &raw,
                            "%s/%s: %s entry %lld (row id %lld, column id "
                            "%lld)",
                            p->dp->source, dist->path, what, (long long)k,
                            (long long)p->e.rows[k],
                            (long long)p->e.cols[k])) < 0)
        return rc;
    mb_lci_uncertainty_scale(&raw, flipped ? -1 : 1, u);
    return 0;
}

/*
 * The distributions of the nonzeros of a (built from parts) into *out,
 * NULL when no part has any or no entry keeps one.
 */
static int matrix_dists(mb_lci_uncertainty **out, const mb_csc *a,
                        const part_list *parts, const id_space *rows,
                        const id_space *cols, const char *what,
                        mb_dist_issues *bad, int64_t *key)
{
    int64_t nnz = mb_csc_nnz(a), k;
    mb_lci_uncertainty *u = NULL, d;
    unsigned char *count = NULL;
    size_t q;
    int rc = 0, keep = 0;

    *out = NULL;
    if (!any_dists(parts))
        return 0;
    u = mb_calloc((size_t)nnz + 1, sizeof *u);
    count = mb_calloc((size_t)nnz + 1, 1);
    if (!u || !count) {
        rc = MB_ENOMEM;
        goto done;
    }
    for (q = 0; q < parts->count; q++) {
        const part *p = &parts->items[q];

        for (k = 0; k < p->e.n; k++) {
            int64_t at = mb_csc_position(
                a, id_space_find(rows, p->e.rows[k]),
                id_space_find(cols, p->e.cols[k]));

            if (at < 0) /* defensive: every entry has its nonzero */
                continue;
            if (count[at] < 2)
                count[at]++;
            if (!p->e.distributions)
                continue;
            if ((rc = entry_dist(p, k, what, bad, (*key)++, &d)) < 0)
                goto done;
            u[at] = d;
        }
    }
    for (k = 0; k < nnz; k++) {
        if (count[k] > 1)
            memset(&u[k], 0, sizeof u[k]); /* a sum of several entries */
        keep |= u[k].type != MB_DIST_NONE;
    }
done:
    mb_free(count);
    if (rc == 0 && keep)
        *out = u;
    else
        mb_free(u);
    return rc;
}

/* Name of a diagonal group: its identifier, else its group name. */
static const char *group_name(const part *p)
{
    return p->e.indices->identifier ? p->e.indices->identifier
                                  : p->e.indices->group;
}

/*
 * Vectors over flows, one per distinct group name (several packages may
 * contribute to one method). Entries of unknown flows are dropped. The
 * vectors go to *out as they are made, so mb_system_free releases them
 * whatever happens.
 */
static int build_flow_vectors(mb_flow_vector **out, size_t *count,
                              const part_list *parts, const id_space *flows)
{
    mb_flow_vector *vecs;
    size_t q, m;
    int64_t k;

    vecs = *out = mb_calloc(parts->count + 1, sizeof *vecs);
    if (!vecs)
        return MB_ENOMEM;
    for (q = 0; q < parts->count; q++) {
        const part *p = &parts->items[q];
        const char *name = group_name(p);

        for (m = 0; m < *count && strcmp(vecs[m].name, name) != 0; m++)
            ;
        if (m == *count) {
            (*count)++;
            vecs[m].name = mb_strdup(name);
            vecs[m].values = mb_calloc((size_t)flows->n + 1, sizeof(double));
            if (!vecs[m].name || !vecs[m].values)
                return MB_ENOMEM;
        }
        for (k = 0; k < p->e.n; k++) {
            int64_t f = id_space_find(flows, p->e.rows[k]);

            if (f >= 0)
                vecs[m].values[f] += p->e.vals[k];
        }
    }
    return 0;
}

/*
 * The distributions of the method vectors (s->methods, built from parts)
 * into s->C_uncertainty, as matrix_dists does for a matrix.
 */
static int vector_dists(mb_system *s, const part_list *parts,
                        const id_space *flows, mb_dist_issues *bad,
                        int64_t *key)
{
    size_t nf = (size_t)flows->n + 1, q, m;
    unsigned char *count = NULL;
    mb_lci_uncertainty d;
    int64_t k, f;
    int rc = 0;

    if (!any_dists(parts))
        return 0;
    s->C_uncertainty = mb_calloc(parts->count + 1, sizeof *s->C_uncertainty);
    count = mb_calloc(s->nmethods * nf + 1, 1);
    if (!s->C_uncertainty || !count) {
        rc = MB_ENOMEM;
        goto done;
    }
    for (q = 0; q < parts->count; q++) {
        const part *p = &parts->items[q];
        const char *name = group_name(p);

        for (m = 0; strcmp(s->methods[m].name, name) != 0; m++)
            ;
        if (p->e.distributions && !s->C_uncertainty[m] &&
            !(s->C_uncertainty[m] = mb_calloc(nf, sizeof(mb_lci_uncertainty)))) {
            rc = MB_ENOMEM;
            goto done;
        }
        for (k = 0; k < p->e.n; k++) {
            unsigned char *c;

            if ((f = id_space_find(flows, p->e.rows[k])) < 0)
                continue; /* dropped, as its value */
            c = &count[m * nf + (size_t)f];
            if (*c < 2)
                (*c)++;
            if (!p->e.distributions)
                continue;
            if ((rc = entry_dist(p, k, "characterization", bad, (*key)++,
                                 &d)) < 0)
                goto done;
            s->C_uncertainty[m][f] = d;
        }
    }
    for (m = 0, q = 0; m < s->nmethods; m++) {
        int keep = 0;

        for (f = 0; s->C_uncertainty[m] && f < flows->n; f++) {
            if (count[m * nf + (size_t)f] > 1)
                memset(&s->C_uncertainty[m][f], 0, sizeof d);
            keep |= s->C_uncertainty[m][f].type != MB_DIST_NONE;
        }
        if (!keep) {
            mb_free(s->C_uncertainty[m]);
            s->C_uncertainty[m] = NULL;
        }
        q += keep;
    }
    if (q == 0) { /* no method keeps one */
        mb_free(s->C_uncertainty);
        s->C_uncertainty = NULL;
    }
done:
    mb_free(count);
    return rc;
}

/* Weighting sets: a scalar each (bw2calc's 1 x 1 weighting matrix). */
static int build_weightings(mb_system *s, const part_list *parts)
{
    size_t q, m;
    int64_t k;

    s->weightings = mb_calloc(parts->count + 1, sizeof *s->weightings);
    if (!s->weightings)
        return MB_ENOMEM;
    for (q = 0; q < parts->count; q++) {
        const part *p = &parts->items[q];
        const char *name = group_name(p);

        for (m = 0; m < s->nweightings &&
                    strcmp(s->weightings[m].name, name) != 0;
             m++)
            ;
        if (m == s->nweightings) {
            if (!(s->weightings[m].name = mb_strdup(name)))
                return MB_ENOMEM;
            s->nweightings++;
        }
        for (k = 0; k < p->e.n; k++)
            s->weightings[m].value += p->e.vals[k];
    }
    return 0;
}

static void copy_ids(int64_t **dst, int64_t *n, id_space *src)
{
    *dst = src->ids;
    *n = src->n;
    src->ids = NULL;
}

int mb_system_from_datapackages(mb_system **out, mb_datapackage *const *dps,
                                size_t ndps)
{
    part_list tech = {0}, bio = {0}, cf = {0}, norm = {0}, weight = {0};
    id_space products = {0}, activities = {0}, flows = {0};
    mb_dist_issues bad;
    int64_t key = 0;
    mb_system *s;
    int rc;

    memset(&bad, 0, sizeof bad);
    *out = NULL;
    s = mb_calloc(1, sizeof *s);
    if (!s)
        return MB_ENOMEM;
    if ((rc = find_parts(&tech, dps, ndps, "technosphere_matrix")) < 0 ||
        (rc = find_parts(&bio, dps, ndps, "biosphere_matrix")) < 0 ||
        (rc = find_parts(&cf, dps, ndps, "characterization_matrix")) < 0 ||
        (rc = find_parts(&norm, dps, ndps, "normalization_matrix")) < 0 ||
        (rc = find_parts(&weight, dps, ndps, "weighting_matrix")) < 0)
        goto done;
    if (tech.count == 0) {
        rc = mb_error_set(MB_EFORMAT,
                          "%s: no technosphere_matrix resources in the "
                          "datapackage%s",
                          ndps ? dps[0]->source : "(none)",
                          ndps > 1 ? "s" : "");
        goto done;
    }
    if ((rc = id_space_build(&products, &tech, 1)) < 0 ||
        (rc = id_space_build(&activities, &tech, 0)) < 0 ||
        (rc = id_space_build(&flows, &bio, 1)) < 0)
        goto done;
    if ((rc = build_matrix(&s->A, &tech, &products, &activities,
                           "technosphere")) < 0 ||
        (rc = build_matrix(&s->B, &bio, &flows, &activities, "biosphere")) <
            0 ||
        (rc = build_flow_vectors(&s->methods, &s->nmethods, &cf, &flows)) <
            0 ||
        (rc = build_flow_vectors(&s->normalizations, &s->nnormalizations,
                                 &norm, &flows)) < 0 ||
        (rc = build_weightings(s, &weight)) < 0 ||
        (rc = matrix_dists(&s->A_uncertainty, s->A, &tech, &products,
                           &activities, "technosphere", &bad, &key)) < 0 ||
        (rc = matrix_dists(&s->B_uncertainty, s->B, &bio, &flows,
                           &activities, "biosphere", &bad, &key)) < 0 ||
        (rc = vector_dists(s, &cf, &flows, &bad, &key)) < 0)
        goto done;
    mb_dist_issues_move(&bad, s);
    copy_ids(&s->product_ids, &s->nproducts, &products);
    copy_ids(&s->activity_ids, &s->nactivities, &activities);
    copy_ids(&s->flow_ids, &s->nflows, &flows);
done:
    mb_dist_issues_destroy(&bad);
    id_space_destroy(&products);
    id_space_destroy(&activities);
    id_space_destroy(&flows);
    parts_free(&tech);
    parts_free(&bio);
    parts_free(&cf);
    parts_free(&norm);
    parts_free(&weight);
    if (rc < 0)
        mb_system_free(s);
    else
        *out = s;
    return rc;
}

int64_t mb_system_product_index(const mb_system *s, int64_t id)
{
    return mb_i64_bsearch(s->product_ids, (size_t)s->nproducts, id);
}

int64_t mb_system_activity_index(const mb_system *s, int64_t id)
{
    return mb_i64_bsearch(s->activity_ids, (size_t)s->nactivities, id);
}

int64_t mb_system_flow_index(const mb_system *s, int64_t id)
{
    return mb_i64_bsearch(s->flow_ids, (size_t)s->nflows, id);
}

int64_t mb_system_method_index(const mb_system *s, const char *name)
{
    size_t m;

    for (m = 0; m < s->nmethods; m++)
        if (strcmp(s->methods[m].name, name) == 0)
            return (int64_t)m;
    return -1;
}

static void free_vectors(mb_flow_vector *v, size_t n)
{
    size_t k;

    for (k = 0; k < n; k++) {
        mb_free(v[k].name);
        mb_free(v[k].values);
    }
    mb_free(v);
}

int64_t mb_system_find_activity(const mb_system *s, const char *name_or_uuid)
{
    const mb_system_labels *l = s->labels;
    int64_t j;

    if (!l)
        return -1;
    for (j = 0; j < s->nactivities; j++)
        if (strcmp(l->activity_uuids[j], name_or_uuid) == 0)
            return j;
    for (j = 0; j < s->nactivities; j++)
        if (strcasecmp(l->activity_names[j], name_or_uuid) == 0)
            return j;
    return -1;
}

static void free_strings(char **v, int64_t n)
{
    int64_t k;

    if (!v)
        return;
    for (k = 0; k < n; k++)
        mb_free(v[k]);
    mb_free(v);
}

void mb_system_labels_free(mb_system_labels *l, int64_t nactivities,
                           int64_t nflows, size_t nmethods, int64_t ncutoffs)
{
    if (!l)
        return;
    free_strings(l->activity_names, nactivities);
    free_strings(l->activity_uuids, nactivities);
    free_strings(l->product_names, nactivities);
    free_strings(l->product_units, nactivities);
    free_strings(l->flow_names, nflows);
    free_strings(l->flow_categories, nflows);
    free_strings(l->flow_units, nflows);
    free_strings(l->flow_uuids, nflows);
    mb_free(l->flow_inputs);
    free_strings(l->method_units, (int64_t)nmethods);
    free_strings(l->cutoff_names, ncutoffs);
    free_strings(l->cutoff_units, ncutoffs);
    mb_free(l);
}

void mb_system_free(mb_system *s)
{
    size_t k;

    if (!s)
        return;
    mb_system_labels_free(s->labels, s->nactivities, s->nflows, s->nmethods,
                          s->cutoffs ? s->cutoffs->m : 0);
    mb_csc_free(s->cutoffs);
    mb_free(s->product_ids);
    mb_free(s->activity_ids);
    mb_free(s->flow_ids);
    mb_csc_free(s->A);
    mb_csc_free(s->B);
    mb_free(s->A_uncertainty);
    mb_free(s->B_uncertainty);
    for (k = 0; s->C_uncertainty && k < s->nmethods; k++)
        mb_free(s->C_uncertainty[k]);
    mb_free(s->C_uncertainty);
    mb_free(s->invalid_distribution);
    mb_param_model_free(s->params);
    free_vectors(s->methods, s->nmethods);
    free_vectors(s->normalizations, s->nnormalizations);
    for (k = 0; k < s->nweightings; k++)
        mb_free(s->weightings[k].name);
    mb_free(s->weightings);
    mb_free(s);
}
