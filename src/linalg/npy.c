/*
 * npy.c - reader and writer of NumPy's .npy format (numpy/lib/format.py):
 *
 *   "\x93NUMPY" major minor | header length (u16 LE for 1.x, u32 LE for 2.x
 *   and 3.x) | a Python dict literal {'descr': ..., 'fortran_order': ...,
 *   'shape': (...), } padded with spaces and '\n' | the raw data.
 *
 * Written by hand because no C library for .npy is packaged in Debian; the
 * header grammar is small: a dict of three keys whose values are a string or
 * a list of (name, type) tuples, a boolean, and a tuple of integers.
 */
#define _DEFAULT_SOURCE /* MAP_POPULATE */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "linalg/linalg_internal.h"
#include "metabol/npy.h"

typedef struct parser {
    const char *s, *end;
    const char *name;
} parser;

static void skip_ws(parser *p)
{
    while (p->s < p->end && isspace((unsigned char)*p->s))
        p->s++;
}

static int expect(parser *p, char c)
{
    skip_ws(p);
    if (p->s >= p->end || *p->s != c)
        return mb_error_set(MB_EFORMAT,
                            "%s: malformed .npy header: expected '%c'",
                            p->name, c);
    p->s++;
    return 0;
}

static int accept(parser *p, char c)
{
    skip_ws(p);
    if (p->s < p->end && *p->s == c) {
        p->s++;
        return 1;
    }
    return 0;
}

/* A quoted Python string (no escapes are used by numpy's writer). */
static int parse_string(parser *p, char *buf, size_t size)
{
    char q;
    size_t n = 0;

    skip_ws(p);
    if (p->s >= p->end || (*p->s != '\'' && *p->s != '"'))
        return mb_error_set(MB_EFORMAT,
                            "%s: malformed .npy header: expected a string",
                            p->name);
    q = *p->s++;
    while (p->s < p->end && *p->s != q) {
        if (n + 1 >= size)
            return mb_error_set(MB_EFORMAT,
                                "%s: .npy header string too long", p->name);
        buf[n++] = *p->s++;
    }
    if (p->s >= p->end)
        return mb_error_set(MB_EFORMAT,
                            "%s: malformed .npy header: unterminated string",
                            p->name);
    p->s++;
    buf[n] = '\0';
    return 0;
}

/* A type string like '<f8', '|b1', '<i4', '?' into a field. */
static int parse_type(parser *p, const char *t, mb_npy_field *f)
{
    const char *s = t;
    char *endp;
    long size;

    if (strcmp(t, "?") == 0 || strcmp(t, "|b1") == 0) {
        f->kind = 'b';
        f->size = 1;
        return 0;
    }
    if (*s == '>')
        return mb_error_set(MB_EUNSUPPORTED,
                            "%s: big-endian dtype '%s' is not supported",
                            p->name, t);
    if (*s == '<' || *s == '|' || *s == '=')
        s++;
    if (!strchr("biuf", *s) || !*s)
        return mb_error_set(MB_EUNSUPPORTED,
                            "%s: dtype '%s' is not supported (expected bool, "
                            "integer or float)",
                            p->name, t);
    f->kind = *s++;
    errno = 0;
    size = strtol(s, &endp, 10);
    if (*endp || errno || !(size == 1 || size == 2 || size == 4 || size == 8) ||
        (f->kind == 'f' && size < 4) || (f->kind == 'b' && size != 1))
        return mb_error_set(MB_EUNSUPPORTED,
                            "%s: dtype '%s' is not supported", p->name, t);
    f->size = (int)size;
    return 0;
}

static int parse_descr(parser *p, mb_npy *a)
{
    char buf[64];
    int rc, offset = 0;

    skip_ws(p);
    if (p->s < p->end && *p->s != '[') {
        if ((rc = parse_string(p, buf, sizeof buf)) < 0)
            return rc;
        a->nfields = 1;
        a->fields[0].name[0] = '\0';
        if ((rc = parse_type(p, buf, &a->fields[0])) < 0)
            return rc;
        a->itemsize = a->fields[0].size;
        return 0;
    }
    if ((rc = expect(p, '[')) < 0)
        return rc;
    a->nfields = 0;
    while (!accept(p, ']')) {
        mb_npy_field *f;

        if (a->nfields == MB_NPY_MAX_FIELDS)
            return mb_error_set(MB_EUNSUPPORTED,
                                "%s: more than %d fields in a .npy dtype",
                                p->name, MB_NPY_MAX_FIELDS);
        f = &a->fields[a->nfields];
        if ((rc = expect(p, '(')) < 0 ||
            (rc = parse_string(p, f->name, sizeof f->name)) < 0 ||
            (rc = expect(p, ',')) < 0 ||
            (rc = parse_string(p, buf, sizeof buf)) < 0 ||
            (rc = parse_type(p, buf, f)) < 0)
            return rc;
        if (!accept(p, ')'))
            return mb_error_set(MB_EUNSUPPORTED,
                                "%s: sub-array field '%s' in a .npy dtype is "
                                "not supported",
                                p->name, f->name);
        f->offset = offset;
        offset += f->size;
        a->nfields++;
        accept(p, ',');
    }
    if (a->nfields == 0)
        return mb_error_set(MB_EFORMAT, "%s: empty .npy dtype", p->name);
    a->itemsize = offset;
    return 0;
}

static int parse_shape(parser *p, mb_npy *a)
{
    int rc;

    if ((rc = expect(p, '(')) < 0)
        return rc;
    a->ndim = 0;
    a->count = 1;
    while (!accept(p, ')')) {
        int64_t v = 0;
        const char *digits;

        skip_ws(p);
        if (a->ndim == MB_NPY_MAX_DIMS)
            return mb_error_set(MB_EUNSUPPORTED,
                                "%s: more than %d dimensions", p->name,
                                MB_NPY_MAX_DIMS);
        /* By hand, within the header: it is not NUL-terminated. */
        for (digits = p->s; p->s < p->end && isdigit((unsigned char)*p->s);
             p->s++) {
            if (v > (INT64_MAX - 9) / 10)
                return mb_error_set(MB_EFORMAT, "%s: .npy shape overflows",
                                    p->name);
            v = v * 10 + (*p->s - '0');
        }
        if (p->s == digits)
            return mb_error_set(MB_EFORMAT,
                                "%s: malformed .npy header: bad shape",
                                p->name);
        accept(p, 'L'); /* Python 2 long suffix */
        if (v > 0 && a->count > INT64_MAX / v)
            return mb_error_set(MB_EFORMAT, "%s: .npy shape overflows",
                                p->name);
        a->shape[a->ndim++] = v;
        a->count *= v;
        accept(p, ',');
    }
    return 0;
}

static int parse_header(parser *p, mb_npy *a)
{
    int rc, seen = 0;
    char key[32];

    if ((rc = expect(p, '{')) < 0)
        return rc;
    while (!accept(p, '}')) {
        if ((rc = parse_string(p, key, sizeof key)) < 0 ||
            (rc = expect(p, ':')) < 0)
            return rc;
        skip_ws(p);
        if (strcmp(key, "descr") == 0) {
            rc = parse_descr(p, a);
            seen |= 1;
        } else if (strcmp(key, "fortran_order") == 0) {
            if ((size_t)(p->end - p->s) >= 4 && !strncmp(p->s, "True", 4)) {
                a->fortran_order = 1;
                p->s += 4;
            } else if ((size_t)(p->end - p->s) >= 5 &&
                       !strncmp(p->s, "False", 5)) {
                a->fortran_order = 0;
                p->s += 5;
            } else {
                rc = mb_error_set(MB_EFORMAT,
                                  "%s: malformed .npy header: fortran_order",
                                  p->name);
            }
            seen |= 2;
        } else if (strcmp(key, "shape") == 0) {
            rc = parse_shape(p, a);
            seen |= 4;
        } else {
            rc = mb_error_set(MB_EFORMAT,
                              "%s: unexpected key '%s' in .npy header",
                              p->name, key);
        }
        if (rc < 0)
            return rc;
        accept(p, ',');
    }
    if (seen != 7)
        return mb_error_set(MB_EFORMAT,
                            "%s: .npy header lacks descr, fortran_order or "
                            "shape",
                            p->name);
    if (a->fortran_order && a->ndim > 2)
        return mb_error_set(MB_EUNSUPPORTED,
                            "%s: Fortran-order arrays of more than 2 "
                            "dimensions are not supported",
                            p->name);
    return 0;
}

/*
 * Parse the header of buf; on success *a holds shape and dtype and
 * *data_offset the start of the data, checked to be all present.
 */
static int parse_file(mb_npy *a, const unsigned char *b, size_t len,
                      const char *name, size_t *data_offset)
{
    size_t hlen, start, need;
    parser p;
    int rc;

    if (len < 10 || memcmp(b, "\x93NUMPY", 6) != 0)
        return mb_error_set(MB_EFORMAT,
                            "%s: not a .npy file (missing \\x93NUMPY magic)",
                            name);
    if (b[6] == 1) {
        hlen = (size_t)b[8] | (size_t)b[9] << 8;
        start = 10;
    } else if (b[6] == 2 || b[6] == 3) {
        if (len < 12)
            return mb_error_set(MB_EFORMAT, "%s: truncated .npy header", name);
        hlen = (size_t)b[8] | (size_t)b[9] << 8 | (size_t)b[10] << 16 |
               (size_t)b[11] << 24;
        start = 12;
    } else {
        return mb_error_set(MB_EUNSUPPORTED,
                            "%s: .npy format version %d is not supported",
                            name, b[6]);
    }
    if (hlen > len - start)
        return mb_error_set(MB_EFORMAT, "%s: truncated .npy header", name);
    p.s = (const char *)b + start;
    p.end = p.s + hlen;
    p.name = name;
    if ((rc = parse_header(&p, a)) < 0)
        return rc;
    start += hlen;
    if (a->itemsize && a->count > (int64_t)(SIZE_MAX / 2) / a->itemsize)
        return mb_error_set(MB_EFORMAT, "%s: .npy array too large", name);
    need = (size_t)a->count * (size_t)a->itemsize;
    if (need > len - start)
        return mb_error_set(MB_EFORMAT,
                            "%s: .npy data truncated: %zu bytes expected, %zu "
                            "present",
                            name, need, len - start);
    *data_offset = start;
    return 0;
}

int mb_npy_adopt(mb_npy **out, void *buf, size_t len, const char *name)
{
    mb_npy *a;
    size_t offset = 0;
    int rc;

    *out = NULL;
    if (!name)
        name = "<buffer>";
    a = mb_calloc(1, sizeof *a);
    if (!a) {
        mb_free(buf);
        return MB_ENOMEM;
    }
    if ((rc = parse_file(a, buf, len, name, &offset)) < 0) {
        mb_free(buf);
        mb_free(a);
        return rc;
    }
    a->block = buf;
    a->data = (unsigned char *)buf + offset;
    *out = a;
    return 0;
}

int mb_npy_from_buffer(mb_npy **out, const void *buf, size_t len,
                       const char *name)
{
    void *copy = mb_malloc(len);

    *out = NULL;
    if (!copy)
        return MB_ENOMEM;
    if (len)
        memcpy(copy, buf, len);
    return mb_npy_adopt(out, copy, len, name);
}

int mb_npy_read(mb_npy **out, const char *path)
{
    struct stat st;
    mb_npy *a;
    void *map;
    size_t offset = 0;
    int fd, rc;

    *out = NULL;
    fd = open(path, O_RDONLY);
    if (fd < 0)
        return mb_error_set(MB_EIO, "%s: cannot open: %s", path,
                            strerror(errno));
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return mb_error_set(MB_EIO, "%s: not a regular file", path);
    }
    if (st.st_size < 10) {
        close(fd);
        return mb_error_set(MB_EFORMAT,
                            "%s: not a .npy file (%lld bytes)", path,
                            (long long)st.st_size);
    }
    /* Populated at once: one call instead of a page fault per 4 KiB. */
    map = mmap(NULL, (size_t)st.st_size, PROT_READ,
               MAP_PRIVATE | MAP_POPULATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return mb_error_set(MB_EIO, "%s: cannot map: %s", path,
                            strerror(errno));
    a = mb_calloc(1, sizeof *a);
    if (!a) {
        munmap(map, (size_t)st.st_size);
        return MB_ENOMEM;
    }
    a->block = map;
    a->block_len = (size_t)st.st_size;
    a->mapped = 1;
    if ((rc = parse_file(a, map, (size_t)st.st_size, path, &offset)) < 0) {
        mb_npy_free(a);
        return rc;
    }
    a->data = (unsigned char *)map + offset;
    *out = a;
    return 0;
}

void mb_npy_free(mb_npy *a)
{
    if (!a)
        return;
    if (a->mapped)
        munmap(a->block, a->block_len);
    else
        mb_free(a->block);
    mb_free(a);
}

int mb_npy_field_index(const mb_npy *a, const char *name)
{
    int f;

    for (f = 0; f < a->nfields; f++)
        if (strcmp(a->fields[f].name, name) == 0)
            return f;
    return -1;
}


/* An integer or boolean field (kinds 'b', 'u', 'i'), widened. */
static int64_t get_int(const mb_npy_field *f, const unsigned char *q)
{
    if (f->kind == 'b')
        return *q != 0;
    if (f->kind == 'u') {
        switch (f->size) {
        case 1: return *q;
        case 2: { uint16_t v; memcpy(&v, q, 2); return v; }
        case 4: { uint32_t v; memcpy(&v, q, 4); return v; }
        default: { uint64_t v; memcpy(&v, q, 8); return (int64_t)v; }
        }
    }
    switch (f->size) {
    case 1: return (int8_t)*q;
    case 2: { int16_t v; memcpy(&v, q, 2); return v; }
    case 4: { int32_t v; memcpy(&v, q, 4); return v; }
    default: { int64_t v; memcpy(&v, q, 8); return v; }
    }
}

static double get_f64(const mb_npy_field *f, const unsigned char *q)
{
    if (f->kind == 'f') {
        double d;
        float v;

        if (f->size == 8) {
            memcpy(&d, q, 8);
            return d;
        }
        memcpy(&v, q, 4);
        return v;
    }
    if (f->kind == 'u' && f->size == 8) { /* above INT64_MAX too */
        uint64_t v;

        memcpy(&v, q, 8);
        return (double)v;
    }
    return (double)get_int(f, q);
}

static int64_t get_i64(const mb_npy_field *f, const unsigned char *q)
{
    double v;

    if (f->kind != 'f')
        return get_int(f, q);
    v = get_f64(f, q);
    /* Out of range (or NaN) has no integer value: a sentinel. */
    if (!(v > -9.2e18 && v < 9.2e18))
        return INT64_MIN;
    return (int64_t)v;
}

double mb_npy_get_f64(const mb_npy *a, int f, int64_t k)
{
    const mb_npy_field *fd = &a->fields[f];

    return get_f64(fd, a->data + k * a->itemsize + fd->offset);
}

int64_t mb_npy_get_i64(const mb_npy *a, int f, int64_t k)
{
    const mb_npy_field *fd = &a->fields[f];

    return get_i64(fd, a->data + k * a->itemsize + fd->offset);
}

void mb_npy_to_f64(const mb_npy *a, int f, double *out)
{
    const mb_npy_field *fd = &a->fields[f];
    const unsigned char *q = a->data + fd->offset;
    int64_t k;

    if (fd->kind == 'f' && fd->size == 8) {
        if (a->itemsize == 8)
            memcpy(out, q, (size_t)a->count * 8);
        else
            for (k = 0; k < a->count; k++, q += a->itemsize)
                memcpy(&out[k], q, 8);
        return;
    }
    for (k = 0; k < a->count; k++, q += a->itemsize)
        out[k] = get_f64(fd, q);
}

void mb_npy_to_i64(const mb_npy *a, int f, int64_t *out)
{
    const mb_npy_field *fd = &a->fields[f];
    const unsigned char *q = a->data + fd->offset;
    int64_t k;

    if (fd->kind == 'i' && fd->size == 8) {
        if (a->itemsize == 8)
            memcpy(out, q, (size_t)a->count * 8);
        else
            for (k = 0; k < a->count; k++, q += a->itemsize)
                memcpy(&out[k], q, 8);
        return;
    }
    if (fd->kind == 'i' && fd->size == 4) {
        for (k = 0; k < a->count; k++, q += a->itemsize) {
            int32_t v;

            memcpy(&v, q, 4);
            out[k] = v;
        }
        return;
    }
    for (k = 0; k < a->count; k++, q += a->itemsize)
        out[k] = get_i64(fd, q);
}

int mb_npy_new(mb_npy **out, int64_t count, int nfields,
               const mb_npy_field *fields)
{
    mb_npy *a;
    int f, offset = 0;

    *out = NULL;
    if (count < 0 || nfields < 1 || nfields > MB_NPY_MAX_FIELDS)
        return mb_error_set(MB_EINVAL, "bad array shape or field count");
    a = mb_calloc(1, sizeof *a);
    if (!a)
        return MB_ENOMEM;
    a->ndim = 1;
    a->shape[0] = count;
    a->count = count;
    a->nfields = nfields;
    for (f = 0; f < nfields; f++) {
        a->fields[f] = fields[f];
        a->fields[f].offset = offset;
        offset += fields[f].size;
    }
    a->itemsize = offset;
    a->block = mb_calloc((size_t)count + 1, (size_t)offset);
    if (!a->block) {
        mb_free(a);
        return MB_ENOMEM;
    }
    a->data = a->block;
    *out = a;
    return 0;
}

/* The dtype string of one field: '<f8', '|b1', '|u1'. */
static void type_string(const mb_npy_field *f, char *buf, size_t size)
{
    if (f->kind == 'b')
        snprintf(buf, size, "|b1");
    else
        snprintf(buf, size, "%c%c%d", f->size == 1 ? '|' : '<', f->kind,
                 f->size);
}

int mb_npy_write(const char *path, const mb_npy *a)
{
    char header[2048], t[8];
    size_t used, hlen, pad, total;
    unsigned char pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 0, 0};
    int k;
    FILE *f;

    if (a->nfields == 1 && !a->fields[0].name[0]) {
        type_string(&a->fields[0], t, sizeof t);
        used = (size_t)snprintf(header, sizeof header, "{'descr': '%s', ", t);
    } else {
        used = (size_t)snprintf(header, sizeof header, "{'descr': [");
        for (k = 0; k < a->nfields && used < sizeof header; k++) {
            type_string(&a->fields[k], t, sizeof t);
            used += (size_t)snprintf(header + used, sizeof header - used,
                                     "%s('%s', '%s')", k ? ", " : "",
                                     a->fields[k].name, t);
        }
        if (used < sizeof header)
            used += (size_t)snprintf(header + used, sizeof header - used,
                                     "], ");
    }
    if (used < sizeof header)
        used += (size_t)snprintf(header + used, sizeof header - used,
                                 "'fortran_order': %s, 'shape': (",
                                 a->fortran_order ? "True" : "False");
    for (k = 0; k < a->ndim && used < sizeof header; k++)
        used += (size_t)snprintf(header + used, sizeof header - used,
                                 "%lld%s", (long long)a->shape[k],
                                 a->ndim == 1 ? "," : (k + 1 < a->ndim ? ", "
                                                                       : ""));
    if (used < sizeof header)
        used += (size_t)snprintf(header + used, sizeof header - used, "), }");
    if (used >= sizeof header - 64)
        return mb_error_set(MB_EINVAL, "%s: .npy header too long", path);
    hlen = used;
    /* Data starts on a 64-byte boundary; the header ends with '\n'. */
    pad = (64 - (10 + hlen + 1) % 64) % 64;
    total = hlen + pad + 1;
    pre[8] = (unsigned char)(total & 0xff);
    pre[9] = (unsigned char)(total >> 8);
    f = fopen(path, "wb");
    if (!f)
        return mb_error_set(MB_EIO, "%s: cannot create: %s", path,
                            strerror(errno));
    fwrite(pre, 1, sizeof pre, f);
    fwrite(header, 1, hlen, f);
    for (; pad > 0; pad--)
        fputc(' ', f);
    fputc('\n', f);
    if (a->count)
        fwrite(a->data, (size_t)a->itemsize, (size_t)a->count, f);
    if (ferror(f) | (fclose(f) != 0)) {
        remove(path);
        return mb_error_set(MB_EIO, "%s: write failed", path);
    }
    return 0;
}
