/*
 * datapackage_write.c - writer of Brightway's bw_processing datapackages
 * (github.com/brightway-lca/bw_processing: Datapackage.add_persistent_vector
 * and add_csv_metadata, constants.INDICES_DTYPE and UNCERTAINTY_DTYPE; the
 * frictionless Data Package spec for datapackage.json). What bw2calc needs
 * to load one through matrix_utils: resources named <group>.<kind> with
 * "matrix", "kind", "group", "category": "vector" and "nrows", and the
 * package keys "combinatorial", "sequential", "seed",
 * "sum_intra_duplicates" and "sum_inter_duplicates", which matrix_utils
 * reads without a default.
 *
 * Nothing half-written: every file goes into a temporary directory beside
 * the destination (same file system), which at the end is renamed into
 * place, or zipped into a temporary file that is renamed into place. On
 * any failure, or when the writer is freed unfinished, the temporary
 * files are removed. JSON through jansson, zip through libzip.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <zip.h>

#include "core/core.h"
#include "metabol/datapackage.h"

#define DESCRIPTOR "datapackage.json"

struct mb_dp_writer {
    char *path;  /* the destination */
    char *stage; /* the temporary directory beside it */
    int zip;     /* destination is a zip file */
    json_t *resources;
    int wide;     /* some indices needed int64 */
    char **files; /* names written into stage, to zip or remove */
    size_t nfiles, cap;
    FILE *table; /* the table being written, or NULL */
    json_t *table_resource;
    size_t table_cols;
    int finished;
};

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);

    return n >= m && strcmp(s + n - m, tail) == 0;
}

/* Names as bw_processing allows them (NAME_RE: word characters, - and .). */
static int valid_name(const char *s)
{
    const char *p;

    if (!*s || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
        return 0;
    for (p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9') || strchr("_-.", *p)))
            return 0;
    return 1;
}

/* The staged path of file `name`, newly allocated. */
static char *staged(const mb_dp_writer *w, const char *name)
{
    return mb_sprintf("%s/%s", w->stage, name);
}

/* Remember a file of the stage (to zip it, or to remove it). */
static int note_file(mb_dp_writer *w, const char *name)
{
    if (w->nfiles == w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 16;
        char **f = mb_realloc(w->files, cap * sizeof *f);

        if (!f)
            return MB_ENOMEM;
        w->files = f;
        w->cap = cap;
    }
    if (!(w->files[w->nfiles] = mb_strdup(name)))
        return MB_ENOMEM;
    w->nfiles++;
    return 0;
}

/*
 * The stage: ".<base>.tmp-<pid>-<n>" in dir (NULL: the current one), made
 * with mkdir so that the package gets the permissions the umask gives.
 */
static int make_stage(mb_dp_writer *w, const char *dir, const char *base)
{
    unsigned n;

    for (n = 0; n < 1000; n++) {
        char *p =
            dir ? mb_sprintf("%s/.%s.tmp-%ld-%u", dir, base, (long)getpid(), n)
                : mb_sprintf(".%s.tmp-%ld-%u", base, (long)getpid(), n);

        if (!p)
            return MB_ENOMEM;
        if (mkdir(p, 0777) == 0) {
            w->stage = p;
            return 0;
        }
        mb_free(p);
        if (errno != EEXIST)
            break;
    }
    return mb_error_set(MB_EIO,
                        "%s: cannot write there (a temporary directory "
                        "beside it: %s)",
                        w->path, strerror(errno));
}

int mb_dp_writer_new(mb_dp_writer **out, const char *path)
{
    mb_dp_writer *w;
    char *copy, *slash;
    struct stat sb;
    int rc = 0;

    *out = NULL;
    if (!path || !*path)
        return mb_error_set(MB_EINVAL, "a datapackage needs a path");
    if (!ends_with(path, ".zip") && stat(path, &sb) == 0)
        return mb_error_set(MB_EINVAL,
                            "%s: already exists; a datapackage directory "
                            "is written new (remove it, or give another "
                            "path or a .zip)",
                            path);
    w = mb_calloc(1, sizeof *w);
    if (!w)
        return MB_ENOMEM;
    w->zip = ends_with(path, ".zip");
    w->path = mb_strdup(path);
    copy = mb_strdup(path);
    while (copy && strlen(copy) > 1 && copy[strlen(copy) - 1] == '/')
        copy[strlen(copy) - 1] = '\0';
    slash = copy ? strrchr(copy, '/') : NULL;
    if (slash)
        *slash = '\0';
    w->resources = json_array();
    if (!w->path || !copy || !w->resources ||
        (rc = make_stage(w, slash ? (slash == copy ? "" : copy) : NULL,
                         slash ? slash + 1 : copy)) < 0) {
        mb_free(copy);
        mb_dp_writer_free(w);
        return rc < 0 ? rc : MB_ENOMEM;
    }
    mb_free(copy);
    *out = w;
    return 0;
}

/* Whether a group or resource of that name is there already. */
static int name_taken(const mb_dp_writer *w, const char *name)
{
    size_t k;
    json_t *r;

    json_array_foreach(w->resources, k, r)
    {
        const char *g = json_string_value(json_object_get(r, "group"));
        const char *n = json_string_value(json_object_get(r, "name"));

        if ((g && strcmp(g, name) == 0) || (n && strcmp(n, name) == 0))
            return 1;
    }
    return 0;
}

/* "a/b" as ["a", "b"]: split at every '/', so that joining gives it back. */
static int put_identifier(json_t *r, const char *identifier)
{
    json_t *id = json_array();
    const char *p = identifier, *slash;

    while (id) {
        slash = strchr(p, '/');
        if (json_array_append_new(
                id, json_stringn(p, slash ? (size_t)(slash - p) : strlen(p))) <
            0)
            break;
        if (!slash)
            return json_object_set_new(r, "identifier", id) < 0 ? MB_ENOMEM : 0;
        p = slash + 1;
    }
    json_decref(id);
    return MB_ENOMEM;
}

/* Write array `a` as <group>.<kind>.npy and describe it. */
static int put_array(mb_dp_writer *w, const mb_dp_vector *v, const char *kind,
                     const mb_npy *a)
{
    char *file = mb_sprintf("%s.%s.npy", v->group, kind);
    char *name = mb_sprintf("%s.%s", v->group, kind);
    char *path = file ? staged(w, file) : NULL;
    json_t *r = NULL;
    int rc;

    if (!file || !name || !path) {
        rc = MB_ENOMEM;
        goto out;
    }
    if ((rc = note_file(w, file)) < 0 || (rc = mb_npy_write(path, a)) < 0)
        goto out;
    r = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I}",
                  "profile", "data-resource", "format", "npy", "mediatype",
                  "application/octet-stream", "name", name, "matrix", v->matrix,
                  "kind", kind, "path", file, "group", v->group, "category",
                  "vector", "nrows", (json_int_t)v->n);
    if (!r) {
        rc = MB_ENOMEM;
        goto out;
    }
    if (v->identifier && (rc = put_identifier(r, v->identifier)) < 0)
        goto out;
    if (v->global_index >= 0 &&
        json_object_set_new(r, "global_index",
                            json_integer((json_int_t)v->global_index)) < 0) {
        rc = MB_ENOMEM;
        goto out;
    }
    if (json_array_append(w->resources, r) < 0)
        rc = MB_ENOMEM;
out:
    json_decref(r);
    mb_free(file);
    mb_free(name);
    mb_free(path);
    return rc;
}

/* The indices: int32 (row, col) when every id fits, else int64. */
static int put_indices(mb_dp_writer *w, const mb_dp_vector *v)
{
    mb_npy_field f[2] = {{"row", 'i', 4, 0}, {"col", 'i', 4, 4}};
    mb_npy *a = NULL;
    int64_t k;
    int rc, wide = 0;

    for (k = 0; k < v->n; k++)
        if (v->rows[k] < INT32_MIN || v->rows[k] > INT32_MAX ||
            v->cols[k] < INT32_MIN || v->cols[k] > INT32_MAX)
            wide = 1;
    f[0].size = f[1].size = wide ? 8 : 4;
    if ((rc = mb_npy_new(&a, v->n, 2, f)) < 0)
        return rc;
    for (k = 0; k < v->n; k++) {
        unsigned char *e = a->data + k * a->itemsize;

        if (wide) {
            memcpy(e, &v->rows[k], 8);
            memcpy(e + 8, &v->cols[k], 8);
        } else {
            int32_t r = (int32_t)v->rows[k], c = (int32_t)v->cols[k];

            memcpy(e, &r, 4);
            memcpy(e + 4, &c, 4);
        }
    }
    w->wide |= wide;
    rc = put_array(w, v, "indices", a);
    mb_npy_free(a);
    return rc;
}

/* A plain array of one field: n values of `size` bytes from `values`. */
static int put_plain(mb_dp_writer *w, const mb_dp_vector *v, const char *kind,
                     char type, int size, const void *values)
{
    mb_npy_field f = {"", type, size, 0};
    mb_npy *a = NULL;
    int rc;

    if ((rc = mb_npy_new(&a, v->n, 1, &f)) < 0)
        return rc;
    if (v->n)
        memcpy(a->data, values, (size_t)v->n * (size_t)size);
    rc = put_array(w, v, kind, a);
    mb_npy_free(a);
    return rc;
}

/* The flip flags, written only when some entry is flipped (as bw does). */
static int put_flip(mb_dp_writer *w, const mb_dp_vector *v)
{
    unsigned char *b;
    int64_t k, any = 0;
    int rc;

    for (k = 0; v->flip && k < v->n; k++)
        any |= v->flip[k] != 0;
    if (!any)
        return 0;
    if (!(b = mb_malloc((size_t)v->n)))
        return MB_ENOMEM;
    for (k = 0; k < v->n; k++)
        b[k] = v->flip[k] != 0;
    rc = put_plain(w, v, "flip", 'b', 1, b);
    mb_free(b);
    return rc;
}

void mb_dp_uncertainty_from(const mb_lci_uncertainty *u,
                            mb_dp_uncertainty *out)
{
    out->type = MB_DP_UNDEFINED;
    out->loc = out->scale = out->shape = out->minimum = out->maximum = NAN;
    out->negative = 0;
    if (!u)
        return;
    switch (u->type) {
    case MB_DIST_LOGNORMAL: /* stats_arrays: ln of |gm|, ln of gsd */
        out->type = MB_DP_LOGNORMAL;
        out->loc = log(fabs(u->p[0]));
        out->scale = log(u->p[1]);
        out->negative = u->p[0] < 0;
        break;
    case MB_DIST_NORMAL:
        out->type = MB_DP_NORMAL;
        out->loc = u->p[0];
        out->scale = u->p[1];
        break;
    case MB_DIST_UNIFORM:
        out->type = MB_DP_UNIFORM;
        out->minimum = u->p[0];
        out->maximum = u->p[1];
        break;
    case MB_DIST_TRIANGLE:
        out->type = MB_DP_TRIANGULAR;
        out->minimum = u->p[0];
        out->loc = u->p[1];
        out->maximum = u->p[2];
        break;
    case MB_DIST_WEIBULL:
    case MB_DIST_GAMMA: /* stats_arrays: -(loc + scale Y) when negative */
        out->type = u->type == MB_DIST_WEIBULL ? MB_DP_WEIBULL : MB_DP_GAMMA;
        out->loc = u->p[0];
        out->scale = u->p[1];
        out->shape = u->p[2];
        out->negative = u->p[3] != 0;
        break;
    case MB_DIST_BETA:
        out->type = MB_DP_BETA;
        out->loc = u->p[0];
        out->shape = u->p[1];
        out->minimum = u->p[2];
        out->maximum = u->p[3];
        break;
    default:
        break;
    }
}

/* UNCERTAINTY_DTYPE: u1, five f4, bool; packed, 22 bytes. */
static int put_distributions(mb_dp_writer *w, const mb_dp_vector *v)
{
    static const mb_npy_field f[7] = {{"uncertainty_type", 'u', 1, 0},
                                      {"loc", 'f', 4, 0},
                                      {"scale", 'f', 4, 0},
                                      {"shape", 'f', 4, 0},
                                      {"minimum", 'f', 4, 0},
                                      {"maximum", 'f', 4, 0},
                                      {"negative", 'b', 1, 0}};
    mb_npy *a = NULL;
    int64_t k;
    int rc;

    if (!v->distributions)
        return 0;
    if ((rc = mb_npy_new(&a, v->n, 7, f)) < 0)
        return rc;
    for (k = 0; k < v->n; k++) {
        const mb_dp_uncertainty *u = &v->distributions[k];
        unsigned char *e = a->data + k * a->itemsize;
        float x[5] = {(float)u->loc, (float)u->scale, (float)u->shape,
                      (float)u->minimum, (float)u->maximum};

        e[0] = (unsigned char)(u->type >= 0 && u->type <= 255 ? u->type : 0);
        memcpy(e + 1, x, sizeof x);
        e[21] = u->negative != 0;
    }
    rc = put_array(w, v, "distributions", a);
    mb_npy_free(a);
    return rc;
}

int mb_dp_writer_add_vector(mb_dp_writer *w, const mb_dp_vector *v)
{
    int64_t k;
    int rc;

    if (w->finished || w->table)
        return mb_error_set(MB_EINVAL, "%s: the datapackage writer is %s",
                            w->path, w->table ? "writing a table" : "finished");
    if (!v->group || !valid_name(v->group) || !v->matrix || v->n < 0 ||
        (v->n > 0 && (!v->rows || !v->cols || !v->data)))
        return mb_error_set(MB_EINVAL,
                            "%s: group '%s': expected a name of letters, "
                            "digits, '_', '-', '.' and one row, column and "
                            "value per entry",
                            w->path, v->group ? v->group : "(null)");
    if (name_taken(w, v->group))
        return mb_error_set(MB_EINVAL,
                            "%s: the group name '%s' is used "
                            "twice",
                            w->path, v->group);
    for (k = 0; k < v->n; k++)
        if (v->rows[k] < 0 || v->cols[k] < 0)
            return mb_error_set(MB_EINVAL,
                                "%s: group '%s': entry %lld has a negative "
                                "id; Brightway maps ids from 0 up",
                                w->path, v->group, (long long)k);
    if ((rc = put_indices(w, v)) < 0 ||
        (rc = put_plain(w, v, "data", 'f', 8, v->data)) < 0 ||
        (rc = put_flip(w, v)) < 0 || (rc = put_distributions(w, v)) < 0)
        return rc;
    return 0;
}

int mb_dp_writer_table_begin(mb_dp_writer *w, const char *name, size_t ncols,
                             const char *const *header, size_t nvalid,
                             const char *const *valid_for)
{
    char *file = NULL, *path = NULL;
    json_t *vf = NULL;
    size_t k;
    int rc = 0;

    if (w->finished || w->table)
        return mb_error_set(MB_EINVAL, "%s: the datapackage writer is %s",
                            w->path, w->table ? "writing a table" : "finished");
    if (!name || !valid_name(name) || ncols == 0 || name_taken(w, name))
        return mb_error_set(MB_EINVAL,
                            "%s: table '%s': expected a new name of "
                            "letters, digits, '_', '-', '.' and a column",
                            w->path, name ? name : "(null)");
    if (!(file = mb_sprintf("%s.csv", name)) || !(path = staged(w, file)) ||
        !(vf = json_array())) {
        rc = MB_ENOMEM;
        goto out;
    }
    for (k = 0; k < nvalid; k++)
        if (json_array_append_new(vf, json_pack("[s,s]", valid_for[2 * k],
                                                valid_for[2 * k + 1])) < 0) {
            rc = MB_ENOMEM;
            goto out;
        }
    w->table_resource = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:O}",
                                  "profile", "data-resource", "format", "csv",
                                  "mediatype", "text/csv", "encoding", "utf-8",
                                  "name", name, "path", file, "valid_for", vf);
    if (!w->table_resource || (rc = note_file(w, file)) < 0) {
        rc = rc < 0 ? rc : MB_ENOMEM;
        goto out;
    }
    if (!(w->table = fopen(path, "wb"))) {
        rc = mb_error_set(MB_EIO, "%s: cannot create: %s", path,
                          strerror(errno));
        goto out;
    }
    w->table_cols = ncols;
    rc = mb_dp_writer_table_row(w, header);
out:
    if (rc < 0 && !w->table) {
        json_decref(w->table_resource);
        w->table_resource = NULL;
    }
    json_decref(vf);
    mb_free(file);
    mb_free(path);
    return rc;
}

/* One CSV field, quoted as Python's csv.QUOTE_MINIMAL quotes (pandas). */
static void put_cell(FILE *f, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

int mb_dp_writer_table_row(mb_dp_writer *w, const char *const *cells)
{
    size_t k;

    if (!w->table)
        return mb_error_set(MB_EINVAL, "%s: no table is open", w->path);
    for (k = 0; k < w->table_cols; k++) {
        if (k)
            fputc(',', w->table);
        put_cell(w->table, cells[k]);
    }
    fputc('\n', w->table);
    return ferror(w->table) ? mb_error_set(MB_EIO, "%s: write failed", w->stage)
                            : 0;
}

int mb_dp_writer_table_end(mb_dp_writer *w)
{
    int bad;

    if (!w->table)
        return mb_error_set(MB_EINVAL, "%s: no table is open", w->path);
    bad = ferror(w->table) | (fclose(w->table) != 0);
    w->table = NULL;
    if (bad)
        return mb_error_set(MB_EIO, "%s: write failed", w->stage);
    if (json_array_append(w->resources, w->table_resource) < 0)
        return MB_ENOMEM;
    json_decref(w->table_resource);
    w->table_resource = NULL;
    return 0;
}

/* A 32-hex-digit id for the package, as bw_processing's uuid4().hex. */
static void package_id(char out[33], const char *name, time_t now)
{
    uint64_t h[2] = {14695981039346656037ull, 1099511628211ull * 31};
    const char *p;
    int k;

    for (k = 0; k < 2; k++) {
        h[k] ^= (uint64_t)now * 0x9e3779b97f4a7c15ull ^ (uint64_t)getpid();
        for (p = name; *p; p++)
            h[k] = (h[k] ^ (unsigned char)*p) * 1099511628211ull;
        h[k] ^= (uint64_t)(uintptr_t)&h;
        h[k] *= 0xff51afd7ed558ccdull;
        h[k] ^= h[k] >> 33;
    }
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)h[0],
             (unsigned long long)h[1]);
}

/* datapackage.json, the last file of the stage. */
static int write_descriptor(mb_dp_writer *w, const char *name)
{
    time_t now = time(NULL);
    char created[32], id[33], *path;
    struct tm tm;
    json_t *root;
    int rc = 0;

    gmtime_r(&now, &tm);
    strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
    package_id(id, name, now);
    root = json_pack("{s:s, s:s, s:s, s:O, s:s, s:b, s:b, s:n, s:b, s:b}",
                     "profile", "data-package", "name", name, "id", id,
                     "resources", w->resources, "created", created,
                     "combinatorial", 0, "sequential", 0, "seed",
                     "sum_intra_duplicates", 1, "sum_inter_duplicates", 0);
    if (root && w->wide &&
        json_object_set_new(root, "64_bit_indices", json_true()) < 0)
        rc = MB_ENOMEM;
    if (root && json_object_set_new(root, "matrix_serialize_format_type",
                                    json_string("numpy")) < 0)
        rc = MB_ENOMEM;
    path = staged(w, DESCRIPTOR);
    if (!root || !path || rc < 0 || (rc = note_file(w, DESCRIPTOR)) < 0) {
        rc = rc < 0 ? rc : MB_ENOMEM;
    } else if (json_dump_file(root, path, JSON_INDENT(2)) != 0) {
        rc = mb_error_set(MB_EIO, "%s: write failed", path);
    }
    json_decref(root);
    mb_free(path);
    return rc;
}

/* Zip the stage into a temporary file beside the destination, then move
 * it there. */
static int zip_stage(mb_dp_writer *w)
{
    char *tmp = mb_sprintf("%s.zip", w->stage), *path = NULL;
    zip_t *z;
    size_t k;
    int err = 0, rc = 0;

    if (!tmp)
        return MB_ENOMEM;
    if (!(z = zip_open(tmp, ZIP_CREATE | ZIP_EXCL, &err))) {
        zip_error_t ze;

        zip_error_init_with_code(&ze, err);
        rc = mb_error_set(MB_EIO, "%s: cannot create: %s", tmp,
                          zip_error_strerror(&ze));
        zip_error_fini(&ze);
        mb_free(tmp);
        return rc;
    }
    for (k = 0; k < w->nfiles && rc == 0; k++) {
        /* datapackage.json (the last file written) first */
        const char *name = w->files[(k + w->nfiles - 1) % w->nfiles];
        zip_source_t *src;

        mb_free(path);
        if (!(path = staged(w, name))) {
            rc = MB_ENOMEM;
        } else if (!(src = zip_source_file(z, path, 0, -1)) ||
                   zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8) < 0) {
            if (src)
                zip_source_free(src);
            rc = mb_error_set(MB_EIO, "%s: cannot add %s: %s", tmp, name,
                              zip_strerror(z));
        }
    }
    mb_free(path);
    if (rc == 0 && zip_close(z) < 0) {
        rc = mb_error_set(MB_EIO, "%s: cannot write: %s", tmp, zip_strerror(z));
        zip_discard(z);
    } else if (rc < 0) {
        zip_discard(z);
    }
    if (rc == 0 && rename(tmp, w->path) != 0)
        rc = mb_error_set(MB_EIO, "%s: cannot write it: %s", w->path,
                          strerror(errno));
    if (rc < 0)
        unlink(tmp);
    mb_free(tmp);
    return rc;
}

/* Remove the stage and what is in it. */
static void remove_stage(mb_dp_writer *w)
{
    size_t k;

    if (!w->stage)
        return;
    for (k = 0; k < w->nfiles; k++) {
        char *p = staged(w, w->files[k]);

        if (p)
            unlink(p);
        mb_free(p);
    }
    rmdir(w->stage);
}

int mb_dp_writer_finish(mb_dp_writer *w, const char *name)
{
    int rc;

    if (w->finished || w->table)
        return mb_error_set(MB_EINVAL, "%s: the datapackage writer is %s",
                            w->path, w->table ? "writing a table" : "finished");
    if (!name || !valid_name(name))
        return mb_error_set(MB_EINVAL,
                            "%s: package name '%s': expected letters, "
                            "digits, '_', '-' and '.'",
                            w->path, name ? name : "(null)");
    if ((rc = write_descriptor(w, name)) < 0)
        return rc;
    if (w->zip) {
        if ((rc = zip_stage(w)) < 0)
            return rc;
        remove_stage(w);
    } else if (rename(w->stage, w->path) != 0) {
        return mb_error_set(MB_EIO, "%s: cannot write it: %s", w->path,
                            strerror(errno));
    }
    w->finished = 1;
    return 0;
}

void mb_dp_writer_free(mb_dp_writer *w)
{
    size_t k;

    if (!w)
        return;
    if (w->table)
        fclose(w->table);
    json_decref(w->table_resource);
    if (!w->finished)
        remove_stage(w);
    for (k = 0; k < w->nfiles; k++)
        mb_free(w->files[k]);
    mb_free(w->files);
    json_decref(w->resources);
    mb_free(w->stage);
    mb_free(w->path);
    mb_free(w);
}
