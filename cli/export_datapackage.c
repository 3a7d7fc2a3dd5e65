/*
 * export_datapackage.c - `metabol export datapackage OUT [--database NAME]`:
 * the compiled system of the project (as `lca --process` computes with it,
 * default options) as a Brightway bw_processing datapackage that bw2calc
 * loads and `metabol lca --datapackage` reads; OUT a directory or OUT.zip.
 * The format and the id mapping are in docs/datapackage.md:
 *
 *   ids      activity j (and its reference product, row j of A) is j + 1;
 *            the elementary flow rows of B with an entry follow, from
 *            nactivities + 1 up; Brightway ids are one space, and
 *            matrix_utils wants them >= 0 and small
 *   A        group "technosphere": |A_ij| with flip where A_ij < 0, so that
 *            data is positive as bw2data writes it (production positive,
 *            inputs flipped)
 *   B        group "biosphere", as it is
 *   C        one group "characterization-<k>" per method, identifier the
 *            method's name split at "/", its nonzero factors, column 0
 *            (a method without any is only a row of methods.csv)
 *   tables   activities.csv, flows.csv, methods.csv: ids to codes, names,
 *            units, locations, categories, directions
 *
 * With --database NAME only that database's processes are compiled (with
 * all of the project's flows, units and methods): an input whose provider
 * is in another database is cut off, as an input without provider is, and
 * the summary says how many were.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <metabol/metabol.h>

#include "cli.h"

/* What the store lists of a process: its location and category. */
typedef struct process_info {
    char *uuid, *location, *category, *database;
} process_info;

typedef struct process_list {
    process_info *items;
    size_t n, cap;
} process_list;

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* Keep one listed process; 1 (stop) when out of memory. */
static int add_info(void *ctx, const mb_store_item *it)
{
    process_list *l = ctx;
    process_info *p;

    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 256;
        process_info *v = realloc(l->items, cap * sizeof *v);

        if (!v)
            return 1;
        l->items = v;
        l->cap = cap;
    }
    p = &l->items[l->n++];
    p->uuid = dup_or_null(it->uuid ? it->uuid : "");
    p->location = dup_or_null(it->location);
    p->category = dup_or_null(it->category);
    p->database = dup_or_null(it->database);
    return p->uuid ? 0 : 1;
}

static int by_uuid(const void *x, const void *y)
{
    return strcmp(((const process_info *)x)->uuid,
                  ((const process_info *)y)->uuid);
}

static const process_info *find_info(const process_list *l, const char *uuid)
{
    process_info key = {(char *)uuid, NULL, NULL, NULL};

    return l->n ? bsearch(&key, l->items, l->n, sizeof key, by_uuid) : NULL;
}

static void infos_free(process_list *l)
{
    size_t k;

    for (k = 0; k < l->n; k++) {
        free(l->items[k].uuid);
        free(l->items[k].location);
        free(l->items[k].category);
        free(l->items[k].database);
    }
    free(l->items);
}

/* Every process of the project, sorted by uuid; an exit code on error. */
static int list_processes(mb_store *store, process_list *l)
{
    int rc = mb_store_list(store, MB_STORE_PROCESSES, NULL, add_info, l);

    if (rc < 0)
        return cli_fail("export");
    if (rc > 0)
        return cli_error("export", EXIT_ERROR, "out of memory");
    if (l->n)
        qsort(l->items, l->n, sizeof *l->items, by_uuid);
    return -1;
}

/* ---- --database NAME: a compile of its processes only ---------------- */

/* A sink passing every record on but the processes of other databases. */
typedef struct db_filter {
    mb_lci_sink sink;
    const mb_lci_sink *next;
    const process_list *infos;
    const char *database;
} db_filter;

#define PASS(fn, type)                                                         \
    static int pass_##fn(void *ctx, const type *rec)                           \
    {                                                                          \
        const mb_lci_sink *n = ((db_filter *)ctx)->next;                       \
        return n->fn ? n->fn(n->ctx, rec) : 0;                                 \
    }

PASS(unit_group, mb_lci_unit_group)
PASS(flow_property, mb_lci_flow_property)
PASS(flow, mb_lci_flow)
PASS(location, mb_lci_location)
PASS(global_parameter, mb_lci_parameter)
PASS(impact_category, mb_lci_impact_category)
PASS(impact_method, mb_lci_impact_method)
PASS(flow_map, mb_lci_flow_map)

static int keep_process(void *ctx, const mb_lci_process *p)
{
    db_filter *f = ctx;
    const process_info *info = find_info(f->infos, p->id);

    if (!info || !info->database || strcmp(info->database, f->database) != 0)
        return 0;
    return f->next->process(f->next->ctx, p);
}

static void filter_init(db_filter *f, const mb_lci_sink *next,
                        const process_list *infos, const char *database)
{
    static const mb_lci_sink pass = {.unit_group = pass_unit_group,
                                     .flow_property = pass_flow_property,
                                     .flow = pass_flow,
                                     .location = pass_location,
                                     .global_parameter = pass_global_parameter,
                                     .process = keep_process,
                                     .impact_category = pass_impact_category,
                                     .impact_method = pass_impact_method,
                                     .flow_map = pass_flow_map};

    f->sink = pass;
    f->sink.ctx = f;
    f->next = next;
    f->infos = infos;
    f->database = database;
}

typedef struct db_names {
    const char *wanted;
    int found;
    char list[512];
} db_names;

static int note_database(void *ctx, int64_t id, const char *name,
                         const char *format, const char *source)
{
    db_names *d = ctx;
    size_t n = strlen(d->list);

    (void)id;
    (void)format;
    (void)source;
    if (strcmp(name, d->wanted) == 0)
        d->found = 1;
    if (n + strlen(name) + 4 < sizeof d->list)
        snprintf(d->list + n, sizeof d->list - n, "%s'%s'", n ? ", " : "",
                 name);
    return 0;
}

/* The system of one database; an exit code when it cannot be made. */
static int compile_database(mb_store *store, const char *name,
                            const process_list *infos, mb_system **sys,
                            mb_compile_report *report)
{
    mb_compile_options with_uncertainty = MB_COMPILE_OPTIONS_INIT;
    db_names d = {name, 0, ""};
    db_filter f;
    mb_lcidb *db = NULL;
    size_t k, n = 0;
    int rc;

    if (mb_store_each_database(store, note_database, &d) < 0)
        return cli_fail("export");
    if (!d.found)
        return cli_error("export", EXIT_ERROR,
                         "no database '%s' in %s (it has: %s)", name,
                         cli_project_path(), d.list[0] ? d.list : "none");
    for (k = 0; k < infos->n; k++)
        n += infos->items[k].database &&
             strcmp(infos->items[k].database, name) == 0;
    if (n == 0)
        return cli_error("export", EXIT_ERROR,
                         "database '%s' has no processes: nothing to "
                         "export",
                         name);
    if (mb_lcidb_new(&db) < 0)
        return cli_fail("export");
    filter_init(&f, mb_lcidb_sink(db), infos, name);
    rc = mb_store_load(store, &f.sink);
    with_uncertainty.uncertainty = 1;
    if (rc == 0)
        rc = mb_lcidb_compile(sys, report, db, &with_uncertainty);
    mb_lcidb_free(db);
    return rc < 0 ? cli_fail("export") : -1;
}

/* ---- writing --------------------------------------------------------- */

/* The package name: OUT's file name without .zip, in bw_processing's
 * alphabet (letters, digits, '_', '-', '.'). */
static void package_name(const char *out, char *name, size_t size)
{
    const char *base = strrchr(out, '/');
    size_t k, n;

    base = base && base[1] ? base + 1 : out;
    snprintf(name, size, "%s", base);
    n = strlen(name);
    while (n > 0 && name[n - 1] == '/')
        name[--n] = '\0';
    if (n > 4 && strcmp(name + n - 4, ".zip") == 0)
        name[n -= 4] = '\0';
    for (k = 0; k < n; k++)
        if (!((name[k] >= 'a' && name[k] <= 'z') ||
              (name[k] >= 'A' && name[k] <= 'Z') ||
              (name[k] >= '0' && name[k] <= '9') || strchr("_-.", name[k])))
            name[k] = '_';
    if (n == 0 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        snprintf(name, size, "metabol");
}

/*
 * The ids of B's rows: nactivities + 1, 2, ... for the rows with an entry;
 * -1 for the others (a flow only in exchanges of zero amount), which
 * Brightway could not tell from an absent one: leaving them out keeps the
 * ids of an export, an import and a second export the same.
 */
static int64_t *flow_ids(const mb_system *s)
{
    int64_t *id = malloc((size_t)(s->nflows + 1) * sizeof *id), k, next;

    if (!id)
        return NULL;
    for (k = 0; k < s->nflows; k++)
        id[k] = -1;
    for (k = 0; k < s->B->p[s->B->n]; k++)
        id[s->B->i[k]] = 0;
    for (k = 0, next = s->nactivities + 1; k < s->nflows; k++)
        if (id[k] == 0)
            id[k] = next++;
    return id;
}

/* One matrix (CSC) as a group: row ids row_id[i] (NULL: i + 1), column
 * ids j + 1; with flip, negative values as their magnitude, flipped; the
 * entries' distributions u (NULL: none) as the data's. */
static int put_matrix(mb_dp_writer *w, const char *matrix, const char *group,
                      const mb_csc *a, const mb_lci_uncertainty *u,
                      const int64_t *row_id, int flip)
{
    int64_t nz = a->p[a->n], j, k;
    int64_t *rows = malloc((size_t)(nz + 1) * sizeof *rows);
    int64_t *cols = malloc((size_t)(nz + 1) * sizeof *cols);
    double *data = malloc((size_t)(nz + 1) * sizeof *data);
    unsigned char *flips = calloc((size_t)nz + 1, 1);
    mb_dp_uncertainty *dists =
        u ? malloc((size_t)(nz + 1) * sizeof *dists) : NULL;
    mb_dp_vector v = {
        matrix, group, NULL, -1, nz, rows, cols, data, flip ? flips : NULL,
        dists};
    int rc = MB_ENOMEM;

    if (rows && cols && data && flips && (dists || !u)) {
        for (j = 0; j < a->n; j++)
            for (k = a->p[j]; k < a->p[j + 1]; k++) {
                rows[k] = row_id ? row_id[a->i[k]] : a->i[k] + 1;
                cols[k] = j + 1;
                flips[k] = flip && a->x[k] < 0;
                data[k] = flips[k] ? -a->x[k] : a->x[k];
                if (dists) { /* a flipped entry's data is -x: its law too */
                    mb_lci_uncertainty d;

                    mb_lci_uncertainty_scale(&u[k], flips[k] ? -1 : 1, &d);
                    mb_dp_uncertainty_from(&d, &dists[k]);
                }
            }
        rc = mb_dp_writer_add_vector(w, &v);
    }
    free(rows);
    free(cols);
    free(data);
    free(flips);
    free(dists);
    return rc;
}

/*
 * Method m: its nonzero factors of flows in B, rows their ids, column 0.
 * A method without any is only a row of methods.csv: matrix_utils cannot
 * map an empty group.
 */
static int put_method(mb_dp_writer *w, const mb_system *s,
                      const int64_t *flow_id, size_t m, int *written)
{
    int64_t n = 0, r;
    int64_t *rows = malloc((size_t)(s->nflows + 1) * sizeof *rows);
    int64_t *cols = calloc((size_t)s->nflows + 1, sizeof *cols);
    double *data = malloc((size_t)(s->nflows + 1) * sizeof *data);
    const mb_lci_uncertainty *u =
        s->C_uncertainty ? s->C_uncertainty[m] : NULL;
    mb_dp_uncertainty *dists =
        u ? malloc((size_t)(s->nflows + 1) * sizeof *dists) : NULL;
    char group[48];
    mb_dp_vector v;
    int rc = MB_ENOMEM;

    *written = 0;
    snprintf(group, sizeof group, "characterization-%zu", m + 1);
    if (rows && cols && data && (dists || !u)) {
        for (r = 0; r < s->nflows; r++)
            if (s->methods[m].values[r] != 0 && flow_id[r] >= 0) {
                if (dists) /* the factors' distributions go along */
                    mb_dp_uncertainty_from(&u[r], &dists[n]);
                rows[n] = flow_id[r];
                data[n++] = s->methods[m].values[r];
            }
        memset(&v, 0, sizeof v);
        *written = n > 0;
        v.matrix = "characterization_matrix";
        v.group = group;
        v.identifier = s->methods[m].name;
        v.global_index = 0;
        v.n = n;
        v.rows = rows;
        v.cols = cols;
        v.data = data;
        v.distributions = dists;
        rc = n > 0 ? mb_dp_writer_add_vector(w, &v) : 0;
    }
    free(rows);
    free(cols);
    free(data);
    free(dists);
    return rc;
}

static int put_tables(mb_dp_writer *w, const mb_system *s,
                      const int64_t *flow_id, const unsigned char *written,
                      const process_list *infos)
{
    static const char *const act_cols[] = {
        "id",   "code",     "name",    "reference product",
        "unit", "location", "category"};
    static const char *const act_for[] = {
        "technosphere", "rows", "technosphere", "cols", "biosphere", "cols"};
    static const char *const flow_cols[] = {"id",   "code",     "name",
                                            "unit", "category", "direction"};
    static const char *const method_cols[] = {"group", "name", "unit"};
    const mb_system_labels *l = s->labels;
    const char **flow_for = calloc(2 * s->nmethods + 2, sizeof *flow_for);
    char(*groups)[48] = calloc(s->nmethods + 1, sizeof *groups);
    char id[32];
    int64_t k;
    size_t m, nfor = 1;
    int rc = MB_ENOMEM;

    if (!flow_for || !groups)
        goto out;
    flow_for[0] = "biosphere";
    flow_for[1] = "rows";
    for (m = 0; m < s->nmethods; m++) { /* the flows label their rows too */
        if (!written[m])
            continue;
        snprintf(groups[m], sizeof groups[m], "characterization-%zu", m + 1);
        flow_for[2 * nfor] = groups[m];
        flow_for[2 * nfor + 1] = "rows";
        nfor++;
    }
    if ((rc = mb_dp_writer_table_begin(w, "activities", 7, act_cols, 3,
                                       act_for)) < 0)
        goto out;
    for (k = 0; k < s->nactivities && rc == 0; k++) {
        const process_info *p = find_info(infos, l->activity_uuids[k]);
        const char *row[7] = {id,
                              l->activity_uuids[k],
                              l->activity_names[k],
                              l->product_names[k],
                              l->product_units[k],
                              p ? p->location : NULL,
                              p ? p->category : NULL};

        snprintf(id, sizeof id, "%lld", (long long)(k + 1));
        rc = mb_dp_writer_table_row(w, row);
    }
    if (rc < 0 || (rc = mb_dp_writer_table_end(w)) < 0)
        goto out;
    if ((rc = mb_dp_writer_table_begin(w, "flows", 6, flow_cols, nfor,
                                       flow_for)) < 0)
        goto out;
    for (k = 0; k < s->nflows && rc == 0; k++) {
        const char *row[6] = {id,
                              l->flow_uuids[k],
                              l->flow_names[k],
                              l->flow_units[k],
                              l->flow_categories[k],
                              l->flow_inputs[k] ? "input" : "output"};

        snprintf(id, sizeof id, "%lld", (long long)flow_id[k]);
        if (flow_id[k] >= 0)
            rc = mb_dp_writer_table_row(w, row);
    }
    if (rc < 0 || (rc = mb_dp_writer_table_end(w)) < 0)
        goto out;
    if ((rc = mb_dp_writer_table_begin(w, "methods", 3, method_cols, 0, NULL)) <
        0)
        goto out;
    for (m = 0; m < s->nmethods && rc == 0; m++) {
        const char *row[3] = {written[m] ? groups[m] : NULL, s->methods[m].name,
                              l->method_units ? l->method_units[m] : NULL};

        rc = mb_dp_writer_table_row(w, row);
    }
    if (rc == 0)
        rc = mb_dp_writer_table_end(w);
out:
    free(flow_for);
    free(groups);
    return rc;
}

static int write_package(const char *out, const mb_system *s,
                         const process_list *infos, int64_t *nflows)
{
    int64_t *flow_id = flow_ids(s), k;
    unsigned char *written = calloc(s->nmethods + 1, 1);
    mb_dp_writer *w = NULL;
    char name[256];
    size_t m;
    int rc, one = 0;

    package_name(out, name, sizeof name);
    if (!flow_id || !written) {
        free(flow_id);
        free(written);
        return MB_ENOMEM;
    }
    for (k = 0, *nflows = 0; k < s->nflows; k++)
        *nflows += flow_id[k] >= 0;
    if ((rc = mb_dp_writer_new(&w, out)) < 0) {
        free(flow_id);
        free(written);
        return rc;
    }
    rc = put_matrix(w, "technosphere_matrix", "technosphere", s->A,
                    s->A_uncertainty, NULL, 1);
    if (rc == 0 && *nflows > 0) /* an empty group: see put_method */
        rc = put_matrix(w, "biosphere_matrix", "biosphere", s->B,
                        s->B_uncertainty, flow_id, 0);
    for (m = 0; m < s->nmethods && rc == 0; m++) {
        rc = put_method(w, s, flow_id, m, &one);
        written[m] = (unsigned char)one;
    }
    if (rc == 0)
        rc = put_tables(w, s, flow_id, written, infos);
    if (rc == 0)
        rc = mb_dp_writer_finish(w, name);
    mb_dp_writer_free(w); /* unfinished: removes what it wrote */
    free(flow_id);
    free(written);
    return rc;
}

int export_datapackage(const export_args *a)
{
    mb_compile_options o = MB_COMPILE_OPTIONS_INIT;
    mb_compile_report report;
    process_list infos = {NULL, 0, 0};
    mb_store *store = NULL;
    mb_system *sys = NULL;
    int64_t nflows = 0;
    int rc;

    memset(&report, 0, sizeof report);
    o.uncertainty = 1; /* the entries' distributions go into the package */
    if ((rc = cli_open_project(&store, "export", 0)) >= 0)
        return rc;
    if ((rc = list_processes(store, &infos)) >= 0)
        goto out;
    if (a->database) {
        if ((rc = compile_database(store, a->database, &infos, &sys,
                                   &report)) >= 0)
            goto out;
    } else if (infos.n == 0) {
        rc = cli_error("export", EXIT_ERROR,
                       "%s has no processes: nothing to export",
                       cli_project_path());
        goto out;
    } else if (cli_project_model(store, &o, &sys, &report) < 0) {
        rc = cli_fail("export");
        goto out;
    }
    if (!sys->labels) {
        rc = cli_error("export", EXIT_ERROR,
                       "the compiled model has no "
                       "labels");
        goto out;
    }
    if (write_package(a->out, sys, &infos, &nflows) < 0) {
        rc = cli_fail("export");
        goto out;
    }
    printf("exported %s%s%s to %s: %lld activities, %lld elementary flows "
           "(technosphere %lld, biosphere %lld entries), %zu impact "
           "categories\n",
           a->database ? "database '" : "the project",
           a->database ? a->database : "", a->database ? "'" : "", a->out,
           (long long)sys->nactivities, (long long)nflows,
           (long long)sys->A->p[sys->A->n], (long long)sys->B->p[sys->B->n],
           sys->nmethods);
    if (a->database && report.unlinked)
        printf("cut off: %zu inputs with no provider in '%s' (%zu flows)\n",
               report.unlinked, a->database, report.unlinked_flows);
    rc = EXIT_OK;
out:
    mb_compile_report_free(&report);
    mb_system_free(sys);
    infos_free(&infos);
    mb_store_close(store);
    return rc;
}
