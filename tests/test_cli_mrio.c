/*
 * test_cli_mrio.c - `metabol mrio import` and `metabol mrio export`: the
 * mock EXIOBASE 3 fixture into the binary form and back to pymrio's save
 * format, read back identical; bad sources and existing targets give one
 * line and exit 1.
 */
#include <stdio.h>
#include <string.h>
#include <metabol/metabol.h>
#include "cli_run.h"

#define EXIO "tests/fixtures/mrio/exio3_mock"

TEST(cli_mrio_import_export_round_trip)
{
    char cmd[1400], bin[512], out[512];
    const char *dir = test_tmpdir();
    snprintf(bin, sizeof bin, "%s/exio3.mrio", dir);
    snprintf(out, sizeof out, "%s/exio3_txt", dir);
    snprintf(cmd, sizeof cmd, "mrio import " EXIO " --out %s", bin);
    CHECK(run(cmd) == 0);
    CHECK_STR_CONTAINS(out_text, "2 core tables, 1 extensions, 48 x 48 A");
    snprintf(cmd, sizeof cmd, "mrio export %s %s", bin, out);
    CHECK(run(cmd) == 0);
    CHECK(test_dir_entries(dir) == 2);
    mb_mrio *a, *b;
    CHECK_OK(mb_mrio_read(&a, EXIO));
    CHECK_OK(mb_mrio_read(&b, out));
    const mb_mrio_table *x = mb_mrio_table_get(&a->core, "A");
    const mb_mrio_table *y = mb_mrio_table_get(&b->core, "A");
    CHECK(x && y && mb_mrio_labels_equal(&x->rows, &y->rows));
    CHECK(x && y && memcmp(x->data->x, y->data->x,
                           48 * 48 * sizeof(double)) == 0);
    mb_mrio_free(a);
    mb_mrio_free(b);
    /* the targets exist now */
    snprintf(cmd, sizeof cmd, "mrio import " EXIO " --out %s", bin);
    CHECK_ERROR_LINE(run(cmd), "already exists");
    snprintf(cmd, sizeof cmd, "mrio export %s %s", bin, out);
    CHECK_ERROR_LINE(run(cmd), "already exists");
}

TEST(cli_mrio_errors_are_one_line)
{
    char cmd[1400], path[512];
    const char *dir = test_tmpdir();
    snprintf(path, sizeof path, "%s/file_parameters.json", dir);
    CHECK(write_text(path, "{\"files\": 3, \"systemtype\": \"IOSystem\"}") ==
          0);
    snprintf(cmd, sizeof cmd, "mrio import %s --out %s/x.mrio", dir, dir);
    CHECK_ERROR_LINE(run(cmd), "expected an object \"files\"");
    CHECK(run("mrio import " EXIO) == 2);
    CHECK(run("mrio import " EXIO " --bogus") == 2);
    CHECK(run("mrio frobnicate") == 2);
    CHECK(run("mrio export x") == 2);
    CHECK(run("mrio --help") == 0);
}
