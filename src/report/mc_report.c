/*
 * mc_report.c - Monte Carlo results (mb_report_mc): summary statistics per
 * demand and method and, for two demands sampled with common random
 * numbers, the statistics of their difference and P(first < second), as an
 * aligned table, JSON or long CSV (demand, method, unit, statistic, value).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/core.h"
#include "metabol/report.h"
#include "report/report_util.h"

typedef struct stat_row {
    const char *name;
    double value;
} stat_row;

/* The statistics of s, with the deterministic value first when known. */
static size_t stat_rows(const mb_mc_summary *s, double deterministic,
                        stat_row *rows)
{
    size_t n = 0;

    if (!isnan(deterministic))
        rows[n++] = (stat_row){"deterministic", deterministic};
    rows[n++] = (stat_row){"mean", s->mean};
    rows[n++] = (stat_row){"sd", s->sd};
    rows[n++] = (stat_row){"p2.5", s->p2_5};
    rows[n++] = (stat_row){"p5", s->p5};
    rows[n++] = (stat_row){"p25", s->p25};
    rows[n++] = (stat_row){"median", s->median};
    rows[n++] = (stat_row){"p75", s->p75};
    rows[n++] = (stat_row){"p95", s->p95};
    rows[n++] = (stat_row){"p97.5", s->p97_5};
    rows[n++] = (stat_row){"min", s->min};
    rows[n++] = (stat_row){"max", s->max};
    return n;
}

static const char *unit_of(const mb_system *sys, size_t m)
{
    return sys->labels && sys->labels->method_units &&
                   sys->labels->method_units[m]
               ? sys->labels->method_units[m]
               : "";
}

/* The per-iteration difference of demand 0 and 1 for method k, and P(<). */
static int difference(const mb_mc_result *res, size_t k, mb_mc_summary *s,
                      double *p_less)
{
    size_t w = (size_t)res->ndemands * res->nmethods;
    double *d = mb_alloc_array((size_t)res->count + 1, sizeof *d);
    int64_t i, less = 0, valid = 0;
    int rc;

    if (!d)
        return MB_ENOMEM;
    for (i = 0; i < res->count; i++) {
        double a = res->scores[(size_t)i * w + k],
               b = res->scores[(size_t)i * w + res->nmethods + k];

        d[i] = a - b;
        if (!isnan(d[i])) {
            valid++;
            less += a < b;
        }
    }
    rc = mb_mc_summarize(d, res->count, 1, s);
    *p_less = valid ? (double)less / (double)valid : NAN;
    mb_free(d);
    return rc;
}

static void write_json_number(FILE *out, double v)
{
    if (isfinite(v))
        fprintf(out, "%.17g", v);
    else
        fputs("null", out);
}

static void json_stats(FILE *out, const stat_row *rows, size_t n)
{
    size_t q;

    for (q = 0; q < n; q++) {
        fprintf(out, "%s\"%s\": ", q ? ", " : "", rows[q].name);
        write_json_number(out, rows[q].value);
    }
}

static void csv_stats(FILE *out, const char *demand, const char *method,
                      const char *unit, const stat_row *rows, size_t n)
{
    size_t q;

    for (q = 0; q < n; q++) {
        mb_write_csv_field(out, demand);
        fputc(',', out);
        mb_write_csv_field(out, method);
        fputc(',', out);
        mb_write_csv_field(out, unit);
        fprintf(out, ",%s,%.17g\n", rows[q].name, rows[q].value);
    }
}

/* The table shows these; JSON and CSV every statistic. */
static int in_table(const char *name)
{
    static const char *const shown[] = {"deterministic", "mean", "sd",
                                        "p2.5", "median", "p97.5", "p_less"};
    size_t k;

    for (k = 0; k < sizeof shown / sizeof shown[0]; k++)
        if (strcmp(name, shown[k]) == 0)
            return 1;
    return 0;
}

static void table_header(FILE *out, const stat_row *rows, size_t n)
{
    size_t q;

    fprintf(out, "%-28s %-14s", "method", "unit");
    for (q = 0; q < n; q++)
        if (in_table(rows[q].name))
            fprintf(out, " %13s", rows[q].name);
    fputc('\n', out);
}

static void table_row(FILE *out, const char *method, const char *unit,
                      const stat_row *rows, size_t n)
{
    size_t q;

    fprintf(out, "%-28.28s %-14.14s", method, unit);
    for (q = 0; q < n; q++)
        if (in_table(rows[q].name))
            fprintf(out, " %13.6g", rows[q].value);
    fputc('\n', out);
}

/*
 * One method's statistics: a JSON object (with "demand" unless demand is
 * NULL, the comparison), CSV rows (demand "difference" for the
 * comparison) or a table row (after the header when `header`). `first`:
 * the first object of its JSON array.
 */
static void write_entry(FILE *out, mb_report_format f, const mb_system *sys,
                        const char *demand, size_t m, const mb_mc_summary *s,
                        const stat_row *rows, size_t n, int first, int header)
{
    if (f == MB_REPORT_JSON) {
        fputs(first ? "\n  {" : ",\n  {", out);
        if (demand) {
            fputs("\"demand\": ", out);
            mb_write_json_string(out, demand);
            fputs(", ", out);
        }
        fputs("\"method\": ", out);
        mb_write_json_string(out, sys->methods[m].name);
        fputs(", \"unit\": ", out);
        mb_write_json_string(out, unit_of(sys, m));
        fprintf(out, ", \"n\": %lld, ", (long long)s->n);
        json_stats(out, rows, n);
        fputc('}', out);
    } else if (f == MB_REPORT_CSV) {
        csv_stats(out, demand ? demand : "difference", sys->methods[m].name,
                  unit_of(sys, m), rows, n);
    } else {
        if (header)
            table_header(out, rows, n);
        table_row(out, sys->methods[m].name, unit_of(sys, m), rows, n);
    }
}

static void write_preamble(FILE *out, const mb_mc_report *r,
                           mb_report_format f)
{
    const mb_mc_result *res = r->res;

    if (f == MB_REPORT_JSON) {
        fprintf(out, "{\"iterations\": %lld, \"seed\": %llu, "
                "\"threads\": %d, \"ranks\": %d, \"sampled_values\": %lld, "
                "\"singular_skipped\": %lld, \"iterative_solves\": %lld, "
                "\"refactorizations\": %lld, \"gmres_steps\": %lld, "
                "\"seconds\": %.6f,\n \"results\": [",
                (long long)res->count, (unsigned long long)r->seed,
                r->threads, r->ranks, (long long)res->sampled,
                (long long)res->singular, (long long)res->iterative,
                (long long)res->refactorized, (long long)res->gmres_steps,
                res->seconds);
    } else if (f == MB_REPORT_CSV) {
        fputs("demand,method,unit,statistic,value\n", out);
    } else {
        fprintf(out, "Monte Carlo: %lld iterations, seed %llu, %d thread%s",
                (long long)res->count, (unsigned long long)r->seed,
                r->threads, r->threads == 1 ? "" : "s");
        if (r->ranks > 1)
            fprintf(out, " x %d MPI ranks", r->ranks);
        fprintf(out, "; %lld uncertain values drawn per iteration\n",
                (long long)res->sampled);
        if (res->singular)
            fprintf(out, "skipped %lld singular samples (first: iteration "
                    "%lld)\n",
                    (long long)res->singular,
                    (long long)res->first_singular);
    }
}

int mb_report_mc(FILE *out, const mb_mc_report *r,
                 const mb_report_options *opts)
{
    mb_report_options defaults = MB_REPORT_OPTIONS_INIT;
    const mb_report_options *o = opts ? opts : &defaults;
    const mb_mc_result *res = r->res;
    size_t nm = res->nmethods, k, n, stride;
    stat_row rows[12];
    mb_mc_summary s;
    int64_t d;
    int rc = 0;

    stride = (size_t)res->ndemands * nm;
    write_preamble(out, r, o->format);
    for (d = 0; d < res->ndemands && rc == 0; d++) {
        if (o->format == MB_REPORT_TABLE)
            fprintf(out, "\n%s\n", r->demand_labels[d]);
        for (k = 0; k < nm && rc == 0; k++) {
            size_t m = r->methods[k];
            double det = r->deterministic ? r->deterministic[d * nm + k]
                                          : NAN;

            if ((rc = mb_mc_summarize(res->scores + d * nm + k, res->count,
                                      (int64_t)stride, &s)) < 0)
                break;
            n = stat_rows(&s, det, rows);
            write_entry(out, o->format, r->sys, r->demand_labels[d], m, &s,
                        rows, n, d == 0 && k == 0, k == 0);
        }
    }
    if (o->format == MB_REPORT_JSON)
        fputs("]", out);
    if (res->ndemands == 2 && rc == 0) {
        if (o->format == MB_REPORT_JSON)
            fputs(",\n \"comparison\": [", out);
        else if (o->format == MB_REPORT_TABLE)
            fprintf(out, "\n%s minus %s (common random numbers)\n",
                    r->demand_labels[0], r->demand_labels[1]);
        for (k = 0; k < nm && rc == 0; k++) {
            size_t m = r->methods[k];
            double p_less;

            if ((rc = difference(res, k, &s, &p_less)) < 0)
                break;
            n = stat_rows(&s, NAN, rows);
            rows[n++] = (stat_row){"p_less", p_less};
            write_entry(out, o->format, r->sys, NULL, m, &s, rows, n, k == 0,
                        k == 0);
        }
        if (o->format == MB_REPORT_JSON)
            fputs("]", out);
    }
    if (o->format == MB_REPORT_JSON)
        fputs("}\n", out);
    if (rc == 0 && ferror(out))
        rc = mb_error_set(MB_EIO, "cannot write the Monte Carlo report");
    return rc;
}
