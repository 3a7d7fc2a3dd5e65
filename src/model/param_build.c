/*
 * param_build.c - the parametric model of a system (param_model.h), built
 * while the compiler fills its matrices.
 *
 * Parameters. The global parameters, then each process's, are read as
 * amounts.c evaluates them: names trimmed and case-insensitive, a later
 * definition of a name replacing an earlier one, the scenario overrides
 * (a global of that name, else that name in every process) turning a
 * parameter into a fixed value, a process's names shadowing the globals.
 * A parameter is drawn when it has a distribution that describes one
 * (mb_lci_uncertainty_scale keeps it) and is not overridden; a drawn
 * parameter with a formula is drawn all the same, as openLCA binds the
 * draw over the formula (ParameterTable.simulate). A parameter is
 * affected when it is drawn or its formula names an affected one.
 *
 * Formulas. An exchange or allocation factor formula that names an
 * affected parameter varies; the compiler tracks each triplet it makes
 * from such an exchange (and keeps its place when it is 0 at the
 * parameters' values). Once the matrices are compressed, every nonzero
 * with a tracked triplet becomes an entry whose terms are all its
 * triplets in order: tracked ones recomputed, the others constants.
 *
 * Only what the entries need is kept: their formulas, the affected
 * parameters these name (and, for a computed one, those its formula
 * names), the drawn ones first in data order, then the computed ones in
 * dependency order (depth-first, as params.c orders them); every other
 * name becomes the constant it was compiled with.
 */
#include <stdio.h>
#include <string.h>

#include "model/formula_internal.h"
#include "model/param_model_internal.h"

enum { UNSEEN, ON_PATH, DONE };

typedef struct bparam {
    const char *name;     /* trimmed, lower-cased: the map's copy */
    int64_t scope;        /* process index, -1 for a global */
    mb_formula *f;        /* NULL: a value */
    int64_t *ref;         /* per name of f: parameter, or UNKNOWN */
    mb_lci_uncertainty u; /* MB_DIST_NONE unless drawn */
    unsigned char state, affected, needed;
    int64_t slot;
} bparam;

/* An exchange's or allocation factor's formula. */
typedef struct bformula {
    mb_formula *f;
    int64_t *ref;
    size_t process, number; /* number: 1-based, among its process's */
    int alloc;              /* an allocation factor's */
    int64_t index;          /* among the model's term formulas, or -1 */
} bformula;

/* A tracked triplet. */
typedef struct btrack {
    int64_t at, alloc;
    size_t e;
    double unit, share;
    int neg;
} btrack;

struct mb_pm_builder {
    const mb_lcidb *db;
    mb_dist_issues *issues; /* invalid parameter distributions, or NULL */
    int uncertainty; /* draw the distributions of exchanges too */
    bparam *p;
    double *val; /* per parameter: its value */
    size_t np, capp, capv;
    mb_strmap index; /* "scope:name" -> parameter */
    char *key;
    size_t keycap;
    bformula *fs;
    size_t nf, capf;
    int64_t *ex_formula, *alloc_formula; /* into fs, or -1 */
    unsigned char *ex_varies, *alloc_varies;
    btrack *track[2];
    size_t ntrack[2], captrack[2];
};

/* A name or id for a message ("" when the data has none). */
static const char *label(const char *s)
{
    return s ? s : "";
}

/* The map key of (scope, name): name trimmed and lower-cased. */
static int make_key(mb_pm_builder *b, int64_t scope, const char *name,
                    const char **trimmed)
{
    size_t n, k, len = strlen(name) + 32;
    int at;

    while (*name == ' ' || *name == '\t')
        name++;
    n = strlen(name);
    while (n && (name[n - 1] == ' ' || name[n - 1] == '\t'))
        n--;
    if (len > b->keycap) {
        char *nk = mb_realloc(b->key, len);

        if (!nk)
            return MB_ENOMEM;
        b->key = nk;
        b->keycap = len;
    }
    at = snprintf(b->key, b->keycap, "%lld:", (long long)scope);
    for (k = 0; k < n; k++)
        b->key[at + (int)k] =
            (char)(name[k] >= 'A' && name[k] <= 'Z' ? name[k] - 'A' + 'a'
                                                    : name[k]);
    b->key[at + (int)n] = '\0';
    if (trimmed)
        *trimmed = b->key + at;
    return 0;
}

/* The parameter `name` of scope into *i, -1 when there is none. */
static int find(mb_pm_builder *b, int64_t scope, const char *name, int64_t *i)
{
    int rc = make_key(b, scope, name, NULL);

    if (rc == 0 && !mb_strmap_get(&b->index, b->key, i))
        *i = -1;
    return rc;
}

/* The parameter `name` of scope into *i, made when new (a value of 0). */
static int entry(mb_pm_builder *b, int64_t scope, const char *name, int64_t *i)
{
    const char *stored;
    bparam *e;
    int rc = find(b, scope, name, i);

    if (rc < 0 || *i >= 0)
        return rc;
    if ((rc = mb_reserve((void **)&b->p, &b->capp, b->np + 1, sizeof *b->p,
                         64)) < 0 ||
        (rc = mb_reserve((void **)&b->val, &b->capv, b->np + 1, sizeof *b->val,
                         64)) < 0 ||
        (rc = mb_strmap_add(&b->index, b->key, (int64_t)b->np, &stored)) < 0)
        return rc;
    e = &b->p[b->np];
    memset(e, 0, sizeof *e);
    e->name = strchr(stored, ':') + 1;
    e->scope = scope;
    e->slot = -1;
    b->val[b->np] = 0;
    *i = (int64_t)b->np++;
    return 0;
}

/* Parameter i becomes a value (with distribution u, may be NULL). */
static void set_value(mb_pm_builder *b, int64_t i, double value,
                      const mb_lci_uncertainty *u)
{
    bparam *e = &b->p[i];

    mb_formula_free(e->f);
    mb_free(e->ref);
    e->f = NULL;
    e->ref = NULL;
    b->val[i] = value;
    mb_lci_uncertainty_scale(u, 1.0, &e->u);
}

static int define(mb_pm_builder *b, int64_t scope, const mb_lci_parameter *p)
{
    const mb_lcidb *db = b->db;
    int64_t i, key;
    int rc = entry(b, scope, p->name, &i);

    if (rc < 0)
        return rc;
    /* an invalid distribution is counted as the exchanges' are (keys
     * below 0: the compiler's are exchange and factor indices) */
    key = scope < 0 ? -1 - (int64_t)(p - db->globals)
                    : -1 - (int64_t)db->nglobals - (int64_t)(p - db->params);
    if (b->issues &&
        (rc = scope < 0
                  ? mb_dist_issue(b->issues, key, &p->uncertainty,
                                  "global parameter '%s'", p->name)
                  : mb_dist_issue(b->issues, key, &p->uncertainty,
                                  "process '%s' (%s): parameter '%s'",
                                  label(db->processes[scope].rec.name),
                                  label(db->processes[scope].rec.id),
                                  p->name)) < 0)
        return rc;
    set_value(b, i, p->value, &p->uncertainty);
    if (p->formula && (rc = mb_formula_parse(&b->p[i].f, p->formula)) < 0)
        return mb_error_prefix("parameter '%s'", p->name);
    return 0;
}

/*
 * Overrides of the parameters params[0..n-1] of scope, as amounts.c
 * applies them: used[j] 2 marks an override a global took.
 */
static int override(mb_pm_builder *b, int64_t scope,
                    const mb_lci_parameter *params, size_t n,
                    const mb_compile_options *o, unsigned char *used)
{
    size_t j, k;
    int64_t i;
    int rc;

    for (j = 0; j < o->noverrides; j++)
        for (k = 0; used[j] != 2 && k < n; k++)
            if (mb_params_name_equal(params[k].name, o->overrides[j].name)) {
                if ((rc = entry(b, scope, o->overrides[j].name, &i)) < 0)
                    return rc;
                set_value(b, i, o->overrides[j].value, NULL);
                used[j] = 1;
            }
    return 0;
}

/* ref[k] for each name of f, seen from scope: its own, else a global. */
static int resolve(mb_pm_builder *b, const mb_formula *f, int64_t scope,
                   int64_t **out)
{
    size_t k, n = mb_formula_name_count(f);
    int64_t *ref = mb_alloc_array(n + 1, sizeof *ref), i = -1;
    int rc = 0;

    if (!(*out = ref))
        return MB_ENOMEM;
    for (k = 0; rc == 0 && k < n; k++) {
        const char *name = mb_formula_name(f, k);

        if (scope >= 0)
            rc = find(b, scope, name, &i);
        if (rc == 0 && (scope < 0 || i < 0))
            rc = find(b, -1, name, &i);
        ref[k] = i >= 0 ? i : MB_FORMULA_UNKNOWN;
    }
    return rc;
}

/* Parameters read as amounts.c reads them (see there). */
static int read_parameters(mb_pm_builder *b, const mb_compile_options *o)
{
    const mb_lcidb *db = b->db;
    unsigned char *used = mb_calloc(o->noverrides + 1, 1);
    size_t k, j;
    int rc = 0;

    if (!used)
        return MB_ENOMEM;
    for (k = 0; rc == 0 && k < db->nglobals; k++)
        rc = define(b, -1, &db->globals[k]);
    if (rc == 0)
        rc = override(b, -1, db->globals, db->nglobals, o, used);
    for (j = 0; j < o->noverrides; j++)
        if (used[j])
            used[j] = 2;
    for (k = 0; rc == 0 && k < db->nprocesses; k++) {
        const db_process *p = &db->processes[k];

        for (j = 0; rc == 0 && j < p->par.n; j++)
            rc = define(b, (int64_t)k, &db->params[p->par.start + j]);
        if (rc == 0 && p->par.n)
            rc = override(b, (int64_t)k, db->params + p->par.start, p->par.n, o,
                          used);
    }
    for (k = 0; rc == 0 && k < b->np; k++)
        if (b->p[k].f)
            rc = resolve(b, b->p[k].f, b->p[k].scope, &b->p[k].ref);
    mb_free(used);
    return rc;
}

/* Evaluate parameter i after what it names; mark it affected. */
static int visit(mb_pm_builder *b, int64_t i)
{
    bparam *e = &b->p[i];
    size_t k, n;
    int rc;

    if (e->state == DONE)
        return 0;
    if (e->state == ON_PATH)
        return mb_error_set(MB_EFORMAT,
                            "parameters depend on each other "
                            "in a cycle through '%s'",
                            e->name);
    e->state = ON_PATH;
    e->affected = e->u.type != MB_DIST_NONE;
    n = e->f ? mb_formula_name_count(e->f) : 0;
    for (k = 0; k < n; k++) {
        int64_t r = e->ref[k];

        if (r < 0)
            continue;
        if ((rc = visit(b, r)) < 0)
            return rc;
        e = &b->p[i];
        e->affected |= b->p[r].affected;
    }
    if (e->f && (rc = mb_formula_eval_slots(e->f, e->ref, NULL, b->val,
                                            &b->val[i])) < 0)
        return mb_error_prefix("parameter '%s'", e->name);
    e->state = DONE;
    return 0;
}

/* Whether a formula with these refs names an affected parameter. */
static int names_affected(const mb_pm_builder *b, const mb_formula *f,
                          const int64_t *ref)
{
    size_t k;

    for (k = 0; k < mb_formula_name_count(f); k++)
        if (ref[k] >= 0 && b->p[ref[k]].affected)
            return 1;
    return 0;
}

/*
 * The formula `text` of process `process` bound, into fs (its index in
 * *at) when it varies or `always`; else *at is -1.
 */
static int add_formula(mb_pm_builder *b, const char *text, size_t process,
                       size_t number, int alloc, int always, int64_t *at)
{
    bformula g;
    int rc;

    *at = -1;
    memset(&g, 0, sizeof g);
    if ((rc = mb_formula_parse(&g.f, text)) < 0 ||
        (rc = resolve(b, g.f, (int64_t)process, &g.ref)) < 0)
        goto fail;
    if (!always && !names_affected(b, g.f, g.ref)) {
        rc = 0;
        goto fail;
    }
    if ((rc = mb_reserve((void **)&b->fs, &b->capf, b->nf + 1, sizeof *b->fs,
                         64)) < 0)
        goto fail;
    g.process = process;
    g.number = number;
    g.alloc = alloc;
    g.index = -1;
    b->fs[b->nf] = g;
    *at = (int64_t)b->nf++;
    return 0;
fail:
    mb_formula_free(g.f);
    mb_free(g.ref);
    return rc;
}

/*
 * The formulas of process i that vary: its allocation factors', then its
 * exchanges' (all of them when a factor varies: a varying share times a
 * fixed formula is recomputed from the formula).
 */
static int read_formulas(mb_pm_builder *b, size_t i)
{
    const mb_lcidb *db = b->db;
    const db_process *p = &db->processes[i];
    int any = 0, rc;
    size_t k;

    for (k = 0; k < p->alloc.n; k++) {
        size_t a = p->alloc.start + k;

        if (db->allocs[a].formula &&
            (rc = add_formula(b, db->allocs[a].formula, i, k + 1, 1, 0,
                              &b->alloc_formula[a])) < 0)
            return rc;
        any |= b->alloc_varies[a] = b->alloc_formula[a] >= 0;
    }
    for (k = 0; k < p->ex.n; k++) {
        size_t e = p->ex.start + k;

        if (db->exchanges[e].formula &&
            (rc = add_formula(b, db->exchanges[e].formula, i, k + 1, 0, any,
                              &b->ex_formula[e])) < 0)
            return rc;
        b->ex_varies[e] = b->ex_formula[e] >= 0 &&
                          names_affected(b, b->fs[b->ex_formula[e]].f,
                                         b->fs[b->ex_formula[e]].ref);
    }
    return 0;
}

void mb_pm_builder_free(mb_pm_builder *b)
{
    size_t k;

    if (!b)
        return;
    for (k = 0; k < b->np; k++) {
        mb_formula_free(b->p[k].f);
        mb_free(b->p[k].ref);
    }
    for (k = 0; k < b->nf; k++) {
        mb_formula_free(b->fs[k].f);
        mb_free(b->fs[k].ref);
    }
    mb_free(b->p);
    mb_free(b->val);
    mb_free(b->fs);
    mb_free(b->key);
    mb_strmap_destroy(&b->index);
    mb_free(b->ex_formula);
    mb_free(b->alloc_formula);
    mb_free(b->ex_varies);
    mb_free(b->alloc_varies);
    mb_free(b->track[0]);
    mb_free(b->track[1]);
    mb_free(b);
}

int mb_pm_builder_new(mb_pm_builder **out, const mb_lcidb *db,
                      const mb_compile_options *o, mb_dist_issues *issues)
{
    mb_pm_builder *b = mb_calloc(1, sizeof *b);
    size_t k, any = 0;
    int rc;

    *out = NULL;
    if (!b)
        return MB_ENOMEM;
    b->db = db;
    b->issues = o->uncertainty ? issues : NULL;
    b->uncertainty = o->uncertainty;
    b->ex_formula = mb_alloc_array(db->nexchanges + 1, sizeof *b->ex_formula);
    b->alloc_formula =
        mb_alloc_array(db->nallocs + 1, sizeof *b->alloc_formula);
    b->ex_varies = mb_calloc(db->nexchanges + 1, 1);
    b->alloc_varies = mb_calloc(db->nallocs + 1, 1);
    if (!b->ex_formula || !b->alloc_formula || !b->ex_varies ||
        !b->alloc_varies || mb_strmap_init(&b->index, 64) < 0) {
        rc = MB_ENOMEM;
        goto fail;
    }
    for (k = 0; k < db->nexchanges; k++)
        b->ex_formula[k] = -1;
    for (k = 0; k < db->nallocs; k++)
        b->alloc_formula[k] = -1;
    if ((rc = read_parameters(b, o)) < 0)
        goto fail;
    for (k = 0; k < b->np; k++) {
        if ((rc = visit(b, (int64_t)k)) < 0)
            goto fail;
        any |= b->p[k].affected;
    }
    for (k = 0; any && k < db->nprocesses; k++)
        if ((rc = read_formulas(b, k)) < 0) {
            mb_error_prefix("process '%s' (%s)",
                            label(db->processes[k].rec.name),
                            label(db->processes[k].rec.id));
            goto fail;
        }
    for (k = 0, any = 0; k < b->nf && !any; k++)
        any = names_affected(b, b->fs[k].f, b->fs[k].ref);
    if (!any) {
        mb_pm_builder_free(b);
        return 0;
    }
    *out = b;
    return 0;
fail:
    mb_pm_builder_free(b);
    return rc;
}

int mb_pm_builder_varies(const mb_pm_builder *b, size_t e, int64_t alloc)
{
    return b && (b->ex_varies[e] || (alloc >= 0 && b->alloc_varies[alloc]));
}

int mb_pm_builder_track(mb_pm_builder *b, int matrix, int64_t at, size_t e,
                        double unit, int64_t alloc, double share, int neg)
{
    btrack *t;

    if (!mb_pm_builder_varies(b, e, alloc))
        return 0;
    if (mb_reserve((void **)&b->track[matrix], &b->captrack[matrix],
                   b->ntrack[matrix] + 1, sizeof *b->track[matrix], 256) < 0)
        return MB_ENOMEM;
    t = &b->track[matrix][b->ntrack[matrix]++];
    t->at = at;
    t->e = e;
    t->unit = unit;
    t->alloc = alloc >= 0 && b->alloc_formula[alloc] >= 0 ? alloc : -1;
    t->share = share;
    t->neg = neg;
    return 0;
}

/* ---- the model ------------------------------------------------------ */

/* A growing model under construction. */
typedef struct building {
    mb_pm_builder *b;
    mb_param_model *pm;
    size_t capterms, capnames, cappool;
} building;

/* s appended to the pool, its offset into *at. */
static int pool_add(building *m, const char *s, int64_t *at)
{
    mb_param_model *pm = m->pm;
    size_t n = strlen(s) + 1;

    if (mb_reserve((void **)&pm->pool, &m->cappool, (size_t)pm->pool_len + n, 1,
                   64) < 0)
        return MB_ENOMEM;
    *at = pm->pool_len;
    memcpy(pm->pool + *at, s, n);
    pm->pool_len += (int64_t)n;
    return 0;
}

/* The term formula of fs[i]: its index among the model's, numbered as
 * first used. */
static int64_t term_formula(building *m, int64_t i)
{
    bformula *g;

    if (i < 0)
        return -1;
    g = &m->b->fs[i];
    if (g->index < 0)
        g->index = m->pm->nformulas++;
    return g->index;
}

/* The term of tracked triplet x. */
static void tracked_term(building *m, const btrack *x, pm_term *t)
{
    mb_pm_builder *b = m->b;
    const mb_lci_exchange *e = &b->db->exchanges[x->e];

    memset(t, 0, sizeof *t);
    t->x = term_formula(m, b->ex_formula[x->e]);
    t->amount = e->amount;
    if (t->x < 0 && b->uncertainty) { /* the model draws its own */
        mb_lci_uncertainty_scale(&e->uncertainty, 1.0, &t->u);
        m->pm->namounts += t->u.type != MB_DIST_NONE;
    }
    t->unit = x->unit;
    t->share = term_formula(m, x->alloc >= 0 ? b->alloc_formula[x->alloc] : -1);
    t->share_value = x->share;
    t->neg = x->neg;
}

/* A constant term of value v. */
static void constant_term(pm_term *t, double v)
{
    memset(t, 0, sizeof *t);
    t->x = t->share = -1;
    t->amount = v;
    t->unit = t->share_value = 1;
}

/*
 * Triplets in order into the terms of their entries (room made by a
 * count), a leading constant added to the constant before it as
 * mb_csc_from_coo adds them; then the runs appended to the model's terms.
 */
static int fill_terms(building *m, int matrix, const mb_coo *t,
                      const int64_t *id, const int64_t *pos, pm_entry *e,
                      int64_t n)
{
    mb_param_model *pm = m->pm;
    const btrack *tr = m->b->track[matrix];
    size_t ntr = m->b->ntrack[matrix], r = 0;
    int64_t k, total = 0, at = pm->nterms;
    pm_term *terms;

    for (k = 0; k < t->nnz; k++)
        if (pos[k] >= 0 && id[pos[k]] >= 0)
            e[id[pos[k]]].n++;
    for (k = 0; k < n; k++) {
        e[k].first = total;
        total += e[k].n;
        e[k].n = 0;
    }
    if (!(terms = mb_alloc_array((size_t)total + 1, sizeof *terms)))
        return MB_ENOMEM;
    for (k = 0; k < t->nnz; k++) {
        pm_entry *en;
        pm_term *last;

        while (r < ntr && tr[r].at < k)
            r++;
        if (pos[k] < 0 || id[pos[k]] < 0)
            continue;
        en = &e[id[pos[k]]];
        last = &terms[en->first];
        if (r < ntr && tr[r].at == k)
            tracked_term(m, &tr[r], &terms[en->first + en->n++]);
        else if (en->n == 1 && last->x < 0 && last->share < 0 &&
                 last->u.type == MB_DIST_NONE)
            last->amount += t->val[k];
        else
            constant_term(&terms[en->first + en->n++], t->val[k]);
    }
    if (mb_reserve((void **)&pm->terms, &m->capterms, (size_t)(at + total) + 1,
                   sizeof *pm->terms, 64) < 0) {
        mb_free(terms);
        return MB_ENOMEM;
    }
    for (k = 0; k < n; k++) {
        memcpy(pm->terms + at, terms + e[k].first,
               (size_t)e[k].n * sizeof *terms);
        e[k].first = at;
        at += e[k].n;
    }
    pm->nterms = at;
    mb_free(terms);
    return 0;
}

/*
 * The entries of one matrix a (made from triplets t): the nonzeros with a
 * tracked triplet, in position order.
 */
static int make_entries(building *m, int matrix, const mb_coo *t,
                        const mb_csc *a)
{
    const btrack *tr = m->b->track[matrix];
    size_t ntr = m->b->ntrack[matrix], r;
    int64_t nnz = mb_csc_nnz(a), *id, *pos, k, n = 0;
    pm_entry *e = NULL;
    int rc = MB_ENOMEM;

    id = mb_alloc_array((size_t)nnz + 1, sizeof *id);
    pos = mb_alloc_array((size_t)t->nnz + 1, sizeof *pos);
    if (!id || !pos)
        goto out;
    for (k = 0; k < nnz; k++)
        id[k] = -1;
    for (k = 0; k < t->nnz; k++)
        pos[k] = mb_csc_position(a, t->row[k], t->col[k]);
    for (r = 0; r < ntr; r++)
        if (pos[tr[r].at] >= 0)
            id[pos[tr[r].at]] = 0;
    for (k = 0; k < nnz; k++)
        if (id[k] == 0)
            id[k] = n++;
    if (!(e = mb_calloc((size_t)n + 1, sizeof *e)))
        goto out;
    for (k = 0; k < nnz; k++)
        if (id[k] >= 0)
            e[id[k]].pos = k;
    if ((rc = fill_terms(m, matrix, t, id, pos, e, n)) < 0)
        goto out;
    m->pm->entries[matrix] = e;
    m->pm->nentries[matrix] = n;
    m->pm->nnz[matrix] = nnz;
    e = NULL;
out:
    mb_free(e);
    mb_free(id);
    mb_free(pos);
    return rc;
}

/* Parameter i and the affected ones its formula names are needed. */
static void need(mb_pm_builder *b, int64_t i)
{
    bparam *e = &b->p[i];
    size_t k;

    if (e->needed)
        return;
    e->needed = 1;
    if (e->u.type != MB_DIST_NONE || !e->f)
        return;
    for (k = 0; k < mb_formula_name_count(e->f); k++)
        if (e->ref[k] >= 0 && b->p[e->ref[k]].affected)
            need(b, e->ref[k]);
}

/* Slots of the computed needed parameters after those they name. */
static int order(mb_pm_builder *b, int64_t i, int64_t *next)
{
    bparam *e = &b->p[i];
    size_t k;
    int rc;

    if (e->slot >= 0)
        return 0;
    if (e->state == ON_PATH)
        return mb_error_set(MB_EINTERNAL,
                            "parametric model: a cycle "
                            "through '%s'",
                            e->name);
    e->state = ON_PATH;
    for (k = 0; k < mb_formula_name_count(e->f); k++) {
        int64_t r = e->ref[k];

        if (r >= 0 && b->p[r].needed && (rc = order(b, r, next)) < 0)
            return rc;
    }
    b->p[i].slot = (*next)++;
    b->p[i].state = DONE;
    return 0;
}

/* Formula f (refs ref) bound into the model as formula number `k`. */
static int bind(building *m, size_t k, mb_formula *f, const int64_t *ref,
                const char *where)
{
    mb_pm_builder *b = m->b;
    mb_param_model *pm = m->pm;
    size_t j, n = mb_formula_name_count(f);
    pm_formula *pf = &pm->formulas[k];
    int64_t text, at;
    size_t cap = m->capnames;

    if (pool_add(m, mb_formula_text(f), &text) < 0 ||
        pool_add(m, where, &at) < 0 ||
        mb_reserve((void **)&pm->slot, &cap, (size_t)pm->nnames + n + 1,
                   sizeof *pm->slot, 64) < 0 ||
        mb_reserve((void **)&pm->constant, &m->capnames, cap,
                   sizeof *pm->constant, 64) < 0)
        return MB_ENOMEM;
    pf->text = text;
    pf->where = at;
    pf->first = pm->nnames;
    pf->n = (int64_t)n;
    for (j = 0; j < n; j++) {
        int64_t r = ref[j], s = pm->nnames + (int64_t)j;

        pm->constant[s] = 0;
        if (r < 0)
            pm->slot[s] = MB_FORMULA_UNKNOWN;
        else if (b->p[r].needed)
            pm->slot[s] = b->p[r].slot;
        else {
            pm->slot[s] = MB_FORMULA_CONSTANT;
            pm->constant[s] = b->val[r];
        }
    }
    pm->nnames += (int64_t)n;
    return 0;
}

/* The parameters in slot order and the formulas: computed parameters'
 * first, then the term formulas. */
static int make_parameters(building *m)
{
    mb_pm_builder *b = m->b;
    mb_param_model *pm = m->pm;
    const mb_lcidb *db = b->db;
    int64_t next = 0, i, ndep, total;
    char where[512];
    size_t k;
    int rc;

    for (k = 0; k < b->nf; k++) {
        const bformula *g = &b->fs[k];
        size_t j;

        for (j = 0; g->index >= 0 && j < mb_formula_name_count(g->f); j++)
            if (g->ref[j] >= 0 && b->p[g->ref[j]].affected)
                need(b, g->ref[j]);
    }
    for (k = 0; k < b->np; k++)
        if (b->p[k].needed && b->p[k].u.type != MB_DIST_NONE)
            b->p[k].slot = next++;
    pm->nsampled = next;
    for (k = 0; k < b->np; k++)
        b->p[k].state = UNSEEN;
    for (k = 0; k < b->np; k++)
        if (b->p[k].needed && (rc = order(b, (int64_t)k, &next)) < 0)
            return rc;
    pm->nparams = next;
    ndep = pm->nparams - pm->nsampled;
    total = ndep + pm->nformulas;
    pm->params = mb_calloc((size_t)pm->nparams + 1, sizeof *pm->params);
    pm->formulas = mb_calloc((size_t)total + 1, sizeof *pm->formulas);
    pm->parsed = mb_calloc((size_t)total + 1, sizeof *pm->parsed);
    if (!pm->params || !pm->formulas || !pm->parsed)
        return MB_ENOMEM;
    for (k = 0; k < b->np; k++) {
        bparam *e = &b->p[k];
        pm_param *p;
        const char *proc =
            e->scope >= 0 ? label(db->processes[e->scope].rec.name) : NULL;

        if (!e->needed)
            continue;
        p = &pm->params[e->slot];
        p->value = b->val[k];
        p->u = e->u;
        p->process = -1;
        if (pool_add(m, e->name, &p->name) < 0 ||
            (proc && pool_add(m, proc, &p->process) < 0))
            return MB_ENOMEM;
        if (e->slot < pm->nsampled)
            continue;
        i = e->slot - pm->nsampled;
        if (proc)
            snprintf(where, sizeof where, "process '%s' (%s): parameter '%s'",
                     proc, label(db->processes[e->scope].rec.id), e->name);
        else
            snprintf(where, sizeof where, "global parameter '%s'", e->name);
        if ((rc = bind(m, (size_t)i, e->f, e->ref, where)) < 0)
            return rc;
        pm->parsed[i] = e->f;
        e->f = NULL;
    }
    for (k = 0; k < b->nf; k++) {
        bformula *g = &b->fs[k];
        const db_process *p = &db->processes[g->process];

        if (g->index < 0)
            continue;
        i = ndep + g->index;
        snprintf(where, sizeof where, "process '%s' (%s): %s %zu",
                 label(p->rec.name), label(p->rec.id),
                 g->alloc ? "allocation factor" : "exchange", g->number);
        if ((rc = bind(m, (size_t)i, g->f, g->ref, where)) < 0)
            return rc;
        pm->parsed[i] = g->f;
        g->f = NULL;
    }
    return 0;
}

int mb_pm_builder_finish(mb_pm_builder *b, const mb_coo *tA, const mb_csc *A,
                         const mb_coo *tB, const mb_csc *B,
                         mb_param_model **out)
{
    building m;
    int rc;

    *out = NULL;
    if (!b)
        return 0;
    memset(&m, 0, sizeof m);
    m.b = b;
    if (!(m.pm = mb_calloc(1, sizeof *m.pm)))
        return MB_ENOMEM;
    if ((rc = make_entries(&m, 0, tA, A)) < 0 ||
        (rc = make_entries(&m, 1, tB, B)) < 0)
        goto fail;
    if (m.pm->nentries[0] + m.pm->nentries[1] == 0) {
        mb_param_model_free(m.pm);
        return 0;
    }
    if ((rc = make_parameters(&m)) < 0)
        goto fail;
    *out = m.pm;
    return 0;
fail:
    mb_param_model_free(m.pm);
    return rc;
}
