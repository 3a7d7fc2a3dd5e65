/*
 * archive.h - the files of a data set, from a directory or a zip archive
 * (on disk or in memory), read by their relative path. Internal to formats/.
 *
 * Zip archives are read with libzip, stored or deflate members only, under a
 * budget of unpacked bytes (see archive.c), and member paths may not leave
 * the archive ("..", absolute paths).
 */
#ifndef MB_FORMATS_ARCHIVE_H
#define MB_FORMATS_ARCHIVE_H

#include <stddef.h>

#include <zip.h>

#include "metabol/lci.h"

typedef struct mb_archive {
    char *label;       /* the path or name, for messages */
    char *dir;         /* directory form, else NULL */
    char *single;      /* one file (not a zip) in dir: its name, else NULL */
    zip_t *zip;        /* zip form, else NULL */
    size_t zip_len;    /* compressed size of the archive, for the budget */
    size_t unpacked;   /* bytes decompressed so far */
    char **names;      /* after mb_archive_list: member paths, sorted */
    size_t nnames;
} mb_archive;

/*
 * Open a directory, a zip file, or one other file (a data set of one file:
 * the archive of its directory that lists only it).
 */
int mb_archive_open(mb_archive **out, const char *path);

/* A zip archive held in memory (borrowed until mb_archive_close). */
int mb_archive_from_buffer(mb_archive **out, const void *zip, size_t len,
                           const char *label);

/*
 * Read the member `name` into a new buffer (mb_malloc'ed, one spare byte
 * after the data, set to 0).
 */
int mb_archive_read(mb_archive *a, const char *name, void **buf,
                    size_t *len);

/*
 * Read member `name` and hand it to fn with its label "<archive>/<name>"
 * (for messages) and its bytes (a NUL after them); both are freed after.
 * Returns what fn returns, or the read's error.
 */
typedef int (*mb_archive_member_fn)(void *ctx, const char *label,
                                    const void *buf, size_t len);
int mb_archive_with_member(mb_archive *a, const char *name,
                           mb_archive_member_fn fn, void *ctx);

/* Whether a member's name ends in ".xml", in any case. */
int mb_archive_is_xml(const char *name);

/*
 * List a and hand every member whose name want() accepts (every member of
 * a one-file archive) to fn in order, stopping at the first nonzero; after
 * each, sink->progress (when sink has one) hears how far it is.
 */
int mb_archive_each(mb_archive *a, int (*want)(const char *name),
                    mb_archive_member_fn fn, void *ctx,
                    const mb_lci_sink *sink);

/*
 * Fill a->names with the paths of every regular file (directories walked
 * recursively, at most 8 levels), sorted bytewise. An unsafe member path is
 * an error naming it.
 */
int mb_archive_list(mb_archive *a);

void mb_archive_close(mb_archive *a);

#endif
