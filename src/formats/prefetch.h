/*
 * prefetch.h - JSON documents of an archive read ahead: a background thread
 * unpacks and parses the next members while the caller converts and stores
 * the current one, handing the documents over in order. Internal to
 * formats/.
 */
#ifndef MB_FORMATS_PREFETCH_H
#define MB_FORMATS_PREFETCH_H

#include <stddef.h>

#include <jansson.h>

#include "formats/archive.h"

typedef struct mb_prefetch mb_prefetch;

/*
 * Start reading the members names[0..n-1] of a (borrowed until
 * mb_prefetch_stop). With `threaded` 0 nothing runs ahead: each document
 * is read when asked for.
 */
int mb_prefetch_start(mb_prefetch **out, mb_archive *a,
                      const char *const *names, size_t n, int threaded);

/*
 * The next document: 1 with *doc (the caller's to json_decref) and *k its
 * position in names; 0 after the last; a negative code on failure, with
 * the error record set (malformed JSON: "<archive>/<member>: line L,
 * column C: ..."), after which the reading has stopped.
 */
int mb_prefetch_next(mb_prefetch *p, json_t **doc, size_t *k);

/* Stop the thread and free what it read and nobody took. NULL is fine. */
void mb_prefetch_stop(mb_prefetch *p);

#endif
