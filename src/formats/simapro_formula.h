/*
 * simapro_formula.h - SimaPro's expressions in metabol's formula syntax
 * (docs/formulas.md). Internal to formats/.
 */
#ifndef MB_FORMATS_SIMAPRO_FORMULA_H
#define MB_FORMATS_SIMAPRO_FORMULA_H

/*
 * Translate the SimaPro expression `in`, written with the decimal
 * separator `decimal` ('.' or ','), into *out (allocated with mb_malloc).
 * What differs: a decimal comma, "x IF c ELSE y", "a % b" (remainder),
 * "&" and "|", and the functions arctan, trunc and frac; every other
 * function name is kept for the formula parser to check. A syntax error
 * is MB_EFORMAT with a message naming the column (the caller puts the file
 * and line in front).
 */
int sp_formula_translate(const char *in, char decimal, char **out);

#endif
