/*
 * mrio_dir.c - the small pieces the MRIO writers share: a directory
 * written under a temporary name and renamed into place (or removed on
 * failure, so nothing half-written is left), and numbers printed as the
 * shortest decimal that reads back to the same double.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/core.h"
#include "mrio_internal.h"

void mb_mrio_format_number(double v, char *buf, size_t cap)
{
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, cap, "%.*g", prec, v);
        if (prec == 17 || strtod(buf, NULL) == v)
            return;
    }
}

int mb_mrio_tmpdir(const char *dir, char **tmp)
{
    struct stat st;
    *tmp = NULL;
    if (stat(dir, &st) == 0)
        return mb_error_set(MB_EIO, "%s: already exists: expected a new "
                            "path", dir);
    char *t = mb_sprintf("%s.tmp-XXXXXX", dir);
    if (!t)
        return mb_error_oom();
    if (!mkdtemp(t)) {
        int e = errno;
        mb_free(t);
        return mb_error_set(MB_EIO, "%s: cannot create a directory beside "
                            "it: %s", dir, strerror(e));
    }
    *tmp = t;
    return 0;
}

static int remove_one(const char *path, const struct stat *st, int flag,
                      struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

int mb_mrio_commit_dir(char *tmp, const char *dir, int rc)
{
    if (!tmp)
        return rc;
    if (rc == 0 && rename(tmp, dir) != 0)
        rc = mb_error_set(MB_EIO, "%s: cannot rename %s to it: %s", dir, tmp,
                          strerror(errno));
    if (rc != 0)
        nftw(tmp, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    mb_free(tmp);
    return rc;
}
