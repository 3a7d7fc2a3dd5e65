/*
 * zip_write.h - writing a zip archive that appears at its path whole or
 * not at all, for the exporters: it is built as a temporary file beside
 * the path (same directory, so the final rename is atomic), renamed over
 * the path by mb_zip_writer_finish, and removed by mb_zip_writer_free when
 * unfinished. Members are deflated. Internal to formats/.
 *
 * libzip keeps the content of added members in memory until the archive
 * is written; after memory_limit bytes the archive is written out and
 * opened again (members written before are copied as they are, not
 * compressed again), so memory stays bounded however large the archive.
 */
#ifndef MB_FORMATS_ZIP_WRITE_H
#define MB_FORMATS_ZIP_WRITE_H

#include <stddef.h>

typedef struct mb_zip_writer mb_zip_writer;

/*
 * Start the archive for `path`; a directory there, or a directory that
 * cannot be written to, is an error naming the path.
 */
int mb_zip_writer_open(mb_zip_writer **out, const char *path,
                       size_t memory_limit);

/* Add member `name` with a copy of data[0..len); a name used twice is
 * MB_EINVAL naming it. */
int mb_zip_writer_add(mb_zip_writer *z, const char *name, const void *data,
                      size_t len);

/* Write the archive and rename it to its path. */
int mb_zip_writer_finish(mb_zip_writer *z);

/* Free; an unfinished archive is discarded and its file removed. */
void mb_zip_writer_free(mb_zip_writer *z);

#endif
