/*
 * labeled_report.c - the result of an LCA on a system compiled from a
 * database, by name and unit: the demand, how the system was linked (what
 * was cut off), each method's score, its top contributing processes
 * (direct impacts, c^T B diag(s)) and flows (c_f g_f), and the inventory
 * flows the method has no factor for, with their share of the inventory's
 * mass (flows in kg). As a table, JSON or a long CSV.
 */
#include <math.h>
#include <string.h>

#include <jansson.h>

#include "core/core.h"
#include "report/report_util.h"

#define UNMATCHED_SHOWN 5

typedef struct unmatched {
    int64_t count, total;   /* nonzero inventory flows without a factor */
    double mass, mass_total; /* of the flows in kg: |g| without, all */
    int64_t largest[UNMATCHED_SHOWN]; /* flows in kg without a factor, */
    int nlargest;                     /* largest |g| first */
} unmatched;

/* Keep f among the largest flows without a factor (|g| descending). */
static void keep_largest(unmatched *u, const double *g, int64_t f)
{
    int k;

    if (u->nlargest == UNMATCHED_SHOWN) {
        if (fabs(g[u->largest[UNMATCHED_SHOWN - 1]]) >= fabs(g[f]))
            return;
        k = UNMATCHED_SHOWN - 1; /* the smallest drops out */
    } else {
        k = u->nlargest++;
    }
    for (; k > 0 && fabs(g[u->largest[k - 1]]) < fabs(g[f]); k--)
        u->largest[k] = u->largest[k - 1];
    u->largest[k] = f;
}

static unmatched count_unmatched(const mb_lca_result *r, size_t m)
{
    const mb_system *s = r->sys;
    const double *c = s->methods[m].values;
    unmatched u;
    int64_t f;

    memset(&u, 0, sizeof u);
    for (f = 0; f < s->nflows; f++) {
        double g = fabs(r->inventory[f]);
        int kg = strcmp(s->labels->flow_units[f], "kg") == 0;

        if (g == 0.0)
            continue;
        u.total++;
        if (kg)
            u.mass_total += g;
        if (c[f] == 0.0) {
            u.count++;
            if (kg) {
                u.mass += g;
                keep_largest(&u, r->inventory, f);
            }
        }
    }
    return u;
}

static const char *direction(const mb_system *s, int64_t f)
{
    return s->labels->flow_inputs[f] ? "input" : "output";
}

/* The demanded activities: index j with a nonzero demand. */
#define EACH_DEMAND(s, r, j)                                                  \
    for (j = 0; j < (s)->nproducts; j++)                                      \
        if ((r)->demand[j] != 0.0)

/*
 * What the supply chain leaves out: u = cutoffs s (the cut-off inputs
 * times the supply), and its largest entries. Empty (n = 0) when there is
 * nothing, or no memory to compute it: the report goes on without it.
 */
typedef struct cut_list {
    double *u;
    int64_t *idx, n;
} cut_list;

static cut_list cut_list_compute(const mb_lca_result *r, int64_t top)
{
    const mb_system *s = r->sys;
    cut_list c = {NULL, NULL, 0};

    if (!s->cutoffs || s->cutoffs->m == 0)
        return c;
    c.u = mb_calloc((size_t)s->cutoffs->m, sizeof *c.u);
    c.idx = mb_alloc_array((size_t)top + 1, sizeof *c.idx);
    if (c.u && c.idx) {
        mb_csc_gemv(s->cutoffs, 1.0, r->supply, 0.0, c.u);
        c.n = mb_top_abs(c.u, s->cutoffs->m, top, c.idx);
    }
    return c;
}

static void cut_list_free(cut_list *c)
{
    mb_free(c->u);
    mb_free(c->idx);
}

/* ---- table ----------------------------------------------------------- */

static void table_linking(FILE *out, const mb_compile_report *c)
{
    size_t k;

    if (!c)
        return;
    fprintf(out, "Linking: %zu inputs by default provider, %zu by product "
            "flow (%zu with several providers); %zu co-products "
            "substituting; %zu processes allocated\n",
            c->linked_default, c->linked_by_flow, c->linked_ambiguous,
            c->coproducts_linked, c->allocated);
    if (c->no_product)
        fprintf(out, "Left out: %zu processes without a product output "
                "(the first: '%s')\n",
                c->no_product, c->no_product_name ? c->no_product_name : "");
    fprintf(out, "Cut off: %zu inputs without a provider (%zu flows)",
            c->unlinked, c->unlinked_flows);
    for (k = 0; k < c->unlinked_flows && k < 5; k++)
        fprintf(out, "%s %s (%zu)", k ? ";" : ", most often:",
                c->unlinked_names[k], c->unlinked_counts[k]);
    fprintf(out, "%s\n", c->unlinked_flows > 5 ? "; ..." : "");
    fprintf(out, "LCIA factors: %zu by flow id, %zu through a flow mapping, "
            "%zu by name; %zu for flows not in the data",
            c->factors_by_id, c->factors_by_mapping, c->factors_by_name,
            c->factors_unmatched);
    if (c->mappings_skipped)
        fprintf(out, "; %zu mapping rows not used (units that do not fit "
                "the flows)", c->mappings_skipped);
    fputc('\n', out);
}

static void table_cut_off(FILE *out, const mb_lca_result *r, int64_t top)
{
    const mb_system_labels *l = r->sys->labels;
    cut_list c = cut_list_compute(r, top);
    int64_t q;

    if (c.n > 0)
        fprintf(out, "Left out of this supply chain (inputs without a "
                "provider), largest first:\n");
    for (q = 0; q < c.n; q++)
        fprintf(out, "  %-60.60s %14.6g %s\n", l->cutoff_names[c.idx[q]],
                c.u[c.idx[q]], l->cutoff_units[c.idx[q]]);
    cut_list_free(&c);
}

static int write_table(FILE *out, const mb_lca_result *r,
                       const mb_report_options *o)
{
    const mb_system *s = r->sys;
    const mb_system_labels *l = s->labels;
    size_t nm = mb_report_method_count(o, s), k;
    int64_t j, q;
    int rc = 0;

    EACH_DEMAND(s, r, j)
    fprintf(out, "Demand: %g %s of '%s' from '%s'\n", r->demand[j],
            l->product_units[j], l->product_names[j], l->activity_names[j]);
    fprintf(out, "System: %lld activities, %lld elementary flows, %zu "
            "methods; relative residual %.2e\n",
            (long long)s->nactivities, (long long)s->nflows, s->nmethods,
            r->residual);
    table_linking(out, o->compile);
    table_cut_off(out, r, o->top);
    fprintf(out, "\n%-40s %16s  %s\n", "Method", "Score", "Unit");
    for (k = 0; k < nm; k++) {
        size_t m = mb_report_method_at(o, k);

        fprintf(out, "%-40s %16.6g  %s\n", s->methods[m].name, r->scores[m],
                l->method_units[m]);
    }
    for (k = 0; k < nm && rc == 0; k++) {
        size_t m = mb_report_method_at(o, k);
        unmatched u = count_unmatched(r, m);
        mb_contrib c;

        if ((rc = mb_contrib_compute(&c, r, m, o->top)) < 0)
            break;
        fprintf(out, "\nContributions to %s (%.6g %s)\n", s->methods[m].name,
                r->scores[m], l->method_units[m]);
        fprintf(out, "  %-60s %14s %8s\n", "process (direct)", "amount",
                "share");
        for (q = 0; q < c.nact; q++) {
            int64_t a = c.act_idx[q];

            fprintf(out, "  %-60.60s %14.6g %7.2f%%\n", l->activity_names[a],
                    c.act[a], 100.0 * mb_share(c.act[a], r->scores[m]));
        }
        fprintf(out, "  %-60s %14s %8s\n", "flow", "amount", "share");
        for (q = 0; q < c.nflow; q++) {
            int64_t f = c.flow_idx[q];
            char *name = mb_sprintf("%s (%s, %s)", l->flow_names[f],
                                    l->flow_categories[f], direction(s, f));

            fprintf(out, "  %-60.60s %14.6g %7.2f%%\n", name ? name : "?",
                    c.flow[f], 100.0 * mb_share(c.flow[f], r->scores[m]));
            mb_free(name);
        }
        fprintf(out, "  No factor for %lld of the %lld flows in the "
                "inventory (%.1f%% of its mass in kg)%s\n",
                (long long)u.count, (long long)u.total,
                100.0 * mb_share(u.mass, u.mass_total),
                u.nlargest ? "; the largest in kg:" : "");
        for (q = 0; q < u.nlargest; q++) {
            int64_t f = u.largest[q];
            char *name = mb_sprintf("%s (%s, %s)", l->flow_names[f],
                                    l->flow_categories[f], direction(s, f));

            fprintf(out, "    %-58.58s %14.6g kg\n", name ? name : "?",
                    fabs(r->inventory[f]));
            mb_free(name);
        }
        mb_contrib_free(&c);
    }
    return rc;
}

/* ---- JSON ------------------------------------------------------------ */

static json_t *json_linking(const mb_compile_report *c)
{
    json_t *cut = json_array();
    size_t k;

    for (k = 0; k < c->unlinked_flows; k++)
        json_array_append_new(cut, json_pack("{s:s, s:I}", "flow",
                                             c->unlinked_names[k], "inputs",
                                             (json_int_t)c->unlinked_counts[k]));
    return json_pack(
        "{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:I, s:I, s:I, s:I, s:I, "
        "s:I}",
        "activities", (json_int_t)c->activities, "linked_default",
        (json_int_t)c->linked_default, "linked_by_flow",
        (json_int_t)c->linked_by_flow, "linked_ambiguous",
        (json_int_t)c->linked_ambiguous, "coproducts_substituting",
        (json_int_t)c->coproducts_linked, "allocated",
        (json_int_t)c->allocated, "cut_off_inputs", (json_int_t)c->unlinked,
        "cut_off_flows", cut, "factors_by_id", (json_int_t)c->factors_by_id,
        "factors_by_mapping", (json_int_t)c->factors_by_mapping,
        "factors_by_name", (json_int_t)c->factors_by_name,
        "factors_unmatched", (json_int_t)c->factors_unmatched,
        "mappings_skipped", (json_int_t)c->mappings_skipped,
        "processes_without_product", (json_int_t)c->no_product);
}

static json_t *json_flow(const mb_system *s, int64_t f, double v,
                         const char *key, const double *score)
{
    const mb_system_labels *l = s->labels;
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:f}", "name",
                          l->flow_names[f], "category", l->flow_categories[f],
                          "direction", direction(s, f), "unit",
                          l->flow_units[f], "id", l->flow_uuids[f], key, v);

    if (o && score)
        json_object_set_new(o, "share", json_real(mb_share(v, *score)));
    return o;
}

static json_t *json_cut_off(const mb_lca_result *r, int64_t top)
{
    const mb_system_labels *l = r->sys->labels;
    cut_list c = cut_list_compute(r, top);
    json_t *arr = json_array();
    int64_t q;

    for (q = 0; q < c.n; q++)
        json_array_append_new(arr, json_pack("{s:s, s:f, s:s}", "flow",
                                             l->cutoff_names[c.idx[q]],
                                             "amount", c.u[c.idx[q]], "unit",
                                             l->cutoff_units[c.idx[q]]));
    cut_list_free(&c);
    return arr;
}

static int write_json(FILE *out, const mb_lca_result *r,
                      const mb_report_options *o)
{
    const mb_system *s = r->sys;
    const mb_system_labels *l = s->labels;
    size_t nm = mb_report_method_count(o, s), k;
    json_t *root = json_object(), *demand = json_array(),
           *impacts = json_array(), *inventory = json_array();
    int64_t j, q;
    int rc = 0;

    EACH_DEMAND(s, r, j)
    json_array_append_new(
        demand, json_pack("{s:s, s:s, s:s, s:f, s:s}", "process",
                          l->activity_names[j], "id", l->activity_uuids[j],
                          "product", l->product_names[j], "amount",
                          r->demand[j], "unit", l->product_units[j]));
    json_object_set_new(root, "demand", demand);
    json_object_set_new(root, "residual", json_real(r->residual));
    if (o->compile)
        json_object_set_new(root, "linking", json_linking(o->compile));
    for (k = 0; k < nm && rc == 0; k++) {
        size_t m = mb_report_method_at(o, k);
        unmatched u = count_unmatched(r, m);
        json_t *acts = json_array(), *flows = json_array();
        json_t *largest = json_array();
        mb_contrib c;

        if ((rc = mb_contrib_compute(&c, r, m, o->top)) < 0)
            break;
        for (q = 0; q < c.nact; q++) {
            int64_t a = c.act_idx[q];

            json_array_append_new(
                acts, json_pack("{s:s, s:s, s:f, s:f}", "process",
                                l->activity_names[a], "id",
                                l->activity_uuids[a], "amount", c.act[a],
                                "share", mb_share(c.act[a], r->scores[m])));
        }
        for (q = 0; q < c.nflow; q++)
            json_array_append_new(flows,
                                  json_flow(s, c.flow_idx[q],
                                            c.flow[c.flow_idx[q]], "amount",
                                            &r->scores[m]));
        for (q = 0; q < u.nlargest; q++)
            json_array_append_new(largest,
                                  json_flow(s, u.largest[q],
                                            fabs(r->inventory[u.largest[q]]),
                                            "amount", NULL));
        json_array_append_new(
            impacts,
            json_pack("{s:s, s:f, s:s, s:o, s:o, s:{s:I, s:I, s:f, s:o}}",
                      "method", s->methods[m].name, "score", r->scores[m],
                      "unit", l->method_units[m], "processes", acts, "flows",
                      flows, "unmatched", "flows", (json_int_t)u.count,
                      "of", (json_int_t)u.total, "mass_share",
                      mb_share(u.mass, u.mass_total), "largest", largest));
        mb_contrib_free(&c);
    }
    json_object_set_new(root, "impacts", impacts);
    json_object_set_new(root, "cut_off", json_cut_off(r, o->top));
    for (j = 0; j < s->nflows; j++)
        if (r->inventory[j] != 0.0)
            json_array_append_new(inventory, json_flow(s, j, r->inventory[j],
                                                       "amount", NULL));
    json_object_set_new(root, "inventory", inventory);
    return mb_write_json_report(out, root, rc);
}

/* ---- CSV ------------------------------------------------------------- */

/* section,method,name,category,direction,value,unit,share */
static void csv_row(FILE *out, const char *section, const char *method,
                    const char *name, const char *category,
                    const char *dir, double value, const char *unit,
                    const double *sh)
{
    fprintf(out, "%s,", section);
    if (method)
        mb_write_csv_field(out, method);
    fputc(',', out);
    if (name)
        mb_write_csv_field(out, name);
    fputc(',', out);
    if (category)
        mb_write_csv_field(out, category);
    fprintf(out, ",%s,%.17g,", dir ? dir : "", value);
    if (unit)
        mb_write_csv_field(out, unit);
    fputc(',', out);
    if (sh)
        fprintf(out, "%.17g", *sh);
    fputc('\n', out);
}

static int write_csv(FILE *out, const mb_lca_result *r,
                     const mb_report_options *o)
{
    const mb_system *s = r->sys;
    const mb_system_labels *l = s->labels;
    size_t nm = mb_report_method_count(o, s), k;
    cut_list cut;
    int64_t j, q;
    int rc = 0;

    fprintf(out, "section,method,name,category,direction,value,unit,share\n");
    EACH_DEMAND(s, r, j)
    csv_row(out, "demand", NULL, l->activity_names[j], l->product_names[j],
            NULL, r->demand[j], l->product_units[j], NULL);
    for (k = 0; k < nm; k++) {
        size_t m = mb_report_method_at(o, k);

        csv_row(out, "impact", s->methods[m].name, NULL, NULL, NULL,
                r->scores[m], l->method_units[m], NULL);
    }
    for (k = 0; k < nm && rc == 0; k++) {
        size_t m = mb_report_method_at(o, k);
        mb_contrib c;

        if ((rc = mb_contrib_compute(&c, r, m, o->top)) < 0)
            break;
        for (q = 0; q < c.nact; q++) {
            int64_t a = c.act_idx[q];
            double sh = mb_share(c.act[a], r->scores[m]);

            csv_row(out, "process_contribution", s->methods[m].name,
                    l->activity_names[a], NULL, NULL, c.act[a],
                    l->method_units[m], &sh);
        }
        for (q = 0; q < c.nflow; q++) {
            int64_t f = c.flow_idx[q];
            double sh = mb_share(c.flow[f], r->scores[m]);

            csv_row(out, "flow_contribution", s->methods[m].name,
                    l->flow_names[f], l->flow_categories[f], direction(s, f),
                    c.flow[f], l->method_units[m], &sh);
        }
        mb_contrib_free(&c);
    }
    cut = cut_list_compute(r, o->top);
    for (q = 0; q < cut.n; q++)
        csv_row(out, "cut_off", NULL, l->cutoff_names[cut.idx[q]], NULL,
                "input", cut.u[cut.idx[q]], l->cutoff_units[cut.idx[q]],
                NULL);
    cut_list_free(&cut);
    for (j = 0; j < s->nflows; j++)
        if (r->inventory[j] != 0.0)
            csv_row(out, "inventory", NULL, l->flow_names[j],
                    l->flow_categories[j], direction(s, j), r->inventory[j],
                    l->flow_units[j], NULL);
    return rc;
}

int mb_report_labeled(FILE *out, const mb_lca_result *r,
                      const mb_report_options *o)
{
    int64_t top = o->top;
    mb_report_options local = *o;
    int rc;

    if (top > r->sys->nactivities && top > r->sys->nflows)
        local.top = r->sys->nactivities > r->sys->nflows ? r->sys->nactivities
                                                         : r->sys->nflows;
    switch (local.format) {
    case MB_REPORT_JSON: rc = write_json(out, r, &local); break;
    case MB_REPORT_CSV: rc = write_csv(out, r, &local); break;
    default: rc = write_table(out, r, &local); break;
    }
    if (rc == 0 && ferror(out))
        rc = mb_error_set(MB_EIO, "cannot write the report");
    return rc;
}
