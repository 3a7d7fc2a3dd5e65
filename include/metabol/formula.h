/*
 * formula.h - the parameter formulas of openLCA and ecoinvent: arithmetic
 * (+ - * / ^), comparisons (= == <> != < <= > >=), logic (and, or, not,
 * && ||), if(condition; then; else) and common functions, over named
 * parameters (case-insensitive, as openLCA treats them). Arguments are
 * separated by ';' or ','. Syntax: docs/formulas.md.
 *
 * A parameter scope (mb_params) holds values and formulas, evaluates them in
 * dependency order, reports cycles by name, and may sit on a parent scope
 * (process parameters on global ones).
 */
#ifndef METABOL_FORMULA_H
#define METABOL_FORMULA_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mb_formula mb_formula;

/* Parse `text`; a syntax error names the column and what was expected. */
MB_EXTERN int mb_formula_parse(mb_formula **out, const char *text);
MB_EXTERN void mb_formula_free(mb_formula *f);

/* Looks a name up: 0 and *value, or MB_ENOTFOUND. */
typedef int (*mb_formula_lookup)(void *ctx, const char *name, double *value);

/* Evaluate with names resolved by `lookup` (NULL: no names allowed). */
MB_EXTERN int mb_formula_eval(const mb_formula *f, mb_formula_lookup lookup,
                              void *ctx, double *out);

/* The distinct names the formula refers to, lower-cased. */
MB_EXTERN size_t mb_formula_name_count(const mb_formula *f);
MB_EXTERN const char *mb_formula_name(const mb_formula *f, size_t k);

/* One-shot: parse and evaluate without names. */
MB_EXTERN int mb_formula_value(const char *text, double *out);

typedef struct mb_params mb_params;

/* A scope; parent (borrowed, may be NULL) answers names not defined here. */
MB_EXTERN int mb_params_new(mb_params **out, const mb_params *parent);
MB_EXTERN void mb_params_free(mb_params *p);

/* Define (or redefine) a parameter by value or by formula. */
MB_EXTERN int mb_params_set_value(mb_params *p, const char *name, double value);
MB_EXTERN int mb_params_set_formula(mb_params *p, const char *name,
                                    const char *formula);

/*
 * Evaluate every formula of the scope in dependency order (the parent must
 * be evaluated first). An unknown name or a cycle fails naming the
 * parameters involved ("a -> b -> a").
 */
MB_EXTERN int mb_params_evaluate(mb_params *p);

/* The value of a parameter here or in a parent (evaluated). */
MB_EXTERN int mb_params_get(const mb_params *p, const char *name,
                            double *value);

/* mb_formula_lookup over a scope, for mb_formula_eval(f, mb_params_lookup, p).
 */
MB_EXTERN int mb_params_lookup(void *params, const char *name, double *value);

#ifdef __cplusplus
}
#endif
#endif
