/*
 * archive.c - files of a data set from a directory or a zip archive. See
 * archive.h.
 *
 * Deflate cannot expand data more than about 1032:1, so an archive cannot
 * hold more than about 1100 times its own size: a larger total is a zip bomb
 * (members sharing compressed data, or a claimed size that lies), refused
 * before anything is unpacked.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/core.h"
#include "formats/archive.h"

#define MAX_DEPTH 8

static int read_dir_file(mb_archive *a, const char *name, void **buf,
                         size_t *len)
{
    char *path = mb_sprintf("%s/%s", a->dir, name);
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
        ((char *)*buf)[size] = '\0';
        *len = (size_t)size;
    }
    fclose(f);
    mb_free(path);
    return rc;
}

static size_t unpack_budget(const mb_archive *a)
{
    return a->zip_len * 1100 + 65536;
}

static int read_zip_file(mb_archive *a, const char *name, void **buf,
                         size_t *len)
{
    zip_stat_t st;
    zip_file_t *zf;
    zip_int64_t got;
    const char *why = NULL;
    char spare;
    int64_t idx = zip_name_locate(a->zip, name, 0);

    if (idx < 0)
        return mb_error_set(MB_EFORMAT, "%s: no file '%s' in the archive",
                            a->label, name);
    zip_stat_init(&st);
    if (zip_stat_index(a->zip, (zip_uint64_t)idx, 0, &st) != 0 ||
        !(st.valid & ZIP_STAT_SIZE))
        return mb_error_set(MB_EFORMAT, "%s: cannot stat '%s' in the archive",
                            a->label, name);
    if ((st.valid & ZIP_STAT_COMP_METHOD) &&
        st.comp_method != ZIP_CM_STORE && st.comp_method != ZIP_CM_DEFLATE)
        return mb_error_set(MB_EUNSUPPORTED,
                            "%s: '%s' uses zip compression method %d; "
                            "expected stored or deflate",
                            a->label, name, (int)st.comp_method);
    if (st.size > unpack_budget(a) - a->unpacked)
        return mb_error_set(MB_EFORMAT,
                            "%s: '%s' would unpack the archive of %zu bytes "
                            "to more than %zu bytes: impossible for deflate",
                            a->label, name, a->zip_len, unpack_budget(a));
    a->unpacked += (size_t)st.size;
    zf = zip_fopen_index(a->zip, (zip_uint64_t)idx, 0);
    if (!zf)
        return mb_error_set(MB_EFORMAT, "%s: cannot open '%s': %s", a->label,
                            name, zip_strerror(a->zip));
    *buf = mb_malloc((size_t)st.size + 1);
    if (!*buf) {
        zip_fclose(zf);
        return MB_ENOMEM;
    }
    /*
     * libzip checks a member's CRC-32 (and its size) only when a read
     * reaches the end of its data, which reading exactly st.size bytes does
     * not: one more read must find nothing, and makes it check.
     */
    got = zip_fread(zf, *buf, st.size);
    if (got < 0)
        why = zip_file_strerror(zf);
    else if ((zip_uint64_t)got != st.size)
        why = "shorter than its stated size";
    else if ((got = zip_fread(zf, &spare, 1)) != 0)
        why = got < 0 ? zip_file_strerror(zf) : "longer than its stated size";
    if (why) {
        int rc = mb_error_set(MB_EFORMAT,
                              "%s: '%s' is corrupt in the archive: %s",
                              a->label, name, why);

        zip_fclose(zf);
        mb_free(*buf);
        *buf = NULL;
        return rc;
    }
    zip_fclose(zf);
    ((char *)*buf)[st.size] = '\0';
    *len = (size_t)st.size;
    return 0;
}

int mb_archive_read(mb_archive *a, const char *name, void **buf, size_t *len)
{
    *buf = NULL;
    *len = 0;
    return a->dir ? read_dir_file(a, name, buf, len)
                  : read_zip_file(a, name, buf, len);
}

int mb_archive_with_member(mb_archive *a, const char *name,
                           mb_archive_member_fn fn, void *ctx)
{
    void *buf;
    size_t len;
    char *label;
    int rc;

    if ((rc = mb_archive_read(a, name, &buf, &len)) < 0)
        return rc;
    if (!(label = mb_sprintf("%s/%s", a->label, name))) {
        mb_free(buf);
        return MB_ENOMEM;
    }
    rc = fn(ctx, label, buf, len);
    mb_free(label);
    mb_free(buf);
    return rc;
}

int mb_archive_is_xml(const char *name)
{
    size_t n = strlen(name);

    return n > 4 && strcasecmp(name + n - 4, ".xml") == 0;
}

int mb_archive_each(mb_archive *a, int (*want)(const char *name),
                    mb_archive_member_fn fn, void *ctx,
                    const mb_lci_sink *sink)
{
    size_t k;
    int rc = mb_archive_list(a);

    for (k = 0; rc == 0 && k < a->nnames; k++) {
        if (!a->single && !want(a->names[k]))
            continue;
        rc = mb_archive_with_member(a, a->names[k], fn, ctx);
        if (rc == 0 && sink && sink->progress)
            rc = sink->progress(sink->ctx, k + 1, a->nnames);
    }
    return rc;
}

/* Member paths stay inside the archive. */
static int safe_path(const char *p)
{
    const char *s;

    if (!p[0] || p[0] == '/' || p[0] == '\\' || strchr(p, ':'))
        return 0;
    for (s = p; (s = strstr(s, "..")) != NULL; s += 2)
        if ((s == p || s[-1] == '/' || s[-1] == '\\') &&
            (s[2] == '\0' || s[2] == '/' || s[2] == '\\'))
            return 0;
    return 1;
}

static int add_name(mb_archive *a, size_t *cap, char *name)
{
    if (!name)
        return MB_ENOMEM;
    if (a->nnames == *cap) {
        size_t ncap = *cap ? 2 * *cap : 256;
        char **n = mb_realloc(a->names, ncap * sizeof *n);

        if (!n) {
            mb_free(name);
            return MB_ENOMEM;
        }
        a->names = n;
        *cap = ncap;
    }
    a->names[a->nnames++] = name;
    return 0;
}

static int walk_dir(mb_archive *a, size_t *cap, const char *rel, int depth)
{
    char *path = rel[0] ? mb_sprintf("%s/%s", a->dir, rel)
                        : mb_strdup(a->dir);
    DIR *d;
    struct dirent *e;
    int rc = 0;

    if (!path)
        return MB_ENOMEM;
    d = opendir(path);
    if (!d) {
        rc = mb_error_set(MB_EIO, "%s: cannot list: %s", path,
                          strerror(errno));
        mb_free(path);
        return rc;
    }
    while (rc == 0 && (e = readdir(d)) != NULL) {
        struct stat sb;
        char *full, *child;

        if (e->d_name[0] == '.')
            continue;
        child = rel[0] ? mb_sprintf("%s/%s", rel, e->d_name)
                       : mb_strdup(e->d_name);
        full = mb_sprintf("%s/%s", path, e->d_name);
        if (!child || !full) {
            mb_free(child);
            mb_free(full);
            rc = MB_ENOMEM;
            break;
        }
        if (stat(full, &sb) == 0 && S_ISDIR(sb.st_mode)) {
            if (depth < MAX_DEPTH)
                rc = walk_dir(a, cap, child, depth + 1);
            mb_free(child);
        } else if (stat(full, &sb) == 0 && S_ISREG(sb.st_mode)) {
            rc = add_name(a, cap, child);
        } else {
            mb_free(child);
        }
        mb_free(full);
    }
    closedir(d);
    mb_free(path);
    return rc;
}

static int list_zip(mb_archive *a, size_t *cap)
{
    zip_int64_t n = zip_get_num_entries(a->zip, 0), k;
    int rc = 0;

    for (k = 0; rc == 0 && k < n; k++) {
        const char *name = zip_get_name(a->zip, (zip_uint64_t)k, 0);
        size_t len;

        if (!name)
            return mb_error_set(MB_EFORMAT, "%s: entry %lld has no name",
                                a->label, (long long)k);
        len = strlen(name);
        if (len == 0 || name[len - 1] == '/')
            continue; /* a directory entry */
        if (!safe_path(name))
            return mb_error_set(MB_EFORMAT,
                                "%s: entry '%s' leaves the archive's "
                                "directory",
                                a->label, name);
        rc = add_name(a, cap, mb_strdup(name));
    }
    return rc;
}

static int compare_names(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

int mb_archive_list(mb_archive *a)
{
    size_t cap = 0;
    int rc;

    if (a->names)
        return 0;
    if (a->single)
        rc = add_name(a, &cap, mb_strdup(a->single));
    else
        rc = a->dir ? walk_dir(a, &cap, "", 0) : list_zip(a, &cap);
    if (rc == 0 && a->nnames > 1)
        qsort(a->names, a->nnames, sizeof *a->names, compare_names);
    return rc;
}

static int open_zip(mb_archive **out, zip_source_t *zs, const char *label,
                    size_t len)
{
    zip_error_t zerr;
    mb_archive *a;

    a = mb_calloc(1, sizeof *a);
    if (!a || !(a->label = mb_strdup(label))) {
        mb_free(a);
        zip_source_free(zs);
        return MB_ENOMEM;
    }
    a->zip_len = len;
    zip_error_init(&zerr);
    a->zip = zip_open_from_source(zs, ZIP_RDONLY, &zerr);
    if (!a->zip) {
        int rc = mb_error_set(MB_EFORMAT,
                              "%s: not a readable zip archive: %s", label,
                              zip_error_strerror(&zerr));

        zip_error_fini(&zerr);
        zip_source_free(zs);
        mb_archive_close(a);
        return rc;
    }
    zip_error_fini(&zerr);
    *out = a;
    return 0;
}

int mb_archive_from_buffer(mb_archive **out, const void *zip, size_t len,
                           const char *label)
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
    return open_zip(out, zs, label, len);
}

/* Whether a file begins with a zip record's signature "PK". */
static int starts_like_zip(const char *path)
{
    unsigned char magic[2] = {0, 0};
    FILE *f = fopen(path, "rb");
    size_t n;

    if (!f)
        return 1; /* let the zip reader say why it cannot be opened */
    n = fread(magic, 1, sizeof magic, f);
    fclose(f);
    return n == 2 && magic[0] == 'P' && magic[1] == 'K';
}

/* The archive of one file: its directory, listing only it. */
static int open_single(mb_archive **out, const char *path)
{
    mb_archive *a = mb_calloc(1, sizeof *a);
    const char *slash = strrchr(path, '/');

    if (!a)
        return MB_ENOMEM;
    a->dir = !slash ? mb_strdup(".")
             : slash == path ? mb_strdup("/")
                             : mb_sprintf("%.*s", (int)(slash - path), path);
    a->single = mb_strdup(slash ? slash + 1 : path);
    a->label = a->dir ? mb_strdup(a->dir) : NULL;
    if (!a->dir || !a->single || !a->label) {
        mb_archive_close(a);
        return MB_ENOMEM;
    }
    *out = a;
    return 0;
}

int mb_archive_open(mb_archive **out, const char *path)
{
    struct stat sb;
    zip_error_t zerr;
    zip_source_t *zs;

    *out = NULL;
    if (stat(path, &sb) != 0)
        return mb_error_set(MB_EIO, "%s: %s", path, strerror(errno));
    if (S_ISDIR(sb.st_mode)) {
        mb_archive *a = mb_calloc(1, sizeof *a);

        if (!a || !(a->label = mb_strdup(path)) ||
            !(a->dir = mb_strdup(path))) {
            mb_archive_close(a);
            return MB_ENOMEM;
        }
        *out = a;
        return 0;
    }
    if (S_ISREG(sb.st_mode) && !starts_like_zip(path))
        return open_single(out, path);
    zip_error_init(&zerr);
    zs = zip_source_file_create(path, 0, -1, &zerr);
    zip_error_fini(&zerr);
    if (!zs)
        return mb_error_set(MB_EIO, "%s: cannot open", path);
    return open_zip(out, zs, path, (size_t)sb.st_size);
}

void mb_archive_close(mb_archive *a)
{
    size_t k;

    if (!a)
        return;
    if (a->zip)
        zip_discard(a->zip); /* read-only: nothing to write back */
    for (k = 0; k < a->nnames; k++)
        mb_free(a->names[k]);
    mb_free(a->names);
    mb_free(a->label);
    mb_free(a->dir);
    mb_free(a->single);
    mb_free(a);
}
