/*
 * error.c - the thread-local last-error record (after libgit2's
 * src/util/errors.c): a fixed buffer per thread, so recording an error,
 * out-of-memory included, never allocates and the record is never NULL.
 */
#include <stdio.h>
#include <string.h>

#include "core.h"

#define MB_ERROR_MAX 1024

static _Thread_local char error_text[MB_ERROR_MAX];
static _Thread_local mb_error error_record;

const mb_error *mb_error_last(void)
{
    /* A thread-local address is not a constant initializer: set it here. */
    error_record.message = error_text;
    return &error_record;
}

void mb_error_clear(void)
{
    error_record.code = 0;
    error_text[0] = '\0';
}

int mb_error_set(int code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(error_text, sizeof error_text, fmt, ap);
    va_end(ap);
    error_record.code = code;
    return code;
}

int mb_error_oom(void)
{
    error_record.code = MB_ENOMEM;
    snprintf(error_text, sizeof error_text, "out of memory");
    return MB_ENOMEM;
}

int mb_error_prefix(const char *fmt, ...)
{
    char old[MB_ERROR_MAX];
    size_t n;
    va_list ap;

    memcpy(old, error_text, sizeof old);
    va_start(ap, fmt);
    vsnprintf(error_text, sizeof error_text, fmt, ap);
    va_end(ap);
    n = strlen(error_text);
    if (n + 2 < sizeof error_text) {
        memcpy(error_text + n, ": ", 3);
        strncat(error_text, old, sizeof error_text - n - 3);
    }
    return error_record.code;
}

const char *mb_version(void)
{
    return MB_VERSION;
}
