/*
 * zip_write.c - a zip archive built beside its path and renamed into
 * place when complete (libzip, libzip.org). See zip_write.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zip.h>

#include "core/core.h"
#include "formats/zip_write.h"

struct mb_zip_writer {
    char *path;     /* the destination */
    char *tmp;      /* the archive being built; NULL once renamed */
    zip_t *zip;     /* NULL after an error */
    size_t pending; /* bytes added since the archive was last written */
    size_t memory_limit;
    int failed; /* an error happened: the archive is only discarded */
};

static int zip_error(const mb_zip_writer *z, const char *what)
{
    return mb_error_set(MB_EIO, "%s: %s: %s", z->path, what,
                        zip_strerror(z->zip));
}

static int open_error(const mb_zip_writer *z, int code)
{
    zip_error_t ze;
    int rc;

    zip_error_init_with_code(&ze, code);
    rc = mb_error_set(MB_EIO, "%s: cannot write there: %s", z->path,
                      zip_error_strerror(&ze));
    zip_error_fini(&ze);
    return rc;
}

/* Write the archive out to z->tmp; the handle is gone either way. */
static int close_archive(mb_zip_writer *z)
{
    int rc = 0;

    if (zip_close(z->zip) != 0) {
        rc = zip_error(z, "cannot write the archive");
        zip_discard(z->zip);
    }
    z->zip = NULL;
    z->pending = 0;
    return rc;
}

/* Write out what was added and open the archive again to go on. */
static int flush(mb_zip_writer *z)
{
    int err = 0, rc;

    if ((rc = close_archive(z)) < 0)
        return rc;
    if (!(z->zip = zip_open(z->tmp, 0, &err)))
        return open_error(z, err);
    return 0;
}

/* A name beside path that no file has, in z->tmp. */
static int temporary_path(mb_zip_writer *z)
{
    int fd;

    if (!(z->tmp = mb_sprintf("%s.XXXXXX", z->path)))
        return MB_ENOMEM;
    if ((fd = mkstemp(z->tmp)) < 0) {
        int rc = mb_error_set(MB_EIO, "%s: cannot write there: %s", z->path,
                              strerror(errno));

        mb_free(z->tmp);
        z->tmp = NULL;
        return rc;
    }
    close(fd);
    /* libzip creates the file, with the usual permissions, when it first
     * writes the archive; ZIP_EXCL refuses one made meanwhile */
    unlink(z->tmp);
    return 0;
}

int mb_zip_writer_open(mb_zip_writer **out, const char *path,
                       size_t memory_limit)
{
    mb_zip_writer *z;
    struct stat st;
    int err = 0, rc;

    *out = NULL;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return mb_error_set(MB_EINVAL,
                            "%s: is a directory; expected the path of the "
                            "zip file to write",
                            path);
    if (!(z = mb_calloc(1, sizeof *z)))
        return mb_error_oom();
    z->memory_limit = memory_limit;
    if (!(z->path = mb_strdup(path)))
        rc = mb_error_oom();
    else if ((rc = temporary_path(z)) == 0 &&
             !(z->zip = zip_open(z->tmp, ZIP_CREATE | ZIP_EXCL, &err)))
        rc = open_error(z, err);
    if (rc < 0) {
        mb_zip_writer_free(z);
        return rc;
    }
    *out = z;
    return 0;
}

static int add(mb_zip_writer *z, const char *name, const void *data, size_t len)
{
    zip_source_t *src;
    zip_int64_t k;
    void *copy;

    /* libzip frees the copy with free() once it is written */
    if (!(copy = malloc(len ? len : 1)))
        return mb_error_oom();
    memcpy(copy, data, len);
    if (!(src = zip_source_buffer(z->zip, copy, len, 1))) {
        free(copy);
        return zip_error(z, "cannot add a member");
    }
    if ((k = zip_file_add(z->zip, name, src, ZIP_FL_ENC_UTF_8)) < 0) {
        zip_source_free(src);
        if (zip_error_code_zip(zip_get_error(z->zip)) == ZIP_ER_EXISTS)
            return mb_error_set(MB_EINVAL, "%s: '%s' is written twice", z->path,
                                name);
        return zip_error(z, "cannot add a member");
    }
    if (zip_set_file_compression(z->zip, (zip_uint64_t)k, ZIP_CM_DEFLATE, 0) !=
        0)
        return zip_error(z, "cannot add a member");
    z->pending += len;
    return z->pending >= z->memory_limit ? flush(z) : 0;
}

int mb_zip_writer_add(mb_zip_writer *z, const char *name, const void *data,
                      size_t len)
{
    int rc;

    if (z->failed || !z->zip)
        return mb_error_set(MB_EINVAL,
                            "%s: nothing more can be written after an "
                            "error",
                            z->path);
    if ((rc = add(z, name, data, len)) < 0)
        z->failed = 1;
    return rc;
}

int mb_zip_writer_finish(mb_zip_writer *z)
{
    int rc;

    if (z->failed || !z->zip)
        return mb_error_set(MB_EINVAL,
                            "%s: the archive cannot be finished after an "
                            "error",
                            z->path);
    z->failed = 1; /* until it is in place */
    if ((rc = close_archive(z)) < 0)
        return rc;
    if (rename(z->tmp, z->path) != 0)
        return mb_error_set(MB_EIO, "%s: cannot write: %s", z->path,
                            strerror(errno));
    z->failed = 0;
    mb_free(z->tmp);
    z->tmp = NULL; /* nothing left to remove */
    return 0;
}

void mb_zip_writer_free(mb_zip_writer *z)
{
    if (!z)
        return;
    if (z->zip)
        zip_discard(z->zip);
    if (z->tmp)
        unlink(z->tmp); /* when an earlier flush wrote it */
    mb_free(z->tmp);
    mb_free(z->path);
    mb_free(z);
}
