/*
 * datapackage.c - reader of Brightway's bw_processing datapackages: a
 * frictionless-data `datapackage.json` listing resources, each a NumPy array
 * (github.com/brightway-lca/bw_processing, README "Datapackage
 * structure") or a metadata table (CSV). A package is a directory or a zip
 * archive with the JSON at its root. JSON through jansson, zip through
 * libzip. Also the entries of one matrix group (indices, data, flip), as
 * matrix_utils' ResourceGroup reads them, for the system compiler and the
 * importer.
 */
#include <math.h>
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

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);

    return n >= m && strcmp(s + n - m, tail) == 0;
}

/* A CSV table: by its media type, else by its file name. */
static int is_table(json_t *jr, const char *path)
{
    const char *type = json_string_value(json_object_get(jr, "mediatype"));

    return type ? strcmp(type, "text/csv") == 0 : ends_with(path, ".csv");
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
    if (is_table(jr, r->path)) {
        if (!(flags & MB_DP_LOAD_TEXT))
            return 0;
        if ((rc = mb_archive_read(src, r->path, &buf, &len)) < 0)
            return rc;
        r->text = buf;
        r->text_len = len;
        return 0;
    }
    if (format ? strcmp(format, "npy") != 0 : !ends_with(r->path, ".npy"))
        return 0; /* not an array: other metadata, kept by name only */
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
        mb_free(r->text);
        mb_npy_free(r->array);
    }
    mb_free(dp->resources);
    mb_free(dp->source);
    mb_free(dp->name);
    mb_free(dp);
}

void mb_dp_entries_free(mb_dp_entries *e)
{
    if (!e)
        return;
    mb_free(e->rows);
    mb_free(e->cols);
    mb_free(e->vals);
    e->rows = e->cols = NULL;
    e->vals = NULL;
}

/* The group's arrays present and agreeing in length and type. */
static int check_group(mb_dp_entries *e, const mb_datapackage *dp,
                       int *row_field, int *col_field)
{
    const mb_dp_resource *r = e->indices;

    if (!r->group)
        return mb_error_set(MB_EFORMAT, "%s: resource '%s' has no 'group'",
                            dp->source, r->path);
    if (r->category && strcmp(r->category, "vector") != 0)
        return mb_error_set(MB_EUNSUPPORTED,
                            "%s: group '%s' is of category '%s'; only "
                            "'vector' resources are supported",
                            dp->source, r->group, r->category);
    e->data = mb_datapackage_find(dp, r->group, "data");
    e->flip = mb_datapackage_find(dp, r->group, "flip");
    e->distributions = mb_datapackage_find(dp, r->group, "distributions");
    if (!e->data || !e->data->array)
        return mb_error_set(MB_EFORMAT,
                            "%s: group '%s' has indices but no data array",
                            dp->source, r->group);
    if (!r->array)
        return mb_error_set(MB_EFORMAT, "%s: %s is not a .npy array",
                            dp->source, r->path);
    *row_field = mb_npy_field_index(r->array, "row");
    *col_field = mb_npy_field_index(r->array, "col");
    if (r->array->ndim != 1 || *row_field < 0 || *col_field < 0 ||
        !strchr("iu", r->array->fields[*row_field].kind) ||
        !strchr("iu", r->array->fields[*col_field].kind))
        return mb_error_set(MB_EFORMAT,
                            "%s/%s: indices must be a 1-D array with "
                            "integer fields 'row' and 'col'",
                            dp->source, r->path);
    if (e->data->array->nfields != 1 ||
        e->data->array->count != r->array->count)
        return mb_error_set(MB_EFORMAT, "%s/%s: %lld values for %lld "
                            "indices in %s",
                            dp->source, e->data->path,
                            (long long)e->data->array->count,
                            (long long)r->array->count, r->path);
    if (e->flip && e->flip->array &&
        (e->flip->array->nfields != 1 ||
         e->flip->array->count != r->array->count))
        return mb_error_set(MB_EFORMAT, "%s/%s: %lld flags for %lld indices "
                            "in %s",
                            dp->source, e->flip->path,
                            (long long)e->flip->array->count,
                            (long long)r->array->count, r->path);
    if (e->flip && !e->flip->array)
        e->flip = NULL;
    if (e->flip && e->flip->array->fields[0].kind == 'f')
        return mb_error_set(MB_EFORMAT, "%s/%s: flip must be a boolean array",
                            dp->source, e->flip->path);
    if (e->distributions && (!e->distributions->array ||
                             e->distributions->array->count !=
                                 r->array->count))
        e->distributions = NULL; /* not loaded, or not one per entry */
    return 0;
}

int mb_dp_entries_load(mb_dp_entries *e, const mb_datapackage *dp,
                       const mb_dp_resource *indices)
{
    const mb_npy *flip;
    int row_field = -1, col_field = -1, rc;
    int64_t k;

    memset(e, 0, sizeof *e);
    e->indices = indices;
    if ((rc = check_group(e, dp, &row_field, &col_field)) < 0)
        return rc;
    flip = e->flip ? e->flip->array : NULL;
    e->n = indices->array->count;
    e->rows = mb_alloc_array((size_t)e->n + 1, sizeof *e->rows);
    e->cols = mb_alloc_array((size_t)e->n + 1, sizeof *e->cols);
    e->vals = mb_alloc_array((size_t)e->n + 1, sizeof *e->vals);
    if (!e->rows || !e->cols || !e->vals) {
        mb_dp_entries_free(e);
        return MB_ENOMEM;
    }
    mb_npy_to_i64(indices->array, row_field, e->rows);
    mb_npy_to_i64(indices->array, col_field, e->cols);
    mb_npy_to_f64(e->data->array, 0, e->vals);
    for (k = 0; k < e->n; k++) {
        if (!isfinite(e->vals[k])) {
            rc = mb_error_set(MB_ENUMERIC,
                              "%s/%s: entry %lld (row id %lld, column id "
                              "%lld) is %s",
                              dp->source, e->data->path, (long long)k,
                              (long long)e->rows[k], (long long)e->cols[k],
                              isnan(e->vals[k]) ? "NaN" : "infinite");
            mb_dp_entries_free(e);
            return rc;
        }
        if (flip && mb_npy_get_i64(flip, 0, k))
            e->vals[k] = -e->vals[k];
    }
    return 0;
}

/* Field `name` of element k as a double, NaN when the array lacks it. */
static double field_f64(const mb_npy *a, const char *name, int64_t k)
{
    int f = mb_npy_field_index(a, name);

    return f < 0 ? NAN : mb_npy_get_f64(a, f, k);
}

void mb_dp_uncertainty_get(const mb_npy *a, int64_t k, mb_dp_uncertainty *u)
{
    int f = mb_npy_field_index(a, "uncertainty_type");
    int neg = mb_npy_field_index(a, "negative");

    int64_t type = f < 0 ? MB_DP_UNDEFINED : mb_npy_get_i64(a, f, k);

    u->type = type >= 0 && type <= 255 ? (int)type : -1;
    u->loc = field_f64(a, "loc", k);
    u->scale = field_f64(a, "scale", k);
    u->shape = field_f64(a, "shape", k);
    u->minimum = field_f64(a, "minimum", k);
    u->maximum = field_f64(a, "maximum", k);
    u->negative = neg >= 0 && mb_npy_get_i64(a, neg, k) != 0;
}

/* A field stats_arrays leaves NaN for its default. */
static double or_default(double v, double def)
{
    return isnan(v) ? def : v;
}

int mb_dp_uncertainty_to(const mb_dp_uncertainty *d, double amount,
                         mb_lci_uncertainty *out, const char **kind)
{
    static const char *const names[] = {
        "undefined", "none", "lognormal", "normal", "uniform", "triangular",
        "Bernoulli", "discrete uniform", "Weibull", "gamma", "beta",
        "generalized extreme value", "Student's t"};
    double *p = out->p;

    memset(out, 0, sizeof *out);
    if (kind)
        *kind = d->type >= 0 && d->type <= MB_DP_STUDENT ? names[d->type]
                                                         : "unknown";
    switch (d->type) {
    case MB_DP_UNDEFINED:
    case MB_DP_NO_UNCERTAINTY:
        return 0;
    case MB_DP_LOGNORMAL: /* bw2io: loc = ln |amount|, negative = amount < 0 */
        out->type = MB_DIST_LOGNORMAL;
        p[0] = isnan(d->loc) ? amount
                             : (d->negative ? -1 : 1) * exp(d->loc);
        p[1] = exp(d->scale);
        return 0;
    case MB_DP_NORMAL:
        out->type = MB_DIST_NORMAL;
        p[0] = or_default(d->loc, amount);
        p[1] = d->scale;
        return 0;
    case MB_DP_UNIFORM:
        out->type = MB_DIST_UNIFORM;
        p[0] = d->minimum;
        p[1] = d->maximum;
        return 0;
    case MB_DP_TRIANGULAR:
        out->type = MB_DIST_TRIANGLE;
        p[0] = d->minimum;
        p[1] = or_default(d->loc, amount);
        p[2] = d->maximum;
        return 0;
    case MB_DP_WEIBULL:
    case MB_DP_GAMMA:
        out->type = d->type == MB_DP_WEIBULL ? MB_DIST_WEIBULL : MB_DIST_GAMMA;
        p[0] = or_default(d->loc, 0);
        p[1] = d->scale;
        p[2] = d->shape;
        p[3] = d->negative != 0;
        return 0;
    case MB_DP_BETA: /* stats_arrays ignores `negative` here: the bounds
                      * carry the sign */
        out->type = MB_DIST_BETA;
        p[0] = d->loc;
        p[1] = d->shape;
        p[2] = or_default(d->minimum, 0);
        p[3] = or_default(d->maximum, 1);
        return 0;
    default:
        return MB_EUNSUPPORTED;
    }
}
