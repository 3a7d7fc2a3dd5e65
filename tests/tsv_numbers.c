/*
 * tsv_numbers.c - see tsv_numbers.h.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tsv_numbers.h"

/* Numbers of one data line after skip_cols fields; -1 on a bad field. */
static int64_t parse_line(char *line, int skip_cols, double *vals,
                          int64_t cap)
{
    int64_t n = 0;
    int field = 0;
    char *p = line;

    line[strcspn(line, "\r\n")] = '\0';
    for (;;) {
        char *tab = strchr(p, '\t'), *end;

        if (tab)
            *tab = '\0';
        if (field++ >= skip_cols) {
            double v = strtod(p, &end);

            if (end == p || *end != '\0' || n >= cap)
                return -1;
            vals[n++] = v;
        }
        if (!tab)
            return n;
        p = tab + 1;
    }
}

mb_dense *tsv_numbers_load(const char *path, int skip_rows, int skip_cols,
                           char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    char line[65536];
    double *vals = NULL;
    int64_t m = 0, n = -1, cap = 0, i, k;
    mb_dense *a = NULL;

    if (!f) {
        snprintf(err, errlen, "%s: cannot open", path);
        return NULL;
    }
    while (fgets(line, sizeof line, f)) {
        int64_t got;

        if (line[0] == '#' || line[0] == '\n')
            continue;
        if (skip_rows > 0) {
            skip_rows--;
            continue;
        }
        if (cap < (m + 1) * 4096) {
            cap = (m + 1) * 4096;
            double *grown = realloc(vals, (size_t)cap * sizeof *vals);

            if (!grown) {
                snprintf(err, errlen, "%s: out of memory", path);
                free(vals);
                fclose(f);
                return NULL;
            }
            vals = grown;
        }
        got = parse_line(line, skip_cols, vals + (n > 0 ? m * n : 0), 4096);
        if (got < 0 || (n >= 0 && got != n)) {
            snprintf(err, errlen, "%s: data line %lld is not %s numbers",
                     path, (long long)m + 1, n >= 0 ? "as many" : "all");
            free(vals);
            fclose(f);
            return NULL;
        }
        n = got;
        m++;
    }
    fclose(f);
    if (m == 0 || mb_dense_new(&a, m, n) < 0) {
        snprintf(err, errlen, "%s: no data", path);
        free(vals);
        return NULL;
    }
    for (i = 0; i < m; i++) /* row-major text to column-major matrix */
        for (k = 0; k < n; k++)
            *mb_dense_at(a, i, k) = vals[i * n + k];
    free(vals);
    return a;
}

int dense_compare(const mb_dense *got, const mb_dense *want, double rel,
                  double abs_tol, char *msg, size_t msglen)
{
    int64_t i, j;

    if (!got || !want || got->m != want->m || got->n != want->n) {
        snprintf(msg, msglen, "shape %lld x %lld, expected %lld x %lld",
                 got ? (long long)got->m : -1LL,
                 got ? (long long)got->n : -1LL,
                 want ? (long long)want->m : -1LL,
                 want ? (long long)want->n : -1LL);
        return 1;
    }
    for (j = 0; j < got->n; j++)
        for (i = 0; i < got->m; i++) {
            double g = got->x[i + j * got->ld];
            double w = want->x[i + j * want->ld];
            double s = fabs(g) > fabs(w) ? fabs(g) : fabs(w);

            if (!(fabs(g - w) <= rel * s + abs_tol)) {
                snprintf(msg, msglen,
                         "entry (%lld, %lld) = %.17g, expected %.17g",
                         (long long)i, (long long)j, g, w);
                return 1;
            }
        }
    return 0;
}
