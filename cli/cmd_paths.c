/*
 * cmd_paths.c - `metabol paths` (the supply-chain graph of a score, or its
 * structural paths with --spa) and `metabol sankey` (the graph as a Sankey
 * diagram's JSON, written to a file): the demand and method as every
 * analysis command takes them (target.h), the analysis in the library
 * (paths.h), a progress bar when stderr is a terminal.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <metabol/metabol.h>

#include "cli.h"
#include "target.h"

static void usage(FILE *out, const char *cmd)
{
    if (!strcmp(cmd, "sankey"))
        fprintf(out,
                "usage: metabol [-p PROJECT] sankey --process NAME_OR_ID "
                "--method NAME --out FILE.json\n"
                "                   [--cutoff C] [--max-depth D]\n"
                "       metabol sankey --datapackage DIR --demand ID=AMOUNT "
                "--method NAME --out FILE.json\n"
                "\n"
                "Writes the supply-chain graph of the score (see metabol "
                "paths) as the input\nof a Sankey diagram: {\"nodes\": [...], "
                "\"links\": [{\"source\", \"target\",\n\"value\"}]} with "
                "source and target positions in nodes, values the\nmagnitudes "
                "of the scores (signed in \"score\"). Links that close a loop "
                "are\nmarked \"circular\". The file is written beside FILE "
                "and renamed into place.\n\n");
    else
        fprintf(out,
                "usage: metabol [-p PROJECT] paths --process NAME_OR_ID "
                "--method NAME\n"
                "                   [--cutoff C] [--max-depth D] "
                "[--format table|json|dot]\n"
                "                   [--spa [--top N]]\n"
                "       metabol paths --datapackage DIR --demand ID=AMOUNT "
                "--method NAME ...\n"
                "\n"
                "Where the score of a demand comes from. By default the "
                "supply-chain graph:\nfrom the demand, activities largest "
                "cumulative score first, each once, their\ninputs followed "
                "while |cumulative score| >= C x |total| (C default 0.01;\n"
                "0 follows everything); nodes carry direct and cumulative "
                "scores and\nsupply, edges the product and score flowing "
                "along them. With --spa, the\nstructural paths instead: "
                "the N (default 20) single paths from the demand\ndown the "
                "supply chain with the largest direct scores; with --cutoff "
                "0 it\nneeds --max-depth. --max-depth D stops D steps from "
                "the demand.\n\n");
    fputs(CLI_TARGET_USAGE, out);
}

typedef struct paths_args {
    const char *cmd;
    cli_target t;
    mb_paths_options o;
    int format, spa, top_given;
    const char *out;
} paths_args;

/* -1 to continue, else an exit code. */
static int parse_args(paths_args *a, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_TARGET_OPTIONS,
        {"cutoff", required_argument, NULL, 'c'},
        {"max-depth", required_argument, NULL, 'D'},
        {"format", required_argument, NULL, 'o'},
        {"spa", no_argument, NULL, 's'},
        {"top", required_argument, NULL, 'n'},
        {"out", required_argument, NULL, 'O'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *cmd = a->cmd;
    int c, rc;

    if ((rc = cli_target_init(&a->t, cmd, argc)) >= 0)
        return rc;
    if (argc < 2) {
        usage(stderr, cmd);
        return EXIT_USAGE;
    }
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        if ((rc = cli_target_option(&a->t, c, optarg)) > 0)
            return rc;
        if (rc < 0)
            continue;
        switch (c) {
        case 'c':
            if (cli_parse_double(optarg, &a->o.cutoff) < 0 ||
                !(a->o.cutoff >= 0.0 && a->o.cutoff < 1.0))
                return cli_error(cmd, EXIT_USAGE,
                                 "--cutoff '%s': expected a share of the "
                                 "score from 0 (everything) up to, not "
                                 "including, 1",
                                 optarg);
            break;
        case 'D':
            if (cli_parse_int64(optarg, &a->o.max_depth) < 0 ||
                a->o.max_depth < 1)
                return cli_error(cmd, EXIT_USAGE,
                                 "--max-depth '%s': expected a whole "
                                 "number >= 1",
                                 optarg);
            break;
        case 'n':
            if (cli_parse_int64(optarg, &a->o.top) < 0 || a->o.top < 1)
                return cli_error(cmd, EXIT_USAGE,
                                 "--top '%s': expected a whole number >= 1",
                                 optarg);
            a->top_given = 1;
            break;
        case 'o':
            a->format = mb_paths_format_parse(optarg);
            if (a->format < 0 || a->format == MB_PATHS_SANKEY)
                return cli_error(cmd, EXIT_USAGE,
                                 "--format '%s': expected table, json or "
                                 "dot (metabol sankey writes the Sankey "
                                 "JSON)",
                                 optarg);
            break;
        case 's': a->spa = 1; break;
        case 'O': a->out = optarg; break;
        case 'h': usage(stdout, cmd); return EXIT_OK;
        case ':':
            return cli_error(cmd, EXIT_USAGE, "%s needs a value",
                             argv[optind - 1]);
        default:
            return cli_error(cmd, EXIT_USAGE, "unknown option '%s' (metabol "
                             "%s --help)",
                             argv[optind - 1], cmd);
        }
    }
    if (optind < argc)
        return cli_error(cmd, EXIT_USAGE, "unexpected argument '%s'",
                         argv[optind]);
    return cli_target_check(&a->t);
}

/* The options that go with each command. */
static int check_args(const paths_args *a)
{
    const char *cmd = a->cmd;

    if (!strcmp(cmd, "sankey")) {
        if (!a->out)
            return cli_error(cmd, EXIT_USAGE, "--out FILE is required");
        if (a->spa || a->top_given || a->format != MB_PATHS_TABLE)
            return cli_error(cmd, EXIT_USAGE, "--spa, --top and --format "
                             "are options of metabol paths");
        return -1;
    }
    if (a->out)
        return cli_error(cmd, EXIT_USAGE, "--out is an option of metabol "
                         "sankey (paths writes to standard output)");
    if (a->top_given && !a->spa)
        return cli_error(cmd, EXIT_USAGE, "--top goes with --spa");
    if (a->spa && a->o.cutoff == 0.0 && a->o.max_depth == 0)
        return cli_error(cmd, EXIT_USAGE, "--spa with --cutoff 0 needs "
                         "--max-depth (the paths of a supply chain with "
                         "loops never end)");
    return -1;
}

/* The one method the analysis is of. */
static int one_method(const paths_args *a, size_t *m)
{
    const cli_target *t = &a->t;

    if (t->nmethods == 1) {
        *m = t->methods[0];
        return -1;
    }
    if (t->nmethods == 0)
        return cli_error(a->cmd, EXIT_ERROR, "the system has no method "
                         "(import one first)");
    if (t->nmethod_names == 0)
        return cli_error(a->cmd, EXIT_USAGE, "the system has %zu methods: "
                         "choose one with --method NAME (metabol list "
                         "methods)",
                         t->nmethods);
    return cli_error(a->cmd, EXIT_USAGE, "--method matches %zu categories "
                     "(the first '%s'): name one, as method/category",
                     t->nmethods, t->sys->methods[t->methods[0]].name);
}

static void on_progress(void *ctx, int64_t done, int64_t total)
{
    progress_update(ctx, (size_t)done, (size_t)total);
}

/*
 * Write the Sankey JSON beside `path` and rename it into place: a failure
 * leaves no half-written file.
 */
static int write_sankey(const paths_args *a, const mb_paths_graph *g)
{
    size_t len = strlen(a->out);
    char *tmp = malloc(len + 16);
    FILE *f = NULL;
    int fd, ok;

    if (!tmp)
        return cli_error(a->cmd, EXIT_ERROR, "out of memory");
    snprintf(tmp, len + 16, "%s.tmp-XXXXXX", a->out);
    if ((fd = mkstemp(tmp)) < 0 || !(f = fdopen(fd, "w"))) {
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        free(tmp);
        return cli_error(a->cmd, EXIT_ERROR, "--out %s: cannot create a "
                         "file beside it", a->out);
    }
    ok = mb_paths_write_graph(f, g, MB_PATHS_SANKEY, a->t.label) == 0;
    ok = (fflush(f) == 0) & ok;
    ok = (fclose(f) == 0) & ok;
    if (ok)
        ok = rename(tmp, a->out) == 0;
    if (!ok) {
        unlink(tmp);
        free(tmp);
        return cli_error(a->cmd, EXIT_ERROR, "--out %s: cannot write it",
                         a->out);
    }
    free(tmp);
    return EXIT_OK;
}

static int run(paths_args *a)
{
    mb_lca *lca = NULL;
    mb_paths_graph *g = NULL;
    mb_paths_spa *s = NULL;
    progress_bar bar;
    size_t m = 0;
    int rc;

    if ((rc = cli_target_load(&a->t)) >= 0 || (rc = one_method(a, &m)) >= 0)
        return rc;
    if (mb_lca_new(&lca, a->t.sys, NULL) < 0)
        return cli_fail(a->cmd);
    progress_start(&bar, a->spa ? "structural paths" : "supply chain");
    bar.unit = a->spa ? "steps" : "activities";
    a->o.progress = on_progress;
    a->o.progress_ctx = &bar;
    if (a->spa)
        rc = mb_paths_spa_run(&s, lca, a->t.demand, m, &a->o);
    else
        rc = mb_paths_traverse(&g, lca, a->t.demand, m, &a->o);
    progress_end(&bar);
    if (rc < 0)
        rc = cli_fail(a->cmd);
    else if (a->out)
        rc = write_sankey(a, g);
    else if ((a->spa ? mb_paths_write_spa(stdout, s, a->format, a->t.label)
                     : mb_paths_write_graph(stdout, g, a->format,
                                            a->t.label)) < 0)
        rc = cli_fail(a->cmd);
    else
        rc = EXIT_OK;
    mb_paths_spa_free(s);
    mb_paths_graph_free(g);
    mb_lca_free(lca);
    return rc;
}

static int paths_main(const char *cmd, int argc, char **argv)
{
    paths_args a;
    mb_paths_options defaults = MB_PATHS_OPTIONS_INIT;
    int rc;

    memset(&a, 0, sizeof a);
    a.cmd = cmd;
    a.o = defaults;
    a.format = MB_PATHS_TABLE;
    rc = parse_args(&a, argc, argv);
    if (rc < 0)
        rc = check_args(&a);
    if (rc < 0)
        rc = run(&a);
    cli_target_free(&a.t);
    if (fflush(stdout) != 0 && rc == EXIT_OK)
        rc = cli_error(cmd, EXIT_ERROR, "cannot write the output");
    return rc;
}

int cmd_paths(int argc, char **argv)
{
    return paths_main("paths", argc, argv);
}

int cmd_sankey(int argc, char **argv)
{
    return paths_main("sankey", argc, argv);
}
