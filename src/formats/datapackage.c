/*
 * datapackage.c - reader of Brightway's bw_processing datapackages: a
 * frictionless-data `datapackage.json` listing resources, each a NumPy array
 * (github.com/brightway-lca/bw_processing, README "Datapackage
 * structure"). A package is a directory or a zip archive with the JSON at
 * its root. JSON through jansson, zip through libzip.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/core.h"
#include "formats/archive.h"
#include "linalg/linalg_internal.h"
#include "metabol/datapackage.h"

#define DESCRIPTOR "datapackage.json"

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

static int load_resource(mb_archive *src, json_t *jr, size_t index,
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
    } else if ((rc = mb_archive_read(src, r->path, &buf, &len)) == 0) {
        rc = mb_npy_adopt(&r->array, buf, len, label);
    }
    mb_free(label);
    return rc;
}

static int load(mb_datapackage **out, mb_archive *src, unsigned flags)
{
    mb_datapackage *dp;
    json_error_t jerr;
    json_t *root = NULL, *resources;
    void *buf = NULL;
    size_t len, k;
    int rc;

    *out = NULL;
    if ((rc = mb_archive_read(src, DESCRIPTOR, &buf, &len)) < 0)
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

/* Load a package from an archive just opened (rc), then close it. */
static int load_archive(mb_datapackage **out, mb_archive *src, int rc,
                        unsigned flags)
{
    if (rc == 0)
        rc = load(out, src, flags);
    mb_archive_close(src);
    return rc;
}

int mb_datapackage_from_buffer(mb_datapackage **out, const void *zip,
                               size_t len, const char *label, unsigned flags)
{
    mb_archive *src = NULL;
    int rc = mb_archive_from_buffer(&src, zip, len, label);

    *out = NULL;
    return load_archive(out, src, rc, flags);
}

int mb_datapackage_open(mb_datapackage **out, const char *path,
                        unsigned flags)
{
    mb_archive *src = NULL;
    int rc = mb_archive_open(&src, path);

    *out = NULL;
    return load_archive(out, src, rc, flags);
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
