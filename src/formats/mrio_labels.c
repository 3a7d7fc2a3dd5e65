/*
 * mrio_labels.c - the labels of MRIO tables (pandas MultiIndex tuples:
 * level names, one string per level per entry), their lookup by tuple,
 * and freeing tables, units, accounts and whole systems.
 */
#include <stdio.h>
#include <string.h>

#include "core/core.h"
#include "mrio_internal.h"

int mb_mrio_labels_init(mb_mrio_labels *l, int nlevels)
{
    memset(l, 0, sizeof *l);
    l->nlevels = nlevels;
    l->names = mb_calloc((size_t)nlevels, sizeof *l->names);
    if (!l->names)
        return mb_error_oom();
    for (int k = 0; k < nlevels; k++)
        if (!(l->names[k] = mb_strdup("")))
            return mb_error_oom();
    return 0;
}

int mb_mrio_labels_set_name(mb_mrio_labels *l, int lv, const char *name)
{
    char *s = mb_strdup(name);
    if (!s)
        return mb_error_oom();
    mb_free(l->names[lv]);
    l->names[lv] = s;
    return 0;
}

int mb_mrio_labels_push(mb_mrio_labels *l, const char *const *cells,
                        const size_t *lens)
{
    size_t need = (size_t)(l->n + 1) * (size_t)l->nlevels;
    /* capacity kept implicit: 16 entries, doubled at each power of two */
    size_t n = (size_t)l->n;
    if (n == 0 || (n >= 16 && (n & (n - 1)) == 0)) {
        size_t ncap = n ? 2 * n : 16;
        char **v = mb_realloc(l->values,
                              ncap * (size_t)l->nlevels * sizeof *v);
        if (!v)
            return mb_error_oom();
        l->values = v;
    }
    for (int k = 0; k < l->nlevels; k++) {
        char *s = mb_malloc(lens[k] + 1);
        if (!s) {
            for (int j = 0; j < k; j++)
                mb_free(l->values[need - (size_t)l->nlevels + (size_t)j]);
            return mb_error_oom();
        }
        memcpy(s, cells[k], lens[k]);
        s[lens[k]] = 0;
        l->values[need - (size_t)l->nlevels + (size_t)k] = s;
    }
    l->n++;
    return 0;
}

/* The entry's levels joined by 0x1f (not in labels) into *buf. */
static const char *joined(const char *const *tuple, int nlevels, char **buf,
                          size_t *cap)
{
    size_t len = 0;
    for (int k = 0; k < nlevels; k++)
        len += strlen(tuple[k]) + 1;
    if (len > *cap) {
        char *b = mb_realloc(*buf, len);
        if (!b)
            return NULL;
        *buf = b;
        *cap = len;
    }
    char *p = *buf;
    for (int k = 0; k < nlevels; k++) {
        size_t n = strlen(tuple[k]);
        memcpy(p, tuple[k], n);
        p += n;
        *p++ = k + 1 < nlevels ? '\x1f' : '\0';
    }
    return *buf;
}

int mb_mrio_labels_index(mb_mrio_labels *l, const char *what)
{
    mb_strmap *map = mb_calloc(1, sizeof *map);
    char *buf = NULL, tmp[256];
    size_t cap = 0;
    int rc = 0;
    if (!map || mb_strmap_init(map, (size_t)l->n) != 0) {
        mb_free(map);
        return mb_error_oom();
    }
    for (int64_t k = 0; k < l->n && rc == 0; k++) {
        const char *key = joined((const char *const *)l->values +
                                     k * l->nlevels,
                                 l->nlevels, &buf, &cap);
        if (!key) {
            rc = mb_error_oom();
            break;
        }
        int r = mb_strmap_add(map, key, k, NULL);
        if (r < 0)
            rc = r;
        else if (r == 1)
            rc = mb_error_set(MB_EFORMAT, "%s: label %s appears twice", what,
                              mb_mrio_labels_str(l, k, tmp, sizeof tmp));
    }
    mb_free(buf);
    if (rc != 0) {
        mb_strmap_destroy(map);
        mb_free(map);
        return rc;
    }
    if (l->index) {
        mb_strmap_destroy(l->index);
        mb_free(l->index);
    }
    l->index = map;
    return 0;
}

int64_t mb_mrio_labels_find(const mb_mrio_labels *l,
                            const char *const *tuple)
{
    char *buf = NULL;
    size_t cap = 0;
    int64_t at = -1;
    if (!l || !tuple)
        return -1;
    const char *key = joined(tuple, l->nlevels, &buf, &cap);
    if (key) {
        if (l->index) {
            if (!mb_strmap_get(l->index, key, &at))
                at = -1;
        } else {
            for (int64_t k = 0; k < l->n && at < 0; k++) {
                int same = 1;
                for (int v = 0; v < l->nlevels && same; v++)
                    same = !strcmp(l->values[k * l->nlevels + v], tuple[v]);
                if (same)
                    at = k;
            }
        }
    }
    mb_free(buf);
    return at;
}

int mb_mrio_labels_equal(const mb_mrio_labels *a, const mb_mrio_labels *b)
{
    if (a->nlevels != b->nlevels || a->n != b->n)
        return 0;
    for (int k = 0; k < a->nlevels; k++)
        if (strcmp(a->names[k], b->names[k]))
            return 0;
    for (int64_t k = 0; k < a->n * a->nlevels; k++)
        if (strcmp(a->values[k], b->values[k]))
            return 0;
    return 1;
}

int mb_mrio_labels_copy(mb_mrio_labels *dst, const mb_mrio_labels *src)
{
    int rc = mb_mrio_labels_init(dst, src->nlevels);
    for (int k = 0; k < src->nlevels && rc == 0; k++)
        rc = mb_mrio_labels_set_name(dst, k, src->names[k]);
    size_t lens[64];
    if (src->nlevels > 64)
        return mb_error_set(MB_EUNSUPPORTED, "more than 64 label levels");
    for (int64_t k = 0; k < src->n && rc == 0; k++) {
        const char *const *cells =
            (const char *const *)src->values + k * src->nlevels;
        for (int v = 0; v < src->nlevels; v++)
            lens[v] = strlen(cells[v]);
        rc = mb_mrio_labels_push(dst, cells, lens);
    }
    if (rc == 0 && src->index)
        rc = mb_mrio_labels_index(dst, "labels");
    return rc;
}

void mb_mrio_labels_destroy(mb_mrio_labels *l)
{
    if (l->names)
        for (int k = 0; k < l->nlevels; k++)
            mb_free(l->names[k]);
    if (l->values)
        for (int64_t k = 0; k < l->n * l->nlevels; k++)
            mb_free(l->values[k]);
    mb_free(l->names);
    mb_free(l->values);
    if (l->index) {
        mb_strmap_destroy(l->index);
        mb_free(l->index);
    }
    memset(l, 0, sizeof *l);
}

const char *mb_mrio_labels_str(const mb_mrio_labels *l, int64_t k,
                               char *buf, size_t cap)
{
    size_t used = 0;
    buf[0] = 0;
    for (int v = 0; v < l->nlevels && used < cap; v++)
        used += (size_t)snprintf(buf + used, cap - used, "%s%s%s",
                                 v ? ", " : "(",
                                 l->values[k * l->nlevels + v],
                                 v + 1 == l->nlevels ? ")" : "");
    return buf;
}

mb_mrio_table *mb_mrio_table_get(const mb_mrio_account *a, const char *name)
{
    for (size_t k = 0; a && k < a->ntables; k++)
        if (!strcmp(a->tables[k]->name, name))
            return a->tables[k];
    return NULL;
}

mb_mrio_account *mb_mrio_ext_get(const mb_mrio *m, const char *name)
{
    for (size_t k = 0; m && k < m->next; k++)
        if (!strcmp(m->ext[k].name, name) || !strcmp(m->ext[k].dir, name))
            return &m->ext[k];
    return NULL;
}

int mb_mrio_account_add(mb_mrio_account *a, mb_mrio_table *t)
{
    mb_mrio_table **v =
        mb_realloc(a->tables, (a->ntables + 1) * sizeof *a->tables);
    if (!v) {
        mb_mrio_table_free(t);
        return mb_error_oom();
    }
    a->tables = v;
    a->tables[a->ntables++] = t;
    return 0;
}

mb_mrio_account *mb_mrio_ext_add(mb_mrio *m, const char *name,
                                 const char *dir)
{
    mb_mrio_account *v = mb_realloc(m->ext, (m->next + 1) * sizeof *v);
    if (!v) {
        mb_error_oom();
        return NULL;
    }
    m->ext = v;
    mb_mrio_account *a = &m->ext[m->next];
    memset(a, 0, sizeof *a);
    a->name = mb_strdup(name);
    a->dir = mb_strdup(dir);
    m->next++;
    if (!a->name || !a->dir) {
        mb_error_oom();
        return NULL;
    }
    return a;
}

void mb_mrio_table_free(mb_mrio_table *t)
{
    if (!t)
        return;
    mb_free(t->name);
    mb_mrio_labels_destroy(&t->rows);
    mb_mrio_labels_destroy(&t->cols);
    if (t->mapping) {
        mb_free(t->data);
        mb_npy_free(t->mapping);
    } else {
        mb_dense_free(t->data);
    }
    mb_free(t);
}

void mb_mrio_units_free(mb_mrio_units *u)
{
    if (!u)
        return;
    if (u->unit)
        for (int64_t k = 0; k < u->rows.n; k++)
            mb_free(u->unit[k]);
    mb_free(u->unit);
    mb_mrio_labels_destroy(&u->rows);
    mb_free(u);
}

void mb_mrio_account_destroy(mb_mrio_account *a)
{
    for (size_t k = 0; k < a->ntables; k++)
        mb_mrio_table_free(a->tables[k]);
    mb_free(a->tables);
    mb_mrio_units_free(a->unit);
    mb_free(a->name);
    mb_free(a->dir);
    memset(a, 0, sizeof *a);
}

void mb_mrio_free(mb_mrio *m)
{
    if (!m)
        return;
    mb_mrio_account_destroy(&m->core);
    for (size_t k = 0; k < m->next; k++)
        mb_mrio_account_destroy(&m->ext[k]);
    mb_free(m->ext);
    mb_mrio_table_free(m->population);
    mb_free(m->source);
    mb_free(m);
}
