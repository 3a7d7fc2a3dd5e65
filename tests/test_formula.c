/*
 * test_formula.c - parameter formulas and scopes. Expected values are the
 * arithmetic of each expression; the formulas with names are taken from the
 * US LCI database (../shared/data/uslci-jsonld, exchange and parameter
 * formulas) with made-up values.
 */
#include <stdlib.h>

#include <metabol/metabol.h>

#include "test.h"

static double value_of(const char *text)
{
    double v = NAN;

    if (mb_formula_value(text, &v) < 0)
        return NAN;
    return v;
}

TEST(formula_arithmetic_and_precedence)
{
    CHECK_NEAR(value_of("1+2*3"), 7, 0);
    CHECK_NEAR(value_of("(1+2)*3"), 9, 0);
    CHECK_NEAR(value_of("2^3^2"), 512, 0); /* right-associative */
    CHECK_NEAR(value_of("-2^2"), -4, 0);   /* power before negation */
    CHECK_NEAR(value_of("10/4 - 1"), 1.5, 0);
    CHECK_NEAR(value_of("1e-3*2 + .5"), 0.502, 1e-15);
    CHECK_NEAR(value_of("2.5E+2"), 250, 0);
    CHECK_NEAR(value_of("  - - 3 "), 3, 0);
    CHECK_NEAR(value_of("44/16"), 2.75, 0);
}

TEST(formula_comparisons_logic_and_if)
{
    CHECK_NEAR(value_of("1 < 2"), 1, 0);
    CHECK_NEAR(value_of("2 <> 2"), 0, 0);
    CHECK_NEAR(value_of("2 != 3"), 1, 0);
    CHECK_NEAR(value_of("3 >= 3 and 2 <= 1"), 0, 0);
    CHECK_NEAR(value_of("1 = 1 or 1/0 > 0"), 1, 0); /* short-circuit */
    CHECK_NEAR(value_of("not 0"), 1, 0);
    CHECK_NEAR(value_of("!(1 == 1) || 0"), 0, 0);
    CHECK_NEAR(value_of("1 && 2"), 1, 0);
    CHECK_NEAR(value_of("if(1 > 2; 5; 7)"), 7, 0);
    CHECK_NEAR(value_of("IF(1 < 2, 5, 1/0)"), 5, 0); /* lazy branches */
    CHECK_NEAR(value_of("and(1; 1; 0)"), 0, 0);
    CHECK_NEAR(value_of("OR(0, 0, 3)"), 1, 0);
}

TEST(formula_functions_and_constants)
{
    CHECK_NEAR(value_of("sqrt(16) + abs(-2)"), 6, 0);
    CHECK_NEAR(value_of("ln(e)"), 1, 1e-15);
    CHECK_NEAR(value_of("log(1000)"), 3, 1e-15);
    CHECK_NEAR(value_of("exp(0) + sqr(3)"), 10, 0);
    CHECK_NEAR(value_of("max(1; 5; 3) - min(4, 2)"), 3, 0);
    CHECK_NEAR(value_of("round(2.5) + floor(-1.5) + ceil(1.2) + int(-1.7)"),
               3 - 2 + 2 - 1, 0);
    CHECK_NEAR(value_of("power(2; 10)"), 1024, 0);
    CHECK_NEAR(value_of("sum(1;2;3) + avg(2;4)"), 9, 0);
    CHECK_NEAR(value_of("cos(pi) + sin(0) + pi()"), -1 + 3.14159265358979323846,
               1e-15);
}

TEST(formula_errors_name_column_and_cause)
{
    mb_formula *f = NULL;
    double v;

    CHECK(mb_formula_parse(&f, "1 +") == MB_EFORMAT);
    CHECK(f == NULL);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "formula '1 +': column 4: expected a number, a name "
                       "or '('");
    CHECK(mb_formula_parse(&f, "(1 + 2") == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message, "expected ')'");
    CHECK(mb_formula_parse(&f, "2 3") == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "column 3: expected an operator");
    CHECK(mb_formula_parse(&f, "frob(1)") == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message, "unknown function 'frob'");
    CHECK(mb_formula_parse(&f, "sqrt(1; 2)") == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "sqrt() takes 1 argument, not 2");
    CHECK(mb_formula_value("1/0", &v) == MB_ENUMERIC);
    CHECK_STR_CONTAINS(mb_error_last()->message, "evaluates to infinity");
    CHECK(mb_formula_value("inf", &v) == MB_ENOTFOUND);
    CHECK_STR_CONTAINS(mb_error_last()->message, "unknown parameter 'inf'");
}

TEST(formula_deep_nesting_is_refused_not_recursed)
{
    char text[4000];
    mb_formula *f = NULL;
    int k;

    for (k = 0; k < 1500; k++)
        text[k] = '(';
    text[k++] = '1';
    text[k] = '\0';
    CHECK(mb_formula_parse(&f, text) == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message, "nested too deeply");
    for (k = 0; k < 1500; k++)
        text[k] = '-';
    CHECK(mb_formula_parse(&f, text) == MB_EFORMAT);
}

/* USLCI: "Concrete*Cement_Fraction", "cmm_capture*oxidation_frac*44/16". */
TEST(params_evaluate_in_dependency_order_case_insensitive)
{
    mb_params *global, *local;
    double v;

    CHECK_OK(mb_params_new(&global, NULL));
    CHECK_OK(mb_params_set_value(global, "Cement_Fraction", 0.15));
    CHECK_OK(mb_params_evaluate(global));
    CHECK_OK(mb_params_new(&local, global));
    /* defined before what it uses */
    CHECK_OK(
        mb_params_set_formula(local, "cement", "Concrete*Cement_Fraction"));
    CHECK_OK(mb_params_set_formula(local, "concrete", "2 * volume"));
    CHECK_OK(mb_params_set_value(local, "VOLUME", 10));
    CHECK_OK(mb_params_set_formula(local, "co2",
                                   "cmm_capture*oxidation_frac*44/16"));
    CHECK_OK(mb_params_set_value(local, "cmm_capture", 4));
    CHECK_OK(mb_params_set_value(local, "oxidation_frac", 0.5));
    CHECK_OK(mb_params_evaluate(local));
    CHECK_OK(mb_params_get(local, "CEMENT", &v));
    CHECK_NEAR(v, 3.0, 1e-15);
    CHECK_OK(mb_params_get(local, "co2", &v));
    CHECK_NEAR(v, 5.5, 1e-15);
    CHECK_OK(mb_params_get(local, "cement_fraction", &v)); /* from parent */
    CHECK_NEAR(v, 0.15, 0);
    /* a scenario: override and evaluate again */
    CHECK_OK(mb_params_set_value(local, "volume", 20));
    CHECK_OK(mb_params_evaluate(local));
    CHECK_OK(mb_params_get(local, "cement", &v));
    CHECK_NEAR(v, 6.0, 1e-15);
    CHECK(mb_params_get(local, "nothing", &v) == MB_ENOTFOUND);
    mb_params_free(local);
    mb_params_free(global);
}

TEST(params_cycles_and_unknown_names_are_reported)
{
    mb_params *p;

    CHECK_OK(mb_params_new(&p, NULL));
    CHECK_OK(mb_params_set_formula(p, "a", "b + 1"));
    CHECK_OK(mb_params_set_formula(p, "b", "2 * c"));
    CHECK_OK(mb_params_set_formula(p, "c", "a / 2"));
    CHECK(mb_params_evaluate(p) == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message, "cycle: a -> b -> c -> a");
    CHECK_OK(mb_params_set_formula(p, "c", "d"));
    CHECK(mb_params_evaluate(p) == MB_ENOTFOUND);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "parameter 'c': formula 'd': unknown parameter 'd'");
    CHECK(mb_params_set_formula(p, "x", "1 +* 2") == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message, "parameter 'x': formula");
    mb_params_free(p);
}
