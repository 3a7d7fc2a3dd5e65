/*
 * export_olca_jsonld.c - `metabol export olca-jsonld OUT.zip [--database
 * NAME]`: the project, or one of its databases with the reference data it
 * uses, as an openLCA JSON-LD zip (olca-schema 2), which `metabol import
 * olca-jsonld` and openLCA 2 read. The records come from the store
 * (mb_store_load_database) straight into the writer's sink; the zip
 * appears at OUT only once it is complete.
 */
#include <stdio.h>

#include <metabol/metabol.h>

#include "cli.h"

static void print_summary(const export_args *a, const mb_jsonld_stats *s)
{
    const struct {
        size_t n;
        const char *what;
    } parts[] = {
        {s->processes, "processes"},
        {s->exchanges, "exchanges"},
        {s->flows, "flows"},
        {s->unit_groups, "unit groups"},
        {s->flow_properties, "flow properties"},
        {s->locations, "locations"},
        {s->parameters, "global parameters"},
        {s->impact_categories, "impact categories"},
        {s->impact_factors, "impact factors"},
        {s->impact_methods, "methods"},
        {s->flow_maps, "flow mappings"},
    };
    const char *sep = " ";
    size_t k;

    if (a->database)
        printf("exported '%s' to %s (olca-jsonld):", a->database, a->out);
    else
        printf("exported the project to %s (olca-jsonld):", a->out);
    for (k = 0; k < sizeof parts / sizeof parts[0]; k++)
        if (parts[k].n) {
            printf("%s%zu %s", sep, parts[k].n, parts[k].what);
            sep = ", ";
        }
    if (*sep == ' ')
        printf(" nothing but the package version");
    putchar('\n');
}

int export_olca_jsonld(const export_args *a)
{
    mb_store *store = NULL;
    mb_jsonld_writer *w = NULL;
    mb_jsonld_stats stats;
    int rc;

    if ((rc = cli_open_project(&store, "export", 0)) >= 0)
        return rc;
    if (mb_jsonld_writer_open(&w, a->out, NULL) < 0 ||
        mb_store_load_database(store, a->database, mb_jsonld_writer_sink(w)) <
            0 ||
        mb_jsonld_writer_finish(w, &stats) < 0) {
        rc = cli_fail("export");
    } else {
        print_summary(a, &stats);
        rc = EXIT_OK;
    }
    mb_jsonld_writer_free(w); /* removes an unfinished archive */
    mb_store_close(store);
    return rc;
}
