/*
 * alloc.c - every allocation of the library goes through the hook set with
 * mb_set_allocator(), so an embedding program can count or limit memory.
 *
 * The default allocator asks for transparent huge pages on large blocks
 * (matrices of a whole database): one page fault per 2 MiB instead of one
 * per 4 KiB. On virtual machines a fault costs microseconds, and loading an
 * ecoinvent-sized system touches tens of thousands of pages.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HUGE_PAGE (2u << 20)
#define HUGE_THRESHOLD (1u << 20)

#include "core.h"

static void *default_malloc(size_t size, void *ctx)
{
    (void)ctx;
#ifdef MADV_HUGEPAGE
    if (size >= HUGE_THRESHOLD) {
        /* Whole huge pages: a 4 KiB tail would fault page by page. */
        size_t whole = (size + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1);
        void *p;

        if (whole < size || posix_memalign(&p, HUGE_PAGE, whole) != 0)
            return NULL;
        /* Advice only: where THP is off, nothing changes. */
        madvise(p, whole, MADV_HUGEPAGE);
        return p;
    }
#endif
    return malloc(size);
}

static void *default_realloc(void *ptr, size_t size, void *ctx)
{
    (void)ctx;
    return realloc(ptr, size);
}

static void default_free(void *ptr, void *ctx)
{
    (void)ctx;
    free(ptr);
}

static mb_allocator allocator = {default_malloc, default_realloc,
                                 default_free, NULL};

void mb_set_allocator(const mb_allocator *a)
{
    if (a)
        allocator = *a;
    else
        allocator = (mb_allocator){default_malloc, default_realloc,
                                   default_free, NULL};
}

void *mb_malloc(size_t size)
{
    void *p = allocator.malloc_fn(size ? size : 1, allocator.ctx);

    if (!p)
        mb_error_oom();
    return p;
}

void *mb_calloc(size_t count, size_t size)
{
    void *p = mb_alloc_array(count, size);

    if (p)
        memset(p, 0, count * size);
    return p;
}

void *mb_realloc(void *ptr, size_t size)
{
    void *p = allocator.realloc_fn(ptr, size ? size : 1, allocator.ctx);

    if (!p)
        mb_error_oom();
    return p;
}

void mb_free(void *ptr)
{
    if (ptr)
        allocator.free_fn(ptr, allocator.ctx);
}

void *mb_alloc_array(size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size) {
        mb_error_oom();
        return NULL;
    }
    return mb_malloc(count * size);
}

int mb_reserve(void **v, size_t *cap, size_t need, size_t size, size_t min)
{
    size_t c = *cap ? *cap : min ? min : 1;
    void *n;

    if (need <= *cap)
        return 0;
    while (c < need) {
        if (c > SIZE_MAX / 2)
            return mb_error_oom();
        c *= 2;
    }
    if (size && c > SIZE_MAX / size)
        return mb_error_oom();
    if (!(n = mb_realloc(*v, c * size)))
        return MB_ENOMEM;
    *v = n;
    *cap = c;
    return 0;
}

char *mb_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = mb_malloc(n);

    if (d)
        memcpy(d, s, n);
    return d;
}

char *mb_sprintf(const char *fmt, ...)
{
    va_list ap;
    int n;
    char *s;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    s = mb_malloc((size_t)n + 1);
    if (!s)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}
