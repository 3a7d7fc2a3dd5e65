/*
 * mrio_write.c - write an MRIO in pymrio's save format (what
 * pymrio.IOSystem.save_all writes and pymrio.load_all reads): a folder
 * with file_parameters.json and one tab-separated table per DataFrame as
 * pandas DataFrame.to_csv(sep="\t") lays it out, each extension in its
 * own sub-folder with its own file_parameters.json.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/core.h"
#include "mrio_internal.h"

/* A label that the tab-separated text could not hold. */
static int check_cell(const char *path, const char *s)
{
    if (strpbrk(s, "\t\r\n"))
        return mb_error_set(MB_EINVAL,
                            "%s: label '%s' holds a tab or line break: "
                            "cannot be written as tab-separated text",
                            path, s);
    return 0;
}

static int check_labels(const char *path, const mb_mrio_labels *l)
{
    int rc = 0;
    for (int k = 0; k < l->nlevels && rc == 0; k++)
        rc = check_cell(path, l->names[k]);
    for (int64_t k = 0; k < l->n * l->nlevels && rc == 0; k++)
        if ((rc = check_cell(path, l->values[k])) == 0 && !*l->values[k])
            rc = mb_error_set(MB_EINVAL, "%s: an empty label cannot be "
                              "read back", path);
    return rc;
}

static FILE *open_out(const char *path, char *vbuf, size_t cap)
{
    FILE *f = fopen(path, "w");
    if (f)
        setvbuf(f, vbuf, _IOFBF, cap);
    else
        mb_error_set(MB_EIO, "%s: cannot create: %s", path, strerror(errno));
    return f;
}

static int close_out(FILE *f, const char *path)
{
    int bad = ferror(f);
    if (fclose(f) != 0 || bad)
        return mb_error_set(MB_EIO, "%s: write failed", path);
    return 0;
}

/* The header rows as mrio_table.c reads them. */
static void write_header(FILE *f, const mb_mrio_labels *rows,
                         const mb_mrio_labels *cols)
{
    int nic = rows->nlevels, named = 0;
    if (cols->nlevels == 1) {
        for (int k = 0; k < nic; k++)
            fprintf(f, "%s\t", rows->names[k]);
        for (int64_t j = 0; j < cols->n; j++)
            fprintf(f, "%s%c", cols->values[j], j + 1 < cols->n ? '\t' : '\n');
        return;
    }
    for (int h = 0; h < cols->nlevels; h++) {
        fputs(cols->names[h], f);
        for (int k = 1; k < nic; k++)
            fputc('\t', f);
        for (int64_t j = 0; j < cols->n; j++)
            fprintf(f, "\t%s", cols->values[j * cols->nlevels + h]);
        fputc('\n', f);
    }
    for (int k = 0; k < nic; k++)
        named |= rows->names[k][0] != 0;
    if (named) {
        for (int k = 0; k < nic; k++)
            fprintf(f, "%s%s", k ? "\t" : "", rows->names[k]);
        for (int64_t j = 0; j < cols->n; j++)
            fputc('\t', f);
        fputc('\n', f);
    }
}

static void write_row_labels(FILE *f, const mb_mrio_labels *rows, int64_t i)
{
    for (int k = 0; k < rows->nlevels; k++)
        fprintf(f, "%s%s", k ? "\t" : "", rows->values[i * rows->nlevels + k]);
}

static int write_table(const char *dir, const mb_mrio_table *t,
                       const char *file, char *vbuf, size_t cap)
{
    char *path = mb_sprintf("%s/%s", dir, file), num[40];
    int rc;
    FILE *f;
    if (!path)
        return mb_error_oom();
    if ((rc = check_labels(path, &t->rows)) != 0 ||
        (rc = check_labels(path, &t->cols)) != 0 ||
        !(f = open_out(path, vbuf, cap))) {
        mb_free(path);
        return rc ? rc : MB_EIO;
    }
    write_header(f, &t->rows, &t->cols);
    const mb_dense *d = t->data;
    for (int64_t i = 0; i < d->m; i++) {
        write_row_labels(f, &t->rows, i);
        for (int64_t j = 0; j < d->n; j++) {
            mb_mrio_format_number(d->x[i + j * d->ld], num, sizeof num);
            fputc('\t', f);
            fputs(num, f);
        }
        fputc('\n', f);
    }
    rc = close_out(f, path);
    mb_free(path);
    return rc;
}

static int write_units(const char *dir, const mb_mrio_units *u, char *vbuf,
                       size_t cap)
{
    char *path = mb_sprintf("%s/unit.txt", dir);
    int rc;
    FILE *f;
    if (!path)
        return mb_error_oom();
    rc = check_labels(path, &u->rows);
    for (int64_t i = 0; i < u->rows.n && rc == 0; i++)
        rc = check_cell(path, u->unit[i]);
    if (rc != 0 || !(f = open_out(path, vbuf, cap))) {
        mb_free(path);
        return rc ? rc : MB_EIO;
    }
    for (int k = 0; k < u->rows.nlevels; k++)
        fprintf(f, "%s\t", u->rows.names[k]);
    fputs("unit\n", f);
    for (int64_t i = 0; i < u->rows.n; i++) {
        write_row_labels(f, &u->rows, i);
        fprintf(f, "\t%s\n", u->unit[i]);
    }
    rc = close_out(f, path);
    mb_free(path);
    return rc;
}

static json_t *file_entry(const char *file, int nic, int nh)
{
    char a[16], b[16];
    snprintf(a, sizeof a, "%d", nic);
    snprintf(b, sizeof b, "%d", nh);
    return json_pack("{s:s, s:s, s:s}", "name", file, "nr_index_col", a,
                     "nr_header", b);
}

/* One account's folder: its tables, units and file_parameters.json. */
static int write_account(const char *dir, const mb_mrio_account *a,
                         const mb_mrio_table *population, char *vbuf,
                         size_t cap)
{
    json_t *files = json_object(), *root = NULL;
    int rc = 0;
    if (!files)
        return mb_error_oom();
    for (size_t k = 0; k <= a->ntables && rc == 0; k++) {
        const mb_mrio_table *t = k < a->ntables ? a->tables[k] : population;
        if (!t)
            continue;
        const char *key = k < a->ntables ? t->name : "population";
        if (!*key || strpbrk(key, "/\\") || !strcmp(key, "unit")) {
            rc = mb_error_set(MB_EINVAL, "%s: table name '%s': expected a "
                              "file name", dir, key);
            break;
        }
        char *file = mb_sprintf("%s.txt", key);
        if (!file)
            rc = mb_error_oom();
        else if ((rc = write_table(dir, t, file, vbuf, cap)) == 0 &&
                 json_object_set_new(files, key,
                                     file_entry(file, t->rows.nlevels,
                                                t->cols.nlevels)) != 0)
            rc = mb_error_oom();
        mb_free(file);
    }
    if (rc == 0 && a->unit) {
        if ((rc = write_units(dir, a->unit, vbuf, cap)) == 0 &&
            json_object_set_new(files, "unit",
                                file_entry("unit.txt", a->unit->rows.nlevels,
                                           1)) != 0)
            rc = mb_error_oom();
    }
    if (rc == 0) {
        root = population || !*a->dir
                   ? json_pack("{s:o, s:s, s:s}", "files", files, "systemtype",
                               "IOSystem", "name", a->name)
                   : json_pack("{s:o, s:s, s:s}", "files", files, "systemtype",
                               "Extension", "name", a->name);
        files = NULL;
        char *path = mb_sprintf("%s/file_parameters.json", dir);
        if (!root || !path)
            rc = mb_error_oom();
        else if (json_dump_file(root, path, JSON_INDENT(4)) != 0)
            rc = mb_error_set(MB_EIO, "%s: cannot write", path);
        mb_free(path);
    }
    json_decref(files);
    json_decref(root);
    return rc;
}

int mb_mrio_write_pymrio(const mb_mrio *m, const char *dir)
{
    char *tmp, *vbuf = mb_malloc(1 << 20);
    int rc;
    if (!vbuf)
        return mb_error_oom();
    if ((rc = mb_mrio_tmpdir(dir, &tmp)) != 0) {
        mb_free(vbuf);
        return rc;
    }
    mb_mrio_account core = m->core;
    core.dir = "";
    rc = write_account(tmp, &core, m->population ? m->population : NULL,
                       vbuf, 1 << 20);
    for (size_t e = 0; e < m->next && rc == 0; e++) {
        const mb_mrio_account *a = &m->ext[e];
        const char *sub = *a->dir ? a->dir : a->name;
        char *path = NULL;
        if (!*sub || strpbrk(sub, "/\\") || !strcmp(sub, ".") ||
            !strcmp(sub, ".."))
            rc = mb_error_set(MB_EINVAL, "extension '%s': expected a folder "
                              "name", sub);
        else if (!(path = mb_sprintf("%s/%s", tmp, sub)))
            rc = mb_error_oom();
        else if (mkdir(path, 0777) != 0)
            rc = mb_error_set(MB_EIO, "%s: cannot create: %s", path,
                              strerror(errno));
        if (rc == 0) {
            mb_mrio_account x = *a;
            x.dir = (char *)sub;
            rc = write_account(path, &x, NULL, vbuf, 1 << 20);
        }
        mb_free(path);
    }
    mb_free(vbuf);
    return mb_mrio_commit_dir(tmp, dir, rc);
}
