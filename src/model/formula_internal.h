/*
 * formula_internal.h - formulas evaluated over an array of values, for the
 * parametric model (param_model.c) that evaluates the same formulas in
 * every Monte Carlo iteration: each name of a formula is bound once to a
 * slot of the array, or to a constant, so that no evaluation looks a name
 * up. The arithmetic is mb_formula_eval's, so a formula evaluated over the
 * values its lookup would give returns the same double.
 */
#ifndef MB_MODEL_FORMULA_INTERNAL_H
#define MB_MODEL_FORMULA_INTERNAL_H

#include "metabol/formula.h"

/* slot[k] of a name that is a constant (constant[k]) */
#define MB_FORMULA_CONSTANT (-1)
/* slot[k] of a name nothing defines: "pi" and "e" are their constants,
 * any other is an error when the evaluation reaches it */
#define MB_FORMULA_UNKNOWN (-2)

/*
 * Evaluate f with its name k (mb_formula_name order) worth values[slot[k]]
 * when slot[k] >= 0, else as above. Errors as mb_formula_eval's.
 */
int mb_formula_eval_slots(const mb_formula *f, const int64_t *slot,
                          const double *constant, const double *values,
                          double *out);

/* The text the formula was parsed from. */
const char *mb_formula_text(const mb_formula *f);

/* Whether two parameter names are one: case and surrounding blanks aside
 * (params.c). */
int mb_params_name_equal(const char *a, const char *b);

#endif
