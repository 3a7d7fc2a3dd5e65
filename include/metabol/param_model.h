/*
 * param_model.h - the parametric model of a compiled system, for Monte
 * Carlo on parameters: the parameters of the data (global and per process)
 * that carry a distribution, the parameters computed from them by formulas
 * (in dependency order), and the nonzeros of A and B whose amounts are
 * formulas of them, each as the sum of its exchanges as the compiler made
 * it (the formula's value times the unit conversion and the allocation
 * share, with the sign of the entry). One iteration draws the parameters,
 * evaluates the formulas and overwrites those nonzeros, as openLCA's Monte
 * Carlo simulation does (docs/formulas.md, "Parameters in Monte Carlo").
 *
 * A system compiled with mb_compile_options.parameters holds its model in
 * mb_system.params: NULL when no amount of the system depends on a
 * parameter with a distribution.
 */
#ifndef METABOL_PARAM_MODEL_H
#define METABOL_PARAM_MODEL_H

#include "common.h"
#include "model.h"
#include "random.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The doubles of scratch space one mb_param_model_sample call needs
 * (0 for NULL). */
MB_EXTERN size_t mb_param_model_scratch_size(const mb_param_model *pm);

/*
 * One iteration: draw each parameter with a distribution from r (one
 * mb_uncertainty_sample each, in the model's fixed order: the first
 * `uncertain` parameters of mb_param_model_parameter), evaluate the
 * parameters computed from them in dependency order, then the formulas of
 * the exchanges and allocation factors, and overwrite the nonzeros of A
 * and B that depend on them in A_values and B_values (copies of
 * sys->A->x and sys->B->x; either may be NULL to leave it out). An
 * exchange without a formula whose allocation share is a formula of
 * drawn parameters is drawn here too from its own distribution (with
 * mb_compile_options.uncertainty), after the parameters, one draw per
 * nonzero it enters, in the order of the nonzeros (A's, then B's); such
 * nonzeros have no distribution in A_uncertainty / B_uncertainty. With r
 * NULL nothing is drawn: the nonzeros come out equal to the compiled
 * ones, bit for bit. Afterwards scratch[k] holds the value of parameter k
 * in this iteration.
 *
 * pm is only read: threads sample at once, each with its own scratch
 * (mb_param_model_scratch_size doubles) and its own stream. A formula
 * that evaluates to NaN or infinity for the drawn values fails
 * (MB_ENUMERIC) naming the process and the exchange, allocation factor or
 * parameter. A NULL pm does nothing.
 */
MB_EXTERN int mb_param_model_sample(const mb_param_model *pm, mb_random *r,
                                    double *scratch, double *A_values,
                                    double *B_values);

typedef struct mb_param_model_counts {
    size_t parameters; /* evaluated each iteration: drawn and computed */
    size_t uncertain;  /* of these, drawn: the first ones */
    size_t amounts;    /* exchange amounts drawn (see above) */
    size_t formulas;   /* exchange and allocation factor formulas */
    size_t A_entries, B_entries; /* nonzeros overwritten */
} mb_param_model_counts;

/* The counts of pm, all 0 for NULL. */
MB_EXTERN void mb_param_model_count(const mb_param_model *pm,
                                    mb_param_model_counts *out);

/*
 * Parameter k (below counts.parameters): its name (lower-cased, as
 * formulas match it), and in *process (may be NULL) the name of the
 * process whose parameter it is, NULL for a global one. NULL when k is
 * out of range.
 */
MB_EXTERN const char *mb_param_model_parameter(const mb_param_model *pm,
                                               size_t k, const char **process);

/*
 * The position among the nonzeros of A (matrix 0) or B (matrix 1), in CSC
 * order, of the k-th entry a sample overwrites (ascending), or -1.
 */
MB_EXTERN int64_t mb_param_model_entry(const mb_param_model *pm, int matrix,
                                       size_t k);

MB_EXTERN void mb_param_model_free(mb_param_model *pm);

#ifdef __cplusplus
}
#endif
#endif
