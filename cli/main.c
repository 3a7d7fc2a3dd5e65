/*
 * main.c - `metabol <command> [options]`: a git-style command table; each
 * command lives in cmd_<name>.c and prints its usage when asked (--help) or
 * when run without the arguments it needs.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <metabol/metabol.h>

#include "cli.h"

static const command commands[] = {
    {"import", cmd_import, "read a database, method or flow mapping into "
                           "the project"},
    {"export", cmd_export, "write the project or a database as a Brightway "
                           "datapackage or JSON-LD"},
    {"list", cmd_list, "list the project's databases, processes, flows or "
                       "methods"},
    {"show", cmd_show, "show a process with its exchanges"},
    {"lca", cmd_lca, "life cycle assessment of a process or a demand"},
    {"mc", cmd_mc, "Monte Carlo: the uncertainty of a score"},
    {"mrio", cmd_mrio, "import an MRIO (pymrio, EXIOBASE 3) into the "
                       "binary form, or export it"},
    {"paths", cmd_paths, "supply-chain graph or structural paths of a "
                         "score"},
    {"sankey", cmd_sankey, "write the supply-chain graph as a Sankey "
                           "diagram's JSON"},
    {"sensitivity", cmd_sensitivity, "local and global sensitivity of "
                                     "the scores to the data"},
    {"version", cmd_version, "print the version"},
};

static void usage(FILE *out)
{
    size_t k;

    fprintf(out, "usage: metabol [-p PROJECT] <command> [options]\n\n"
                 "PROJECT is the project store, an SQLite file (default "
                 "$METABOL_PROJECT,\nelse ./metabol.db).\n\ncommands:\n");
    for (k = 0; k < sizeof commands / sizeof commands[0]; k++)
        fprintf(out, "  %-12s %s\n", commands[k].name, commands[k].summary);
    fprintf(out, "\n'metabol <command> --help' describes a command.\n");
}

static int quiet;

void cli_set_quiet(int on)
{
    quiet = on;
}

int cli_error(const char *cmd, int code, const char *fmt, ...)
{
    va_list ap;

    if (quiet)
        return code;
    fprintf(stderr, "metabol %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return code;
}

int cli_fail(const char *cmd)
{
    return cli_error(cmd, EXIT_ERROR, "%s", mb_error_last()->message);
}

int cli_parse_double(const char *s, double *out)
{
    char *end;

    errno = 0;
    *out = strtod(s, &end);
    return *s && !*end && errno == 0 ? 0 : -1;
}

int cli_parse_int64(const char *s, int64_t *out)
{
    char *end;
    long long v;

    errno = 0;
    v = strtoll(s, &end, 10);
    *out = v;
    return *s && !*end && errno == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    size_t k;

    /* This program owns the process: SuiteSparse's factors get huge pages. */
    mb_route_suitesparse_allocations();
    while (argc >= 2 && (!strcmp(argv[1], "-p") ||
                         !strcmp(argv[1], "--project"))) {
        if (argc < 3) {
            fprintf(stderr, "metabol: %s needs a project file\n", argv[1]);
            return EXIT_USAGE;
        }
        cli_set_project(argv[2]);
        argc -= 2;
        argv += 2;
    }
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
        !strcmp(argv[1], "help")) {
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(argv[1], "--version"))
        return cmd_version(argc - 1, argv + 1);
    for (k = 0; k < sizeof commands / sizeof commands[0]; k++)
        if (!strcmp(argv[1], commands[k].name))
            return commands[k].run(argc - 1, argv + 1);
    fprintf(stderr, "metabol: '%s' is not a command\n", argv[1]);
    usage(stderr);
    return EXIT_USAGE;
}
