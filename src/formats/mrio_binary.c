/*
 * mrio_binary.c - the binary form of an MRIO: a directory (".mrio")
 * holding labels.json (accounts, table names, labels, units; read with
 * jansson) and one float64 .npy per table in Fortran order, the layout of
 * mb_dense, so that loading maps each file (mb_npy_read) and points the
 * matrix at the mapping: no parsing, no copy. See docs/mrio-formats.md.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "core/core.h"
#include "mrio_internal.h"

#define FORMAT_NAME "metabol-mrio"
#define FORMAT_VERSION 1

static json_t *labels_json(const mb_mrio_labels *l)
{
    json_t *names = json_array(), *values = json_array();
    for (int k = 0; names && k < l->nlevels; k++)
        json_array_append_new(names, json_string(l->names[k]));
    for (int64_t i = 0; values && i < l->n; i++) {
        json_t *e = json_array();
        for (int k = 0; e && k < l->nlevels; k++)
            json_array_append_new(e, json_string(l->values[i * l->nlevels + k]));
        json_array_append_new(values, e);
    }
    return json_pack("{s:o, s:o}", "names", names, "values", values);
}

static int write_npy(const char *dir, const char *file, const mb_dense *d)
{
    mb_npy a;
    double *copy = NULL;
    char *path = mb_sprintf("%s/%s", dir, file);
    int rc;
    if (!path)
        return mb_error_oom();
    memset(&a, 0, sizeof a);
    a.ndim = 2;
    a.shape[0] = d->m;
    a.shape[1] = d->n;
    a.fortran_order = 1;
    a.nfields = 1;
    a.fields[0].kind = 'f';
    a.fields[0].size = 8;
    a.itemsize = 8;
    a.count = d->m * d->n;
    a.data = (unsigned char *)d->x;
    if (d->ld != d->m && d->m * d->n > 0) {
        if (!(copy = mb_alloc_array((size_t)(d->m * d->n), sizeof *copy))) {
            mb_free(path);
            return MB_ENOMEM;
        }
        for (int64_t j = 0; j < d->n; j++)
            memcpy(copy + j * d->m, d->x + j * d->ld,
                   (size_t)d->m * sizeof *copy);
        a.data = (unsigned char *)copy;
    }
    rc = mb_npy_write(path, &a);
    mb_free(copy);
    mb_free(path);
    return rc;
}

/* Table t as t<n>.npy and its entry in labels.json. */
static json_t *table_json(const char *dir, const mb_mrio_table *t, int *n,
                          int *rc)
{
    char file[32];
    snprintf(file, sizeof file, "t%d.npy", (*n)++);
    if ((*rc = write_npy(dir, file, t->data)) != 0)
        return NULL;
    json_t *j = json_pack("{s:s, s:s, s:o, s:o}", "name", t->name, "file",
                          file, "rows", labels_json(&t->rows), "cols",
                          labels_json(&t->cols));
    if (!j)
        *rc = mb_error_oom();
    return j;
}

int mb_mrio_save(const mb_mrio *m, const char *dir)
{
    char *tmp, *path = NULL;
    int rc, n = 0;
    json_t *accounts = json_array(), *root = NULL;
    if (!accounts)
        return mb_error_oom();
    if ((rc = mb_mrio_tmpdir(dir, &tmp)) != 0) {
        json_decref(accounts);
        return rc;
    }
    for (size_t e = 0; e <= m->next && rc == 0; e++) {
        const mb_mrio_account *a = e == 0 ? &m->core : &m->ext[e - 1];
        json_t *tables = json_array(), *acc;
        for (size_t k = 0; tables && k < a->ntables && rc == 0; k++) {
            json_t *t = table_json(tmp, a->tables[k], &n, &rc);
            if (t)
                json_array_append_new(tables, t);
        }
        acc = json_pack("{s:s, s:s, s:o}", "name", a->name, "dir", a->dir,
                        "tables", tables);
        if (acc && a->unit) {
            json_t *units = json_array();
            for (int64_t i = 0; units && i < a->unit->rows.n; i++)
                json_array_append_new(units, json_string(a->unit->unit[i]));
            json_object_set_new(acc, "unit",
                                json_pack("{s:o, s:o}", "rows",
                                          labels_json(&a->unit->rows),
                                          "unit", units));
        }
        if (!acc || json_array_append_new(accounts, acc) != 0)
            rc = rc ? rc : mb_error_oom();
    }
    if (rc == 0) {
        root = json_pack("{s:s, s:i, s:s, s:o}", "format", FORMAT_NAME,
                         "version", FORMAT_VERSION, "source",
                         m->source ? m->source : "", "accounts", accounts);
        accounts = NULL;
        if (root && m->population) {
            json_t *p = table_json(tmp, m->population, &n, &rc);
            if (p)
                json_object_set_new(root, "population", p);
        }
        if (!root)
            rc = mb_error_oom();
    }
    if (rc == 0 && !(path = mb_sprintf("%s/labels.json", tmp)))
        rc = mb_error_oom();
    if (rc == 0 && json_dump_file(root, path, JSON_COMPACT) != 0)
        rc = mb_error_set(MB_EIO, "%s: cannot write", path);
    mb_free(path);
    json_decref(accounts);
    json_decref(root);
    return mb_mrio_commit_dir(tmp, dir, rc);
}

/* Labels from {"names": [...], "values": [[...], ...]}. */
static int labels_from(const json_t *j, mb_mrio_labels *l, const char *where)
{
    const json_t *names = json_object_get(j, "names");
    const json_t *values = json_object_get(j, "values");
    size_t nl = json_array_size(names), k, i;
    const char *cells[64];
    size_t lens[64];
    int rc;
    if (!json_is_array(names) || !json_is_array(values) || nl < 1 || nl > 64)
        return mb_error_set(MB_EFORMAT, "%s: labels: expected \"names\" (1 "
                            "to 64) and \"values\"", where);
    if ((rc = mb_mrio_labels_init(l, (int)nl)) != 0)
        return rc;
    for (k = 0; k < nl && rc == 0; k++) {
        const char *s = json_string_value(json_array_get(names, k));
        rc = s ? mb_mrio_labels_set_name(l, (int)k, s)
               : mb_error_set(MB_EFORMAT, "%s: level names: expected "
                              "strings", where);
    }
    for (i = 0; i < json_array_size(values) && rc == 0; i++) {
        const json_t *e = json_array_get(values, i);
        if (json_array_size(e) != nl)
            return mb_error_set(MB_EFORMAT, "%s: label %zu: expected %zu "
                                "levels", where, i + 1, nl);
        for (k = 0; k < nl; k++) {
            const json_t *s = json_array_get(e, k);
            if (!json_is_string(s))
                return mb_error_set(MB_EFORMAT, "%s: label %zu: expected "
                                    "strings", where, i + 1);
            cells[k] = json_string_value(s);
            lens[k] = json_string_length(s);
        }
        rc = mb_mrio_labels_push(l, cells, lens);
    }
    return rc ? rc : mb_mrio_labels_index(l, where);
}

static int table_from(const json_t *j, const char *dir, mb_mrio_table **out)
{
    const char *name = json_string_value(json_object_get(j, "name"));
    const char *file = json_string_value(json_object_get(j, "file"));
    mb_mrio_table *t = mb_calloc(1, sizeof *t);
    char *path = NULL;
    int rc = 0;
    *out = NULL;
    if (!t)
        return mb_error_oom();
    if (!name || !file || strpbrk(file, "/\\") || !strcmp(file, "..")) {
        rc = mb_error_set(MB_EFORMAT, "%s/labels.json: a table without "
                          "\"name\" or a plain \"file\"", dir);
        goto done;
    }
    if (!(t->name = mb_strdup(name)) ||
        !(path = mb_sprintf("%s/%s", dir, file))) {
        rc = mb_error_oom();
        goto done;
    }
    if ((rc = labels_from(json_object_get(j, "rows"), &t->rows, path)) ||
        (rc = labels_from(json_object_get(j, "cols"), &t->cols, path)) ||
        (rc = mb_npy_read(&t->mapping, path)))
        goto done;
    const mb_npy *a = t->mapping;
    if (a->ndim != 2 || a->shape[0] != t->rows.n ||
        a->shape[1] != t->cols.n || a->nfields != 1) {
        rc = mb_error_set(MB_EFORMAT, "%s: shape: expected a %lld x %lld "
                          "matrix, as the labels say", path,
                          (long long)t->rows.n, (long long)t->cols.n);
        goto done;
    }
    if (!(t->data = mb_calloc(1, sizeof *t->data))) {
        rc = mb_error_oom();
        goto done;
    }
    t->data->m = a->shape[0];
    t->data->n = a->shape[1];
    t->data->ld = a->shape[0];
    if (a->fortran_order && a->fields[0].kind == 'f' && a->fields[0].size == 8
        && ((uintptr_t)a->data % sizeof(double)) == 0 && a->mapped) {
        t->data->x = (double *)a->data; /* the mapping itself */
    } else {
        /* another layout: converted into a matrix of our own */
        mb_dense *d;
        double *v = mb_alloc_array((size_t)a->count + 1, sizeof *v);
        if (!v || (rc = mb_dense_new(&d, a->shape[0], a->shape[1])) != 0) {
            mb_free(v);
            rc = rc ? rc : MB_ENOMEM;
            goto done;
        }
        mb_npy_to_f64(a, 0, v);
        for (int64_t i = 0; i < d->m; i++)
            for (int64_t c = 0; c < d->n; c++)
                d->x[i + c * d->m] =
                    a->fortran_order ? v[i + c * d->m] : v[i * d->n + c];
        mb_free(v);
        mb_free(t->data);
        mb_npy_free(t->mapping);
        t->mapping = NULL;
        t->data = d;
    }
done:
    mb_free(path);
    if (rc != 0)
        mb_mrio_table_free(t);
    else
        *out = t;
    return rc;
}

int mb_mrio_load(mb_mrio **out, const char *dir)
{
    char *path = mb_sprintf("%s/labels.json", dir);
    json_error_t err;
    json_t *root = NULL;
    mb_mrio *m = mb_calloc(1, sizeof *m);
    int rc = 0;
    *out = NULL;
    if (!path || !m || !(m->source = mb_strdup(dir))) {
        rc = mb_error_oom();
        goto done;
    }
    if (!(root = json_load_file(path, 0, &err))) {
        rc = mb_error_set(MB_EFORMAT, "%s: line %d: %s", path, err.line,
                          err.text);
        goto done;
    }
    const json_t *accounts = json_object_get(root, "accounts");
    const char *fmt = json_string_value(json_object_get(root, "format"));
    if (!fmt || strcmp(fmt, FORMAT_NAME) ||
        json_integer_value(json_object_get(root, "version")) !=
            FORMAT_VERSION ||
        json_array_size(accounts) < 1) {
        rc = mb_error_set(MB_EFORMAT, "%s: expected format \"%s\" version "
                          "%d with \"accounts\"", path, FORMAT_NAME,
                          FORMAT_VERSION);
        goto done;
    }
    for (size_t e = 0; e < json_array_size(accounts) && rc == 0; e++) {
        const json_t *j = json_array_get(accounts, e);
        const char *name = json_string_value(json_object_get(j, "name"));
        const char *sub = json_string_value(json_object_get(j, "dir"));
        mb_mrio_account *a = &m->core;
        if (!name || !sub) {
            rc = mb_error_set(MB_EFORMAT, "%s: account %zu: expected "
                              "\"name\" and \"dir\"", path, e + 1);
            break;
        }
        if (e == 0) {
            if (!(a->name = mb_strdup(name)) || !(a->dir = mb_strdup(sub)))
                rc = mb_error_oom();
        } else if (!(a = mb_mrio_ext_add(m, name, sub)))
            rc = MB_ENOMEM;
        const json_t *tables = json_object_get(j, "tables");
        for (size_t k = 0; rc == 0 && k < json_array_size(tables); k++) {
            mb_mrio_table *t;
            if ((rc = table_from(json_array_get(tables, k), dir, &t)) == 0)
                rc = mb_mrio_account_add(a, t);
        }
        const json_t *u = json_object_get(j, "unit");
        if (rc == 0 && u) {
            const json_t *units = json_object_get(u, "unit");
            if (!(a->unit = mb_calloc(1, sizeof *a->unit))) {
                rc = mb_error_oom();
                break;
            }
            if ((rc = labels_from(json_object_get(u, "rows"), &a->unit->rows,
                                  path)) != 0)
                break;
            if ((size_t)a->unit->rows.n != json_array_size(units)) {
                rc = mb_error_set(MB_EFORMAT, "%s: account %zu: %lld unit "
                                  "labels, %zu units", path, e + 1,
                                  (long long)a->unit->rows.n,
                                  json_array_size(units));
                break;
            }
            if (!(a->unit->unit = mb_calloc((size_t)a->unit->rows.n + 1,
                                            sizeof *a->unit->unit))) {
                rc = mb_error_oom();
                break;
            }
            for (int64_t i = 0; i < a->unit->rows.n && rc == 0; i++) {
                const char *s = json_string_value(json_array_get(units,
                                                                 (size_t)i));
                if (!(a->unit->unit[i] = mb_strdup(s ? s : "")))
                    rc = mb_error_oom();
            }
        }
    }
    const json_t *pop = json_object_get(root, "population");
    if (rc == 0 && pop)
        rc = table_from(pop, dir, &m->population);
done:
    json_decref(root);
    mb_free(path);
    return mb_mrio_finish(m, rc, out);
}
