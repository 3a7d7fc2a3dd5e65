/*
 * simapro_values.c - the values of a SimaPro CSV export: numbers with the
 * file's decimal separator, amounts that may be expressions over
 * parameters, and uncertainty distributions.
 *
 * Uncertainty takes four fields: the distribution, then one number for a
 * lognormal (the square of the geometric standard deviation, as SimaPro
 * shows "SD^2") or a normal (twice the standard deviation, "2*SD"), or the
 * minimum and maximum for a triangle (whose mode is the amount) or a
 * uniform distribution. That is how openLCA's SimaPro export writes them
 * (olca-modules, org.openlca.io.simapro.csv.output, Util.uncertainty) and
 * bw2io reads the lognormal. metabol keeps a lognormal as geometric mean
 * (the amount) and geometric sd, a normal as mean and sd.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "formats/csv.h"
#include "formats/simapro.h"
#include "formats/simapro_formula.h"
#include "metabol/formula.h"

int sp_number(const sp_reader *r, const char *s, double *out)
{
    char buf[128];
    size_t n = strlen(s), k;

    if (n == 0 || n >= sizeof buf)
        return 1;
    for (k = 0; k <= n; k++) {
        char c = s[k];

        buf[k] = c == ',' && r->in.decimal == ',' ? '.' : c;
    }
    return mb_csv_parse_double(buf, out) == 0 ? 0 : 1;
}

int sp_real(sp_reader *r, size_t k, const char *what, double empty,
            double *out)
{
    const char *s = sp_field(&r->in, k);
    char shown[96];

    if (!*s) {
        *out = empty;
        return 0;
    }
    if (sp_number(r, s, out) == 0)
        return 0;
    return sp_fail(r, "%s %s of %s: expected a number (decimal "
                      "separator '%c')",
                   what, sp_shown(r, k, shown, sizeof shown),
                   *sp_field(&r->in, 0) ? sp_field(&r->in, 0) : "the row",
                   r->in.decimal);
}

int sp_amount(sp_reader *r, size_t k, const char *what, double *value,
              const char **formula)
{
    const char *s = sp_field(&r->in, k);
    mb_formula *f = NULL;
    char shown[96], *text = NULL;
    int rc;

    *formula = NULL;
    *value = 0;
    if (sp_number(r, s, value) == 0)
        return 0;
    if (!*s)
        return sp_fail(r, "the %s of '%.200s' is empty; expected a number "
                          "or an expression",
                       what, sp_field(&r->in, 0));
    if ((rc = sp_formula_translate(s, r->in.decimal, &text)) < 0 ||
        (rc = mb_formula_parse(&f, text)) < 0) {
        mb_free(text);
        if (rc == MB_ENOMEM)
            return rc;
        return mb_error_prefix("%s: line %zu: %s of '%.200s'", r->in.name,
                               r->in.record_line, what,
                               sp_field(&r->in, 0));
    }
    if (mb_formula_name_count(f) == 0) { /* a constant: its value */
        rc = mb_formula_eval(f, NULL, NULL, value);
        mb_formula_free(f);
        mb_free(text);
        if (rc < 0)
            return mb_error_prefix("%s: line %zu: %s %s of '%.200s'",
                                   r->in.name, r->in.record_line, what,
                                   mb_csv_quote(s, shown, sizeof shown),
                                   sp_field(&r->in, 0));
        return 0;
    }
    mb_formula_free(f);
    *formula = sp_keep(r, text);
    mb_free(text);
    return *formula ? 0 : MB_ENOMEM;
}

int sp_parameter(sp_reader *r, int calculated, mb_lci_parameter *p)
{
    int rc;

    memset(p, 0, sizeof *p);
    if (!(p->name = sp_keep(r, sp_field(&r->in, 0))))
        return MB_ENOMEM;
    if (calculated)
        return sp_amount(r, 1, "expression", &p->value, &p->formula);
    if ((rc = sp_real(r, 1, "value", NAN, &p->value)) < 0)
        return rc;
    if (isnan(p->value))
        return sp_fail(r, "parameter '%.200s' has no value; expected a "
                          "number",
                       p->name);
    return sp_uncertainty(r, 2, p->value, &p->uncertainty);
}

int sp_uncertainty(sp_reader *r, size_t k, double amount,
                   mb_lci_uncertainty *u)
{
    const char *kind = sp_field(&r->in, k);
    double a, lo, hi;
    char shown[96];
    int rc;

    memset(u, 0, sizeof *u);
    if (!*kind || !strcasecmp(kind, "Undefined"))
        return 0;
    if ((rc = sp_real(r, k + 1, "uncertainty", 0, &a)) < 0 ||
        (rc = sp_real(r, k + 2, "minimum", 0, &lo)) < 0 ||
        (rc = sp_real(r, k + 3, "maximum", 0, &hi)) < 0)
        return rc;
    if (!strcasecmp(kind, "Lognormal")) {
        if (a > 1 && amount != 0) /* sd^2 <= 1: no spread, or nonsense */
            *u = (mb_lci_uncertainty){MB_DIST_LOGNORMAL,
                                      {amount, sqrt(a), 0}};
    } else if (!strcasecmp(kind, "Normal")) {
        if (a > 0)
            *u = (mb_lci_uncertainty){MB_DIST_NORMAL, {amount, a / 2, 0}};
    } else if (!strcasecmp(kind, "Triangle")) {
        if (lo <= amount && amount <= hi && lo < hi)
            *u = (mb_lci_uncertainty){MB_DIST_TRIANGLE, {lo, amount, hi}};
    } else if (!strcasecmp(kind, "Uniform")) {
        if (lo < hi)
            *u = (mb_lci_uncertainty){MB_DIST_UNIFORM, {lo, hi, 0}};
    } else {
        return sp_fail(r, "uncertainty distribution %s of '%.200s': "
                          "expected Undefined, Lognormal, Normal, Triangle "
                          "or Uniform",
                       sp_shown(r, k, shown, sizeof shown),
                       sp_field(&r->in, 0));
    }
    return 0;
}

void sp_uncertainty_scale(mb_lci_uncertainty *u, double f)
{
    mb_lci_uncertainty scaled;

    mb_lci_uncertainty_scale(u, f, &scaled);
    *u = scaled;
}

const char *sp_formula_times(sp_reader *r, const char *f, double k)
{
    return !f || k == 1 ? f : sp_keepf(r, "(%s)*%.17g", f, k);
}
