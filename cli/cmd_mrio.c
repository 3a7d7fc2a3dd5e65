/*
 * cmd_mrio.c - `metabol mrio import SOURCE --out X.mrio` (pymrio's save
 * format as a directory or zip, an EXIOBASE 3 archive, or pymrio's test
 * MRIO, into the binary form) and `metabol mrio export X.mrio OUT_DIR`
 * (back to pymrio's save format). See docs/mrio-formats.md.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <metabol/metabol.h>

#include "cli.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: metabol mrio import SOURCE --out X.mrio\n"
            "       metabol mrio export X.mrio OUT_DIR\n"
            "\nimport reads pymrio's save format (a directory or zip with "
            "file_parameters.json,\nan EXIOBASE 3 archive) or pymrio's test "
            "MRIO and writes the binary form\n(labels.json and one .npy per "
            "table), which loads by mapping.\nexport writes an MRIO (binary "
            "form or any source import reads) in pymrio's\nsave format. "
            "Neither overwrites: the target must not exist.\n");
}

static void summary(const mb_mrio *m, const char *verb, const char *path)
{
    printf("%s %s: %zu core tables, %zu extensions", verb, path,
           m->core.ntables, m->next);
    if (m->core.ntables)
        printf(", %lld x %lld %s", (long long)m->core.tables[0]->rows.n,
               (long long)m->core.tables[0]->cols.n,
               m->core.tables[0]->name);
    printf("\n");
}

static int mrio_import(int argc, char **argv)
{
    static const struct option opts[] = {{"out", required_argument, 0, 'o'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *out = NULL;
    mb_mrio *m;
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1) {
        if (c == 'o')
            out = optarg;
        else if (c == 'h') {
            usage(stdout);
            return EXIT_OK;
        } else {
            usage(stderr);
            return cli_error("mrio", EXIT_USAGE, "%s: %s",
                             argv[optind - 1],
                             c == ':' ? "needs a value" : "unknown option");
        }
    }
    if (optind + 1 != argc || !out) {
        usage(stderr);
        return cli_error("mrio", EXIT_USAGE,
                         "expected: mrio import SOURCE --out X.mrio");
    }
    if (mb_mrio_read(&m, argv[optind]) != 0)
        return cli_fail("mrio");
    int rc = mb_mrio_save(m, out);
    if (rc == 0)
        summary(m, "imported", out);
    mb_mrio_free(m);
    return rc ? cli_fail("mrio") : EXIT_OK;
}

static int mrio_export(int argc, char **argv)
{
    mb_mrio *m;
    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        usage(stdout);
        return EXIT_OK;
    }
    if (argc != 3) {
        usage(stderr);
        return cli_error("mrio", EXIT_USAGE,
                         "expected: mrio export X.mrio OUT_DIR");
    }
    if (mb_mrio_read(&m, argv[1]) != 0)
        return cli_fail("mrio");
    int rc = mb_mrio_write_pymrio(m, argv[2]);
    if (rc == 0)
        summary(m, "exported", argv[2]);
    mb_mrio_free(m);
    return rc ? cli_fail("mrio") : EXIT_OK;
}

int cmd_mrio(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "import"))
        return mrio_import(argc - 1, argv + 1);
    if (argc >= 2 && !strcmp(argv[1], "export"))
        return mrio_export(argc - 1, argv + 1);
    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        usage(stdout);
        return EXIT_OK;
    }
    usage(stderr);
    return cli_error("mrio", EXIT_USAGE, "expected: mrio import|export ...");
}
