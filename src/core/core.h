/*
 * core.h - internal helpers shared by every module: allocation through the
 * hook, the error record, an int64 hash map, string helpers.
 * Not installed; the public face is include/metabol/common.h.
 */
#ifndef MB_CORE_H
#define MB_CORE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "metabol/common.h"

#if defined(__GNUC__)
#define MB_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define MB_PRINTF(a, b)
#endif

void *mb_malloc(size_t size);
void *mb_calloc(size_t count, size_t size);
void *mb_realloc(void *ptr, size_t size);
void mb_free(void *ptr);
/* count * size with overflow check; NULL (and MB_ENOMEM set) on failure. */
void *mb_alloc_array(size_t count, size_t size);
/*
 * Make the array *v of *cap elements of `size` bytes hold at least need,
 * doubling (from min) so that filling it one at a time is linear; 0 or
 * MB_ENOMEM (*v and *cap unchanged).
 */
int mb_reserve(void **v, size_t *cap, size_t need, size_t size, size_t min);
char *mb_strdup(const char *s);
/* A newly allocated formatted string, or NULL. */
char *mb_sprintf(const char *fmt, ...) MB_PRINTF(1, 2);

/* Record an error for this thread and return `code`. */
int mb_error_set(int code, const char *fmt, ...) MB_PRINTF(2, 3);
/* Record MB_ENOMEM without allocating; returns MB_ENOMEM. */
int mb_error_oom(void);
/* Prefix the current message with "prefix: " (keeps the code). */
int mb_error_prefix(const char *fmt, ...) MB_PRINTF(1, 2);

/* Open-addressing hash map from int64 keys to int64 values. */
typedef struct mb_i64map {
    int64_t *keys;
    int64_t *vals;
    unsigned char *used;
    size_t cap;   /* power of two */
    size_t count;
} mb_i64map;

int mb_i64map_init(mb_i64map *m, size_t expected);
void mb_i64map_destroy(mb_i64map *m);
/* Insert or overwrite; 0 or MB_ENOMEM. */
int mb_i64map_put(mb_i64map *m, int64_t key, int64_t val);
/* The value of key into *val; 1 when found, 0 when not. */
int mb_i64map_get(const mb_i64map *m, int64_t key, int64_t *val);

/*
 * A map from strings to int64 values; keys are copied into the map.
 * mb_strmap_add returns 0 when added, 1 when the key was there already
 * (value unchanged), MB_ENOMEM; *stored (may be NULL) gets the map's copy.
 */
typedef struct mb_strmap_slot {
    const char *key;
    size_t len;
    uint64_t hash;
    int64_t val;
} mb_strmap_slot;

typedef struct mb_strmap {
    mb_strmap_slot *slots;
    size_t cap; /* power of two */
    size_t count;
    struct mb_strmap_chunk *arena;
} mb_strmap;

int mb_strmap_init(mb_strmap *m, size_t expected);
void mb_strmap_destroy(mb_strmap *m);
int mb_strmap_add(mb_strmap *m, const char *key, int64_t val,
                  const char **stored);
/*
 * The map's own copy of s, added with value 0 when new: strings that must
 * live as long as the map. NULL for NULL, and on out of memory (error set).
 */
const char *mb_strmap_intern(mb_strmap *m, const char *s);
/* Insert key or overwrite its value; 0 or MB_ENOMEM. */
int mb_strmap_set(mb_strmap *m, const char *key, int64_t val);
/* 1 and *val (may be NULL) when found, 0 when not. */
int mb_strmap_get(const mb_strmap *m, const char *key, int64_t *val);

/* Sort int64 values ascending (in place) and drop duplicates; new length. */
size_t mb_i64_sort_unique(int64_t *v, size_t n);
/* Position of key in sorted v, or -1. */
int64_t mb_i64_bsearch(const int64_t *v, size_t n, int64_t key);

#endif
