/*
 * param_model_internal.h - the parametric model (param_model.h) laid out
 * in flat arrays, so that it is sampled with no pointer chasing and saved
 * as a few blocks of bytes; the builder the compiler feeds it from
 * (param_build.c); its blob (param_model_io.c).
 */
#ifndef MB_MODEL_PARAM_MODEL_INTERNAL_H
#define MB_MODEL_PARAM_MODEL_INTERNAL_H

#include "metabol/formula.h"
#include "metabol/param_model.h"
#include "model/lcidb_internal.h"

/*
 * A formula with its names bound: name k is slot[first + k] of the model
 * (a parameter's position, MB_FORMULA_CONSTANT with constant[first + k],
 * or MB_FORMULA_UNKNOWN). Strings are offsets into the model's pool.
 */
typedef struct pm_formula {
    int64_t text, where; /* where: what it belongs to, for messages */
    int64_t first, n;
} pm_formula;

typedef struct pm_param {
    int64_t name, process; /* process -1: a global parameter */
    double value;          /* as compiled */
    mb_lci_uncertainty u;  /* drawn ones: the first nsampled */
} pm_param;

/* A nonzero: the sum, in order, of terms[first .. first + n - 1]. */
typedef struct pm_entry {
    int64_t pos, first, n;
} pm_entry;

/*
 * One exchange in a nonzero, as the compiler made it: ((x * unit) * share),
 * negated when neg, where x is term formula `x` (else amount, or a draw of
 * u when it has a distribution) and share is term formula `share` (else
 * share_value). A constant term has x and share -1, unit and share_value
 * 1, and no distribution.
 */
typedef struct pm_term {
    int64_t x, share;
    double amount, unit, share_value;
    int64_t neg;
    mb_lci_uncertainty u;
} pm_term;

struct mb_param_model {
    int64_t nparams, nsampled; /* parameters; the first nsampled drawn */
    int64_t namounts;          /* terms with a distribution */
    int64_t nformulas;         /* term formulas */
    int64_t nentries[2], nterms, nnames, pool_len;
    int64_t nnz[2]; /* of A and B, to check a blob against */
    pm_param *params;
    /* the formulas of parameters nsampled .. nparams - 1, then the term
     * formulas; parsed[k] is formulas[k] parsed */
    pm_formula *formulas;
    mb_formula **parsed;
    pm_entry *entries[2];
    pm_term *terms;
    int64_t *slot;
    double *constant;
    char *pool;
};

/*
 * The builder, fed by the compiler (compile.c). mb_pm_builder_new reads
 * the parameters after the overrides, as amounts.c evaluates them; *out is
 * NULL when no exchange or allocation factor formula depends on a
 * parameter with a distribution (the calls below take a NULL builder).
 */
typedef struct mb_pm_builder mb_pm_builder;

int mb_pm_builder_new(mb_pm_builder **out, const mb_lcidb *db,
                      const mb_compile_options *o, mb_dist_issues *issues);
void mb_pm_builder_free(mb_pm_builder *b);

/* Whether exchange e, with its share from allocation factor `alloc` (-1:
 * none or an equal share), depends on a drawn parameter. */
int mb_pm_builder_varies(const mb_pm_builder *b, size_t e, int64_t alloc);

/*
 * Triplet `at` of A (matrix 0) or B (1) is exchange e's amount times
 * unit, times share (from allocation factor alloc, -1 when none),
 * negated when neg. Kept when it varies; triplets come in order.
 */
int mb_pm_builder_track(mb_pm_builder *b, int matrix, int64_t at, size_t e,
                        double unit, int64_t alloc, double share, int neg);

/*
 * The model over the compressed matrices (A and B made from the triplets
 * tA and tB): NULL when no tracked triplet made it into them.
 */
int mb_pm_builder_finish(mb_pm_builder *b, const mb_coo *tA, const mb_csc *A,
                         const mb_coo *tB, const mb_csc *B,
                         mb_param_model **out);

/* The model as bytes, and back (param_model_io.c): a blob that does not
 * fit nnz_A and nnz_B nonzeros is MB_EFORMAT. */
int mb_param_model_save(const mb_param_model *pm, void **buf, size_t *len);
int mb_param_model_load(mb_param_model **out, const void *buf, size_t len,
                        int64_t nnz_A, int64_t nnz_B);

/* Parse and check the formulas of a model whose arrays are filled. */
int mb_param_model_parse(mb_param_model *pm);

#endif
