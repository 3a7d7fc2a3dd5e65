/*
 * cmd_list.c - `metabol list databases|processes|flows|methods [--search
 * TEXT]`: what the project holds, one line each, tab-separated (name
 * first, then the id and details), so that the output can be read by
 * people and cut by scripts.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <metabol/metabol.h>

#include "cli.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: metabol [-p PROJECT] list databases|processes|flows|"
            "methods\n"
            "                                [--search TEXT] [--limit N]\n"
            "\n"
            "Lists what the project holds, in name order; --search keeps\n"
            "the names containing TEXT (case-insensitive). methods lists\n"
            "impact categories with their method and reference unit.\n");
}

typedef struct lister {
    int64_t limit, shown, total;
    int kind; /* mb_store_kind */
} lister;

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

static int print_database(void *ctx, int64_t id, const char *name,
                          const char *format, const char *source)
{
    lister *l = ctx;

    (void)id;
    l->total++;
    if (l->limit >= 0 && l->shown >= l->limit)
        return 0;
    l->shown++;
    printf("%s\t%s\t%s\n", name, format, source);
    return 0;
}

static const char *const flow_types[] = {"elementary", "product", "waste"};

static int print_item(void *ctx, const mb_store_item *it)
{
    lister *l = ctx;

    l->total++;
    if (l->limit >= 0 && l->shown >= l->limit)
        return 0;
    l->shown++;
    if (l->kind == MB_STORE_CATEGORIES)
        printf("%s/%s\t%s\t%s\t%lld factors\n", or_empty(it->category),
               or_empty(it->name), or_empty(it->uuid), or_empty(it->unit),
               (long long)it->count);
    else if (l->kind == MB_STORE_PROCESSES)
        printf("%s\t%s\t%s\t%s\t%lld exchanges\n", or_empty(it->name),
               or_empty(it->uuid), or_empty(it->location),
               or_empty(it->category), (long long)it->count);
    else
        printf("%s\t%s\t%s\t%s\n", or_empty(it->name), or_empty(it->uuid),
               it->type >= 0 && it->type <= 2 ? flow_types[it->type] : "?",
               or_empty(it->category));
    return 0;
}

int cmd_list(int argc, char **argv)
{
    static const struct option opts[] = {
        {"search", required_argument, NULL, 's'},
        {"limit", required_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    static const char *const kinds[] = {"processes", "flows", "methods"};
    const char *search = NULL;
    lister l = {-1, 0, 0, 0};
    mb_store *store = NULL;
    int c, k, rc;

    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":s:l:h", opts, NULL)) != -1) {
        switch (c) {
        case 's': search = optarg; break;
        case 'l':
            if (cli_parse_int64(optarg, &l.limit) < 0 || l.limit < 0)
                return cli_error("list", EXIT_USAGE,
                                 "--limit '%s': expected a whole number",
                                 optarg);
            break;
        case 'h': usage(stdout); return EXIT_OK;
        case ':':
            return cli_error("list", EXIT_USAGE, "%s needs a value",
                             argv[optind - 1]);
        default:
            usage(stderr);
            return cli_error("list", EXIT_USAGE, "unknown option '%s'",
                             argv[optind - 1]);
        }
    }
    if (argc - optind != 1) {
        usage(stderr);
        return cli_error("list", EXIT_USAGE, "what to list?");
    }
    for (k = 0; k < 3 && strcmp(argv[optind], kinds[k]) != 0; k++)
        ;
    if (k == 3 && strcmp(argv[optind], "databases") != 0) {
        usage(stderr);
        return cli_error("list", EXIT_USAGE,
                         "'%s': expected databases, processes, flows or "
                         "methods",
                         argv[optind]);
    }
    if ((rc = cli_open_project(&store, "list", 0)) >= 0)
        return rc;
    l.kind = k;
    if (k == 3)
        rc = mb_store_each_database(store, print_database, &l);
    else
        rc = mb_store_list(store, (mb_store_kind)k, search, print_item, &l);
    rc = rc < 0 ? cli_fail("list") : EXIT_OK;
    if (rc == EXIT_OK && l.shown < l.total)
        fprintf(stderr, "(%lld of %lld shown)\n", (long long)l.shown,
                (long long)l.total);
    mb_store_close(store);
    return rc;
}
