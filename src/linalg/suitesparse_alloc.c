/*
 * suitesparse_alloc.c - route SuiteSparse's allocations (KLU, UMFPACK, AMD,
 * BTF) through libmetabol's allocator, at the request of the program.
 *
 * SuiteSparse allocates the factors itself, through the process-wide
 * SuiteSparse_config. Routed through our allocator, its large blocks get the
 * same transparent-huge-page advice as ours (src/core/alloc.c): loading and
 * factorizing an ecoinvent-sized system then takes a quarter of the page
 * faults. Changing another library's global settings is the program's call,
 * not a library's: the metabol command makes it at start-up.
 */
#include <string.h>

#include <SuiteSparse_config.h>

#include "core/core.h"
#include "metabol/lu.h"

static void *ss_malloc(size_t size)
{
    return mb_malloc(size);
}

static void *ss_calloc(size_t count, size_t size)
{
    return mb_calloc(count, size);
}

static void *ss_realloc(void *ptr, size_t size)
{
    return mb_realloc(ptr, size);
}

static void ss_free(void *ptr)
{
    mb_free(ptr);
}

void mb_route_suitesparse_allocations(void)
{
    SuiteSparse_config.malloc_func = ss_malloc;
    SuiteSparse_config.calloc_func = ss_calloc;
    SuiteSparse_config.realloc_func = ss_realloc;
    SuiteSparse_config.free_func = ss_free;
}
