/*
 * mrio_pymrio.c - read pymrio's save format (pymrio.core.fileio:
 * IOSystem.save_all / pymrio.load_all), from a directory or a zip: each
 * folder holding a file_parameters.json ({"files": {table: {"name",
 * "nr_index_col", "nr_header"}}, "systemtype": "IOSystem" | "Extension",
 * "name"}) is the core system or one extension, its tables tab-separated
 * text (mrio_table.c). EXIOBASE 3 archives (<= 3.8) have this layout with
 * the satellite's final-demand table called F_hh, which
 * pymrio.parse_exiobase3 renames F_Y; so does this reader.
 */
#include <stdlib.h>
#include <string.h>

#include "archive.h"
#include "core/core.h"
#include "json.h"
#include "mrio_internal.h"

static const char PARAMS[] = "file_parameters.json";

/* A member "nr_index_col"/"nr_header": a string of digits or a number. */
static int int_member(const mb_json *spec, const char *key, const char *file,
                      const char *table, int *out)
{
    const mb_json *v = mb_json_get(spec, key);
    char *end = NULL;
    double d = -1;
    if (v && v->type == MB_JSON_NUMBER)
        d = v->u.number;
    else if (v && v->type == MB_JSON_STRING && v->n > 0) {
        d = strtod(v->u.string, &end);
        if (*end)
            d = -1;
    }
    if (!(d >= 1 && d <= 64) || d != (int)d)
        return mb_error_set(MB_EFORMAT,
                            "%s: files.%s.%s: expected a count 1 to 64", file,
                            table, key);
    *out = (int)d;
    return 0;
}

/* One table or unit file named by file_parameters.json into account a. */
static int read_entry(mb_archive *ar, mb_mrio *m, mb_mrio_account *a,
                      const char *prefix, const char *key,
                      const mb_json *spec, const char *params_label)
{
    const mb_json *name = mb_json_get(spec, "name");
    int nic, nh, rc;
    void *buf = NULL;
    size_t len;
    char *member, *label;

    if (!name || name->type != MB_JSON_STRING || !name->n)
        return mb_error_set(MB_EFORMAT, "%s: files.%s.name: expected a file "
                            "name", params_label, key);
    if ((rc = int_member(spec, "nr_index_col", params_label, key, &nic)) ||
        (rc = int_member(spec, "nr_header", params_label, key, &nh)))
        return rc;
    size_t n = strlen(name->u.string);
    if (n < 4 || (strcmp(name->u.string + n - 4, ".txt") &&
                  strcmp(name->u.string + n - 4, ".tsv")))
        return mb_error_set(MB_EUNSUPPORTED,
                            "%s: files.%s.name '%s': only text tables "
                            "(.txt) are read, not parquet or pickle",
                            params_label, key, name->u.string);
    member = mb_sprintf("%s%s", prefix, name->u.string);
    label = mb_sprintf("%s/%s%s", ar->label, prefix, name->u.string);
    if (!member || !label) {
        rc = mb_error_oom();
        goto done;
    }
    if ((rc = mb_archive_read(ar, member, &buf, &len)) != 0)
        goto done;
    if (!strcmp(key, "unit")) {
        mb_mrio_units *u;
        if ((rc = mb_mrio_units_parse(&u, buf, len, label, nic, nh)) == 0) {
            mb_mrio_units_free(a->unit);
            a->unit = u;
        }
        goto done;
    }
    mb_mrio_table *t;
    if ((rc = mb_mrio_table_parse(&t, buf, len, label, nic, nh)) != 0)
        goto done;
    const char *tname = a == &m->core || strcmp(key, "F_hh") ? key : "F_Y";
    if (!(t->name = mb_strdup(tname))) {
        mb_mrio_table_free(t);
        rc = mb_error_oom();
        goto done;
    }
    if (a == &m->core && !strcmp(key, "population")) {
        mb_mrio_table_free(m->population);
        m->population = t;
    } else if (mb_mrio_table_get(a, tname)) {
        rc = mb_error_set(MB_EFORMAT, "%s: two tables called %s",
                          params_label, tname);
        mb_mrio_table_free(t);
    } else {
        rc = mb_mrio_account_add(a, t);
    }
done:
    mb_free(buf);
    mb_free(member);
    mb_free(label);
    return rc;
}

/* One folder's file_parameters.json: core or an extension. */
static int read_folder(mb_archive *ar, mb_mrio *m, mb_json_parser *jp,
                       const char *params, int is_core)
{
    size_t plen = strlen(params) - (sizeof PARAMS - 1);
    char *prefix = mb_malloc(plen + 1), *label = NULL;
    void *buf = NULL;
    size_t len;
    const mb_json *root;
    int rc;

    if (!prefix)
        return mb_error_oom();
    memcpy(prefix, params, plen);
    prefix[plen] = 0;
    if (!(label = mb_sprintf("%s/%s", ar->label, params))) {
        rc = mb_error_oom();
        goto done;
    }
    if ((rc = mb_archive_read(ar, params, &buf, &len)) != 0 ||
        (rc = mb_json_parse(jp, buf, len, label, &root)) != 0)
        goto done;
    const mb_json *files = mb_json_get(root, "files");
    const mb_json *type = mb_json_get(root, "systemtype");
    const mb_json *name = mb_json_get(root, "name");
    if (!files || files->type != MB_JSON_OBJECT) {
        rc = mb_error_set(MB_EFORMAT, "%s: expected an object \"files\"",
                          label);
        goto done;
    }
    mb_mrio_account *a = &m->core;
    if (!is_core) {
        /* the folder's own name, without the trailing '/' */
        char dir[256];
        size_t b = plen ? plen - 1 : 0, s = b;
        while (s > 0 && prefix[s - 1] != '/')
            s--;
        snprintf(dir, sizeof dir, "%.*s", (int)(b - s), prefix + s);
        a = mb_mrio_ext_add(m, name && name->type == MB_JSON_STRING
                                   ? name->u.string
                                   : dir,
                            dir);
        if (!a) {
            rc = MB_ENOMEM;
            goto done;
        }
    } else if (name && name->type == MB_JSON_STRING) {
        mb_free(a->name);
        if (!(a->name = mb_strdup(name->u.string))) {
            rc = mb_error_oom();
            goto done;
        }
    }
    (void)type;
    for (uint32_t k = 0; k < files->n && rc == 0; k++) {
        const mb_json *key = &files->u.items[2 * k];
        const mb_json *spec = &files->u.items[2 * k + 1];
        if (spec->type != MB_JSON_OBJECT)
            rc = mb_error_set(MB_EFORMAT, "%s: files.%s: expected an object",
                              label, key->u.string);
        else
            rc = read_entry(ar, m, a, prefix, key->u.string, spec, label);
    }
done:
    mb_free(buf);
    mb_free(prefix);
    mb_free(label);
    return rc;
}

/* Whether member `name` is a file_parameters.json. */
static int is_params(const char *name)
{
    size_t n = strlen(name), p = sizeof PARAMS - 1;
    return n >= p && !strcmp(name + n - p, PARAMS) &&
           (n == p || name[n - p - 1] == '/');
}

/* The systemtype of a file_parameters.json: 1 for "IOSystem". */
static int core_params(mb_archive *ar, mb_json_parser *jp, const char *name)
{
    void *buf;
    size_t len;
    const mb_json *root;
    int core = 0;
    if (mb_archive_read(ar, name, &buf, &len) != 0)
        return 0;
    if (mb_json_parse(jp, buf, len, name, &root) == 0) {
        const mb_json *t = mb_json_get(root, "systemtype");
        core = t && t->type == MB_JSON_STRING &&
               !strcmp(t->u.string, "IOSystem");
    }
    mb_free(buf);
    mb_error_clear();
    return core;
}

int mb_mrio_read_pymrio(mb_mrio **out, const char *path)
{
    mb_archive *ar = NULL;
    mb_json_parser jp;
    mb_mrio *m = mb_calloc(1, sizeof *m);
    int rc;
    size_t core = (size_t)-1, depth = (size_t)-1;

    *out = NULL;
    mb_json_parser_init(&jp);
    if (!m || !(m->source = mb_strdup(path)) ||
        !(m->core.name = mb_strdup("")) || !(m->core.dir = mb_strdup(""))) {
        rc = mb_error_oom();
        goto done;
    }
    if ((rc = mb_archive_open(&ar, path)) != 0 ||
        (rc = mb_archive_list(ar)) != 0)
        goto done;
    /* the core: the shallowest folder of systemtype IOSystem */
    for (size_t k = 0; k < ar->nnames; k++) {
        if (!is_params(ar->names[k]))
            continue;
        size_t d = 0;
        for (const char *p = ar->names[k]; *p; p++)
            d += *p == '/';
        if (d < depth && core_params(ar, &jp, ar->names[k])) {
            core = k;
            depth = d;
        }
    }
    if (core == (size_t)-1) {
        rc = mb_error_set(MB_EFORMAT,
                          "%s: no file_parameters.json with systemtype "
                          "\"IOSystem\": expected pymrio's save format",
                          path);
        goto done;
    }
    if ((rc = read_folder(ar, m, &jp, ar->names[core], 1)) != 0)
        goto done;
    for (size_t k = 0; k < ar->nnames && rc == 0; k++)
        if (k != core && is_params(ar->names[k]))
            rc = read_folder(ar, m, &jp, ar->names[k], 0);
done:
    mb_json_parser_destroy(&jp);
    mb_archive_close(ar);
    return mb_mrio_finish(m, rc, out);
}
