/*
 * test_linalg.c - core helpers, .npy, sparse matrices and the LU back ends.
 */
#include <stdlib.h>

#include <metabol/metabol.h>

#include "test.h"

TEST(error_record_is_never_null_and_clears)
{
    mb_error_clear();
    CHECK(mb_error_last() != NULL);
    CHECK(mb_error_last()->code == 0);
    CHECK(strcmp(mb_error_last()->message, "") == 0);
}

TEST(npy_round_trip_plain_and_structured)
{
    const char *dir = test_tmpdir();
    mb_npy_field f64 = {"", 'f', 8, 0};
    mb_npy_field idx[2] = {{"row", 'i', 4, 0}, {"col", 'i', 4, 4}};
    mb_npy *a, *b;
    char path[400];
    int64_t k;

    CHECK(dir);
    CHECK_OK(mb_npy_new(&a, 5, 1, &f64));
    for (k = 0; k < 5; k++) {
        double v = 0.5 * (double)k - 1.0;
        memcpy(a->data + 8 * k, &v, 8);
    }
    snprintf(path, sizeof path, "%s/a.npy", dir);
    CHECK_OK(mb_npy_write(path, a));
    mb_npy_free(a);
    CHECK_OK(mb_npy_read(&b, path));
    CHECK(b->ndim == 1 && b->shape[0] == 5 && b->nfields == 1);
    CHECK_NEAR(mb_npy_get_f64(b, 0, 4), 1.0, 0);
    mb_npy_free(b);

    CHECK_OK(mb_npy_new(&a, 3, 2, idx));
    for (k = 0; k < 3; k++) {
        int32_t r = (int32_t)(100 + k), c = (int32_t)(-k);
        memcpy(a->data + 8 * k, &r, 4);
        memcpy(a->data + 8 * k + 4, &c, 4);
    }
    snprintf(path, sizeof path, "%s/i.npy", dir);
    CHECK_OK(mb_npy_write(path, a));
    mb_npy_free(a);
    CHECK_OK(mb_npy_read(&b, path));
    CHECK(b->nfields == 2 && mb_npy_field_index(b, "col") == 1);
    CHECK(mb_npy_get_i64(b, 0, 2) == 102 && mb_npy_get_i64(b, 1, 2) == -2);
    mb_npy_free(b);
}

/* A header written as numpy writes it, version 2.0, 2-D, float32. */
TEST(npy_reads_version_2_and_float32)
{
    const char hdr[] = "{'descr': '<f4', 'fortran_order': True, "
                       "'shape': (2, 3), }";
    unsigned char buf[256] = {0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0};
    size_t hlen = sizeof hdr - 1, k;
    float v[6] = {1, 2, 3, 4, 5, 6};
    mb_npy *a;

    buf[8] = (unsigned char)hlen;
    memcpy(buf + 12, hdr, hlen);
    memcpy(buf + 12 + hlen, v, sizeof v);
    CHECK_OK(mb_npy_from_buffer(&a, buf, 12 + hlen + sizeof v, "t.npy"));
    CHECK(a->ndim == 2 && a->shape[0] == 2 && a->shape[1] == 3);
    CHECK(a->fortran_order == 1);
    for (k = 0; k < 6; k++)
        CHECK_NEAR(mb_npy_get_f64(a, 0, (int64_t)k), v[k], 0);
    mb_npy_free(a);
}

TEST(npy_refuses_bad_input_with_a_message)
{
    const char *hdr_bad = "{'descr': '>f8', 'fortran_order': False, "
                          "'shape': (1,), }";
    const char *hdr_trunc = "{'descr': '<f8', 'fortran_order': False, "
                            "'shape': (4,), }";
    unsigned char buf[256] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    mb_npy *a = NULL;

    CHECK(mb_npy_from_buffer(&a, "hello world", 11, "x.npy") == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message, "x.npy: not a .npy file");
    buf[8] = (unsigned char)strlen(hdr_bad);
    memcpy(buf + 10, hdr_bad, strlen(hdr_bad));
    CHECK(mb_npy_from_buffer(&a, buf, 10 + strlen(hdr_bad) + 8, "b.npy") ==
          MB_EUNSUPPORTED);
    CHECK_STR_CONTAINS(mb_error_last()->message, "big-endian");
    buf[8] = (unsigned char)strlen(hdr_trunc);
    memcpy(buf + 10, hdr_trunc, strlen(hdr_trunc));
    CHECK(mb_npy_from_buffer(&a, buf, 10 + strlen(hdr_trunc) + 8, "t.npy") ==
          MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message, "truncated");
    CHECK(a == NULL);
}

TEST(csc_from_coo_sorts_rows_and_sums_duplicates)
{
    mb_coo *t;
    mb_csc *a, *at;

    CHECK_OK(mb_coo_new(&t, 3, 2, 2));
    CHECK_OK(mb_coo_push(t, 2, 0, 1.0));
    CHECK_OK(mb_coo_push(t, 0, 0, 2.0));
    CHECK_OK(mb_coo_push(t, 2, 0, 3.0));
    CHECK_OK(mb_coo_push(t, 1, 1, -1.0));
    CHECK(mb_coo_push(t, 3, 0, 1.0) == MB_EINVAL);
    CHECK_OK(mb_csc_from_coo(&a, t));
    mb_coo_free(t);
    CHECK(a->p[0] == 0 && a->p[1] == 2 && a->p[2] == 3);
    CHECK(a->i[0] == 0 && a->i[1] == 2 && a->i[2] == 1);
    CHECK_NEAR(a->x[1], 4.0, 0);
    CHECK_OK(mb_csc_transpose(&at, a));
    CHECK(at->m == 2 && at->n == 3 && at->p[3] == 3);
    CHECK(at->i[at->p[2]] == 0 && at->x[at->p[2]] == 4.0);
    mb_csc_free(a);
    mb_csc_free(at);
}

/*
 * A productive technosphere-like matrix: unit diagonal, a few inputs per
 * column (including loops), column input sums below 0.75. Deterministic.
 */
static mb_csc *test_matrix(int64_t n, unsigned seed)
{
    mb_coo *t;
    mb_csc *a;
    int64_t j, k;

    if (mb_coo_new(&t, n, n, 8 * n) < 0)
        return NULL;
    for (j = 0; j < n; j++) {
        mb_coo_push(t, j, j, 1.0 + (double)(j % 7) / 10.0);
        for (k = 0; k < 5; k++) {
            seed = seed * 1103515245u + 12345u;
            int64_t i = (int64_t)((seed >> 8) % (unsigned)n);
            if (i != j)
                mb_coo_push(t, i, j, -0.05 - 0.02 * (double)k);
        }
    }
    if (mb_csc_from_coo(&a, t) < 0)
        a = NULL;
    mb_coo_free(t);
    return a;
}

TEST(lu_backends_agree_on_solves_and_transposed_solves)
{
    mb_csc *a = test_matrix(300, 7);
    double b[300], x[3][300], xt[3][300], res;
    mb_solver_kind kinds[3] = {MB_SOLVER_KLU, MB_SOLVER_UMFPACK,
                               MB_SOLVER_DENSE};
    int k, i;

    CHECK(a);
    for (i = 0; i < 300; i++)
        b[i] = (i % 3 == 0) ? 1.0 : 0.0;
    for (k = 0; k < 3; k++) {
        mb_lu *lu;

        CHECK_OK(mb_lu_factor(&lu, a, kinds[k], NULL));
        CHECK(mb_lu_kind(lu) == kinds[k]);
        CHECK_OK(mb_lu_solve_refined(lu, a, b, x[k], 0, 1e-14, 3, &res));
        CHECK(res < 1e-13);
        CHECK_OK(mb_lu_solve_refined(lu, a, b, xt[k], 1, 1e-14, 3, &res));
        CHECK(res < 1e-13);
        mb_lu_free(lu);
    }
    for (k = 1; k < 3; k++)
        for (i = 0; i < 300; i++) {
            CHECK_NEAR(x[k][i], x[0][i], 1e-10);
            CHECK_NEAR(xt[k][i], xt[0][i], 1e-10);
        }
    mb_csc_free(a);
}

TEST(lu_refactor_reuses_the_pattern_with_new_values)
{
    mb_csc *a = test_matrix(120, 3);
    mb_lu *lu;
    double b[120], x[120], y[120];
    int k, i;
    mb_solver_kind kinds[3] = {MB_SOLVER_KLU, MB_SOLVER_UMFPACK,
                               MB_SOLVER_DENSE};

    CHECK(a);
    for (k = 0; k < 3; k++) {
        CHECK_OK(mb_lu_factor(&lu, a, kinds[k], NULL));
        for (i = 0; i < 120; i++)
            a->x[a->p[i]] *= 1.0; /* same values first */
        for (i = 0; i < mb_csc_nnz(a); i++)
            if (a->x[i] < 0)
                a->x[i] *= 1.5;
        CHECK_OK(mb_lu_refactor(lu, a, NULL));
        for (i = 0; i < 120; i++)
            b[i] = 1.0;
        CHECK_OK(mb_lu_solve_refined(lu, a, b, x, 0, 1e-14, 3, NULL));
        mb_csc_gemv(a, 1.0, x, 0.0, y);
        for (i = 0; i < 120; i++)
            CHECK_NEAR(y[i], 1.0, 1e-12);
        for (i = 0; i < mb_csc_nnz(a); i++)
            if (a->x[i] < 0)
                a->x[i] /= 1.5;
        mb_lu_free(lu);
    }
    mb_csc_free(a);
}

TEST(lu_solves_many_right_hand_sides_at_once)
{
    mb_csc *a = test_matrix(80, 11);
    mb_lu *lu;
    double *b = calloc(80 * 4, sizeof *b), x[80];
    int r, i;

    CHECK(a && b);
    for (r = 0; r < 4; r++)
        b[r * 80 + r * 10] = 1.0 + r;
    CHECK_OK(mb_lu_factor(&lu, a, MB_SOLVER_KLU, NULL));
    CHECK_OK(mb_lu_solve(lu, b, 4, 0));
    for (r = 0; r < 4; r++) {
        double e[80] = {0};

        e[r * 10] = 1.0 + r;
        CHECK_OK(mb_lu_solve_refined(lu, a, e, x, 0, 1e-14, 3, NULL));
        for (i = 0; i < 80; i++)
            CHECK_NEAR(b[r * 80 + i], x[i], 1e-12);
    }
    mb_lu_free(lu);
    mb_csc_free(a);
    free(b);
}

TEST(lu_reports_the_singular_column)
{
    /* [[1, 1], [1, 1]] in every back end; and a zero column. */
    int64_t p[3] = {0, 2, 4}, i[4] = {0, 1, 0, 1};
    double x[4] = {1, 1, 1, 1};
    mb_csc a = {2, 2, p, i, x};
    mb_solver_kind kinds[3] = {MB_SOLVER_KLU, MB_SOLVER_UMFPACK,
                               MB_SOLVER_DENSE};
    mb_lu *lu = NULL;
    int64_t col;
    int k;

    for (k = 0; k < 3; k++) {
        CHECK(mb_lu_factor(&lu, &a, kinds[k], &col) == MB_ESINGULAR);
        CHECK(lu == NULL);
        CHECK_STR_CONTAINS(mb_error_last()->message, "singular");
    }
    CHECK(mb_lu_factor(&lu, &a, MB_SOLVER_KLU, &col) == MB_ESINGULAR);
    CHECK(col == 1);
}

TEST(structural_rank_and_components)
{
    /* 3x3: column 2 empty of a match; nodes 0 and 1 form a loop. */
    int64_t p[4] = {0, 2, 4, 5}, i[5] = {0, 1, 0, 1, 1};
    double x[5] = {1, -1, -1, 1, 1};
    mb_csc a = {3, 3, p, i, x};
    int64_t match[3], members[3];

    CHECK(mb_csc_structural_rank(&a, match) == 2);
    CHECK(match[2] == -1);
    CHECK(mb_csc_component_of(&a, 0, members) == 2);
}

/* A column longer than the insertion-sort cut-off, rows reversed, with
 * duplicates: the merge path must sort and sum like the short path. */
TEST(csc_from_triplets_sorts_long_columns)
{
    int64_t rows[300], cols[300], k;
    double vals[300];
    mb_csc *a;

    for (k = 0; k < 300; k++) {
        rows[k] = 149 - (k % 150);
        cols[k] = k < 290 ? 1 : 0;
        vals[k] = 1.0;
    }
    CHECK_OK(mb_csc_from_triplets(&a, 150, 2, 300, rows, cols, vals));
    CHECK(a->p[1] == 10);
    CHECK(a->p[2] - a->p[1] == 150);
    for (k = a->p[1]; k < a->p[2]; k++) {
        CHECK(a->i[k] == k - a->p[1]);
        /* rows 0..139 appear twice in the first 290 entries, 140.. once */
        CHECK_NEAR(a->x[k], a->i[k] >= 10 ? 2.0 : 1.0, 0);
    }
    mb_csc_free(a);
}

/* max_steps 0 and no residual asked: a plain solve, same answer. */
TEST(lu_plain_solve_without_residual)
{
    mb_csc *a = test_matrix(90, 5);
    mb_lu *lu;
    double b[90], x[90], y[90];
    int i;

    CHECK(a);
    for (i = 0; i < 90; i++)
        b[i] = i % 2;
    CHECK_OK(mb_lu_factor(&lu, a, MB_SOLVER_KLU, NULL));
    CHECK_OK(mb_lu_solve_refined(lu, a, b, x, 0, 1e-14, 0, NULL));
    CHECK_OK(mb_lu_solve_refined(lu, a, b, y, 0, 1e-14, 3, NULL));
    for (i = 0; i < 90; i++)
        CHECK_NEAR(x[i], y[i], 1e-12);
    mb_lu_free(lu);
    mb_csc_free(a);
}
