/*
 * test_mrio_io.c - MRIO tables in and out (include/metabol/mrio_io.h):
 * the mock EXIOBASE 3 archive (tests/fixtures/mrio/exio3_mock, from
 * pymrio's tests/mock_mrios) and pymrio's test MRIO
 * (../shared/data/mrio/test_mrio) read with values checked against their
 * files; round trips through the save format and the binary form; every
 * bad input with its one error line.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zip.h>
#include <metabol/metabol.h>
#include "test.h"

#define EXIO "tests/fixtures/mrio/exio3_mock"

static double at(const mb_mrio_table *t, const char *r0, const char *r1,
                 const char *c0, const char *c1)
{
    const char *r[] = {r0, r1}, *c[] = {c0, c1};
    int64_t i = mb_mrio_labels_find(&t->rows, r);
    int64_t j = mb_mrio_labels_find(&t->cols, c);
    if (i < 0 || j < 0)
        return NAN;
    return t->data->x[i + j * t->data->ld];
}

/* Same accounts, tables, labels and bit-identical numbers, same units. */
static int same_units(const mb_mrio_units *a, const mb_mrio_units *b)
{
    if (!a || !b)
        return a == b;
    if (!mb_mrio_labels_equal(&a->rows, &b->rows))
        return 0;
    for (int64_t i = 0; i < a->rows.n; i++)
        if (strcmp(a->unit[i], b->unit[i]))
            return 0;
    return 1;
}

static int same_table(const mb_mrio_table *a, const mb_mrio_table *b)
{
    if (!a || !b)
        return a == b;
    if (strcmp(a->name, b->name) || !mb_mrio_labels_equal(&a->rows, &b->rows) ||
        !mb_mrio_labels_equal(&a->cols, &b->cols))
        return 0;
    for (int64_t j = 0; j < a->data->n; j++)
        for (int64_t i = 0; i < a->data->m; i++)
            if (memcmp(&a->data->x[i + j * a->data->ld],
                       &b->data->x[i + j * b->data->ld], sizeof(double)))
                return 0;
    return 1;
}

static int same_mrio(const mb_mrio *a, const mb_mrio *b)
{
    if (a->next != b->next)
        return 0;
    for (size_t e = 0; e <= a->next; e++) {
        const mb_mrio_account *x = e ? &a->ext[e - 1] : &a->core;
        const mb_mrio_account *y = e ? mb_mrio_ext_get(b, x->name) : &b->core;
        if (!y || strcmp(x->name, y->name) || x->ntables != y->ntables ||
            !same_units(x->unit, y->unit))
            return 0;
        for (size_t k = 0; k < x->ntables; k++)
            if (!same_table(x->tables[k], y->tables[k]))
                return 0;
    }
    return same_table(a->population, b->population);
}

/*
 * The values cite the fixture's files: A.txt line 15 (BRA, electricity)
 * column (KOR, transport) is 6.00084262917e-08 and line 4's first cell
 * 0.0990875448681; Y.txt line 4 first cell 58180.65; satellite/F.txt line
 * 3 (emission_type1, AUS food) 1848064.8; satellite/F_hh.txt line 4
 * (emission_type2, AUS households) 59206405; unit.txt "Mill USD",
 * satellite/unit.txt "kg".
 */
static void check_exio3(const mb_mrio *m)
{
    const mb_mrio_table *a = mb_mrio_table_get(&m->core, "A");
    const mb_mrio_table *y = mb_mrio_table_get(&m->core, "Y");
    CHECK(a && y);
    CHECK(a->rows.n == 48 && a->cols.n == 48 && a->rows.nlevels == 2);
    CHECK(y->rows.n == 48 && y->cols.n == 42);
    CHECK(!strcmp(a->rows.names[0], "region"));
    CHECK(!strcmp(a->rows.names[1], "sector"));
    CHECK(!strcmp(y->cols.names[1], "category"));
    CHECK(at(a, "BRA", "electricity", "KOR", "transport") == 6.00084262917e-08);
    CHECK(at(a, "AUS", "food", "AUS", "food") == 0.0990875448681);
    CHECK(at(y, "AUS", "food", "AUS",
             "Final consumption expenditure by households") == 58180.65);
    CHECK(m->core.unit && m->core.unit->rows.n == 48);
    CHECK(!strcmp(m->core.unit->unit[0], "Mill USD"));
    CHECK(m->next == 1);
    mb_mrio_account *sat = mb_mrio_ext_get(m, "satellite");
    CHECK(sat && !strcmp(sat->name, "Satellite Accounts"));
    const mb_mrio_table *f = mb_mrio_table_get(sat, "F");
    const mb_mrio_table *fy = mb_mrio_table_get(sat, "F_Y");
    CHECK(f && fy && !mb_mrio_table_get(sat, "F_hh"));
    CHECK(f->rows.n == 2 && f->cols.n == 48 && fy->cols.n == 42);
    const char *s1[] = {"emission_type1"}, *s2[] = {"emission_type2"};
    const char *c[] = {"AUS", "food"};
    const char *h[] = {"AUS", "Final consumption expenditure by households"};
    CHECK(f->data->x[mb_mrio_labels_find(&f->rows, s1) +
                     mb_mrio_labels_find(&f->cols, c) * f->data->ld] ==
          1848064.8);
    CHECK(fy->data->x[mb_mrio_labels_find(&fy->rows, s2) +
                      mb_mrio_labels_find(&fy->cols, h) * fy->data->ld] ==
          59206405);
    CHECK(sat->unit && sat->unit->rows.n == 2 &&
          !strcmp(sat->unit->unit[1], "kg"));
}

TEST(mrio_reads_exio3_mock)
{
    mb_mrio *m;
    CHECK_OK(mb_mrio_read(&m, EXIO));
    check_exio3(m);
    const char *missing[] = {"AUS", "steel"};
    CHECK(mb_mrio_labels_find(&mb_mrio_table_get(&m->core, "A")->rows,
                              missing) == -1);
    mb_mrio_free(m);
}

/* Zip the fixture (members under a top folder) and read the zip. */
TEST(mrio_reads_exio3_mock_zip)
{
    static const char *files[] = {"A.txt", "Y.txt", "unit.txt",
                                  "file_parameters.json", "metadata.json",
                                  "satellite/F.txt", "satellite/F_hh.txt",
                                  "satellite/unit.txt",
                                  "satellite/file_parameters.json"};
    char path[512], src[512];
    int err;
    snprintf(path, sizeof path, "%s/exio3.zip", test_tmpdir());
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_EXCL, &err);
    CHECK(z);
    if (!z)
        return;
    for (size_t k = 0; k < sizeof files / sizeof *files; k++) {
        char name[256];
        snprintf(src, sizeof src, EXIO "/%s", files[k]);
        snprintf(name, sizeof name, "IOT_2011_ixi/%s", files[k]);
        zip_source_t *s = zip_source_file(z, src, 0, -1);
        CHECK(s && zip_file_add(z, name, s, ZIP_FL_ENC_UTF_8) >= 0);
    }
    CHECK(zip_close(z) == 0);
    mb_mrio *m;
    CHECK_OK(mb_mrio_read(&m, path));
    check_exio3(m);
    mb_mrio_free(m);
}

TEST(mrio_save_format_round_trip)
{
    mb_mrio *m, *back, *again;
    char out[512], out2[512];
    const char *dir = test_tmpdir();
    CHECK_OK(mb_mrio_read(&m, EXIO));
    snprintf(out, sizeof out, "%s/exio3_out", dir);
    CHECK_OK(mb_mrio_write_pymrio(m, out));
    CHECK(test_dir_entries(dir) == 1); /* no temporary left beside it */
    CHECK(test_dir_entries(out) == 5); /* A Y unit params satellite/ */
    CHECK_OK(mb_mrio_read_pymrio(&back, out));
    CHECK(same_mrio(m, back));
    /* and once more from what was written */
    snprintf(out2, sizeof out2, "%s/exio3_out2", dir);
    CHECK_OK(mb_mrio_write_pymrio(back, out2));
    CHECK_OK(mb_mrio_read(&again, out2));
    CHECK(same_mrio(back, again));
    /* the target exists now: refused, nothing touched */
    CHECK(mb_mrio_write_pymrio(m, out) == MB_EIO);
    CHECK_STR_CONTAINS(mb_error_last()->message, "already exists");
    CHECK(test_dir_entries(dir) == 2);
    mb_mrio_free(m);
    mb_mrio_free(back);
    mb_mrio_free(again);
}

TEST(mrio_binary_round_trip)
{
    mb_mrio *m, *back;
    char out[512];
    CHECK_OK(mb_mrio_read(&m, EXIO));
    snprintf(out, sizeof out, "%s/exio3.mrio", test_tmpdir());
    CHECK_OK(mb_mrio_save(m, out));
    CHECK_OK(mb_mrio_load(&back, out));
    CHECK(same_mrio(m, back));
    CHECK(mb_mrio_table_get(&back->core, "A")->mapping != NULL);
    check_exio3(back);
    mb_mrio_free(back);
    CHECK_OK(mb_mrio_read(&back, out)); /* picked by its labels.json */
    CHECK(same_mrio(m, back));
    mb_mrio_free(back);
    mb_mrio_free(m);
}

/*
 * pymrio's test MRIO (../shared/data/mrio/test_mrio/mrio_data):
 * trade_flows_Z.txt line 3 first cell 23697.221, line 12 (reg2, mining)
 * column (reg3, trade) 105.65156; factor_input.txt "Value Added" reg1 food
 * 111490.88; FDemissions.txt line 4 (emission_type2, water) first cell
 * 59206405; population.txt reg1 7.80E+08.
 */
TEST(mrio_reads_test_mrio)
{
    char dir[512], out[512];
    mb_mrio *m, *back;
    if (!test_shared_data())
        SKIP("../shared/data is absent");
    snprintf(dir, sizeof dir, "%s/mrio/test_mrio", test_shared_data());
    CHECK_OK(mb_mrio_read(&m, dir));
    const mb_mrio_table *z = mb_mrio_table_get(&m->core, "Z");
    const mb_mrio_table *y = mb_mrio_table_get(&m->core, "Y");
    CHECK(z && y && z->rows.n == 48 && z->cols.n == 48 && y->cols.n == 42);
    CHECK(at(z, "reg1", "food", "reg1", "food") == 23697.221);
    CHECK(at(z, "reg2", "mining", "reg3", "trade") == 105.65156);
    CHECK(!strcmp(z->rows.names[1], "sector"));
    CHECK(!strcmp(y->cols.names[1], "category"));
    CHECK(m->core.unit && !strcmp(m->core.unit->unit[5], "Mill USD"));
    CHECK(m->next == 2);
    mb_mrio_account *fac = mb_mrio_ext_get(m, "Factor Inputs");
    mb_mrio_account *em = mb_mrio_ext_get(m, "emissions");
    CHECK(fac && em);
    const mb_mrio_table *ff = mb_mrio_table_get(fac, "F");
    const char *va[] = {"Value Added"}, *rf[] = {"reg1", "food"};
    CHECK(ff->data->x[mb_mrio_labels_find(&ff->rows, va) +
                      mb_mrio_labels_find(&ff->cols, rf) * ff->data->ld] ==
          111490.88);
    CHECK(!strcmp(fac->unit->unit[0], "Mill USD"));
    const mb_mrio_table *fy = mb_mrio_table_get(em, "F_Y");
    CHECK(fy->rows.n == 2 && fy->cols.n == 42);
    CHECK(at(fy, "emission_type2", "water", "reg1",
             "Final consumption expenditure by households") == 59206405);
    CHECK(!strcmp(em->unit->unit[0], "kg"));
    CHECK(!strcmp(em->unit->rows.names[1], "compartment"));
    CHECK(m->population && m->population->cols.n == 6 &&
          m->population->data->x[0] == 7.80E+08);
    snprintf(out, sizeof out, "%s/test_mrio_out", test_tmpdir());
    CHECK_OK(mb_mrio_write_pymrio(m, out));
    CHECK_OK(mb_mrio_read(&back, out));
    CHECK(same_mrio(m, back));
    mb_mrio_free(back);
    snprintf(out, sizeof out, "%s/test_mrio.mrio", test_tmpdir());
    CHECK_OK(mb_mrio_save(m, out));
    CHECK_OK(mb_mrio_load(&back, out));
    CHECK(same_mrio(m, back));
    mb_mrio_free(back);
    mb_mrio_free(m);
}

TEST(mrio_reads_the_shared_exio3_mock)
{
    char dir[512];
    mb_mrio *m;
    if (!test_shared_data())
        SKIP("../shared/data is absent");
    snprintf(dir, sizeof dir, "%s/mrio/exio3_mock", test_shared_data());
    CHECK_OK(mb_mrio_read(&m, dir));
    check_exio3(m);
    mb_mrio_free(m);
}

/* Numbers: the fast path and strtod agree, bit for bit. */
TEST(mrio_numbers_are_exact)
{
    static const char *nums[] = {
        "0", "-0", "1", "0.1", "1e-300", "2.2250738585072014e-308",
        "4.9e-324", "1.7976931348623157e308", "123456789012345678901234",
        "0.30000000000000004", "9007199254740993", "1E22", "1e23",
        "-5.5e-7", "+3.25", "0.000000000000000000000000001", "7.80E+08",
        "6.00084262917e-08", ".5", "5.", "1e+0"};
    for (size_t k = 0; k < sizeof nums / sizeof *nums; k++) {
        mb_mrio_table *t;
        char doc[256];
        int len = snprintf(doc, sizeof doc, "i\tc\nr\t%s\n", nums[k]);
        CHECK_OK(mb_mrio_table_parse(&t, doc, (size_t)len, "num", 1, 1));
        double want = strtod(nums[k], NULL);
        CHECK_MSG(t && memcmp(&t->data->x[0], &want, sizeof want) == 0,
                  "%s read as %.17g", nums[k], t ? t->data->x[0] : NAN);
        mb_mrio_table_free(t);
    }
}

static void bad_table(const char *doc, int nic, int nh, const char *a,
                      const char *b)
{
    mb_mrio_table *t = (mb_mrio_table *)1;
    int rc = mb_mrio_table_parse(&t, doc, strlen(doc), "bad.txt", nic, nh);
    CHECK_MSG(rc == MB_EFORMAT, "%s: rc %d", doc, rc);
    CHECK(t == NULL);
    CHECK_STR_CONTAINS(mb_error_last()->message, a);
    CHECK_STR_CONTAINS(mb_error_last()->message, b);
    CHECK(!strchr(mb_error_last()->message, '\n'));
}

#define HEAD "region\t\tR1\tR1\nsector\t\ts1\ts2\nregion\tsector\t\t\n"

TEST(mrio_bad_tables_say_where)
{
    bad_table(HEAD "R1\ts1\t1\tnan\n", 2, 2,
              "bad.txt: line 4, column 4 (R1, s2): value 'nan'",
              "expected a finite number");
    bad_table(HEAD "R1\ts1\t1\tinf\n", 2, 2, "value 'inf'", "finite");
    bad_table(HEAD "R1\ts1\t1\t1.5x\n", 2, 2, "value '1.5x'", "finite");
    bad_table(HEAD "R1\ts1\t\t2\n", 2, 2, "line 4, column 3 (R1, s1)",
              "missing value");
    bad_table(HEAD "R1\ts1\t1\t2\t3\n", 2, 2, "line 4: 5 cells, expected 4",
              "ragged");
    bad_table(HEAD "R1\ts1\t1\t2\nR1\ts2\t1", 2, 2, "line 5",
              "truncated");
    bad_table(HEAD "R1\ts1\t1\t2\nR1\ts1\t3\t4\n", 2, 2, "(R1, s1)",
              "appears twice");
    bad_table(HEAD, 2, 2, "bad.txt", "no data rows");
    bad_table("region\t\tR1\n", 2, 2, "line 2", "ends in the header");
    bad_table("region\tR1\tR1\nsector\ts1\n", 1, 2, "line 2", "ragged");
    bad_table(HEAD "\ts1\t1\t2\n", 2, 2, "line 4, column 1",
              "empty row label");
    bad_table("a\tb\n", 0, 1, "nr_index_col 0", "expected 1 to 64");
}

/* A save-format folder with the given Y.txt beside a good A.txt. */
static const char *save_dir(const char *y, const char *params)
{
    static const char *a = HEAD "R1\ts1\t0.1\t0.2\nR1\ts2\t0.3\t0.4\n";
    const char *dir = test_tmpdir();
    char path[512];
    FILE *f;
    snprintf(path, sizeof path, "%s/A.txt", dir);
    f = fopen(path, "w");
    fputs(a, f);
    fclose(f);
    snprintf(path, sizeof path, "%s/Y.txt", dir);
    f = fopen(path, "w");
    fputs(y, f);
    fclose(f);
    snprintf(path, sizeof path, "%s/file_parameters.json", dir);
    f = fopen(path, "w");
    fputs(params, f);
    fclose(f);
    return dir;
}

#define PARAMS                                                              \
    "{\"files\": {\"A\": {\"name\": \"A.txt\", \"nr_index_col\": \"2\", "   \
    "\"nr_header\": \"2\"}, \"Y\": {\"name\": \"Y.txt\", \"nr_index_col\": " \
    "\"2\", \"nr_header\": \"2\"}}, \"systemtype\": \"IOSystem\"}"
#define YHEAD "region\t\tR1\ncategory\t\thh\nregion\tsector\t\n"

TEST(mrio_bad_save_folders_say_what)
{
    mb_mrio *m = NULL;
    const char *dir = save_dir(YHEAD "R1\ts1\t1\nR1\ts2\t2\n", PARAMS);
    CHECK_OK(mb_mrio_read(&m, dir));
    CHECK(m && mb_mrio_table_get(&m->core, "Y")->data->x[1] == 2);
    mb_mrio_free(m);

    dir = save_dir(YHEAD "R1\ts1\t1\nR1\ts3\t2\n", PARAMS);
    CHECK(mb_mrio_read(&m, dir) == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "Y rows label 2 is (R1, s3), A rows's is (R1, s2)");
    dir = save_dir(YHEAD "R1\ts1\t1\n", PARAMS);
    CHECK(mb_mrio_read(&m, dir) == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message, "expected the same labels");

    dir = save_dir(YHEAD "R1\ts1\t1\nR1\ts2\t2\n",
                   "{\"files\": {\"A\": {\"name\": \"A.txt\", "
                   "\"nr_index_col\": \"two\", \"nr_header\": \"2\"}}, "
                   "\"systemtype\": \"IOSystem\"}");
    CHECK(mb_mrio_read(&m, dir) == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message,
                       "files.A.nr_index_col: expected a count");
    dir = save_dir("", "{\"files\": {}, \"systemtype\": \"Extension\"}");
    CHECK(mb_mrio_read(&m, dir) == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message, "no file_parameters.json");
    dir = save_dir("", "{\"files\": {\"A\": {\"name\": \"A.parquet\", "
                       "\"nr_index_col\": 2, \"nr_header\": 2}}, "
                       "\"systemtype\": \"IOSystem\"}");
    CHECK(mb_mrio_read(&m, dir) == MB_EUNSUPPORTED);
    CHECK_STR_CONTAINS(mb_error_last()->message, "A.parquet");
    CHECK(m == NULL);
}

TEST(mrio_bad_binary_says_what)
{
    mb_mrio *m = NULL;
    char out[512], path[600];
    CHECK_OK(mb_mrio_read(&m, EXIO));
    snprintf(out, sizeof out, "%s/bad.mrio", test_tmpdir());
    CHECK_OK(mb_mrio_save(m, out));
    mb_mrio_free(m);
    /* a table file swapped for one of another shape */
    char t0[600], t1[600];
    snprintf(t0, sizeof t0, "%s/t0.npy", out);
    snprintf(t1, sizeof t1, "%s/t1.npy", out);
    CHECK(rename(t1, t0) == 0);
    CHECK(mb_mrio_load(&m, out) == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message, "t0.npy: shape: expected a "
                                                 "48 x 48 matrix");
    snprintf(path, sizeof path, "%s/labels.json", out);
    FILE *f = fopen(path, "w");
    fputs("{\"format\": \"other\"}", f);
    fclose(f);
    CHECK(mb_mrio_load(&m, out) == MB_EFORMAT);
    CHECK_STR_CONTAINS(mb_error_last()->message, "expected format");
    CHECK(m == NULL);
}

/* The last row without its line break, CRLF lines, blank lines at the end. */
TEST(mrio_table_text_variants)
{
    static const char *docs[] = {
        HEAD "R1\ts1\t1\t2\nR1\ts2\t3\t4",
        "region\t\tR1\tR1\r\nsector\t\ts1\ts2\r\nregion\tsector\t\t\r\n"
        "R1\ts1\t1\t2\r\nR1\ts2\t3\t4\r\n",
        HEAD "R1\ts1\t1\t2\nR1\ts2\t3\t4\n\n\n"};
    for (size_t k = 0; k < 3; k++) {
        mb_mrio_table *t;
        CHECK_OK(mb_mrio_table_parse(&t, docs[k], strlen(docs[k]), "v", 2, 2));
        if (!t)
            continue;
        CHECK(t->data->m == 2 && t->data->n == 2 && t->data->ld == 2);
        CHECK(t->data->x[0] == 1 && t->data->x[1] == 3 &&
              t->data->x[2] == 2 && t->data->x[3] == 4);
        CHECK(!strcmp(t->rows.names[1], "sector"));
        CHECK(!strcmp(t->cols.values[3], "s2"));
        mb_mrio_table_free(t);
    }
}
