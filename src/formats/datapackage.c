/*
 * datapackage.c - reader of Brightway's bw_processing datapackages: a
 * frictionless-data `datapackage.json` listing resources, each a NumPy array
 * (github.com/brightway-lca/bw_processing, README "Datapackage
 * structure"). A package is a directory or a zip archive with the JSON at
 * its root. JSON through jansson, zip through libzip.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>
#include <zip.h>

#include "core/core.h"
#include "linalg/linalg_internal.h"
#include "metabol/datapackage.h"

#define DESCRIPTOR "datapackage.json"

/* Where the files of a package come from: a directory or an open zip. */
typedef struct source {
    const char *label; /* for messages */
    const char *dir;   /* directory form, else NULL */
    zip_t *zip;        /* zip form, else NULL */
    size_t zip_len;    /* compressed size of the archive, for the ratio cap */
    size_t unpacked;   /* bytes decompressed so far from the archive */
} source;

static int read_dir_file(const source *src, const char *name, void **buf,
                         size_t *len)
{
    char *path = mb_sprintf("%s/%s", src->dir, name);
    FILE *f;
    long size;
    int rc = 0;

    if (!path)
        return MB_ENOMEM;
    f = fopen(path, "rb");
    if (!f) {
        rc = mb_error_set(MB_EIO, "%s: cannot open: %s", path,
                          strerror(errno));
        mb_free(path);
        return rc;
    }
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0) {
        rc = mb_error_set(MB_EIO, "%s: cannot read", path);
    } else if (!(*buf = mb_malloc((size_t)size + 1))) {
        rc = MB_ENOMEM;
    } else if (fread(*buf, 1, (size_t)size, f) != (size_t)size) {
        mb_free(*buf);
        *buf = NULL;
        rc = mb_error_set(MB_EIO, "%s: read failed", path);
    } else {
        *len = (size_t)size;
    }
    fclose(f);
    mb_free(path);
    return rc;
}

/*
 * Deflate cannot expand more than ~1032:1, so a package cannot hold more
 * than about 1100 times its archive's size: a larger total is a zip bomb
 * (members sharing compressed data, or a claimed size that lies).
 */
static size_t unpack_budget(const source *src)
{
    return src->zip_len * 1100 + 65536;
}

static int read_zip_file(source *src, const char *name, void **buf,
                         size_t *len)
{
    zip_stat_t st;
    zip_file_t *zf;
    zip_int64_t got;
    int64_t idx = zip_name_locate(src->zip, name, 0);

    if (idx < 0)
        return mb_error_set(MB_EFORMAT, "%s: no file '%s' in the archive",
                            src->label, name);
    zip_stat_init(&st);
    if (zip_stat_index(src->zip, (zip_uint64_t)idx, 0, &st) != 0 ||
        !(st.valid & ZIP_STAT_SIZE))
        return mb_error_set(MB_EFORMAT, "%s: cannot stat '%s' in the archive",
                            src->label, name);
    if ((st.valid & ZIP_STAT_COMP_METHOD) &&
        st.comp_method != ZIP_CM_STORE && st.comp_method != ZIP_CM_DEFLATE)
        return mb_error_set(MB_EUNSUPPORTED,
                            "%s: '%s' uses zip compression method %d; "
                            "expected stored or deflate",
                            src->label, name, (int)st.comp_method);
    if (st.size > unpack_budget(src) - src->unpacked)
        return mb_error_set(MB_EFORMAT,
                            "%s: '%s' would unpack the archive of %zu bytes "
                            "to more than %zu bytes: impossible for deflate",
                            src->label, name, src->zip_len,
                            unpack_budget(src));
    src->unpacked += (size_t)st.size;
    zf = zip_fopen_index(src->zip, (zip_uint64_t)idx, 0);
    if (!zf)
        return mb_error_set(MB_EFORMAT, "%s: cannot open '%s': %s",
                            src->label, name, zip_strerror(src->zip));
    *buf = mb_malloc((size_t)st.size + 1);
    if (!*buf) {
        zip_fclose(zf);
        return MB_ENOMEM;
    }
    got = zip_fread(zf, *buf, st.size);
    zip_fclose(zf);
    if (got < 0 || (zip_uint64_t)got != st.size) {
        mb_free(*buf);
        *buf = NULL;
        return mb_error_set(MB_EFORMAT, "%s: '%s' is corrupt in the archive",
                            src->label, name);
    }
    *len = (size_t)st.size;
    return 0;
}

static int read_file(source *src, const char *name, void **buf,
                     size_t *len)
{
    *buf = NULL;
    *len = 0;
    return src->dir ? read_dir_file(src, name, buf, len)
                    : read_zip_file(src, name, buf, len);
}

/* A copy of a string member, NULL when absent or not a string. */
static int copy_member(json_t *obj, const char *key, char **out)
{
    json_t *v = json_object_get(obj, key);

    *out = NULL;
    if (!v || !json_is_string(v))
        return 0;
    *out = mb_strdup(json_string_value(v));
    return *out ? 0 : MB_ENOMEM;
}

/* Brightway identifiers are tuples of strings (method names): join by '/'. */
static int copy_identifier(json_t *obj, char **out)
{
    json_t *v = json_object_get(obj, "identifier"), *item;
    size_t k, len = 0;
    char *s;

    *out = NULL;
    if (!v)
        return 0;
    if (json_is_string(v)) {
        *out = mb_strdup(json_string_value(v));
        return *out ? 0 : MB_ENOMEM;
    }
    if (!json_is_array(v))
        return 0;
    json_array_foreach(v, k, item) {
        if (!json_is_string(item))
            return 0;
        len += strlen(json_string_value(item)) + 1;
    }
    s = mb_malloc(len + 1);
    if (!s)
        return MB_ENOMEM;
    s[0] = '\0';
    json_array_foreach(v, k, item) {
        if (k)
            strcat(s, "/");
        strcat(s, json_string_value(item));
    }
    *out = s;
    return 0;
}

/* Resource paths must stay inside the package. */
static int safe_path(const char *p)
{
    return p[0] && p[0] != '/' && !strstr(p, "..");
}

static int load_resource(source *src, json_t *jr, size_t index,
                         mb_dp_resource *resources, unsigned flags)
{
    mb_dp_resource *r = &resources[index];
    const char *format;
    char *label;
    void *buf;
    size_t len, k;
    int rc;

    if (!json_is_object(jr))
        return mb_error_set(MB_EFORMAT,
                            "%s/" DESCRIPTOR ": resource %zu is not an object",
                            src->label, index);
    if ((rc = copy_member(jr, "name", &r->name)) < 0 ||
        (rc = copy_member(jr, "matrix", &r->matrix)) < 0 ||
        (rc = copy_member(jr, "kind", &r->kind)) < 0 ||
        (rc = copy_member(jr, "group", &r->group)) < 0 ||
        (rc = copy_member(jr, "path", &r->path)) < 0 ||
        (rc = copy_member(jr, "category", &r->category)) < 0 ||
        (rc = copy_identifier(jr, &r->identifier)) < 0)
        return rc;
    if (!r->path)
        return mb_error_set(MB_EFORMAT,
                            "%s/" DESCRIPTOR ": resource %zu ('%s') has no "
                            "'path'",
                            src->label, index, r->name ? r->name : "?");
    if (!safe_path(r->path))
        return mb_error_set(MB_EFORMAT,
                            "%s/" DESCRIPTOR ": resource path '%s' leaves the "
                            "package",
                            src->label, r->path);
    for (k = 0; k < index; k++) /* one array, one resource: no reuse bombs */
        if (resources[k].path && strcmp(resources[k].path, r->path) == 0)
            return mb_error_set(MB_EFORMAT,
                                "%s/" DESCRIPTOR ": resources %zu and %zu "
                                "both use the file '%s'",
                                src->label, k, index, r->path);
    format = json_string_value(json_object_get(jr, "format"));
    if (format ? strcmp(format, "npy") != 0
               : (strlen(r->path) < 4 ||
                  strcmp(r->path + strlen(r->path) - 4, ".npy") != 0))
        return 0; /* not an array: metadata, CSV, ... kept by name only */
    if (r->kind && strcmp(r->kind, "distributions") == 0 &&
        !(flags & MB_DP_LOAD_DISTRIBUTIONS))
        return 0;
    label = mb_sprintf("%s/%s", src->label, r->path);
    if (!label)
        return MB_ENOMEM;
    if (src->dir) { /* a file on disk: mapped, not read */
        rc = mb_npy_read(&r->array, label);
    } else if ((rc = read_file(src, r->path, &buf, &len)) == 0) {
        rc = mb_npy_adopt(&r->array, buf, len, label);
    }
    mb_free(label);
    return rc;
}

static int load(mb_datapackage **out, source *src, unsigned flags)
{
    mb_datapackage *dp;
    json_error_t jerr;
    json_t *root = NULL, *resources;
    void *buf = NULL;
    size_t len, k;
    int rc;

    *out = NULL;
    if ((rc = read_file(src, DESCRIPTOR, &buf, &len)) < 0)
        return rc;
    root = json_loadb(buf, len, 0, &jerr);
    mb_free(buf);
    if (!root)
        return mb_error_set(MB_EFORMAT,
                            "%s/" DESCRIPTOR ": line %d, column %d: %s",
                            src->label, jerr.line, jerr.column, jerr.text);
    resources = json_object_get(root, "resources");
    if (!json_is_object(root) || !json_is_array(resources)) {
        json_decref(root);
        return mb_error_set(MB_EFORMAT,
                            "%s/" DESCRIPTOR ": expected an object with a "
                            "'resources' list",
                            src->label);
    }
    dp = mb_calloc(1, sizeof *dp);
    if (!dp) {
        json_decref(root);
        return MB_ENOMEM;
    }
    dp->source = mb_strdup(src->label);
    rc = copy_member(root, "name", &dp->name);
    if (rc == 0 && !dp->name)
        dp->name = mb_strdup("");
    dp->resources = mb_calloc(json_array_size(resources) + 1,
                              sizeof *dp->resources);
    if (!dp->source || !dp->name || !dp->resources) {
        rc = MB_ENOMEM;
        goto done;
    }
    for (k = 0; k < json_array_size(resources); k++) {
        dp->nresources++;
        rc = load_resource(src, json_array_get(resources, k), k,
                           dp->resources, flags);
        if (rc < 0)
            goto done;
    }
done:
    json_decref(root);
    if (rc < 0)
        mb_datapackage_free(dp);
    else
        *out = dp;
    return rc;
}

static int open_zip(mb_datapackage **out, zip_source_t *zs, const char *label,
                    size_t len, unsigned flags)
{
    zip_error_t zerr;
    source src = {label, NULL, NULL, len, 0};
    int rc;

    zip_error_init(&zerr);
    src.zip = zip_open_from_source(zs, ZIP_RDONLY, &zerr);
    if (!src.zip) {
        rc = mb_error_set(MB_EFORMAT, "%s: not a readable zip archive: %s",
                          label, zip_error_strerror(&zerr));
        zip_error_fini(&zerr);
        zip_source_free(zs);
        return rc;
    }
    zip_error_fini(&zerr);
    rc = load(out, &src, flags);
    zip_discard(src.zip); /* read-only: nothing to write back */
    return rc;
}

int mb_datapackage_from_buffer(mb_datapackage **out, const void *zip,
                               size_t len, const char *label, unsigned flags)
{
    zip_error_t zerr;
    zip_source_t *zs;

    *out = NULL;
    if (!label)
        label = "<buffer>";
    zip_error_init(&zerr);
    zs = zip_source_buffer_create(zip, len, 0, &zerr);
    zip_error_fini(&zerr);
    if (!zs)
        return mb_error_set(MB_ENOMEM, "%s: cannot wrap the buffer", label);
    return open_zip(out, zs, label, len, flags);
}

int mb_datapackage_open(mb_datapackage **out, const char *path,
                        unsigned flags)
{
    struct stat sb;
    zip_error_t zerr;
    zip_source_t *zs;

    *out = NULL;
    if (stat(path, &sb) != 0)
        return mb_error_set(MB_EIO, "%s: %s", path, strerror(errno));
    if (S_ISDIR(sb.st_mode)) {
        source src = {path, path, NULL, 0, 0};

        return load(out, &src, flags);
    }
    zip_error_init(&zerr);
    zs = zip_source_file_create(path, 0, -1, &zerr);
    zip_error_fini(&zerr);
    if (!zs)
        return mb_error_set(MB_EIO, "%s: cannot open", path);
    return open_zip(out, zs, path, (size_t)sb.st_size, flags);
}

const mb_dp_resource *mb_datapackage_find(const mb_datapackage *dp,
                                          const char *group, const char *kind)
{
    size_t k;

    for (k = 0; k < dp->nresources; k++) {
        const mb_dp_resource *r = &dp->resources[k];

        if (r->group && r->kind && strcmp(r->group, group) == 0 &&
            strcmp(r->kind, kind) == 0)
            return r;
    }
    return NULL;
}

void mb_datapackage_free(mb_datapackage *dp)
{
    size_t k;

    if (!dp)
        return;
    for (k = 0; k < dp->nresources; k++) {
        mb_dp_resource *r = &dp->resources[k];

        mb_free(r->name);
        mb_free(r->matrix);
        mb_free(r->kind);
        mb_free(r->group);
        mb_free(r->path);
        mb_free(r->identifier);
        mb_free(r->category);
        mb_npy_free(r->array);
    }
    mb_free(dp->resources);
    mb_free(dp->source);
    mb_free(dp->name);
    mb_free(dp);
}
