/*
 * params.c - a scope of named parameters, each a value or a formula,
 * evaluated in dependency order by depth-first search (Tarjan 1976,
 * "Edge-disjoint spanning trees and depth-first search": a node met again
 * while still on the path closes a cycle, and the path names it). Process
 * scopes sit on a global scope, as in openLCA and ecoinvent.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/core.h"
#include "metabol/formula.h"
#include "model/formula_internal.h"

enum { UNSEEN, ON_PATH, DONE };

typedef struct param {
    char *name;          /* lower-cased */
    mb_formula *formula; /* NULL for a value */
    double value;
    int state;
} param;

struct mb_params {
    const mb_params *parent;
    param *items;
    size_t count, cap;
};

int mb_params_new(mb_params **out, const mb_params *parent)
{
    *out = mb_calloc(1, sizeof **out);
    if (!*out)
        return MB_ENOMEM;
    (*out)->parent = parent;
    return 0;
}

void mb_params_free(mb_params *p)
{
    size_t k;

    if (!p)
        return;
    for (k = 0; k < p->count; k++) {
        mb_free(p->items[k].name);
        mb_formula_free(p->items[k].formula);
    }
    mb_free(p->items);
    mb_free(p);
}

/*
 * Names compare case-insensitively and without surrounding blanks: openLCA
 * databases (USLCI) hold parameters named "h2o_Lead " that formulas call
 * "h2o_Lead".
 */
static void trim(const char **name, size_t *len)
{
    const char *s = *name;
    size_t n = strlen(s);

    while (n && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    *name = s;
    *len = n;
}

int mb_params_name_equal(const char *a, const char *b)
{
    size_t la, lb;

    trim(&a, &la);
    trim(&b, &lb);
    return la == lb && strncasecmp(a, b, la) == 0;
}

static param *find(const mb_params *p, const char *name)
{
    size_t k, len;

    trim(&name, &len);
    for (k = 0; k < p->count; k++)
        if (strlen(p->items[k].name) == len &&
            strncasecmp(p->items[k].name, name, len) == 0)
            return &p->items[k];
    return NULL;
}

/* The entry for name, created when new; NULL on out of memory. */
static param *entry(mb_params *p, const char *name)
{
    param *e = find(p, name);
    size_t k, len;

    if (e)
        return e;
    if (p->count == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 16;
        param *ni = mb_realloc(p->items, cap * sizeof *ni);

        if (!ni)
            return NULL;
        p->items = ni;
        p->cap = cap;
    }
    e = &p->items[p->count];
    memset(e, 0, sizeof *e);
    trim(&name, &len);
    if (!(e->name = mb_malloc(len + 1)))
        return NULL;
    for (k = 0; k < len; k++)
        e->name[k] = (char)(name[k] >= 'A' && name[k] <= 'Z'
                                ? name[k] - 'A' + 'a'
                                : name[k]);
    e->name[len] = '\0';
    p->count++;
    return e;
}

int mb_params_set_value(mb_params *p, const char *name, double value)
{
    param *e = entry(p, name);

    if (!e)
        return MB_ENOMEM;
    mb_formula_free(e->formula);
    e->formula = NULL;
    e->value = value;
    e->state = DONE;
    return 0;
}

int mb_params_set_formula(mb_params *p, const char *name, const char *text)
{
    mb_formula *f;
    param *e;
    int rc = mb_formula_parse(&f, text);

    if (rc < 0)
        return mb_error_prefix("parameter '%s'", name);
    if (!(e = entry(p, name))) {
        mb_formula_free(f);
        return MB_ENOMEM;
    }
    mb_formula_free(e->formula);
    e->formula = f;
    e->state = UNSEEN;
    return 0;
}

int mb_params_get(const mb_params *p, const char *name, double *value)
{
    for (; p; p = p->parent) {
        const param *e = find(p, name);

        if (e && e->state == DONE) {
            *value = e->value;
            return 0;
        }
        if (e)
            return mb_error_set(MB_EINVAL,
                                "parameter '%s' is not evaluated yet", name);
    }
    return MB_ENOTFOUND;
}

int mb_params_lookup(void *params, const char *name, double *value)
{
    return mb_params_get(params, name, value);
}

/* The path of the search, to name a cycle. */
typedef struct path {
    size_t *at;
    size_t depth;
} path;

static int cycle_error(const mb_params *p, const path *pa, size_t closing)
{
    char text[600];
    size_t used = 0, k, from = 0;

    for (k = 0; k < pa->depth; k++)
        if (pa->at[k] == closing)
            from = k;
    for (k = from; k < pa->depth && used < sizeof text; k++)
        used += (size_t)snprintf(text + used, sizeof text - used, "%s -> ",
                                 p->items[pa->at[k]].name);
    if (used < sizeof text)
        snprintf(text + used, sizeof text - used, "%s", p->items[closing].name);
    return mb_error_set(MB_EFORMAT,
                        "parameters depend on each other in a "
                        "cycle: %s",
                        text);
}

static int visit(mb_params *p, size_t i, path *pa)
{
    param *e = &p->items[i];
    size_t k;
    int rc;

    if (e->state == DONE)
        return 0;
    if (e->state == ON_PATH)
        return cycle_error(p, pa, i);
    e->state = ON_PATH;
    pa->at[pa->depth++] = i;
    for (k = 0; k < mb_formula_name_count(e->formula); k++) {
        param *dep = find(p, mb_formula_name(e->formula, k));

        if (dep && (rc = visit(p, (size_t)(dep - p->items), pa)) < 0)
            return rc;
    }
    pa->depth--;
    rc = mb_formula_eval(p->items[i].formula, mb_params_lookup, p,
                         &p->items[i].value);
    if (rc < 0)
        return mb_error_prefix("parameter '%s'", p->items[i].name);
    p->items[i].state = DONE;
    return 0;
}

int mb_params_evaluate(mb_params *p)
{
    path pa = {NULL, 0};
    size_t k;
    int rc = 0;

    for (k = 0; k < p->count; k++) /* a redefinition evaluates again */
        if (p->items[k].formula)
            p->items[k].state = UNSEEN;
    pa.at = mb_alloc_array(p->count + 1, sizeof *pa.at);
    if (!pa.at)
        return MB_ENOMEM;
    for (k = 0; k < p->count && rc == 0; k++)
        rc = visit(p, k, &pa);
    mb_free(pa.at);
    return rc;
}
