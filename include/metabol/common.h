/*
 * common.h - export macro, version and the error record shared by every
 * module of libmetabol.
 *
 * Conventions (see docs/api.md): functions return 0 on success or a negative
 * MB_E* code; the message of the last failure on this thread is read with
 * mb_error_last(). Output parameters come first. Free functions accept NULL.
 */
#ifndef METABOL_COMMON_H
#define METABOL_COMMON_H

#include <stddef.h>
#include <stdint.h>

#if defined(MB_BUILDING_LIBRARY) && defined(__GNUC__)
#define MB_EXTERN __attribute__((visibility("default")))
#else
#define MB_EXTERN
#endif

#define MB_VERSION_MAJOR 0
#define MB_VERSION_MINOR 1
#define MB_VERSION_PATCH 0
#define MB_VERSION "0.1.0"

#ifdef __cplusplus
extern "C" {
#endif

/* Error codes: every failing function returns one of these. */
enum {
    MB_OK = 0,
    MB_ENOMEM = -1,       /* out of memory */
    MB_EINVAL = -2,       /* invalid argument from the caller */
    MB_EIO = -3,          /* a file could not be read or written */
    MB_EFORMAT = -4,      /* malformed input data */
    MB_ESINGULAR = -5,    /* a matrix that must be invertible is not */
    MB_ENOTFOUND = -6,    /* an id or name that does not exist */
    MB_EUNSUPPORTED = -7, /* valid input that this version cannot handle */
    MB_ENUMERIC = -8,     /* NaN, Inf or a numeric failure */
    MB_EINTERNAL = -9     /* a bug: a library call failed unexpectedly */
};

/* The last error on this thread. Never NULL; message is "" after success. */
typedef struct mb_error {
    int code;
    const char *message;
} mb_error;

MB_EXTERN const mb_error *mb_error_last(void);

/* Clear the last error of this thread. */
MB_EXTERN void mb_error_clear(void);

/* The version string of the library actually linked. */
MB_EXTERN const char *mb_version(void);

/*
 * Allocation hook: every allocation of the library goes through these.
 * Pass NULL to restore malloc/realloc/free. Not thread-safe: call it once at
 * start-up, before other calls.
 */
typedef struct mb_allocator {
    void *(*malloc_fn)(size_t size, void *ctx);
    void *(*realloc_fn)(void *ptr, size_t size, void *ctx);
    void (*free_fn)(void *ptr, void *ctx);
    void *ctx;
} mb_allocator;

MB_EXTERN void mb_set_allocator(const mb_allocator *allocator);

#ifdef __cplusplus
}
#endif
#endif
