/*
 * ilcd_xml.c - the conventions every ILCD data set follows (ILCD format
 * 1.1, schemas ILCD_Common_Groups.xsd and ILCD_Common_DataTypes.xsd):
 * texts indented inside their elements and given in several languages
 * (xml:lang), references by refObjectId, the UUID in
 * dataSetInformation, names made of parts, classifications by level, and
 * the uncertainty fields of exchanges, parameters and factors. See
 * ilcd_internal.h.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "formats/ilcd_internal.h"
#include "formats/xml.h"

void *ilcd_push(ilcd_vec *v, size_t size)
{
    char *at;

    if (v->n == v->cap) {
        size_t cap = v->cap ? 2 * v->cap : 16;
        void *p = mb_alloc_array(cap, size);

        if (!p)
            return NULL;
        if (v->n)
            memcpy(p, v->p, v->n * size);
        mb_free(v->p);
        v->p = p;
        v->cap = cap;
    }
    at = (char *)v->p + v->n++ * size;
    memset(at, 0, size);
    return at;
}

void ilcd_vec_free(ilcd_vec *v)
{
    mb_free(v->p);
    memset(v, 0, sizeof *v);
}

int ilcd_fail(const ilcd_reader *r, const xmlNode *n, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = mb_xml_vfail(r->file, n, fmt, ap);
    va_end(ap);
    return rc;
}

int ilcd_fail_code(const ilcd_reader *r, int code, const xmlNode *n,
                   const char *fmt, ...)
{
    char msg[400];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return mb_error_set(code, "%s: line %ld: %s", r->file,
                        n ? xmlGetLineNo(n) : 0L, msg);
}

int ilcd_sink_rc(const ilcd_reader *r, int rc)
{
    if (rc < 0 && rc != MB_ENOMEM)
        mb_error_prefix("%s", r->file);
    return rc;
}

static int blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Append s to out (at *o), white space runs made one space. */
static void squeeze(char *out, size_t *o, int *space, const char *s)
{
    for (; *s; s++) {
        if (blank(*s)) {
            *space = *o > 0;
            continue;
        }
        if (*space)
            out[(*o)++] = ' ';
        *space = 0;
        out[(*o)++] = *s;
    }
}

/* Keep s (mb_malloc'ed, or NULL when empty) for the current data set. */
static const char *pool_keep(ilcd_reader *r, char *s, size_t len)
{
    char **slot;

    if (len == 0) {
        mb_free(s);
        return NULL;
    }
    s[len] = '\0';
    if (!(slot = ilcd_push(&r->pool, sizeof *slot))) {
        mb_free(s);
        return NULL;
    }
    *slot = s;
    return s;
}

const char *ilcd_strdup(ilcd_reader *r, const char *s)
{
    size_t len = strlen(s);
    char *copy = mb_malloc(len + 1);

    if (!copy)
        return NULL;
    memcpy(copy, s, len);
    return pool_keep(r, copy, len);
}

const char *ilcd_printf(ilcd_reader *r, const char *fmt, ...)
{
    va_list ap;
    char *s;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !(s = mb_malloc((size_t)n + 1)))
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return pool_keep(r, s, (size_t)n);
}

void ilcd_pool_clear(ilcd_reader *r)
{
    char **s = r->pool.p;
    size_t k;

    for (k = 0; k < r->pool.n; k++)
        mb_free(s[k]);
    r->pool.n = 0;
}

const char *ilcd_text(ilcd_reader *r, const xmlNode *n)
{
    const xmlNode *c;
    size_t len = 0, o = 0;
    int space = 0;
    char *s;

    for (c = n ? n->children : NULL; c; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
            c->content)
            len += strlen((const char *)c->content);
    if (len == 0 || !(s = mb_malloc(len + 1)))
        return NULL;
    for (c = n->children; c; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
            c->content)
            squeeze(s, &o, &space, (const char *)c->content);
    return pool_keep(r, s, o);
}

const char *ilcd_attr(ilcd_reader *r, const xmlNode *n, const char *name)
{
    const char *v = mb_xml_attr(n, name);
    size_t o = 0;
    int space = 0;
    char *s;

    if (!v || !*v || !(s = mb_malloc(strlen(v) + 1)))
        return NULL;
    squeeze(s, &o, &space, v);
    return pool_keep(r, s, o);
}

const char *ilcd_lang_text(ilcd_reader *r, const xmlNode *n,
                           const char *name)
{
    const xmlNode *c;
    const char *first = NULL;

    for (c = n ? n->children : NULL; c; c = c->next) {
        const char *t, *lang;

        if (!mb_xml_is(c, name) || !(t = ilcd_text(r, c)))
            continue;
        lang = mb_xml_attr(c, "lang");
        if (lang && strcasecmp(lang, "en") == 0)
            return t;
        if (!first)
            first = t;
    }
    return first;
}

int ilcd_number(ilcd_reader *r, const xmlNode *n, const char *what,
                double def, double *out)
{
    const char *s;
    char *end;

    *out = def;
    if (!n)
        return 0;
    if (!(s = ilcd_text(r, n)))
        return ilcd_fail(r, n, "%s is empty: expected a number", what);
    errno = 0;
    *out = strtod(s, &end);
    if (end == s || *end || !isfinite(*out))
        return ilcd_fail(r, n, "%s '%s': expected a number", what, s);
    return 0;
}

int ilcd_internal_id(const ilcd_reader *r, const xmlNode *n,
                     const char *what, const char *s, int64_t *out)
{
    char *end;
    long long v;

    *out = -1;
    if (!s)
        return ilcd_fail(r, n, "no %s: expected a whole number", what);
    errno = 0;
    v = strtoll(s, &end, 10);
    if (end == s || *end || errno == ERANGE || v < 0 ||
        v > (1LL << 53))
        return ilcd_fail(r, n, "%s '%s': expected a whole number from 0",
                         what, s);
    *out = (int64_t)v;
    return 0;
}

const char *ilcd_ref(ilcd_reader *r, const xmlNode *n)
{
    return ilcd_attr(r, n, "refObjectId");
}

int ilcd_uuid(ilcd_reader *r, const xmlNode *info, const char *type,
              const char **id)
{
    const xmlNode *dsi = mb_xml_child(info, "dataSetInformation");

    *id = ilcd_text(r, mb_xml_child(dsi, "UUID"));
    if (!*id)
        return ilcd_fail(r, dsi ? dsi : info,
                         "%s data set without dataSetInformation/UUID", type);
    return 0;
}

const char *ilcd_name(ilcd_reader *r, const xmlNode *name)
{
    static const char *const parts[] = {
        "baseName", "treatmentStandardsRoutes", "mixAndLocationTypes",
        "flowProperties", "functionalUnitFlowProperties", NULL};
    const char *text[5];
    size_t len = 0, k, n = 0;
    char *s;

    for (k = 0; parts[k]; k++)
        if ((text[n] = ilcd_lang_text(r, name, parts[k])) != NULL)
            len += strlen(text[n++]) + 2;
    if (n == 0 || !(s = mb_malloc(len + 1)))
        return NULL;
    len = 0;
    for (k = 0; k < n; k++) {
        size_t l = strlen(text[k]);

        if (k > 0) {
            memcpy(s + len, "; ", 2);
            len += 2;
        }
        memcpy(s + len, text[k], l);
        len += l;
    }
    return pool_keep(r, s, len);
}

typedef struct level_text {
    long level;
    const char *text;
} level_text;

/* The classification to read: the one named ILCD or unnamed, else the
 * first. */
static const xmlNode *pick_classification(const xmlNode *ci)
{
    const xmlNode *c, *first = NULL;

    for (c = ci ? ci->children : NULL; c; c = c->next) {
        const char *name;

        if (!mb_xml_is(c, "classification"))
            continue;
        name = mb_xml_attr(c, "name");
        if (!name || strcasecmp(name, "ILCD") == 0)
            return c;
        if (!first)
            first = c;
    }
    return first;
}

const char *ilcd_category(ilcd_reader *r, const xmlNode *dsi)
{
    const xmlNode *ci = mb_xml_child(dsi, "classificationInformation");
    const xmlNode *sys = mb_xml_child(ci, "elementaryFlowCategorization");
    const char *item = "category";
    const xmlNode *c;
    level_text *lt;
    size_t k, j, len = 0;
    char *s;

    if (!sys) {
        sys = pick_classification(ci);
        item = "class";
    }
    r->classes.n = 0;
    for (c = sys ? sys->children : NULL; c; c = c->next) {
        const char *t, *level;
        level_text *e;

        if (!mb_xml_is(c, item) || !(t = ilcd_text(r, c)))
            continue;
        if (!(e = ilcd_push(&r->classes, sizeof *e)))
            return NULL;
        level = mb_xml_attr(c, "level");
        e->level = level ? strtol(level, NULL, 10) : (long)r->classes.n;
        e->text = t;
        len += strlen(t) + 1;
    }
    lt = r->classes.p;
    for (k = 1; k < r->classes.n; k++) { /* by level, stable */
        level_text t = lt[k];

        for (j = k; j > 0 && lt[j - 1].level > t.level; j--)
            lt[j] = lt[j - 1];
        lt[j] = t;
    }
    if (r->classes.n == 0 || !(s = mb_malloc(len + 1)))
        return NULL;
    len = 0;
    for (k = 0; k < r->classes.n; k++) {
        size_t l = strlen(lt[k].text);

        if (k > 0)
            s[len++] = '/';
        memcpy(s + len, lt[k].text, l);
        len += l;
    }
    return pool_keep(r, s, len);
}

/*
 * ILCD_ProcessDataSet.xsd, relativeStandardDeviation95In: "For log-normal
 * distribution the square of the geometric standard deviation (SDg^2) is
 * stated [...] For normal distribution the doubled standard deviation
 * value (2*SD) is entered", a percentage of the mean (type Perc). So the
 * geometric sd is sqrt(value), and the sd |mean| * value / 200; a
 * triangle's mode is the mean value. Parameters go over as the data gives
 * them, also when missing or impossible (a geometric sd below 1, bounds
 * out of order, a mode outside them): the compiler reports those when a
 * Monte Carlo run asks for them.
 */
int ilcd_uncertainty(ilcd_reader *r, const xmlNode *x, double mean,
                     const char *min_name, const char *max_name,
                     mb_lci_uncertainty *u)
{
    const xmlNode *type = mb_xml_child(x, "uncertaintyDistributionType");
    const xmlNode *rsd = mb_xml_child(x, "relativeStandardDeviation95In");
    const xmlNode *lo = mb_xml_child(x, min_name);
    const xmlNode *hi = mb_xml_child(x, max_name);
    const char *t = ilcd_text(r, type);
    double v, a, b;
    int rc;

    memset(u, 0, sizeof *u);
    if (!t || strcmp(t, "undefined") == 0)
        return 0;
    if (strcmp(t, "log-normal") == 0 || strcmp(t, "normal") == 0) {
        if ((rc = ilcd_number(r, rsd, "relativeStandardDeviation95In", NAN,
                              &v)) < 0)
            return rc;
        u->type = t[0] == 'l' ? MB_DIST_LOGNORMAL : MB_DIST_NORMAL;
        u->p[0] = mean;
        u->p[1] = t[0] == 'l' ? (v < 0 ? -sqrt(-v) : sqrt(v))
                              : fabs(mean) * v / 200.0;
        return 0;
    }
    if (strcmp(t, "triangular") != 0 && strcmp(t, "uniform") != 0)
        return ilcd_fail(r, type,
                         "uncertaintyDistributionType '%s': expected "
                         "undefined, log-normal, normal, triangular or "
                         "uniform",
                         t);
    if ((rc = ilcd_number(r, lo, min_name, NAN, &a)) < 0 ||
        (rc = ilcd_number(r, hi, max_name, NAN, &b)) < 0)
        return rc;
    u->type = t[0] == 't' ? MB_DIST_TRIANGLE : MB_DIST_UNIFORM;
    u->p[0] = a;
    u->p[1] = t[0] == 't' ? mean : b;
    u->p[2] = t[0] == 't' ? b : 0;
    return 0;
}

int ilcd_keep_id(ilcd_reader *r, const char *s, int64_t *index)
{
    const char *kept = mb_strmap_intern(&r->keep, s);
    const char **slot;

    if (!kept || !(slot = ilcd_push(&r->kept_ids, sizeof *slot)))
        return MB_ENOMEM;
    *slot = kept;
    *index = (int64_t)r->kept_ids.n - 1;
    return 0;
}
