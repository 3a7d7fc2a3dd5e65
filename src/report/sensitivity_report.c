/*
 * sensitivity_report.c - a sensitivity analysis (sensitivity.h, gsa.h) as
 * JSON, CSV (one long table) or an aligned text table: per method the
 * score, the entries of largest sensitivity ratio, and with a global part
 * the Monte Carlo entries ranked by their squared standardized regression
 * coefficient. Entries are named by product, flow and activity when the
 * system has labels, else by their ids.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/core.h"
#include "metabol/report.h"
#include "report/report_util.h"

static const char *const matrix_names[3] = {"A", "B", "c"};

/* The name of an entry's row: its product (A) or flow (B, c). */
static void row_name(char *buf, size_t size, const mb_system *sys,
                     const mb_sens_entry *e)
{
    const mb_system_labels *l = sys->labels;

    if (e->matrix == MB_SENS_A && l)
        snprintf(buf, size, "%s", l->product_names[e->row]);
    else if (e->matrix == MB_SENS_A)
        snprintf(buf, size, "product %lld",
                 (long long)sys->product_ids[e->row]);
    else if (l)
        snprintf(buf, size, "%s", l->flow_names[e->row]);
    else
        snprintf(buf, size, "flow %lld", (long long)sys->flow_ids[e->row]);
}

/* The data's id of an entry's row (A: the product's provider) or column:
 * its uuid when the system has labels (*id unused), else NULL and *id. */
static const char *row_uuid(const mb_system *sys, const mb_sens_entry *e,
                            int64_t *id)
{
    const mb_system_labels *l = sys->labels;

    *id = e->matrix == MB_SENS_A ? sys->product_ids[e->row]
                                 : sys->flow_ids[e->row];
    if (!l)
        return NULL;
    return e->matrix == MB_SENS_A ? l->activity_uuids[e->row]
                                  : l->flow_uuids[e->row];
}

static const char *column_uuid(const mb_system *sys, const mb_sens_entry *e,
                               int64_t *id)
{
    *id = sys->activity_ids[e->col];
    return sys->labels ? sys->labels->activity_uuids[e->col] : NULL;
}

/* The name of an entry's column: its activity (A, B); "" for c. */
static void column_name(char *buf, size_t size, const mb_system *sys,
                        const mb_sens_entry *e)
{
    if (e->matrix == MB_SENS_C)
        buf[0] = '\0';
    else if (sys->labels)
        snprintf(buf, size, "%s", sys->labels->activity_names[e->col]);
    else
        snprintf(buf, size, "activity %lld",
                 (long long)sys->activity_ids[e->col]);
}

/* An entry in one line: "row -> column", "flow (category) -> column" or
 * "factor of flow (category)", the category's last level only. */
static void entry_text(char *buf, size_t size, const mb_system *sys,
                       const mb_sens_entry *e)
{
    char row[256], col[256], cat[256] = "";

    row_name(row, sizeof row, sys, e);
    column_name(col, sizeof col, sys, e);
    if (e->matrix != MB_SENS_A && sys->labels &&
        sys->labels->flow_categories[e->row][0]) {
        const char *c = sys->labels->flow_categories[e->row];
        const char *last = strrchr(c, '/');

        snprintf(cat, sizeof cat, " (%s)", last && last[1] ? last + 1 : c);
    }
    if (e->matrix == MB_SENS_C)
        snprintf(buf, size, "factor of %s%s", row, cat);
    else
        snprintf(buf, size, "%s%s -> %s", row, cat, col);
}

static const char *method_unit(const mb_system *sys, size_t m)
{
    return sys->labels ? sys->labels->method_units[m] : "";
}

/* The order of a global part's entries: largest SRC^2 first. */
typedef struct by_src2_item {
    double key;
    int64_t at;
} by_src2_item;

static int by_src2(const void *pa, const void *pb)
{
    const by_src2_item *a = pa, *b = pb;

    if (a->key != b->key)
        return a->key > b->key ? -1 : 1;
    return (a->at > b->at) - (a->at < b->at);
}

/* Indices 0..k-1 of g's inputs by decreasing SRC^2; NULL on no memory. */
static int64_t *global_order(const mb_gsa_result *g)
{
    by_src2_item *items = mb_alloc_array(g->k + 1, sizeof *items);
    int64_t *order = mb_alloc_array(g->k + 1, sizeof *order);
    size_t q;

    if (!items || !order) {
        mb_free(items);
        mb_free(order);
        return NULL;
    }
    for (q = 0; q < g->k; q++) {
        items[q].key = g->src2[q];
        items[q].at = (int64_t)q;
    }
    qsort(items, g->k, sizeof *items, by_src2);
    for (q = 0; q < g->k; q++)
        order[q] = items[q].at;
    mb_free(items);
    return order;
}

/* ---- table ------------------------------------------------------------ */

static void table_local(FILE *out, const mb_system *sys,
                        const mb_sens_ranking *r)
{
    char text[600];
    int64_t q;

    fprintf(out, "Local (Heijungs 2010): %lld entries of largest |ratio| "
            "(dh/da * a / h)\n",
            (long long)r->n);
    fprintf(out, "  %4s  %-62s %12s %12s %9s\n", "rank", "entry", "value",
            "coefficient", "ratio");
    for (q = 0; q < r->n; q++) {
        const mb_sens_entry *e = &r->entries[q];

        entry_text(text, sizeof text, sys, e);
        fprintf(out, "  %4lld  %s %-60.60s %12.6g %12.6g %9.4g\n",
                (long long)q + 1, matrix_names[e->matrix], text, e->value,
                e->coefficient, e->ratio);
    }
}

static int table_global(FILE *out, const mb_system *sys,
                        const mb_sens_report *rep, size_t m)
{
    const mb_sens_ranking *t = rep->tracked[m];
    const mb_gsa_result *g = rep->global[m];
    int64_t *order = g ? global_order(g) : NULL;
    char text[600], sobol[32];
    size_t q;

    if (!g) {
        fprintf(out, "\nGlobal: no entry with a distribution affects this "
                "score\n");
        return 0;
    }
    if (!order)
        return MB_ENOMEM;
    fprintf(out, "\nGlobal, from %lld Monte Carlo iterations (seed %llu, "
            "%lld samples used): R^2 %.4f\n",
            (long long)rep->iterations, (unsigned long long)rep->seed,
            (long long)g->n, g->r2);
    if (g->sobol_classes)
        fprintf(out, "First-order Sobol indices from %lld classes of the "
                "samples per entry\n",
                (long long)g->sobol_classes);
    else
        fprintf(out, "No Sobol indices: they are estimated from %d samples "
                "up\n",
                MB_GSA_SOBOL_MIN_SAMPLES);
    fprintf(out, "  %4s  %-62s %8s %9s %8s %9s\n", "rank", "entry",
            "SRC^2", "Spearman", "Sobol", "ratio");
    for (q = 0; q < g->k; q++) {
        int64_t i = order[q];
        const mb_sens_entry *e = &t->entries[i];

        entry_text(text, sizeof text, sys, e);
        if (g->sobol_classes)
            snprintf(sobol, sizeof sobol, "%8.4f", g->sobol[i]);
        else
            snprintf(sobol, sizeof sobol, "%8s", "-");
        fprintf(out, "  %4zu  %s %-60.60s %8.4f %9.4f %s %9.4g\n", q + 1,
                matrix_names[e->matrix], text, g->src2[i], g->spearman[i],
                sobol, e->ratio);
    }
    mb_free(order);
    return 0;
}

static int write_table(FILE *out, const mb_system *sys,
                       const mb_sens_report *rep)
{
    size_t m;
    int rc = 0;

    for (m = 0; m < rep->nmethods && rc == 0; m++) {
        const mb_sens_ranking *r = rep->local[m];

        fprintf(out, "%sSensitivity of '%s' to %s: score %.6g%s%s\n",
                m ? "\n" : "", rep->label, sys->methods[r->method].name,
                r->score, *method_unit(sys, r->method) ? " " : "",
                method_unit(sys, r->method));
        table_local(out, sys, r);
        if (rep->global)
            rc = table_global(out, sys, rep, m);
    }
    return rc;
}

/* ---- JSON ------------------------------------------------------------- */

/* A number, or null when it is not finite (JSON has no NaN). */
static json_t *number(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

/* A uuid as a string, else the integer id. */
static json_t *json_id(const char *uuid, int64_t id)
{
    return uuid ? json_string(uuid) : json_integer((json_int_t)id);
}

static json_t *json_entry(const mb_system *sys, const mb_sens_entry *e)
{
    char row[256], col[256];
    const char *uuid;
    int64_t id;
    json_t *o;

    row_name(row, sizeof row, sys, e);
    column_name(col, sizeof col, sys, e);
    uuid = row_uuid(sys, e, &id);
    o = json_pack("{s:s, s:s, s:o}", "matrix", matrix_names[e->matrix],
                  "row", row, "row_id", json_id(uuid, id));
    if (!o)
        return NULL;
    if (e->matrix != MB_SENS_A && sys->labels)
        json_object_set_new(o, "category",
                            json_string(sys->labels->flow_categories[e->row]));
    if (e->matrix != MB_SENS_C) {
        uuid = column_uuid(sys, e, &id);
        json_object_set_new(o, "column", json_string(col));
        json_object_set_new(o, "column_id", json_id(uuid, id));
    }
    json_object_set_new(o, "value", number(e->value));
    json_object_set_new(o, "coefficient", number(e->coefficient));
    json_object_set_new(o, "ratio", number(e->ratio));
    return o;
}

static json_t *json_global(const mb_system *sys, const mb_sens_report *rep,
                           size_t m)
{
    const mb_gsa_result *g = rep->global[m];
    int64_t *order;
    json_t *entries, *o;
    size_t q;

    if (!g)
        return json_null();
    order = global_order(g);
    entries = json_array();
    if (!order || !entries) {
        mb_free(order);
        json_decref(entries);
        return NULL;
    }
    for (q = 0; q < g->k; q++) {
        int64_t i = order[q];
        json_t *e = json_entry(sys, &rep->tracked[m]->entries[i]);

        if (!e)
            continue;
        json_object_set_new(e, "src2", number(g->src2[i]));
        json_object_set_new(e, "src", number(g->src[i]));
        json_object_set_new(e, "spearman", number(g->spearman[i]));
        json_object_set_new(e, "sobol", number(g->sobol[i]));
        json_array_append_new(entries, e);
    }
    mb_free(order);
    o = json_pack("{s:I, s:I, s:I, s:o, s:I, s:o}", "iterations",
                  (json_int_t)rep->iterations, "seed",
                  (json_int_t)rep->seed, "samples", (json_int_t)g->n, "r2",
                  number(g->r2), "sobol_classes",
                  (json_int_t)g->sobol_classes, "entries", entries);
    return o;
}

static int write_json(FILE *out, const mb_system *sys,
                      const mb_sens_report *rep)
{
    json_t *root = json_object(), *methods = json_array();
    size_t m;
    int64_t q;

    if (!root || !methods) {
        json_decref(root);
        json_decref(methods);
        return MB_ENOMEM;
    }
    json_object_set_new(root, "demand", json_string(rep->label));
    json_object_set_new(root, "methods", methods);
    for (m = 0; m < rep->nmethods; m++) {
        const mb_sens_ranking *r = rep->local[m];
        json_t *local = json_array(), *o;

        for (q = 0; local && q < r->n; q++)
            json_array_append_new(local, json_entry(sys, &r->entries[q]));
        o = json_pack("{s:s, s:s, s:o, s:o}", "method",
                      sys->methods[r->method].name, "unit",
                      method_unit(sys, r->method), "score", number(r->score),
                      "local", local);
        if (o && rep->global)
            json_object_set_new(o, "global", json_global(sys, rep, m));
        json_array_append_new(methods, o);
    }
    return mb_write_json_report(out, root, 0);
}

/* ---- CSV -------------------------------------------------------------- */

static void csv_number(FILE *out, double v)
{
    fputc(',', out);
    if (isfinite(v))
        fprintf(out, "%.17g", v);
}

/* A uuid as a CSV field, else the integer id. */
static void csv_id(FILE *out, const char *uuid, int64_t id)
{
    if (uuid)
        mb_write_csv_field(out, uuid);
    else
        fprintf(out, "%lld", (long long)id);
}

/* section,method,rank,matrix,row_id,row,category,column_id,column, then
 * value, coefficient and ratio. */
static void csv_entry(FILE *out, const mb_system *sys, const char *section,
                      size_t m, int64_t rank, const mb_sens_entry *e)
{
    char row[256], col[256];
    const char *uuid;
    int64_t id;

    row_name(row, sizeof row, sys, e);
    column_name(col, sizeof col, sys, e);
    fprintf(out, "%s,", section);
    mb_write_csv_field(out, sys->methods[m].name);
    fprintf(out, ",%lld,%s,", (long long)rank, matrix_names[e->matrix]);
    uuid = row_uuid(sys, e, &id);
    csv_id(out, uuid, id);
    fputc(',', out);
    mb_write_csv_field(out, row);
    fputc(',', out);
    if (e->matrix != MB_SENS_A && sys->labels)
        mb_write_csv_field(out, sys->labels->flow_categories[e->row]);
    fputc(',', out);
    if (e->matrix != MB_SENS_C) {
        uuid = column_uuid(sys, e, &id);
        csv_id(out, uuid, id);
        fputc(',', out);
        mb_write_csv_field(out, col);
    } else {
        fputc(',', out);
    }
    csv_number(out, e->value);
    csv_number(out, e->coefficient);
    csv_number(out, e->ratio);
}

/* A row of one number about a method (score, samples, r2). */
static void csv_fact(FILE *out, const char *section, const char *method,
                     double v)
{
    fprintf(out, "%s,", section);
    mb_write_csv_field(out, method);
    fprintf(out, ",,,,,,,");
    csv_number(out, v);
    fprintf(out, ",,,,,\n");
}

static int write_csv(FILE *out, const mb_system *sys,
                     const mb_sens_report *rep)
{
    size_t m, q;
    int64_t k;

    fprintf(out, "section,method,rank,matrix,row_id,row,category,column_id,"
                 "column,value,coefficient,ratio,src2,spearman,sobol\n");
    for (m = 0; m < rep->nmethods; m++) {
        const mb_sens_ranking *r = rep->local[m];
        const char *name = sys->methods[r->method].name;

        csv_fact(out, "score", name, r->score);
        for (k = 0; k < r->n; k++) {
            csv_entry(out, sys, "local", r->method, k + 1, &r->entries[k]);
            fprintf(out, ",,,\n");
        }
        if (rep->global && rep->global[m]) {
            const mb_gsa_result *g = rep->global[m];
            int64_t *order = global_order(g);

            if (!order)
                return MB_ENOMEM;
            csv_fact(out, "iterations", name, (double)rep->iterations);
            csv_fact(out, "samples", name, (double)g->n);
            csv_fact(out, "r2", name, g->r2);
            for (q = 0; q < g->k; q++) {
                int64_t i = order[q];

                csv_entry(out, sys, "global", r->method, (int64_t)q + 1,
                          &rep->tracked[m]->entries[i]);
                csv_number(out, g->src2[i]);
                csv_number(out, g->spearman[i]);
                csv_number(out, g->sobol[i]);
                fputc('\n', out);
            }
            mb_free(order);
        }
    }
    return 0;
}

int mb_report_sensitivity(FILE *out, const mb_system *sys,
                          const mb_sens_report *r, mb_report_format format)
{
    size_t m;
    int rc;

    for (m = 0; m < r->nmethods; m++)
        if (!r->local[m] || r->local[m]->method >= sys->nmethods ||
            (r->global && r->global[m] &&
             (!r->tracked || !r->tracked[m] ||
              (int64_t)r->global[m]->k != r->tracked[m]->n)))
            return mb_error_set(MB_EINVAL, "sensitivity report: method %zu "
                                "is incomplete",
                                m);
    switch (format) {
    case MB_REPORT_JSON: rc = write_json(out, sys, r); break;
    case MB_REPORT_CSV: rc = write_csv(out, sys, r); break;
    default: rc = write_table(out, sys, r); break;
    }
    if (rc == 0 && ferror(out))
        rc = mb_error_set(MB_EIO, "cannot write the sensitivity report");
    return rc;
}
