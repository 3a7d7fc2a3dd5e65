/*
 * system_dists.h - what the tests of distributions in compiled systems
 * share: the distribution of one matrix entry, and a system through the
 * compiled-model blob and back.
 */
#ifndef METABOL_TEST_SYSTEM_DISTS_H
#define METABOL_TEST_SYSTEM_DISTS_H

#include <metabol/metabol.h>

/* The distribution of entry (i, j) of a (u per nonzero), or NULL. */
const mb_lci_uncertainty *dist_at(const mb_csc *a,
                                  const mb_lci_uncertainty *u, int64_t i,
                                  int64_t j);

/*
 * s (with its report r, which may be all zeros) saved by
 * mb_compiled_save and loaded again: the loaded system, or NULL.
 */
mb_system *through_blob(const mb_system *s, const mb_compile_report *r);

#endif
