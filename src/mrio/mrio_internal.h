/*
 * mrio_internal.h - checks shared by the MRIO numerics (src/mrio/): finite
 * entries, shapes, and pymrio's reciprocal of gross output (1/0 -> 0, see
 * pymrio/tools/iomath.py calc_A) guarded so that a zero output under a
 * nonzero flow is an error rather than a silently dropped column.
 */
#ifndef METABOL_MRIO_INTERNAL_H
#define METABOL_MRIO_INTERNAL_H

#include "metabol/mrio.h"

/* MB_EINVAL unless a is non-NULL and m x n (n < 0: any column count). */
int mrio_check_shape(const mb_dense *a, const char *name, int64_t m,
                     int64_t n);

/* MB_ENUMERIC naming the first entry of a that is NaN or infinite. */
int mrio_check_finite(const mb_dense *a, const char *name);

/*
 * recip[j] = 1 / x[j] for the n entries of x; x[j] == 0 gives 0 when
 * column j of each of flows (may be NULL) is zero, else MB_ENUMERIC naming
 * industry j; x[j] < 0 is MB_ENUMERIC.
 */
int mrio_output_reciprocal(double *recip, const mb_dense *x,
                           const mb_dense *flows, const char *flows_name);

/* A fresh m x n copy of a scaled: out(i, j) = a(i, j) * col[j]. */
int mrio_scale_columns(mb_dense **out, const mb_dense *a, const double *col);

#endif
