/*
 * mrio_check.c - the labels of an MRIO's tables must agree, as pymrio's
 * calculations assume (pymrio.core.mriosystem: every extension's F has
 * Z's columns, F_Y has Y's columns, units are indexed like the rows).
 */
#include <string.h>

#include "core/core.h"
#include "mrio_internal.h"

typedef struct side {
    const char *acc, *table, *axis;
    const mb_mrio_labels *l;
} side;

/*
 * The first difference between a and b, as an MB_EFORMAT message. A level
 * without a name (pymrio's EXIOBASE satellite tables) matches any name.
 */
static int must_equal(const char *src, side a, side b)
{
    char x[256], y[256];
    if (a.l->nlevels != b.l->nlevels || a.l->n != b.l->n)
        return mb_error_set(MB_EFORMAT,
                            "%s: %s%s%s %s (%d levels, %lld labels) and "
                            "%s%s%s %s (%d levels, %lld labels): expected the "
                            "same labels",
                            src, a.acc, *a.acc ? "/" : "", a.table, a.axis,
                            a.l->nlevels, (long long)a.l->n, b.acc,
                            *b.acc ? "/" : "", b.table, b.axis, b.l->nlevels,
                            (long long)b.l->n);
    for (int k = 0; k < a.l->nlevels; k++)
        if (*a.l->names[k] && *b.l->names[k] &&
            strcmp(a.l->names[k], b.l->names[k]))
            return mb_error_set(MB_EFORMAT,
                                "%s: %s%s%s %s level %d is '%s', %s%s%s %s's "
                                "'%s': expected the same level names (or one unnamed)",
                                src, a.acc, *a.acc ? "/" : "", a.table,
                                a.axis, k + 1, a.l->names[k], b.acc,
                                *b.acc ? "/" : "", b.table, b.axis,
                                b.l->names[k]);
    for (int64_t i = 0; i < a.l->n; i++) {
        int same = 1;
        for (int k = 0; k < a.l->nlevels && same; k++)
            same = !strcmp(a.l->values[i * a.l->nlevels + k],
                           b.l->values[i * b.l->nlevels + k]);
        if (!same)
            return mb_error_set(
                MB_EFORMAT,
                "%s: %s%s%s %s label %lld is %s, %s%s%s %s's is %s: "
                "expected the same labels in the same order",
                src, a.acc, *a.acc ? "/" : "", a.table, a.axis,
                (long long)i + 1, mb_mrio_labels_str(a.l, i, x, sizeof x),
                b.acc, *b.acc ? "/" : "", b.table, b.axis,
                mb_mrio_labels_str(b.l, i, y, sizeof y));
    }
    return 0;
}

static side rows_of(const mb_mrio_account *a, const mb_mrio_table *t)
{
    return (side){a->name, t->name, "rows", &t->rows};
}

static side cols_of(const mb_mrio_account *a, const mb_mrio_table *t)
{
    return (side){a->name, t->name, "columns", &t->cols};
}

/* A table named like a final-demand one: Y, F_Y, S_Y, M_Y ... */
static int final_demand(const char *name)
{
    size_t n = strlen(name);
    return !strcmp(name, "Y") || (n >= 2 && !strcmp(name + n - 2, "_Y"));
}

int mb_mrio_check(const mb_mrio *m)
{
    const char *src = m->source ? m->source : "mrio";
    const mb_mrio_account *c = &m->core;
    const mb_mrio_table *base = NULL, *y = mb_mrio_table_get(c, "Y");
    int rc = 0;

    for (size_t k = 0; k < c->ntables && !base; k++)
        if (!final_demand(c->tables[k]->name) &&
            c->tables[k]->cols.n == c->tables[k]->rows.n)
            base = c->tables[k]; /* Z, A or L */
    if (!base && c->ntables)
        base = c->tables[0];
    for (size_t k = 0; base && k < c->ntables && rc == 0; k++) {
        const mb_mrio_table *t = c->tables[k];
        rc = must_equal(src, rows_of(c, t), rows_of(c, base));
        if (rc == 0 && !final_demand(t->name) && t->cols.n > 1)
            rc = must_equal(src, cols_of(c, t), cols_of(c, base));
    }
    if (rc == 0 && base && c->unit)
        rc = must_equal(src, (side){"", "unit", "rows", &c->unit->rows},
                        rows_of(c, base));
    for (size_t e = 0; e < m->next && rc == 0; e++) {
        const mb_mrio_account *a = &m->ext[e];
        const mb_mrio_table *first = a->ntables ? a->tables[0] : NULL;
        for (size_t k = 0; k < a->ntables && rc == 0; k++) {
            const mb_mrio_table *t = a->tables[k];
            rc = must_equal(src, rows_of(a, t), rows_of(a, first));
            if (rc == 0 && final_demand(t->name) && y)
                rc = must_equal(src, cols_of(a, t), cols_of(c, y));
            else if (rc == 0 && !final_demand(t->name) && base &&
                     t->cols.n > 1)
                rc = must_equal(src, cols_of(a, t), cols_of(c, base));
        }
        if (rc == 0 && first && a->unit)
            rc = must_equal(src, (side){a->name, "unit", "rows",
                                        &a->unit->rows},
                            rows_of(a, first));
    }
    return rc;
}

int mb_mrio_finish(mb_mrio *m, int rc, mb_mrio **out)
{
    if (rc == 0)
        rc = mb_mrio_check(m);
    if (rc != 0) {
        mb_mrio_free(m);
        return rc;
    }
    *out = m;
    return 0;
}
