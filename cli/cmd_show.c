/*
 * cmd_show.c - `metabol show process NAME_OR_ID`: a process as the data
 * gives it, its exchanges in order with amount, unit, direction, flow type,
 * formula and default provider.
 */
#include <stdio.h>
#include <string.h>

#include <metabol/metabol.h>

#include "cli.h"

static void usage(FILE *out)
{
    fprintf(out, "usage: metabol [-p PROJECT] show process NAME_OR_ID\n"
                 "\nPrints the process's exchanges as stored: inputs and "
                 "outputs, amounts in\nthe unit of the data, formulas and "
                 "default providers.\n");
}

static const char *const flow_types[] = {"elementary", "product", "waste"};

/* The header: name, location and category of the process shown. */
static int print_header(void *ctx, const mb_store_item *it)
{
    if (strcmp(it->uuid, ctx) != 0)
        return 0;
    printf("%s\nid %s, location %s, category %s, %lld exchanges\n",
           it->name, it->uuid, it->location ? it->location : "-",
           it->category ? it->category : "-", (long long)it->count);
    return 1;
}

static int print_exchange(void *ctx, const mb_store_exchange_row *r)
{
    (void)ctx;
    printf("%-6s %-10s %14.6g %-8s %s%s%s%s%s%s%s\n",
           r->flags & MB_EXCHANGE_INPUT ? "input" : "output",
           r->flow_type >= 0 && r->flow_type <= 2 ? flow_types[r->flow_type]
                                                  : "?",
           r->amount, r->unit ? r->unit : "?",
           r->flow_name ? r->flow_name : r->flow_uuid,
           r->flags & MB_EXCHANGE_REFERENCE ? "  [reference]" : "",
           r->flags & MB_EXCHANGE_AVOIDED ? "  [avoided]" : "",
           r->formula ? "  = " : "", r->formula ? r->formula : "",
           r->provider_uuid ? "  <- " : "",
           r->provider_uuid ? r->provider_uuid : "");
    return 0;
}

int cmd_show(int argc, char **argv)
{
    mb_store *store = NULL;
    char uuid[MB_STORE_ID_SIZE];
    int64_t count;
    int rc;

    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        usage(stdout);
        return EXIT_OK;
    }
    if (argc != 3 || strcmp(argv[1], "process") != 0) {
        usage(stderr);
        return cli_error("show", EXIT_USAGE,
                         "expected: show process NAME_OR_ID");
    }
    if ((rc = cli_open_project(&store, "show", 0)) >= 0)
        return rc;
    if (mb_store_find_process(store, argv[2], uuid, &count) < 0) {
        rc = cli_fail("show");
    } else if (count == 0) {
        rc = cli_error("show", EXIT_ERROR,
                       "no process named or with id '%s' (metabol list "
                       "processes --search TEXT finds names)",
                       argv[2]);
    } else {
        if (count > 1)
            fprintf(stderr, "metabol show: %lld processes are named '%s'; "
                    "showing %s (use an id to choose)\n",
                    (long long)count, argv[2], uuid);
        if (mb_store_list(store, MB_STORE_PROCESSES, uuid, print_header,
                          uuid) == 0)
            printf("process %s\n", uuid);
        rc = mb_store_each_exchange(store, uuid, print_exchange, NULL) < 0
                 ? cli_fail("show")
                 : EXIT_OK;
    }
    mb_store_close(store);
    return rc;
}
