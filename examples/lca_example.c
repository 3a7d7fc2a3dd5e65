/*
 * lca_example.c - the smallest complete program on libmetabol: load
 * datapackages, factorize once, solve a demand, print each method's score.
 *
 *   cc lca_example.c $(pkg-config --cflags --libs metabol) -o lca_example
 *   ./lca_example PRODUCT_ID DATAPACKAGE...
 */
#include <stdio.h>
#include <stdlib.h>

#include <metabol/metabol.h>

int main(int argc, char **argv)
{
    mb_datapackage *dps[16] = {0};
    mb_system *sys = NULL;
    mb_lca *lca = NULL;
    mb_lca_result *r = NULL;
    double *demand = NULL;
    int n = argc - 2, k, status = 1;
    int64_t product;

    if (argc < 3 || n > 16) {
        fprintf(stderr, "usage: %s PRODUCT_ID DATAPACKAGE...\n", argv[0]);
        return 2;
    }
    for (k = 0; k < n; k++)
        if (mb_datapackage_open(&dps[k], argv[k + 2], 0) < 0)
            goto fail;
    if (mb_system_from_datapackages(&sys, dps, (size_t)n) < 0 ||
        mb_lca_new(&lca, sys, NULL) < 0)
        goto fail;
    product = mb_system_product_index(sys, atoll(argv[1]));
    if (product < 0) {
        fprintf(stderr, "no product %s\n", argv[1]);
        goto done;
    }
    demand = calloc((size_t)sys->nproducts, sizeof *demand);
    if (!demand)
        goto done;
    demand[product] = 1.0;
    if (mb_lca_calculate(&r, lca, demand) < 0)
        goto fail;
    for (k = 0; k < (int)sys->nmethods; k++)
        printf("%s\t%.12g\n", sys->methods[k].name, r->scores[k]);
    status = 0;
    goto done;
fail:
    fprintf(stderr, "%s\n", mb_error_last()->message);
done:
    mb_lca_result_free(r);
    mb_lca_free(lca);
    mb_system_free(sys);
    for (k = 0; k < n; k++)
        mb_datapackage_free(dps[k]);
    free(demand);
    return status;
}
