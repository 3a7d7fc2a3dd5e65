/*
 * cmd_export.c - `metabol export FORMAT OUT [--database NAME]`: write the
 * project (or one of its databases) in a format other tools read. Each
 * format's writer lives in its own file (export_<format>.c); this file only
 * parses the command line and picks the writer.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <metabol/metabol.h>

#include "cli.h"

typedef struct export_format {
    const char *name;
    int (*write)(const export_args *a);
    const char *what;
} export_format;

static const export_format formats[] = {
    {"datapackage", export_datapackage,
     "Brightway datapackage (bw_processing), a directory or OUT.zip"},
    {"olca-jsonld", export_olca_jsonld,
     "openLCA JSON-LD zip (olca-schema 2), read by openLCA 2 and metabol"},
    {NULL, NULL, NULL} /* writers are added above this line */
};

static void usage(FILE *out)
{
    size_t k;

    fprintf(out, "usage: metabol [-p PROJECT] export FORMAT OUT "
                 "[--database NAME]\n\nFORMAT is one of:\n");
    for (k = 0; formats[k].name; k++)
        fprintf(out, "  %-12s %s\n", formats[k].name, formats[k].what);
    fprintf(out, "\nOUT is written whole or not at all: on any error no "
                 "file is left.\n");
}

int cmd_export(int argc, char **argv)
{
    static const struct option opts[] = {
        {"database", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    export_args a;
    size_t k;
    int c;

    memset(&a, 0, sizeof a);
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":d:h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': a.database = optarg; break;
        case 'h': usage(stdout); return EXIT_OK;
        case ':':
            return cli_error("export", EXIT_USAGE, "%s needs a value",
                             argv[optind - 1]);
        default:
            usage(stderr);
            return cli_error("export", EXIT_USAGE, "unknown option '%s'",
                             argv[optind - 1]);
        }
    }
    if (argc - optind != 2) {
        usage(stderr);
        return cli_error("export", EXIT_USAGE, "expected a FORMAT and OUT");
    }
    for (k = 0; formats[k].name && strcmp(formats[k].name, argv[optind]); k++)
        ;
    if (!formats[k].name) {
        usage(stderr);
        return cli_error("export", EXIT_USAGE, "'%s' is not a format",
                         argv[optind]);
    }
    a.out = argv[optind + 1];
    return formats[k].write(&a);
}
