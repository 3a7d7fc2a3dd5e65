/*
 * param_model_io.c - the parametric model as bytes, for the cache of
 * compiled models (system_io.c embeds it): its counts, then each flat
 * array as it lies in memory (this machine and build only, as the rest of
 * the cache). Formulas are kept as their text and parsed again on load;
 * every count, index, slot and string offset is checked against the
 * blob, so that a damaged one is refused rather than followed.
 */
#include <string.h>

#include "model/formula_internal.h"
#include "model/param_model_internal.h"

#define NCOUNTS 11

/* The arrays of pm in blob order: where each is, its element size and
 * count. */
typedef struct block {
    void **p;
    size_t size;
    int64_t n;
} block;

static size_t blocks(mb_param_model *pm, block *b)
{
    int64_t nform = pm->nparams - pm->nsampled + pm->nformulas;
    block v[] = {{(void **)&pm->params, sizeof *pm->params, pm->nparams},
                 {(void **)&pm->formulas, sizeof *pm->formulas, nform},
                 {(void **)&pm->entries[0], sizeof(pm_entry), pm->nentries[0]},
                 {(void **)&pm->entries[1], sizeof(pm_entry), pm->nentries[1]},
                 {(void **)&pm->terms, sizeof *pm->terms, pm->nterms},
                 {(void **)&pm->slot, sizeof *pm->slot, pm->nnames},
                 {(void **)&pm->constant, sizeof *pm->constant, pm->nnames},
                 {(void **)&pm->pool, 1, pm->pool_len}};

    memcpy(b, v, sizeof v);
    return sizeof v / sizeof v[0];
}

static void counts(const mb_param_model *pm, int64_t *c)
{
    c[0] = pm->nparams;
    c[1] = pm->nsampled;
    c[2] = pm->nformulas;
    c[3] = pm->nentries[0];
    c[4] = pm->nentries[1];
    c[5] = pm->nterms;
    c[6] = pm->nnames;
    c[7] = pm->pool_len;
    c[8] = pm->nnz[0];
    c[9] = pm->nnz[1];
    c[10] = pm->namounts;
}

int mb_param_model_save(const mb_param_model *pm, void **buf, size_t *len)
{
    int64_t c[NCOUNTS];
    block b[8];
    size_t nb = blocks((mb_param_model *)pm, b), k, total = sizeof c;
    unsigned char *out, *at;

    counts(pm, c);
    for (k = 0; k < nb; k++)
        total += b[k].size * (size_t)b[k].n;
    if (!(out = mb_malloc(total)))
        return MB_ENOMEM;
    memcpy(out, c, sizeof c);
    at = out + sizeof c;
    for (k = 0; k < nb; k++) {
        size_t n = b[k].size * (size_t)b[k].n;

        if (n)
            memcpy(at, *b[k].p, n);
        at += n;
    }
    *buf = out;
    *len = total;
    return 0;
}

/* Whether the arrays of a loaded model point where they may. */
static int valid(const mb_param_model *pm)
{
    int64_t k, m, end;

    if (pm->pool_len < 1 || pm->pool[pm->pool_len - 1] != '\0')
        return 0;
    for (k = 0; k < pm->nparams; k++) {
        const pm_param *p = &pm->params[k];

        if (p->name < 0 || p->name >= pm->pool_len || p->process < -1 ||
            p->process >= pm->pool_len || (int)p->u.type < MB_DIST_NONE ||
            (int)p->u.type > MB_DIST_MAX)
            return 0;
    }
    for (m = 0; m < 2; m++)
        for (k = 0, end = -1; k < pm->nentries[m]; k++) {
            const pm_entry *e = &pm->entries[m][k];

            if (e->pos <= end || e->pos >= pm->nnz[m] || e->n < 1 ||
                e->first < 0 || e->first > pm->nterms ||
                e->n > pm->nterms - e->first)
                return 0;
            end = e->pos;
        }
    for (k = 0; k < pm->nterms; k++) {
        const pm_term *t = &pm->terms[k];

        if (t->x < -1 || t->x >= pm->nformulas || t->share < -1 ||
            t->share >= pm->nformulas || (int)t->u.type < MB_DIST_NONE ||
            (int)t->u.type > MB_DIST_MAX)
            return 0;
    }
    return 1;
}

int mb_param_model_load(mb_param_model **out, const void *buf, size_t len,
                        int64_t nnz_A, int64_t nnz_B)
{
    const unsigned char *at = buf;
    mb_param_model *pm;
    int64_t c[NCOUNTS];
    size_t nb, k, left = len;
    block b[8];
    int rc = MB_EFORMAT;

    *out = NULL;
    if (len < sizeof c || !(pm = mb_calloc(1, sizeof *pm)))
        return len < sizeof c ? MB_EFORMAT : MB_ENOMEM;
    memcpy(c, at, sizeof c);
    at += sizeof c;
    left -= sizeof c;
    for (k = 0; k < NCOUNTS; k++)
        if (c[k] < 0 || (uint64_t)c[k] > len)
            goto fail;
    pm->nparams = c[0];
    pm->nsampled = c[1];
    pm->nformulas = c[2];
    pm->nentries[0] = c[3];
    pm->nentries[1] = c[4];
    pm->nterms = c[5];
    pm->nnames = c[6];
    pm->pool_len = c[7];
    pm->nnz[0] = c[8];
    pm->nnz[1] = c[9];
    pm->namounts = c[10];
    if (pm->nsampled > pm->nparams || pm->nnz[0] != nnz_A ||
        pm->nnz[1] != nnz_B)
        goto fail;
    nb = blocks(pm, b);
    for (k = 0; k < nb; k++) {
        size_t n = b[k].size * (size_t)b[k].n;

        if (n > left)
            goto fail;
        if (!(*b[k].p = mb_malloc(n + 1))) {
            rc = MB_ENOMEM;
            goto fail;
        }
        memcpy(*b[k].p, at, n);
        at += n;
        left -= n;
    }
    if (left != 0 || !valid(pm))
        goto fail;
    if ((rc = mb_param_model_parse(pm)) < 0)
        goto fail;
    *out = pm;
    return 0;
fail:
    mb_param_model_free(pm);
    if (rc == MB_EFORMAT)
        return mb_error_set(MB_EFORMAT, "the cached parametric model is "
                                        "damaged");
    return rc;
}
