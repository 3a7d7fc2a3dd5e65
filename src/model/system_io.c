/*
 * system_io.c - a compiled system (and the report of its compilation) as
 * one blob, for the project's cache of compiled models: a header (magic,
 * format version, sizes of the native types), then counts, arrays and
 * length-prefixed strings in the machine's byte order. The cache is local
 * to one machine; a blob from another layout is refused, and the caller
 * compiles again.
 */
#include <string.h>

#include "model/lcidb_internal.h"
#include "model/param_model_internal.h"

#define MAGIC "MBSYS\x06"
#define MAGIC_LEN 6

typedef struct writer {
    unsigned char *p;
    size_t len, cap;
    int failed;
} writer;

static void put(writer *w, const void *data, size_t n)
{
    if (w->failed || n == 0) /* nothing: data may be NULL */
        return;
    if (w->len + n > w->cap) {
        size_t cap = w->cap ? w->cap : 4096;
        unsigned char *q;

        while (cap < w->len + n)
            cap *= 2;
        if (!(q = mb_realloc(w->p, cap))) {
            w->failed = 1;
            return;
        }
        w->p = q;
        w->cap = cap;
    }
    memcpy(w->p + w->len, data, n);
    w->len += n;
}

static void put_i64(writer *w, int64_t v)
{
    put(w, &v, sizeof v);
}

static void put_str(writer *w, const char *s)
{
    int64_t n = s ? (int64_t)strlen(s) : -1;

    put_i64(w, n);
    if (s)
        put(w, s, (size_t)n);
}

static void put_strs(writer *w, char *const *v, int64_t n)
{
    int64_t k;

    put_i64(w, v ? n : -1);
    for (k = 0; v && k < n; k++)
        put_str(w, v[k]);
}

static void put_csc(writer *w, const mb_csc *a)
{
    int64_t nnz = a->p[a->n];

    put_i64(w, a->m);
    put_i64(w, a->n);
    put_i64(w, nnz);
    put(w, a->p, (size_t)(a->n + 1) * sizeof *a->p);
    put(w, a->i, (size_t)nnz * sizeof *a->i);
    put(w, a->x, (size_t)nnz * sizeof *a->x);
}

/* Distributions per nonzero (n of them), when there are: type and p. */
static void put_dists(writer *w, const mb_lci_uncertainty *u, int64_t n)
{
    int64_t k;

    put_i64(w, u != NULL);
    for (k = 0; u && k < n; k++) {
        put_i64(w, (int64_t)u[k].type);
        put(w, u[k].p, sizeof u[k].p);
    }
}

static void put_vectors(writer *w, const mb_flow_vector *v, size_t n,
                        int64_t nflows)
{
    size_t k;

    put_i64(w, (int64_t)n);
    for (k = 0; k < n; k++) {
        put_str(w, v[k].name);
        put(w, v[k].values, (size_t)nflows * sizeof(double));
    }
}

int mb_compiled_save(const mb_system *s, const mb_compile_report *r,
                     void **buf, size_t *len)
{
    writer w = {NULL, 0, 0, 0};
    const mb_system_labels *l = s->labels;
    int64_t header[3] = {sizeof(int64_t), sizeof(double), sizeof(size_t)};
    int64_t ncut = s->cutoffs ? s->cutoffs->m : 0;
    size_t k;

    put(&w, MAGIC, MAGIC_LEN);
    put(&w, header, sizeof header);
    put_i64(&w, s->nproducts);
    put_i64(&w, s->nactivities);
    put_i64(&w, s->nflows);
    put(&w, s->product_ids, (size_t)s->nproducts * sizeof(int64_t));
    put(&w, s->activity_ids, (size_t)s->nactivities * sizeof(int64_t));
    put(&w, s->flow_ids, (size_t)s->nflows * sizeof(int64_t));
    put_csc(&w, s->A);
    put_csc(&w, s->B);
    put_i64(&w, s->cutoffs != NULL);
    if (s->cutoffs)
        put_csc(&w, s->cutoffs);
    put_dists(&w, s->A_uncertainty, mb_csc_nnz(s->A));
    put_dists(&w, s->B_uncertainty, mb_csc_nnz(s->B));
    put_vectors(&w, s->methods, s->nmethods, s->nflows);
    put_i64(&w, s->C_uncertainty != NULL);
    for (k = 0; s->C_uncertainty && k < s->nmethods; k++)
        put_dists(&w, s->C_uncertainty[k], s->nflows);
    put_i64(&w, (int64_t)s->invalid_distributions);
    put_str(&w, s->invalid_distribution);
    put_vectors(&w, s->normalizations, s->nnormalizations, s->nflows);
    put_i64(&w, (int64_t)s->nweightings);
    for (k = 0; k < s->nweightings; k++) {
        put_str(&w, s->weightings[k].name);
        put(&w, &s->weightings[k].value, sizeof(double));
    }
    put_i64(&w, l != NULL);
    if (l) {
        put_strs(&w, l->activity_names, s->nactivities);
        put_strs(&w, l->activity_uuids, s->nactivities);
        put_strs(&w, l->product_names, s->nactivities);
        put_strs(&w, l->product_units, s->nactivities);
        put_strs(&w, l->flow_names, s->nflows);
        put_strs(&w, l->flow_categories, s->nflows);
        put_strs(&w, l->flow_units, s->nflows);
        put_strs(&w, l->flow_uuids, s->nflows);
        put(&w, l->flow_inputs, (size_t)s->nflows);
        put_strs(&w, l->method_units, (int64_t)s->nmethods);
        put_strs(&w, l->cutoff_names, ncut);
        put_strs(&w, l->cutoff_units, ncut);
    }
    put(&w, r, sizeof *r); /* counts; the pointers are rewritten on load */
    put_str(&w, r->no_product_name);
    put_strs(&w, r->unlinked_names, (int64_t)r->unlinked_flows);
    put(&w, r->unlinked_counts, r->unlinked_flows * sizeof(size_t));
    put_i64(&w, s->params != NULL);
    if (s->params) {
        void *pm = NULL;
        size_t n = 0;

        if (mb_param_model_save(s->params, &pm, &n) < 0)
            w.failed = 1;
        put_i64(&w, (int64_t)n);
        put(&w, pm, n);
        mb_free(pm);
    }
    if (w.failed) {
        mb_free(w.p);
        return MB_ENOMEM;
    }
    *buf = w.p;
    *len = w.len;
    return 0;
}

typedef struct reader {
    const unsigned char *p;
    size_t len, at;
    int bad;
} reader;

static int take(reader *r, void *out, size_t n)
{
    if (r->bad || n > r->len - r->at) {
        r->bad = 1;
        return -1;
    }
    memcpy(out, r->p + r->at, n);
    r->at += n;
    return 0;
}

static int64_t take_i64(reader *r)
{
    int64_t v = 0;

    take(r, &v, sizeof v);
    return v;
}

/* A count read back: non-negative and at most what the blob could hold. */
static int64_t take_count(reader *r, size_t unit)
{
    int64_t n = take_i64(r);

    if (n < 0 || (uint64_t)n > (r->len - r->at) / (unit ? unit : 1) + 1) {
        r->bad = 1;
        return 0;
    }
    return n;
}

static void *take_array(reader *r, int64_t n, size_t size)
{
    void *v = mb_alloc_array((size_t)n + 1, size);

    if (v && take(r, v, (size_t)n * size) < 0) {
        mb_free(v);
        return NULL;
    }
    if (!v)
        r->bad = 1;
    return v;
}

static char *take_str(reader *r)
{
    int64_t n = take_i64(r);
    char *s;

    if (n < 0 || r->bad || (size_t)n > r->len - r->at)
        return NULL;
    if (!(s = mb_malloc((size_t)n + 1))) {
        r->bad = 1;
        return NULL;
    }
    take(r, s, (size_t)n);
    s[n] = '\0';
    return s;
}

static char **take_strs(reader *r, int64_t expect)
{
    int64_t n = take_i64(r), k;
    char **v;

    if (n < 0)
        return NULL;
    if (n != expect) {
        r->bad = 1;
        return NULL;
    }
    if (!(v = mb_calloc((size_t)n + 1, sizeof *v))) {
        r->bad = 1;
        return NULL;
    }
    for (k = 0; k < n && !r->bad; k++)
        v[k] = take_str(r);
    return v;
}

/* Column pointers rising from 0 to nnz, row indices inside the matrix. */
static int valid_csc(const mb_csc *a)
{
    int64_t j, k;

    if (a->p[0] != 0)
        return 0;
    for (j = 0; j < a->n; j++)
        if (a->p[j + 1] < a->p[j])
            return 0;
    for (k = 0; k < a->p[a->n]; k++)
        if (a->i[k] < 0 || a->i[k] >= a->m)
            return 0;
    return 1;
}

static mb_csc *take_csc(reader *r)
{
    int64_t m = take_i64(r), n = take_count(r, sizeof(int64_t)), nnz;
    mb_csc *a = NULL;

    nnz = take_count(r, sizeof(int64_t) + sizeof(double));
    if (r->bad || m < 0 || mb_csc_new(&a, m, n, nnz) < 0) {
        r->bad = 1;
        return NULL;
    }
    take(r, a->p, (size_t)(n + 1) * sizeof *a->p);
    take(r, a->i, (size_t)nnz * sizeof *a->i);
    take(r, a->x, (size_t)nnz * sizeof *a->x);
    if (!r->bad && !valid_csc(a))
        r->bad = 1;
    return a;
}

/* put_dists' array for a matrix of n nonzeros (NULL when none). */
static mb_lci_uncertainty *take_dists(reader *r, int64_t n)
{
    mb_lci_uncertainty *u;
    int64_t k;

    if (take_i64(r) != 1 || r->bad)
        return NULL;
    if ((uint64_t)n > (r->len - r->at) / (sizeof(int64_t) + sizeof u->p)) {
        r->bad = 1; /* fewer bytes left than n entries take */
        return NULL;
    }
    u = mb_calloc((size_t)n + 1, sizeof *u);
    if (!u) {
        r->bad = 1;
        return NULL;
    }
    for (k = 0; k < n && !r->bad; k++) {
        int64_t type = take_i64(r);

        if (type < MB_DIST_NONE || type > MB_DIST_MAX)
            r->bad = 1;
        u[k].type = (mb_distribution)type;
        take(r, u[k].p, sizeof u[k].p);
    }
    return u;
}

static mb_flow_vector *take_vectors(reader *r, size_t *n, int64_t nflows)
{
    int64_t count = take_count(r, 8), k;
    mb_flow_vector *v = mb_calloc((size_t)count + 1, sizeof *v);

    if (!v) {
        r->bad = 1;
        return NULL;
    }
    *n = (size_t)count;
    for (k = 0; k < count && !r->bad; k++) {
        v[k].name = take_str(r);
        v[k].values = take_array(r, nflows, sizeof(double));
    }
    return v;
}

static void take_labels(reader *r, mb_system *s)
{
    mb_system_labels *l = mb_calloc(1, sizeof *l);

    if (!(s->labels = l)) {
        r->bad = 1;
        return;
    }
    l->activity_names = take_strs(r, s->nactivities);
    l->activity_uuids = take_strs(r, s->nactivities);
    l->product_names = take_strs(r, s->nactivities);
    l->product_units = take_strs(r, s->nactivities);
    l->flow_names = take_strs(r, s->nflows);
    l->flow_categories = take_strs(r, s->nflows);
    l->flow_units = take_strs(r, s->nflows);
    l->flow_uuids = take_strs(r, s->nflows);
    l->flow_inputs = take_array(r, s->nflows, 1);
    l->method_units = take_strs(r, (int64_t)s->nmethods);
    l->cutoff_names = take_strs(r, s->cutoffs ? s->cutoffs->m : 0);
    l->cutoff_units = take_strs(r, s->cutoffs ? s->cutoffs->m : 0);
}

int mb_compiled_load(mb_system **out, mb_compile_report *report,
                     const void *buf, size_t len)
{
    reader r = {buf, len, 0, 0};
    int64_t header[3], expect[3] = {sizeof(int64_t), sizeof(double),
                                    sizeof(size_t)};
    char magic[MAGIC_LEN];
    mb_system *s = mb_calloc(1, sizeof *s);
    int64_t k;

    *out = NULL;
    memset(report, 0, sizeof *report);
    if (!s)
        return MB_ENOMEM;
    if (take(&r, magic, MAGIC_LEN) < 0 || memcmp(magic, MAGIC, MAGIC_LEN) ||
        take(&r, header, sizeof header) < 0 ||
        memcmp(header, expect, sizeof header))
        r.bad = 1;
    s->nproducts = take_count(&r, 8);
    s->nactivities = take_count(&r, 8);
    s->nflows = take_count(&r, 8);
    if (!r.bad) {
        s->product_ids = take_array(&r, s->nproducts, sizeof(int64_t));
        s->activity_ids = take_array(&r, s->nactivities, sizeof(int64_t));
        s->flow_ids = take_array(&r, s->nflows, sizeof(int64_t));
        s->A = take_csc(&r);
        s->B = take_csc(&r);
        if (take_i64(&r) == 1)
            s->cutoffs = take_csc(&r);
        if (s->A && s->B) {
            s->A_uncertainty = take_dists(&r, mb_csc_nnz(s->A));
            s->B_uncertainty = take_dists(&r, mb_csc_nnz(s->B));
        } else {
            r.bad = 1;
        }
    }
    if (!r.bad)
        s->methods = take_vectors(&r, &s->nmethods, s->nflows);
    if (!r.bad && take_i64(&r) == 1) {
        s->C_uncertainty =
            mb_calloc(s->nmethods + 1, sizeof *s->C_uncertainty);
        if (!s->C_uncertainty)
            r.bad = 1;
        for (k = 0; !r.bad && k < (int64_t)s->nmethods; k++)
            s->C_uncertainty[k] = take_dists(&r, s->nflows);
    }
    if (!r.bad) {
        int64_t n = take_i64(&r);

        r.bad |= n < 0;
        s->invalid_distributions = n < 0 ? 0 : (size_t)n;
        s->invalid_distribution = take_str(&r);
    }
    if (!r.bad)
        s->normalizations =
            take_vectors(&r, &s->nnormalizations, s->nflows);
    if (!r.bad) {
        int64_t nw = take_count(&r, 16);

        s->weightings = mb_calloc((size_t)nw + 1, sizeof *s->weightings);
        s->nweightings = s->weightings ? (size_t)nw : 0;
        for (k = 0; k < nw && !r.bad; k++) {
            s->weightings[k].name = take_str(&r);
            take(&r, &s->weightings[k].value, sizeof(double));
        }
    }
    if (!r.bad && take_i64(&r) == 1)
        take_labels(&r, s);
    if (!r.bad && take(&r, report, sizeof *report) == 0) {
        report->unlinked_names = NULL;
        report->unlinked_counts = NULL;
        report->no_product_name = take_str(&r);
        report->unlinked_names =
            take_strs(&r, (int64_t)report->unlinked_flows);
        report->unlinked_counts = take_array(
            &r, (int64_t)report->unlinked_flows, sizeof(size_t));
    }
    if (!r.bad && take_i64(&r) == 1) {
        int64_t n = take_count(&r, 1);

        if (r.bad || (size_t)n > r.len - r.at ||
            mb_param_model_load(&s->params, r.p + r.at, (size_t)n,
                                mb_csc_nnz(s->A), mb_csc_nnz(s->B)) < 0)
            r.bad = 1;
        else
            r.at += (size_t)n;
    }
    if (r.bad || r.at != len || !s->A || !s->B ||
        (s->A->m != s->nproducts || s->A->n != s->nactivities ||
         s->B->m != s->nflows || s->B->n != s->nactivities ||
         (s->cutoffs && s->cutoffs->n != s->nactivities))) {
        if (!report->unlinked_names)
            report->unlinked_flows = 0;
        mb_compile_report_free(report);
        memset(report, 0, sizeof *report);
        mb_system_free(s);
        return mb_error_set(MB_EFORMAT, "the cached model is damaged or from "
                                        "another build");
    }
    *out = s;
    return 0;
}

void mb_compiled_free(void *buf)
{
    mb_free(buf);
}
