/*
 * lca_report.c - one demand's LCA result as JSON (for programs), CSV (one
 * tidy long table) or an aligned text table (for people). Contributions are
 * listed per method, largest absolute first, with their share of the score.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "core/core.h"
#include "metabol/report.h"
#include "report/report_util.h"

int mb_report_format_parse(const char *name)
{
    if (strcmp(name, "table") == 0)
        return MB_REPORT_TABLE;
    if (strcmp(name, "json") == 0)
        return MB_REPORT_JSON;
    if (strcmp(name, "csv") == 0)
        return MB_REPORT_CSV;
    return -1;
}

/* {id: value} for the nonzero entries (an ecoinvent-sized supply vector is
 * mostly zeros; absent ids are zero). */
static json_t *id_map(const int64_t *ids, const double *v, int64_t n)
{
    json_t *obj = json_object();
    char key[32];
    int64_t k;

    for (k = 0; obj && k < n; k++) {
        if (v[k] == 0.0)
            continue;
        snprintf(key, sizeof key, "%lld", (long long)ids[k]);
        json_object_set_new(obj, key, json_real(v[k]));
    }
    return obj;
}

static json_t *top_list(const int64_t *ids, const int64_t *idx, int64_t n,
                        const double *v, double score)
{
    json_t *arr = json_array();
    int64_t k;

    for (k = 0; arr && k < n; k++)
        json_array_append_new(arr,
                              json_pack("{s:I, s:f, s:f}", "id",
                                        (json_int_t)ids[idx[k]], "amount",
                                        v[idx[k]], "share",
                                        mb_share(v[idx[k]], score)));
    return arr;
}

static int write_json(FILE *out, const mb_lca_result *r,
                      const mb_report_options *o)
{
    const mb_system *s = r->sys;
    size_t nm = mb_report_method_count(o, s), nn = s->nnormalizations,
           nw = s->nweightings, k, q, w;
    json_t *root = json_object(), *impacts = json_array(),
           *contribs = json_array(), *normalized = json_array(),
           *weighted = json_array();
    int rc = 0;

    json_object_set_new(root, "demand",
                        id_map(s->product_ids, r->demand, s->nproducts));
    json_object_set_new(root, "residual", json_real(r->residual));
    json_object_set_new(root, "supply",
                        id_map(s->activity_ids, r->supply, s->nactivities));
    json_object_set_new(root, "inventory",
                        id_map(s->flow_ids, r->inventory, s->nflows));
    for (k = 0; k < nm && rc == 0; k++) {
        size_t m = mb_report_method_at(o, k);
        const char *name = s->methods[m].name;
        mb_contrib c;

        json_array_append_new(impacts, json_pack("{s:s, s:f}", "method", name,
                                                 "score", r->scores[m]));
        for (q = 0; q < nn; q++) {
            double v = r->normalized[m * nn + q];

            json_array_append_new(normalized,
                                  json_pack("{s:s, s:s, s:f}", "method", name,
                                            "normalization",
                                            s->normalizations[q].name, "score",
                                            v));
            for (w = 0; w < nw; w++)
                json_array_append_new(
                    weighted,
                    json_pack("{s:s, s:s, s:s, s:f}", "method", name,
                              "normalization", s->normalizations[q].name,
                              "weighting", s->weightings[w].name, "score",
                              r->weighted[(m * nn + q) * nw + w]));
        }
        if ((rc = mb_contrib_compute(&c, r, m, o->top)) < 0)
            break;
        json_array_append_new(
            contribs,
            json_pack("{s:s, s:f, s:o, s:o}", "method", name, "score",
                      r->scores[m], "activities",
                      top_list(s->activity_ids, c.act_idx, c.nact, c.act,
                               r->scores[m]),
                      "flows",
                      top_list(s->flow_ids, c.flow_idx, c.nflow, c.flow,
                               r->scores[m])));
        mb_contrib_free(&c);
    }
    json_object_set_new(root, "impacts", impacts);
    if (nn)
        json_object_set_new(root, "normalized", normalized);
    else
        json_decref(normalized);
    if (nn && nw)
        json_object_set_new(root, "weighted", weighted);
    else
        json_decref(weighted);
    json_object_set_new(root, "contributions", contribs);
    return mb_write_json_report(out, root, rc);
}

/*
 * One CSV row: section, method (quoted, or empty), id (a number as is, a
 * name quoted), value, share (or empty).
 */
static void csv_row(FILE *out, const char *section, const char *method,
                    const char *id, double value, const double *share_of)
{
    fprintf(out, "%s,", section);
    if (method)
        mb_write_csv_field(out, method);
    fputc(',', out);
    if (id && strspn(id, "-0123456789") == strlen(id))
        fputs(id, out);
    else if (id)
        mb_write_csv_field(out, id);
    fprintf(out, ",%.17g,", value);
    if (share_of)
        fprintf(out, "%.17g", *share_of);
    fputc('\n', out);
}

/* CSV: one long table, section,method,id,value,share. */
static int write_csv(FILE *out, const mb_lca_result *r,
                     const mb_report_options *o)
{
    const mb_system *s = r->sys;
    size_t nm = mb_report_method_count(o, s), k, q, w;
    int64_t j;
    int rc = 0;

    fprintf(out, "section,method,id,value,share\n");
    csv_row(out, "residual", NULL, NULL, r->residual, NULL);
    for (k = 0; k < nm; k++) {
        size_t m = mb_report_method_at(o, k);
        const char *name = s->methods[m].name;

        csv_row(out, "impact", name, NULL, r->scores[m], NULL);
        for (q = 0; q < s->nnormalizations; q++) {
            size_t i = m * s->nnormalizations + q;
            const char *norm = s->normalizations[q].name;

            csv_row(out, "normalized", name, norm, r->normalized[i], NULL);
            for (w = 0; w < s->nweightings; w++) {
                char *id = mb_sprintf("%s/%s", norm, s->weightings[w].name);

                if (!id)
                    return MB_ENOMEM;
                csv_row(out, "weighted", name, id,
                        r->weighted[i * s->nweightings + w], NULL);
                mb_free(id);
            }
        }
    }
    for (j = 0; j < s->nactivities; j++)
        fprintf(out, "supply,,%lld,%.17g,\n", (long long)s->activity_ids[j],
                r->supply[j]);
    for (j = 0; j < s->nflows; j++)
        fprintf(out, "inventory,,%lld,%.17g,\n", (long long)s->flow_ids[j],
                r->inventory[j]);
    for (k = 0; k < nm && rc == 0; k++) {
        size_t m = mb_report_method_at(o, k);
        char id[32];
        mb_contrib c;

        if ((rc = mb_contrib_compute(&c, r, m, o->top)) < 0)
            break;
        for (j = 0; j < c.nact; j++) {
            double v = c.act[c.act_idx[j]], sh = mb_share(v, r->scores[m]);

            snprintf(id, sizeof id, "%lld",
                     (long long)s->activity_ids[c.act_idx[j]]);
            csv_row(out, "activity_contribution", s->methods[m].name, id, v,
                    &sh);
        }
        for (j = 0; j < c.nflow; j++) {
            double v = c.flow[c.flow_idx[j]], sh = mb_share(v, r->scores[m]);

            snprintf(id, sizeof id, "%lld",
                     (long long)s->flow_ids[c.flow_idx[j]]);
            csv_row(out, "flow_contribution", s->methods[m].name, id, v, &sh);
        }
        mb_contrib_free(&c);
    }
    return rc;
}

/* Width of the longest method name, at least `min`. */
static int name_width(const mb_lca_result *r, const mb_report_options *o,
                      int min)
{
    size_t k, nm = mb_report_method_count(o, r->sys);
    int w = min;

    for (k = 0; k < nm; k++) {
        int len = (int)strlen(r->sys->methods[mb_report_method_at(o, k)].name);

        if (len > w)
            w = len;
    }
    return w;
}

static void table_top(FILE *out, const char *what, const int64_t *ids,
                      const int64_t *idx, int64_t n, const double *v,
                      double score)
{
    int64_t k;

    fprintf(out, "  %-12s %16s %9s\n", what, "contribution", "share");
    for (k = 0; k < n; k++)
        fprintf(out, "  %-12lld %16.6g %8.2f%%\n", (long long)ids[idx[k]],
                v[idx[k]], 100.0 * mb_share(v[idx[k]], score));
}

static int write_table(FILE *out, const mb_lca_result *r,
                       const mb_report_options *o)
{
    const mb_system *s = r->sys;
    size_t nm = mb_report_method_count(o, s), k, q, w;
    int width = name_width(r, o, 6);
    int64_t j;
    int rc = 0;

    fprintf(out, "Demand:");
    for (j = 0; j < s->nproducts; j++)
        if (r->demand[j] != 0.0)
            fprintf(out, " product %lld = %g", (long long)s->product_ids[j],
                    r->demand[j]);
    fprintf(out, "\nSystem: %lld activities, %lld flows, %zu methods; "
            "relative residual %.2e\n\n",
            (long long)s->nactivities, (long long)s->nflows, s->nmethods,
            r->residual);
    fprintf(out, "%-*s %16s\n", width, "Method", "Score");
    for (k = 0; k < nm; k++) {
        size_t m = mb_report_method_at(o, k);

        fprintf(out, "%-*s %16.6g\n", width, s->methods[m].name,
                r->scores[m]);
    }
    for (q = 0; q < s->nnormalizations; q++) {
        fprintf(out, "\nNormalized by %s:\n", s->normalizations[q].name);
        for (k = 0; k < nm; k++) {
            size_t m = mb_report_method_at(o, k), i = m * s->nnormalizations + q;

            fprintf(out, "%-*s %16.6g", width, s->methods[m].name,
                    r->normalized[i]);
            for (w = 0; w < s->nweightings; w++)
                fprintf(out, "   weighted by %s: %.6g", s->weightings[w].name,
                        r->weighted[i * s->nweightings + w]);
            fputc('\n', out);
        }
    }
    for (k = 0; k < nm && rc == 0; k++) {
        size_t m = mb_report_method_at(o, k);
        mb_contrib c;

        if ((rc = mb_contrib_compute(&c, r, m, o->top)) < 0)
            break;
        fprintf(out, "\nContributions to %s (score %.6g)\n",
                s->methods[m].name, r->scores[m]);
        table_top(out, "activity", s->activity_ids, c.act_idx, c.nact, c.act,
                  r->scores[m]);
        table_top(out, "flow", s->flow_ids, c.flow_idx, c.nflow, c.flow,
                  r->scores[m]);
        mb_contrib_free(&c);
    }
    return rc;
}

int mb_report_lca(FILE *out, const mb_lca_result *r,
                  const mb_report_options *opts)
{
    mb_report_options defaults = MB_REPORT_OPTIONS_INIT;
    const mb_report_options *o = opts ? opts : &defaults;
    int rc;

    if (r->sys->labels)
        return mb_report_labeled(out, r, o);
    switch (o->format) {
    case MB_REPORT_JSON: rc = write_json(out, r, o); break;
    case MB_REPORT_CSV: rc = write_csv(out, r, o); break;
    default: rc = write_table(out, r, o); break;
    }
    if (rc == 0 && ferror(out))
        rc = mb_error_set(MB_EIO, "cannot write the report");
    return rc;
}
