/*
 * dp_builder.c - see dp_builder.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dp_builder.h"
#include "test.h"

static int write_array(const char *dir, const char *name, const char *suffix,
                       mb_npy *a)
{
    char path[512];

    snprintf(path, sizeof path, "%s/%s.%s.npy", dir, name, suffix);
    return mb_npy_write(path, a);
}

static void json_resource(FILE *f, const dp_group *g, const char *kind,
                          int first)
{
    fprintf(f,
            "%s\n  {\"profile\": \"data-resource\", \"format\": \"npy\", "
            "\"mediatype\": \"application/octet-stream\", \"name\": "
            "\"%s.%s\", \"matrix\": \"%s\", \"kind\": \"%s\", \"path\": "
            "\"%s.%s.npy\", \"group\": \"%s\", \"category\": \"vector\", "
            "\"nrows\": %d",
            first ? "" : ",", g->group, kind, g->matrix, kind, g->group, kind,
            g->group, g->n);
    if (g->identifier) {
        char buf[256], *tok, *save;

        snprintf(buf, sizeof buf, "%s", g->identifier);
        fprintf(f, ", \"identifier\": [");
        for (tok = strtok_r(buf, "/", &save), first = 1; tok;
             tok = strtok_r(NULL, "/", &save), first = 0)
            fprintf(f, "%s\"%s\"", first ? "" : ", ", tok);
        fprintf(f, "], \"global_index\": 0");
    }
    fprintf(f, "}");
}

int dp_write(const char *dir, const dp_group *groups, int ngroups)
{
    mb_npy_field idx[2] = {{"row", 'i', 8, 0}, {"col", 'i', 8, 8}};
    mb_npy_field f64 = {"", 'f', 8, 0}, b1 = {"", 'b', 1, 0};
    char path[512];
    FILE *f;
    int k, j, rc = 0;

    for (k = 0; k < ngroups && rc == 0; k++) {
        const dp_group *g = &groups[k];
        mb_npy *ia = NULL, *da = NULL, *fa = NULL;

        if (mb_npy_new(&ia, g->n, 2, idx) < 0 ||
            mb_npy_new(&da, g->n, 1, &f64) < 0 ||
            (g->flip && mb_npy_new(&fa, g->n, 1, &b1) < 0)) {
            rc = -1;
        } else {
            for (j = 0; j < g->n; j++) {
                memcpy(ia->data + 16 * j, &g->rows[j], 8);
                memcpy(ia->data + 16 * j + 8, &g->cols[j], 8);
                memcpy(da->data + 8 * j, &g->vals[j], 8);
                if (fa)
                    fa->data[j] = (unsigned char)(g->flip[j] != 0);
            }
            if (write_array(dir, g->group, "indices", ia) < 0 ||
                write_array(dir, g->group, "data", da) < 0 ||
                (fa && write_array(dir, g->group, "flip", fa) < 0))
                rc = -1;
        }
        mb_npy_free(ia);
        mb_npy_free(da);
        mb_npy_free(fa);
    }
    if (rc < 0)
        return rc;
    snprintf(path, sizeof path, "%s/datapackage.json", dir);
    f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "{\"profile\": \"data-package\", \"name\": \"test\", "
            "\"resources\": [");
    for (k = 0; k < ngroups; k++) {
        json_resource(f, &groups[k], "indices", k == 0);
        json_resource(f, &groups[k], "data", 0);
        if (groups[k].flip)
            json_resource(f, &groups[k], "flip", 0);
    }
    fprintf(f, "\n]}\n");
    return fclose(f) == 0 ? 0 : -1;
}

int dp_load_system(const char *dir, mb_datapackage **dp, mb_system **sys)
{
    int rc = mb_datapackage_open(dp, dir, 0);

    if (rc < 0)
        return rc;
    return mb_system_from_datapackages(sys, dp, 1);
}

void dp_heijungs_suh(dp_group g[3])
{
    static const int64_t tr[] = {1, 2, 2}, tc[] = {1, 1, 2};
    static const double tv[] = {10, -2, 100};
    static const int64_t br[] = {11, 12, 11, 12, 13}, bc[] = {1, 1, 2, 2, 2};
    static const double bv[] = {1, 0.1, 10, 2, -50};
    static const int64_t cr[] = {11, 12, 13}, cc[] = {0, 0, 0};
    static const double cv[] = {1, 2, 0};
    const dp_group groups[3] = {
        {"technosphere_matrix", "technosphere", NULL, 3, tr, tc, tv, NULL},
        {"biosphere_matrix", "biosphere", NULL, 5, br, bc, bv, NULL},
        {"characterization_matrix", "cf", "made up/cf", 3, cr, cc, cv, NULL}};

    memcpy(g, groups, sizeof groups);
}

int dp_write_heijungs_suh(const char *dir)
{
    dp_group g[3];

    dp_heijungs_suh(g);
    return dp_write(dir, g, 3);
}

int dp_load_heijungs_suh(mb_datapackage **dp, mb_system **sys)
{
    const char *dir = test_tmpdir();

    if (!dir || dp_write_heijungs_suh(dir) != 0)
        return -1;
    return dp_load_system(dir, dp, sys);
}

void dp_unbuild(dp_built *b)
{
    mb_lca_free(b->lca);
    mb_system_free(b->sys);
    mb_datapackage_free(b->dp);
    memset(b, 0, sizeof *b);
}

int dp_build(dp_built *b, const dp_group *g, int ng)
{
    const char *dir = test_tmpdir();
    int rc;

    memset(b, 0, sizeof *b);
    if (!dir || dp_write(dir, g, ng) != 0)
        return -1;
    if ((rc = dp_load_system(dir, &b->dp, &b->sys)) == 0)
        rc = mb_lca_new(&b->lca, b->sys, NULL);
    return rc;
}
