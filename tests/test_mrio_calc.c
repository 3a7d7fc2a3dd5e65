/*
 * test_mrio_calc.c - the EE-MRIO numerics (include/metabol/mrio.h) against
 * Miller & Blair (2009) ch. 2 typed in here, and against the values
 * pymrio's own test-suite asserts (../shared/data/mrio/test_expected, see
 * its SOURCE.txt; skipped, saying so, when ../shared is absent).
 */
#include <stdio.h>
#include <string.h>

#include <metabol/metabol.h>

#include "test.h"
#include "tsv_numbers.h"

static mb_dense *from_rows(int64_t m, int64_t n, const double *rows)
{
    mb_dense *a;
    int64_t i, j;

    if (mb_dense_new(&a, m, n) < 0)
        return NULL;
    for (i = 0; i < m; i++)
        for (j = 0; j < n; j++)
            *mb_dense_at(a, i, j) = rows[i * n + j];
    return a;
}

/* CHECK_DENSE(got, want, rel, abs_tol) */
#define CHECK_DENSE(got, want, ...)                                        \
    do {                                                                   \
        char msg_[256];                                                    \
        CHECK_MSG(!dense_compare(got, want, __VA_ARGS__, msg_,             \
                                 sizeof msg_),                             \
                  "%s: %s", #got, msg_);                                   \
    } while (0)

/*
 * Miller & Blair (2009), "Input-Output Analysis", 2nd ed., section 2.3,
 * Tables 2.3/2.4 and eq. 2.14: Z = [150 500; 200 100], f = [350; 1700],
 * x = [1000; 2000], A = [.15 .25; .2 .05], det(I - A) = 0.7575,
 * L = [.95 .25; .2 .85] / 0.7575 = [1.25412541 0.330033; 0.2640264
 * 1.12211221]; new demand f = [600; 1500] gives x = [1247.5; 1841.6];
 * labour coefficients [0.3 0.25] (section 2.6.1) give [374.25; 460.4].
 */
TEST(mrio_miller_blair_ch2_known_answer)
{
    const double z[] = {150, 500, 200, 100}, f[] = {350, 1700};
    const double a_want[] = {.15, .25, .2, .05};
    const double l_want[] = {.95 / .7575, .25 / .7575, .2 / .7575,
                             .85 / .7575};
    const double labour[] = {300, 500}, fnew[] = {600, 1500};
    mb_dense *Z = from_rows(2, 2, z), *Y = from_rows(2, 1, f);
    mb_dense *F = from_rows(1, 2, labour), *Ynew = from_rows(2, 1, fnew);
    mb_dense *Aw = from_rows(2, 2, a_want), *Lw = from_rows(2, 2, l_want);
    mb_dense *x = NULL, *A = NULL, *L = NULL, *S = NULL, *M = NULL;
    mb_dense *xnew = NULL;
    mb_mrio_lu *lu = NULL;

    CHECK_OK(mb_mrio_calc_x(&x, Z, Y));
    CHECK_NEAR(x->x[0], 1000.0, 1e-15);
    CHECK_NEAR(x->x[1], 2000.0, 1e-15);
    CHECK_OK(mb_mrio_calc_A(&A, Z, x));
    CHECK_DENSE(A, Aw, 1e-15, 0);
    CHECK_OK(mb_mrio_lu_new(&lu, A));
    CHECK_OK(mb_mrio_calc_L(&L, lu));
    CHECK_DENSE(L, Lw, 1e-14, 0);
    CHECK_NEAR(L->x[0], 1.25412541, 1e-8); /* as printed in the book */
    CHECK_OK(mb_mrio_calc_S(&S, F, x));
    CHECK_NEAR(S->x[0], 0.3, 1e-15);
    CHECK_NEAR(S->x[1], 0.25, 1e-15);
    CHECK_OK(mb_mrio_calc_x_from_A(&xnew, lu, Ynew));
    CHECK_NEAR(xnew->x[0], 1247.5, 1e-4);
    CHECK_NEAR(xnew->x[1], 1841.6, 1e-4);
    CHECK_NEAR(S->x[0] * xnew->x[0], 374.25, 1e-4);
    CHECK_NEAR(S->x[1] * xnew->x[1], 460.4, 1e-4);
    /* M = S L: labour per unit of final demand, from the solve alone. */
    CHECK_OK(mb_mrio_calc_M(&M, lu, S));
    CHECK_NEAR(M->x[0], 0.3 * l_want[0] + 0.25 * l_want[2], 1e-14);
    CHECK_NEAR(M->x[1], 0.3 * l_want[1] + 0.25 * l_want[3], 1e-14);
    mb_dense_free(Z), mb_dense_free(Y), mb_dense_free(F);
    mb_dense_free(Ynew), mb_dense_free(Aw), mb_dense_free(Lw);
    mb_dense_free(x), mb_dense_free(A), mb_dense_free(L);
    mb_dense_free(S), mb_dense_free(M), mb_dense_free(xnew);
    mb_mrio_lu_free(lu);
}

/* A table under ../shared/data/mrio (NULL when absent or unreadable). */
static mb_dense *shared_table(const char *dir, const char *file,
                              int skip_rows, int skip_cols)
{
    char path[512], err[600];
    mb_dense *a;

    snprintf(path, sizeof path, "%s/mrio/%s/%s", test_shared_data(), dir,
             file);
    a = tsv_numbers_load(path, skip_rows, skip_cols, err, sizeof err);
    if (!a)
        fprintf(stderr, "%s\n", err);
    return a;
}

/* One table of a test_expected case. */
static mb_dense *expected(const char *dir, const char *name, int skip_rows,
                          int skip_cols)
{
    char sub[128], file[128];

    snprintf(sub, sizeof sub, "test_expected/%s", dir);
    snprintf(file, sizeof file, "%s.tsv", name);
    return shared_table(sub, file, skip_rows, skip_cols);
}

/* Tables of small_mrio_2reg_3sec by their layout in the files. */
enum { SQUARE, STRESSOR, COLUMN };
static mb_dense *small(const char *name, int kind)
{
    static const int rows[] = {3, 2, 1}, cols[] = {2, 1, 2};

    return expected("small_mrio_2reg_3sec", name, rows[kind], cols[kind]);
}

typedef struct small_mrio {
    mb_dense *Z, *Y, *F, *F_Y, *x, *A, *S, *M;
    mb_mrio_lu *lu;
} small_mrio;

static void small_free(small_mrio *t)
{
    mb_dense_free(t->Z), mb_dense_free(t->Y), mb_dense_free(t->F);
    mb_dense_free(t->F_Y), mb_dense_free(t->x), mb_dense_free(t->A);
    mb_dense_free(t->S), mb_dense_free(t->M);
    mb_mrio_lu_free(t->lu);
    memset(t, 0, sizeof *t);
}

/* The inputs of pymrio's td_small_MRIO and x, A, LU, S, M from them. */
static int small_load(small_mrio *t)
{
    memset(t, 0, sizeof *t);
    t->Z = small("Z", SQUARE);
    t->Y = small("Y", SQUARE);
    t->F = small("F", STRESSOR);
    t->F_Y = small("F_Y", STRESSOR);
    if (!t->Z || !t->Y || !t->F || !t->F_Y ||
        mb_mrio_calc_x(&t->x, t->Z, t->Y) < 0 ||
        mb_mrio_calc_A(&t->A, t->Z, t->x) < 0 ||
        mb_mrio_lu_new(&t->lu, t->A) < 0 ||
        mb_mrio_calc_S(&t->S, t->F, t->x) < 0 ||
        mb_mrio_calc_M(&t->M, t->lu, t->S) < 0) {
        small_free(t);
        return -1;
    }
    return 0;
}

#define NEED_SHARED()                                                      \
    do {                                                                   \
        if (!test_shared_data())                                           \
            SKIP("../shared/data is absent: pymrio's expected MRIO "       \
                 "values not checked");                                    \
    } while (0)

/* Full-precision tables: 1e-9 relative; B, G, M_down have 8 decimals. */
#define FULL 1e-9, 1e-15
#define EIGHT_DECIMALS 1e-9, 6e-9

TEST(mrio_small_2reg_3sec_coefficients)
{
    small_mrio t;
    mb_dense *want[6] = {NULL}, *L = NULL, *B = NULL, *G = NULL;
    mb_dense *S_Y = NULL, *M_down = NULL, *x2 = NULL;
    size_t i;

    NEED_SHARED();
    CHECK_MSG(small_load(&t) == 0, "small_mrio_2reg_3sec: %s",
              mb_error_last()->message);
    want[0] = small("x", COLUMN);
    want[1] = small("A", SQUARE);
    want[2] = small("L", SQUARE);
    want[3] = small("S", STRESSOR);
    want[4] = small("S_Y", STRESSOR);
    want[5] = small("M", STRESSOR);
    CHECK_OK(mb_mrio_calc_L(&L, t.lu));
    CHECK_OK(mb_mrio_calc_S_Y(&S_Y, t.F_Y, t.Y));
    CHECK_OK(mb_mrio_calc_x_from_A(&x2, t.lu, t.Y));
    CHECK_DENSE(t.x, want[0], FULL);
    CHECK_DENSE(x2, want[0], FULL);
    CHECK_DENSE(t.A, want[1], FULL);
    CHECK_DENSE(L, want[2], FULL);
    CHECK_DENSE(t.S, want[3], FULL);
    CHECK_DENSE(S_Y, want[4], FULL);
    CHECK_DENSE(t.M, want[5], FULL);
    for (i = 0; i < 6; i++)
        mb_dense_free(want[i]);
    want[0] = small("B", SQUARE);
    want[1] = small("G", SQUARE);
    want[2] = small("M_down", STRESSOR);
    CHECK_OK(mb_mrio_calc_B(&B, t.A, t.x));
    CHECK_OK(mb_mrio_calc_G(&G, B));
    CHECK_OK(mb_mrio_calc_M_down(&M_down, t.lu, t.S, t.x));
    CHECK_DENSE(B, want[0], EIGHT_DECIMALS);
    CHECK_DENSE(G, want[1], EIGHT_DECIMALS);
    CHECK_DENSE(M_down, want[2], EIGHT_DECIMALS);
    for (i = 0; i < 3; i++)
        mb_dense_free(want[i]);
    mb_dense_free(L), mb_dense_free(B), mb_dense_free(G);
    mb_dense_free(S_Y), mb_dense_free(M_down), mb_dense_free(x2);
    small_free(&t);
}

/* sum over industries of each stressor's row */
static double row_sum(const mb_dense *a, int64_t i)
{
    double s = 0.0;
    int64_t j;

    for (j = 0; j < a->n; j++)
        s += a->x[i + j * a->ld];
    return s;
}

TEST(mrio_small_2reg_3sec_accounts)
{
    const double pop[] = {2.0, 5.0};
    small_mrio t;
    mb_mrio_accounts acc;
    mb_dense *want[4] = {NULL}, *population = from_rows(2, 1, pop);
    static const char *names[] = {"D_cba", "D_pba", "D_imp", "D_exp"};
    int64_t i, j;

    NEED_SHARED();
    CHECK_MSG(small_load(&t) == 0, "small_mrio_2reg_3sec: %s",
              mb_error_last()->message);
    CHECK_OK(mb_mrio_calc_accounts(&acc, t.lu, t.S, t.M, t.Y, t.F_Y,
                                   population, 2));
    for (i = 0; i < 4; i++)
        want[i] = small(names[i], STRESSOR);
    CHECK_DENSE(acc.D_cba, want[0], FULL);
    CHECK_DENSE(acc.D_pba, want[1], FULL);
    CHECK_DENSE(acc.D_imp, want[2], FULL);
    CHECK_DENSE(acc.D_exp, want[3], FULL);
    CHECK_NEAR(acc.D_cba->x[0], 14.059498889254174, 1e-12); /* expected.md */
    /* pymrio's test_math identity, per stressor */
    for (i = 0; i < 2; i++)
        CHECK_NEAR(row_sum(acc.D_cba, i),
                   row_sum(acc.D_pba, i) + row_sum(acc.D_imp, i) -
                       row_sum(acc.D_exp, i),
                   1e-12);
    /* per region: column-region sums, F_Y on cba and pba; per capita */
    for (i = 0; i < 2; i++)
        for (j = 0; j < 2; j++) {
            double cba = 0, imp = 0;
            int64_t s;

            for (s = 0; s < 3; s++) {
                cba += *mb_dense_at(acc.D_cba, i, j * 3 + s);
                imp += *mb_dense_at(acc.D_imp, i, j * 3 + s);
            }
            CHECK_NEAR(*mb_dense_at(acc.D_cba_reg, i, j),
                       cba + *mb_dense_at(t.F_Y, i, j), 1e-14);
            CHECK_NEAR(*mb_dense_at(acc.D_imp_reg, i, j), imp, 1e-14);
            CHECK_NEAR(*mb_dense_at(acc.D_cba_cap, i, j),
                       *mb_dense_at(acc.D_cba_reg, i, j) / pop[j], 1e-15);
            CHECK_NEAR(*mb_dense_at(acc.D_exp_cap, i, j),
                       *mb_dense_at(acc.D_exp_reg, i, j) / pop[j], 1e-15);
        }
    for (i = 0; i < 2; i++)
        CHECK_NEAR(row_sum(acc.D_cba_reg, i),
                   row_sum(acc.D_pba_reg, i) + row_sum(acc.D_imp_reg, i) -
                       row_sum(acc.D_exp_reg, i),
                   1e-12);
    for (i = 0; i < 4; i++)
        mb_dense_free(want[i]);
    mb_dense_free(population);
    mb_mrio_accounts_free(&acc);
    small_free(&t);
}

/*
 * pymrio's calc_accounts done literally (L, Y_diag, x_diag = L Y_diag,
 * domestic blocks of x_diag zeroed), as the reference for the block
 * formulas, on a made-up 3-region x 2-sector table with 2 categories.
 */
static void literal_accounts(double *cba, double *pba, double *imp,
                             double *exp, const mb_dense *L,
                             const mb_dense *S, const double *yagg,
                             int64_t r, int64_t ns)
{
    int64_t n = r * ns, k = S->m, i, c, q;

    for (q = 0; q < k * n; q++)
        cba[q] = pba[q] = imp[q] = exp[q] = 0.0;
    for (c = 0; c < n; c++) { /* column (rc, s) of x_diag */
        int64_t rc = c / ns, sc = c % ns;

        for (i = 0; i < n; i++) {
            double xd = 0.0;
            int64_t rp;

            for (rp = 0; rp < r; rp++) /* Y_diag[(rp, sc), c] */
                xd += L->x[i + (rp * ns + sc) * L->ld] *
                      yagg[(rp * ns + sc) * r + rc];
            for (q = 0; q < k; q++) {
                double v = S->x[q + i * S->ld] * xd;

                cba[q + c * k] += v;
                pba[q + i * k] += v;
                if (i / ns != rc) {
                    imp[q + c * k] += v;
                    exp[q + i * k] += v;
                }
            }
        }
    }
}

static int accounts_against_literal(int64_t k, char *msg, size_t msglen)
{
    enum { R = 3, NS = 2, N = 6, NC = 2 };
    mb_dense *Z = NULL, *Y = NULL, *F = NULL, *x = NULL, *A = NULL;
    mb_dense *S = NULL, *M = NULL, *L = NULL;
    mb_mrio_lu *lu = NULL;
    mb_mrio_accounts acc = {0};
    double yagg[N * R] = {0}, want[4][8 * N];
    const mb_dense *got[4];
    int64_t i, j, q, t;
    int bad = 1;

    snprintf(msg, msglen, "%s", "setup failed");
    if (mb_dense_new(&Z, N, N) < 0 || mb_dense_new(&Y, N, R * NC) < 0 ||
        mb_dense_new(&F, k, N) < 0)
        goto done;
    for (j = 0; j < N; j++)
        for (i = 0; i < N; i++)
            *mb_dense_at(Z, i, j) = (double)((3 * i + 5 * j) % 7);
    for (j = 0; j < R * NC; j++)
        for (i = 0; i < N; i++)
            *mb_dense_at(Y, i, j) = (double)((i + 2 * j) % 5 + 1);
    for (j = 0; j < N; j++)
        for (q = 0; q < k; q++)
            *mb_dense_at(F, q, j) = (double)((q + 3 * j) % 4 + 1);
    for (j = 0; j < R * NC; j++)
        for (i = 0; i < N; i++)
            yagg[i * R + j / NC] += *mb_dense_at(Y, i, j);
    if (mb_mrio_calc_x(&x, Z, Y) < 0 || mb_mrio_calc_A(&A, Z, x) < 0 ||
        mb_mrio_lu_new(&lu, A) < 0 || mb_mrio_calc_S(&S, F, x) < 0 ||
        mb_mrio_calc_M(&M, lu, S) < 0 || mb_mrio_calc_L(&L, lu) < 0 ||
        mb_mrio_calc_accounts(&acc, lu, S, M, Y, NULL, NULL, R) < 0) {
        snprintf(msg, msglen, "%s", mb_error_last()->message);
        goto done;
    }
    literal_accounts(want[0], want[1], want[2], want[3], L, S, yagg, R, NS);
    got[0] = acc.D_cba, got[1] = acc.D_pba, got[2] = acc.D_imp;
    got[3] = acc.D_exp;
    for (t = 0; t < 4; t++)
        for (j = 0; j < N; j++)
            for (q = 0; q < k; q++) {
                double g = got[t]->x[q + j * got[t]->ld];
                double w = want[t][q + j * k];

                if (fabs(g - w) > 1e-12 * fabs(w)) {
                    snprintf(msg, msglen,
                             "k = %lld: account %lld (cba, pba, imp, exp) "
                             "entry (%lld, %lld) = %.17g, expected %.17g",
                             (long long)k, (long long)t, (long long)q,
                             (long long)j, g, w);
                    goto done;
                }
            }
    bad = 0;
done:
    mb_mrio_accounts_free(&acc);
    mb_dense_free(Z), mb_dense_free(Y), mb_dense_free(F);
    mb_dense_free(x), mb_dense_free(A), mb_dense_free(S);
    mb_dense_free(M), mb_dense_free(L);
    mb_mrio_lu_free(lu);
    return bad;
}

/*
 * k <= nsectors takes the S_out(rc) L path for D_imp, k > nsectors the
 * rows-of-L path (D_cba minus the domestic part): both as pymrio computes.
 */
TEST(mrio_accounts_match_pymrio_literal_formulas)
{
    char msg[300];

    CHECK_MSG(!accounts_against_literal(1, msg, sizeof msg), "%s", msg);
    CHECK_MSG(!accounts_against_literal(2, msg, sizeof msg), "%s", msg);
    CHECK_MSG(!accounts_against_literal(5, msg, sizeof msg), "%s", msg);
}

/* pymrio's td_IO_Data_Miller (the same book numbers, from the files) */
TEST(mrio_shared_miller_blair_ch2)
{
    mb_dense *Z, *fd, *xw, *Aw, *Lw, *lab, *xnew_w, *labtot;
    mb_dense *x = NULL, *A = NULL, *L = NULL;
    mb_mrio_lu *lu = NULL;
    int64_t j;

    NEED_SHARED();
    Z = expected("miller_blair_ch2", "Z", 1, 1);
    fd = expected("miller_blair_ch2", "fd", 1, 1);
    xw = expected("miller_blair_ch2", "x", 1, 1);
    Aw = expected("miller_blair_ch2", "A", 1, 1);
    Lw = expected("miller_blair_ch2", "L", 1, 1);
    lab = expected("miller_blair_ch2", "labcoeff", 1, 1);
    xnew_w = expected("miller_blair_ch2", "xnew", 1, 1);
    labtot = expected("miller_blair_ch2", "labtot", 1, 1);
    CHECK(Z && fd && xw && Aw && Lw && lab && xnew_w && labtot);
    CHECK_OK(mb_mrio_calc_x(&x, Z, fd));
    CHECK_DENSE(x, xw, FULL);
    CHECK_OK(mb_mrio_calc_A(&A, Z, x));
    CHECK_DENSE(A, Aw, FULL);
    CHECK_OK(mb_mrio_lu_new(&lu, A));
    CHECK_OK(mb_mrio_calc_L(&L, lu));
    CHECK_DENSE(L, Lw, 1e-7, 0); /* printed to 8 digits (rtol 1e-5 in pymrio) */
    /* labour = coefficients o x_new (pymrio's own test) */
    for (j = 0; j < 2; j++)
        CHECK_NEAR(*mb_dense_at(lab, 0, j) * xnew_w->x[j], labtot->x[j],
                   1e-12);
    mb_dense_free(Z), mb_dense_free(fd), mb_dense_free(xw);
    mb_dense_free(Aw), mb_dense_free(Lw), mb_dense_free(lab);
    mb_dense_free(xnew_w), mb_dense_free(labtot), mb_dense_free(x);
    mb_dense_free(A), mb_dense_free(L);
    mb_mrio_lu_free(lu);
}

/* Bad input: one clear error, naming the industry or the entry. */
TEST(mrio_negative_output_is_an_error)
{
    const double z[] = {1, 2, 3, 4}, xv[] = {10, -5};
    mb_dense *Z = from_rows(2, 2, z), *x = from_rows(2, 1, xv), *A = NULL;

    CHECK(mb_mrio_calc_A(&A, Z, x) == MB_ENUMERIC);
    CHECK(A == NULL);
    CHECK_STR_CONTAINS(mb_error_last()->message, "industry 1 is -5");
    mb_dense_free(Z), mb_dense_free(x);
}

/* pymrio's 1/0 -> 0 for an empty industry; an error under a flow. */
TEST(mrio_zero_output_empty_column_gives_zero)
{
    const double z[] = {1, 0, 0, 0}, xv[] = {10, 0}, zbad[] = {1, 2, 0, 0};
    mb_dense *Z = from_rows(2, 2, z), *x = from_rows(2, 1, xv);
    mb_dense *Zbad = from_rows(2, 2, zbad), *A = NULL;

    CHECK_OK(mb_mrio_calc_A(&A, Z, x));
    CHECK(*mb_dense_at(A, 0, 0) == 0.1 && *mb_dense_at(A, 0, 1) == 0.0);
    mb_dense_free(A);
    CHECK(mb_mrio_calc_A(&A, Zbad, x) == MB_ENUMERIC);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "gross output x of industry 1 is 0 but column 1 of Z");
    mb_dense_free(Z), mb_dense_free(x), mb_dense_free(Zbad);
}

TEST(mrio_singular_leontief_is_an_error)
{
    const double a[] = {1, 0, 0, 0.5}; /* industry 0 uses all it makes */
    mb_dense *A = from_rows(2, 2, a);
    mb_mrio_lu *lu = NULL;

    CHECK(mb_mrio_lu_new(&lu, A) == MB_ESINGULAR);
    CHECK(lu == NULL);
    CHECK_STR_CONTAINS(mb_error_last()->message, "I - A is singular");
    mb_dense_free(A);
}

TEST(mrio_nan_is_an_error)
{
    const double z[] = {1, 2, 3, 4}, y[] = {1, NAN};
    mb_dense *Z = from_rows(2, 2, z), *Y = from_rows(2, 1, y), *x = NULL;

    CHECK(mb_mrio_calc_x(&x, Z, Y) == MB_ENUMERIC);
    CHECK(x == NULL);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "Y: entry (row 1, column 0) is nan");
    mb_dense_free(Z), mb_dense_free(Y);
}

TEST(mrio_accounts_shape_errors)
{
    const double a[] = {0.1, 0.2, 0.3, 0.1}, s[] = {1, 2}, y[] = {1, 2};
    mb_dense *A = from_rows(2, 2, a), *S = from_rows(1, 2, s);
    mb_dense *Y = from_rows(2, 1, y);
    mb_mrio_lu *lu = NULL;
    mb_mrio_accounts acc;

    CHECK_OK(mb_mrio_lu_new(&lu, A));
    CHECK(mb_mrio_calc_accounts(&acc, lu, S, S, Y, NULL, NULL, 3) ==
          MB_EINVAL);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "2 industries do not split into 3 regions");
    CHECK(mb_mrio_calc_accounts(&acc, lu, S, S, Y, NULL, NULL, 2) ==
          MB_EINVAL); /* one final-demand column for two regions */
    CHECK(acc.D_cba == NULL);
    mb_mrio_lu_free(lu);
    mb_dense_free(A), mb_dense_free(S), mb_dense_free(Y);
}

/* A table of pymrio's test MRIO (../shared/data/mrio/test_mrio). */
static mb_dense *test_mrio(const char *name, int skip_rows, int skip_cols)
{
    return shared_table("test_mrio/mrio_data", name, skip_rows, skip_cols);
}

/*
 * pymrio's tests/test_integration.py on load_test() (6 regions x 8
 * sectors, 7 final-demand categories): factor_inputs' M, M_down
 * (include_ghosh) and D_imp_reg, asserted there with rtol 1e-5; the files
 * hold M and M_down to 8 decimals (M_down to 9 significant digits).
 */
TEST(mrio_shared_pymrio_test_mrio_integration)
{
    mb_dense *Z, *Y, *F, *Mw, *Mdw, *impw;
    mb_dense *x = NULL, *A = NULL, *S = NULL, *M = NULL, *Md = NULL;
    mb_mrio_lu *lu = NULL;
    mb_mrio_accounts acc;
    int64_t r, s;

    NEED_SHARED();
    Z = test_mrio("trade_flows_Z.txt", 2, 3);
    Y = test_mrio("finald_demand_Y.txt", 2, 3);
    F = test_mrio("factor_input.txt", 2, 2);
    Mw = expected("test_mrio_integration", "factor_inputs_M", 0, 0);
    Mdw = expected("test_mrio_integration", "factor_inputs_M_down", 0, 0);
    impw = expected("test_mrio_integration", "factor_inputs_D_imp_reg", 0, 0);
    CHECK(Z && Y && F && Mw && Mdw && impw);
    CHECK(Z->m == 48 && Z->n == 48 && Y->n == 42 && F->m == 1);
    CHECK_OK(mb_mrio_calc_x(&x, Z, Y));
    CHECK_OK(mb_mrio_calc_A(&A, Z, x));
    CHECK_OK(mb_mrio_lu_new(&lu, A));
    CHECK_OK(mb_mrio_calc_S(&S, F, x));
    CHECK_OK(mb_mrio_calc_M(&M, lu, S));
    CHECK_OK(mb_mrio_calc_M_down(&Md, lu, S, x));
    for (r = 0; r < 6; r++)
        for (s = 0; s < 8; s++) {
            double m = M->x[r * 8 + s], mw = *mb_dense_at(Mw, r, s);

            CHECK_MSG(fabs(m - mw) <= 6e-9, "M[%lld] = %.17g, expected %.8f",
                      (long long)(r * 8 + s), m, mw);
            CHECK_NEAR(Md->x[r * 8 + s], *mb_dense_at(Mdw, r, s), 1e-8);
        }
    CHECK_OK(mb_mrio_calc_accounts(&acc, lu, S, M, Y, NULL, NULL, 6));
    for (r = 0; r < 6; r++)
        CHECK_NEAR(acc.D_imp_reg->x[r], impw->x[r], 1e-9);
    mb_mrio_accounts_free(&acc);
    mb_dense_free(Z), mb_dense_free(Y), mb_dense_free(F);
    mb_dense_free(Mw), mb_dense_free(Mdw), mb_dense_free(impw);
    mb_dense_free(x), mb_dense_free(A), mb_dense_free(S);
    mb_dense_free(M), mb_dense_free(Md);
    mb_mrio_lu_free(lu);
}

/*
 * Gross trade by hand: 2 regions x 1 sector, Z = [1 2; 3 4], one final
 * demand category per region Y = [5 6; 7 8]. Region 0 exports 2 + 6 = 8
 * to region 1, region 1 exports 3 + 7 = 10 to region 0; imports mirror.
 */
TEST(mrio_gross_trade_by_hand)
{
    const double z[] = {1, 2, 3, 4}, y[] = {5, 6, 7, 8};
    mb_dense *Z = from_rows(2, 2, z), *Y = from_rows(2, 2, y);
    mb_dense *bilat = NULL, *totals = NULL;

    CHECK_OK(mb_mrio_calc_gross_trade(&bilat, &totals, Z, Y, 2));
    CHECK(*mb_dense_at(bilat, 0, 0) == 0 && *mb_dense_at(bilat, 0, 1) == 8);
    CHECK(*mb_dense_at(bilat, 1, 0) == 10 && *mb_dense_at(bilat, 1, 1) == 0);
    CHECK(*mb_dense_at(totals, 0, 0) == 8 && *mb_dense_at(totals, 1, 0) == 10);
    CHECK(*mb_dense_at(totals, 0, 1) == 10 && *mb_dense_at(totals, 1, 1) == 8);
    mb_dense_free(bilat), mb_dense_free(totals);
    CHECK(mb_mrio_calc_gross_trade(&bilat, &totals, Z, Y, 3) == MB_EINVAL);
    CHECK(bilat == NULL && totals == NULL);
    mb_dense_free(Z), mb_dense_free(Y);
}

/* Gross trade on pymrio's 2 x 3 table: one flow by hand; world exports = world imports. */
TEST(mrio_gross_trade_small_2reg_3sec)
{
    small_mrio t;
    mb_dense *bilat = NULL, *totals = NULL;
    double exp_sum = 0, imp_sum = 0;
    int64_t i;

    NEED_SHARED();
    CHECK_MSG(small_load(&t) == 0, "small_mrio_2reg_3sec: %s",
              mb_error_last()->message);
    CHECK_OK(mb_mrio_calc_gross_trade(&bilat, &totals, t.Z, t.Y, 2));
    /* reg1 sector1 to reg2: Z row 0, columns 3..5 (6 + 5 + 7) + Y 3 */
    CHECK_NEAR(*mb_dense_at(bilat, 0, 1), 21.0, 1e-15);
    for (i = 0; i < 6; i++) {
        exp_sum += *mb_dense_at(totals, i, 0);
        imp_sum += *mb_dense_at(totals, i, 1);
    }
    CHECK_NEAR(exp_sum, imp_sum, 1e-15);
    mb_dense_free(bilat), mb_dense_free(totals);
    small_free(&t);
}
