/*
 * system_dists.c - see system_dists.h.
 */
#include "system_dists.h"

const mb_lci_uncertainty *dist_at(const mb_csc *a,
                                  const mb_lci_uncertainty *u, int64_t i,
                                  int64_t j)
{
    int64_t k;

    for (k = a->p[j]; u && k < a->p[j + 1]; k++)
        if (a->i[k] == i)
            return &u[k];
    return NULL;
}

mb_system *through_blob(const mb_system *s, const mb_compile_report *r)
{
    mb_compile_report r2;
    mb_system *t = NULL;
    void *blob = NULL;
    size_t len = 0;

    if (mb_compiled_save(s, r, &blob, &len) == 0 &&
        mb_compiled_load(&t, &r2, blob, len) == 0)
        mb_compile_report_free(&r2);
    mb_compiled_free(blob);
    return t;
}
