/*
 * mrio_table.c - one tab-separated MRIO table as pandas
 * DataFrame.to_csv(sep="\t") writes it and pymrio's save format stores it
 * (pymrio.core.fileio: read_csv(sep="\t", index_col=range(nr_index_col),
 * header=range(nr_header))): header rows, an optional row of index level
 * names, then labelled rows of numbers. Numbers go through a fast path
 * (Clinger: at most 19 significant digits forming an integer <= 2^53 and
 * a power of ten <= 22 give the correctly rounded double by one multiply
 * or divide); anything else goes to strtod.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "mrio_internal.h"

typedef struct text {
    const char *p, *end;  /* unread part of the buffer */
    const char *label;
    int64_t line;         /* number of the line last read */
    int ended_in_line;    /* the last line read had no '\n' */
    const char **cell;    /* cells of the current line */
    size_t *len;
    size_t ncell, cap;
} text;

static int next_line(text *t)
{
    if (t->p >= t->end)
        return 0;
    const char *s = t->p;
    const char *nl = memchr(s, '\n', (size_t)(t->end - s));
    const char *e = nl ? nl : t->end;
    t->ended_in_line = !nl;
    t->p = nl ? nl + 1 : t->end;
    if (e > s && e[-1] == '\r')
        e--;
    t->line++;
    t->ncell = 0;
    for (;;) {
        const char *tab = memchr(s, '\t', (size_t)(e - s));
        const char *ce = tab ? tab : e;
        if (t->ncell == t->cap) {
            size_t ncap = t->cap ? 2 * t->cap : 64;
            const char **c = mb_realloc(t->cell, ncap * sizeof *c);
            if (!c)
                return mb_error_oom();
            t->cell = c;
            size_t *l = mb_realloc(t->len, ncap * sizeof *l);
            if (!l)
                return mb_error_oom();
            t->len = l;
            t->cap = ncap;
        }
        t->cell[t->ncell] = s;
        t->len[t->ncell++] = (size_t)(ce - s);
        if (!tab)
            break;
        s = tab + 1;
    }
    return 1;
}

/* A line holding nothing (end of file padding). */
static int blank(const text *t)
{
    return t->ncell == 1 && t->len[0] == 0;
}

/* The next line that is not blank: 1, or 0 at the end, or an error. */
static int next_content(text *t)
{
    int rc;
    do
        rc = next_line(t);
    while (rc == 1 && blank(t) && t->p < t->end);
    if (rc == 1 && blank(t))
        return 0;
    return rc;
}

/* Level lv of l named by cell c of the current line. */
static int name_from_cell(const text *t, size_t c, mb_mrio_labels *l, int lv)
{
    char *s = mb_malloc(t->len[c] + 1);
    if (!s)
        return mb_error_oom();
    memcpy(s, t->cell[c], t->len[c]);
    s[t->len[c]] = 0;
    int rc = mb_mrio_labels_set_name(l, lv, s);
    mb_free(s);
    return rc;
}

static const double pow10_exact[23] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* The slow path: strtod on a NUL-terminated copy. */
static int slow_number(const char *s, size_t n, double *out)
{
    char buf[128];
    char *end;
    if (n == 0 || n >= sizeof buf)
        return 0;
    memcpy(buf, s, n);
    buf[n] = 0;
    errno = 0;
    double v = strtod(buf, &end);
    if (end != buf + n || !isfinite(v))
        return 0;
    *out = v;
    return 1;
}

/* s[0..n) as a finite number into *out: 1, or 0 when it is not one. */
static int parse_number(const char *s, size_t n, double *out)
{
    const char *p = s, *end = s + n;
    int neg = 0, digits = 0, any = 0;
    uint64_t mant = 0;
    int64_t exp10 = 0;

    if (p < end && (*p == '-' || *p == '+'))
        neg = *p++ == '-';
    for (; p < end && *p >= '0' && *p <= '9'; p++, any = 1) {
        if (mant || *p != '0') {
            if (++digits > 19)
                return slow_number(s, n, out);
            mant = mant * 10 + (uint64_t)(*p - '0');
        }
    }
    if (p < end && *p == '.') {
        for (p++; p < end && *p >= '0' && *p <= '9'; p++, any = 1) {
            if (mant || *p != '0') {
                if (++digits > 19)
                    return slow_number(s, n, out);
                mant = mant * 10 + (uint64_t)(*p - '0');
            }
            exp10--;
        }
    }
    if (!any)
        return slow_number(s, n, out); /* "inf", "nan", ".": rejected there */
    if (p < end && (*p == 'e' || *p == 'E')) {
        int eneg = 0, edig = 0;
        int64_t e = 0;
        p++;
        if (p < end && (*p == '-' || *p == '+'))
            eneg = *p++ == '-';
        for (; p < end && *p >= '0' && *p <= '9'; p++, edig++)
            if (e < 100000)
                e = e * 10 + (*p - '0');
        if (!edig)
            return 0;
        exp10 += eneg ? -e : e;
    }
    if (p != end)
        return slow_number(s, n, out);
    if (mant == 0) {
        *out = neg ? -0.0 : 0.0;
        return 1;
    }
    if (mant > (UINT64_C(1) << 53) || exp10 < -22 || exp10 > 22)
        return slow_number(s, n, out);
    double v = (double)mant;
    v = exp10 < 0 ? v / pow10_exact[-exp10] : v * pow10_exact[exp10];
    *out = neg ? -v : v;
    return 1;
}

/* "label: line L, column C" with the column's label, then the message. */
static int cell_error(const text *t, const mb_mrio_labels *cols, int64_t j,
                      size_t c, const char *what)
{
    char lab[256] = "";
    if (cols && j >= 0 && j < cols->n)
        mb_mrio_labels_str(cols, j, lab, sizeof lab);
    if (c < t->ncell)
        return mb_error_set(MB_EFORMAT,
                            "%s: line %lld, column %zu %s: value '%.*s': "
                            "expected %s",
                            t->label, (long long)t->line, c + 1, lab,
                            (int)(t->len[c] > 64 ? 64 : t->len[c]),
                            t->cell[c], what);
    return mb_error_set(MB_EFORMAT, "%s: line %lld, column %zu %s: %s",
                        t->label, (long long)t->line, c + 1, lab, what);
}

/* A row with the wrong number of cells. */
static int ragged(const text *t, size_t want)
{
    if (t->ended_in_line && t->ncell < want)
        return mb_error_set(MB_EFORMAT,
                            "%s: line %lld: the file ends inside a row "
                            "(%zu of %zu cells): truncated",
                            t->label, (long long)t->line, t->ncell, want);
    return mb_error_set(MB_EFORMAT,
                        "%s: line %lld: %zu cells, expected %zu (a ragged "
                        "row)",
                        t->label, (long long)t->line, t->ncell, want);
}

/*
 * The header rows and the optional index names row: rows (nic levels,
 * no entries yet), cols (all entries). Leaves the first data row read
 * into t (returns 1), or 0 when there is none.
 */
static int read_header(text *t, int nic, int nh, mb_mrio_labels *rows,
                       mb_mrio_labels *cols)
{
    size_t ncols = 0;
    const char ***cv = NULL; /* per header row, the label cells */
    size_t **lv = NULL;
    int rc;

    if (nic < 1 || nh < 1 || nic > 64 || nh > 64)
        return mb_error_set(MB_EFORMAT,
                            "%s: nr_index_col %d, nr_header %d: expected "
                            "1 to 64 each",
                            t->label, nic, nh);
    if ((rc = mb_mrio_labels_init(rows, nic)) != 0 ||
        (rc = mb_mrio_labels_init(cols, nh)) != 0)
        return rc;
    cv = mb_calloc((size_t)nh, sizeof *cv);
    lv = mb_calloc((size_t)nh, sizeof *lv);
    if (!cv || !lv) {
        rc = mb_error_oom();
        goto done;
    }
    for (int h = 0; h < nh; h++) {
        rc = next_line(t);
        if (rc <= 0) {
            if (rc == 0)
                rc = mb_error_set(MB_EFORMAT,
                                  "%s: line %lld: the file ends in the "
                                  "header: expected %d header rows",
                                  t->label, (long long)t->line + 1, nh);
            goto done;
        }
        rc = 0;
        if (t->ncell <= (size_t)nic) {
            rc = mb_error_set(MB_EFORMAT,
                              "%s: line %lld: %zu cells: expected %d index "
                              "columns and at least one column label",
                              t->label, (long long)t->line, t->ncell, nic);
            goto done;
        }
        if (h == 0)
            ncols = t->ncell - (size_t)nic;
        else if (t->ncell - (size_t)nic != ncols) {
            rc = ragged(t, ncols + (size_t)nic);
            goto done;
        }
        cv[h] = mb_malloc(ncols * sizeof **cv);
        lv[h] = mb_malloc(ncols * sizeof **lv);
        if (!cv[h] || !lv[h]) {
            rc = mb_error_oom();
            goto done;
        }
        memcpy(cv[h], t->cell + nic, ncols * sizeof **cv);
        memcpy(lv[h], t->len + nic, ncols * sizeof **lv);
        if (nh == 1)
            for (int k = 0; k < nic && rc == 0; k++)
                rc = name_from_cell(t, (size_t)k, rows, k);
        else
            rc = name_from_cell(t, 0, cols, h);
        if (rc)
            goto done;
    }
    {
        const char *cells[64];
        size_t lens[64];
        for (size_t j = 0; j < ncols && rc == 0; j++) {
            for (int h = 0; h < nh; h++) {
                cells[h] = cv[h][j];
                lens[h] = lv[h][j];
            }
            rc = mb_mrio_labels_push(cols, cells, lens);
        }
    }
    if (rc)
        goto done;
    /* next: the index names row (data cells all empty), or data */
    if ((rc = next_content(t)) <= 0)
        goto done;
    if (nh > 1 && t->ncell >= (size_t)nic) {
        int names = 1;
        for (size_t c = (size_t)nic; c < t->ncell && names; c++)
            names = t->len[c] == 0;
        if (names) {
            for (int k = 0; k < nic && rc >= 0; k++)
                rc = name_from_cell(t, (size_t)k, rows, k);
            if (rc < 0 || (rc = next_content(t)) <= 0)
                goto done;
        }
    }
    rc = 1;
done:
    for (int h = 0; cv && lv && h < nh; h++) {
        mb_free(cv[h]);
        mb_free(lv[h]);
    }
    mb_free(cv);
    mb_free(lv);
    return rc;
}

/* The row labels of the current line; an empty label is an error. */
static int push_row(text *t, mb_mrio_labels *rows, int nic)
{
    for (int k = 0; k < nic; k++)
        if (t->len[k] == 0)
            return mb_error_set(MB_EFORMAT,
                                "%s: line %lld, column %d: empty row label: "
                                "expected a %s",
                                t->label, (long long)t->line, k + 1,
                                rows->names[k][0] ? rows->names[k]
                                                  : "label");
    return mb_mrio_labels_push(rows, t->cell, t->len);
}

/*
 * The line read and those after it (the last may lack its '\n'): an
 * upper bound on the data rows.
 */
static int64_t lines_left(const text *t)
{
    int64_t n = 2;
    for (const char *p = t->p;
         p < t->end && (p = memchr(p, '\n', (size_t)(t->end - p))); p++)
        n++;
    return n;
}

int mb_mrio_table_parse(mb_mrio_table **out, const char *buf, size_t len,
                        const char *label, int nr_index_col, int nr_header)
{
    text t = {buf, buf + len, label, 0, 0, NULL, NULL, 0, 0};
    mb_mrio_table *tb = mb_calloc(1, sizeof *tb);
    int rc;
    *out = NULL;
    if (!tb)
        return mb_error_oom();
    rc = read_header(&t, nr_index_col, nr_header, &tb->rows, &tb->cols);
    if (rc < 0)
        goto fail;
    int has_data = rc == 1;
    int64_t ncols = tb->cols.n, cap = has_data ? lines_left(&t) : 1;
    size_t want = (size_t)nr_index_col + (size_t)ncols;
    if ((rc = mb_dense_new(&tb->data, cap, ncols)) != 0)
        goto fail;
    double *x = tb->data->x;
    int64_t i = 0;
    for (int more = has_data; more;) {
        if (t.ncell != want) {
            rc = ragged(&t, want);
            goto fail;
        }
        if ((rc = push_row(&t, &tb->rows, nr_index_col)) != 0)
            goto fail;
        for (int64_t j = 0; j < ncols; j++) {
            size_t c = (size_t)nr_index_col + (size_t)j;
            if (t.len[c] == 0) {
                rc = cell_error(&t, &tb->cols, j, c,
                                "a number (the cell is empty: a missing "
                                "value)");
                goto fail;
            }
            if (!parse_number(t.cell[c], t.len[c], &x[i + j * cap])) {
                rc = cell_error(&t, &tb->cols, j, c, "a finite number");
                goto fail;
            }
        }
        i++;
        if ((rc = next_content(&t)) < 0)
            goto fail;
        more = rc == 1;
        rc = 0;
    }
    if (i == 0) {
        rc = mb_error_set(MB_EFORMAT, "%s: no data rows", label);
        goto fail;
    }
    /* compact to ld == rows: column j moves down, never over a later one */
    for (int64_t j = 1; j < ncols && i < cap; j++)
        memmove(x + j * i, x + j * cap, (size_t)i * sizeof *x);
    tb->data->m = i;
    tb->data->ld = i;
    if ((rc = mb_mrio_labels_index(&tb->rows, label)) != 0 ||
        (rc = mb_mrio_labels_index(&tb->cols, label)) != 0)
        goto fail;
    mb_free(t.cell);
    mb_free(t.len);
    *out = tb;
    return 0;
fail:
    mb_free(t.cell);
    mb_free(t.len);
    mb_mrio_table_free(tb);
    return rc;
}

int mb_mrio_units_parse(mb_mrio_units **out, const char *buf, size_t len,
                        const char *label, int nr_index_col, int nr_header)
{
    text t = {buf, buf + len, label, 0, 0, NULL, NULL, 0, 0};
    mb_mrio_units *u = mb_calloc(1, sizeof *u);
    mb_mrio_labels cols = {0};
    size_t cap = 0;
    int rc;
    *out = NULL;
    if (!u)
        return mb_error_oom();
    /* pymrio counts the unit column itself among the index columns of an
     * extension's unit.txt ("stressor<TAB>unit", nr_index_col 2) */
    if (nr_header == 1 && nr_index_col > 1) {
        const char *nl = memchr(buf, '\n', len);
        size_t n = nl ? (size_t)(nl - buf) : len, tabs = 0;
        for (size_t k = 0; k < n; k++)
            tabs += buf[k] == '\t';
        if (tabs + 1 == (size_t)nr_index_col)
            nr_index_col--;
    }
    rc = read_header(&t, nr_index_col, nr_header, &u->rows, &cols);
    if (rc >= 0 && cols.n != 1)
        rc = mb_error_set(MB_EFORMAT,
                          "%s: %lld columns: expected one (the unit)", label,
                          (long long)cols.n);
    for (int more = rc == 1; more;) {
        if (t.ncell != (size_t)nr_index_col + 1) {
            rc = ragged(&t, (size_t)nr_index_col + 1);
            break;
        }
        if ((rc = mb_reserve((void **)&u->unit, &cap, (size_t)u->rows.n + 1,
                             sizeof *u->unit, 16)) != 0)
            break;
        u->unit[u->rows.n] = NULL;
        if ((rc = push_row(&t, &u->rows, nr_index_col)) != 0)
            break;
        size_t n = t.len[nr_index_col];
        char *s = mb_malloc(n + 1);
        if (!s) {
            rc = mb_error_oom();
            break;
        }
        memcpy(s, t.cell[nr_index_col], n);
        s[n] = 0;
        u->unit[u->rows.n - 1] = s;
        if ((rc = next_content(&t)) < 0)
            break;
        more = rc == 1;
        rc = 0;
    }
    if (rc == 1)
        rc = 0;
    if (rc == 0)
        rc = mb_mrio_labels_index(&u->rows, label);
    mb_mrio_labels_destroy(&cols);
    mb_free(t.cell);
    mb_free(t.len);
    if (rc != 0) {
        mb_mrio_units_free(u);
        return rc;
    }
    *out = u;
    return 0;
}
