/*
 * cmd_import.c - `metabol import FORMAT PATH`: read a database, an LCIA
 * method package or a flow mapping into the project, in one transaction:
 * the records are written, their references checked and, when the project
 * has processes, the whole project compiled once (so unit mismatches and
 * formula errors stop the import, and the first `lca` finds its matrices in
 * the cache). Any error leaves the project as it was.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <metabol/metabol.h>

#include "cli.h"

/* Counts of the records a reader hands over, whatever the format. */
typedef struct counting_sink {
    mb_lci_sink sink;        /* what the reader calls */
    const mb_lci_sink *next; /* the store's writer */
    progress_bar bar;
    size_t unit_groups, flow_properties, flows, locations, parameters;
    size_t processes, exchanges, categories, factors, methods, maps;
} counting_sink;

#define FORWARD(fn, type, counter, extra)                                    \
    static int fn(void *ctx, const type *rec)                                 \
    {                                                                         \
        counting_sink *c = ctx;                                               \
        c->counter++;                                                         \
        extra;                                                                \
        return c->next->fn ? c->next->fn(c->next->ctx, rec) : 0;              \
    }

FORWARD(unit_group, mb_lci_unit_group, unit_groups, (void)0)
FORWARD(flow_property, mb_lci_flow_property, flow_properties, (void)0)
FORWARD(flow, mb_lci_flow, flows, (void)0)
FORWARD(location, mb_lci_location, locations, (void)0)
FORWARD(global_parameter, mb_lci_parameter, parameters, (void)0)
FORWARD(process, mb_lci_process, processes, c->exchanges += rec->nexchanges)
FORWARD(impact_category, mb_lci_impact_category, categories,
        c->factors += rec->nfactors)
FORWARD(impact_method, mb_lci_impact_method, methods, (void)0)
FORWARD(flow_map, mb_lci_flow_map, maps, (void)0)

static int progress(void *ctx, size_t done, size_t total)
{
    counting_sink *c = ctx;

    progress_update(&c->bar, done, total);
    return c->next->progress ? c->next->progress(c->next->ctx, done, total)
                             : 0;
}

static void counting_init(counting_sink *c, const mb_lci_sink *next)
{
    memset(c, 0, sizeof *c);
    c->next = next;
    c->sink.ctx = c;
    c->sink.unit_group = unit_group;
    c->sink.flow_property = flow_property;
    c->sink.flow = flow;
    c->sink.location = location;
    c->sink.global_parameter = global_parameter;
    c->sink.process = process;
    c->sink.impact_category = impact_category;
    c->sink.impact_method = impact_method;
    c->sink.flow_map = flow_map;
    c->sink.progress = progress;
    progress_start(&c->bar, "reading");
}

static int read_jsonld(const char *path, const mb_lci_sink *sink)
{
    return mb_jsonld_read(path, sink, NULL);
}

/* --master-data DIR, for the EcoSpold 2 reader. */
static const char *master_data;

static int read_ecospold2(const char *path, const mb_lci_sink *sink)
{
    return mb_ecospold2_read(path, master_data, sink, NULL);
}

static int read_ecospold1(const char *path, const mb_lci_sink *sink)
{
    return mb_ecospold1_read(path, sink, NULL);
}

static int read_ilcd(const char *path, const mb_lci_sink *sink)
{
    return mb_ilcd_read(path, sink, NULL);
}

static int read_simapro_csv(const char *path, const mb_lci_sink *sink)
{
    return mb_simapro_csv_read(path, sink, NULL);
}

typedef struct format {
    const char *name;
    int (*read)(const char *path, const mb_lci_sink *sink);
    const char *what;
} format;

static const format formats[] = {
    {"olca-jsonld", read_jsonld,
     "openLCA JSON-LD (olca-schema v1 or v2), a directory or a zip"},
    {"ecospold2", read_ecospold2,
     "EcoSpold 2 activity datasets (.spold), a directory or a zip"},
    {"ecospold1", read_ecospold1,
     "EcoSpold 1 process datasets (.xml), one file, a directory or a zip"},
    {"ilcd", read_ilcd,
     "ILCD data sets (ELCD, EF), a directory, a zip or one XML file"},
    {"flow-mapping", mb_flow_mapping_read,
     "a flow mapping CSV (FEDEFL: SourceFlowUUID -> TargetFlowUUID)"},
    {"olca-csv-methods", mb_olca_csv_methods_read,
     "openLCA's LCIA method package as CSV files, a directory or zip"},
    {"datapackage", mb_datapackage_read,
     "Brightway datapackage (bw_processing), a directory or a zip"},
    {"simapro-csv", read_simapro_csv,
     "a SimaPro CSV export (processes, parameters, methods), one file"},
};

#define NFORMATS (sizeof formats / sizeof formats[0])

static void usage(FILE *out)
{
    size_t k;

    fprintf(out, "usage: metabol [-p PROJECT] import FORMAT PATH "
                 "[--name NAME] [--master-data DIR]\n\nFORMAT is one of:\n");
    for (k = 0; k < NFORMATS; k++)
        fprintf(out, "  %-17s %s\n", formats[k].name, formats[k].what);
    fprintf(out,
            "\nThe data becomes a database of the project named NAME (by\n"
            "default the file name). The import is one transaction: on any\n"
            "error nothing of it is kept.\n\n"
            "--master-data DIR (ecospold2): ecoinvent master data, a\n"
            "directory or zip, read first: elementary flows with their\n"
            "compartments, products, unit names and unit conversions.\n");
}

/* The default database name: the file name without its extension. */
static char *default_name(const char *path)
{
    char *copy = strdup(path), *base, *dot, *name;
    size_t len;

    if (!copy)
        return NULL;
    len = strlen(copy);
    while (len > 1 && copy[len - 1] == '/')
        copy[--len] = '\0';
    base = basename(copy);
    if ((dot = strrchr(base, '.')) != NULL && dot != base &&
        (!strcmp(dot, ".zip") || !strcmp(dot, ".csv") ||
         !strcmp(dot, ".spold") || !strcmp(dot, ".xml")))
        *dot = '\0';
    name = strdup(base);
    free(copy);
    return name;
}

/* Count the processes of the project (0 when none: nothing to compile). */
static int count_process(void *ctx, const mb_store_item *item)
{
    (void)item;
    (*(size_t *)ctx)++;
    return 1; /* one is enough */
}

/* Compile the project as `lca` will, inside the import's transaction. */
static int check_compile(mb_store *store, mb_compile_report *report)
{
    mb_compile_options o = MB_COMPILE_OPTIONS_INIT;
    mb_system *sys = NULL;
    size_t n = 0;
    int rc;

    memset(report, 0, sizeof *report);
    if ((rc = mb_store_list(store, MB_STORE_PROCESSES, NULL, count_process,
                            &n)) < 0)
        return rc;
    if (n == 0)
        return 0;
    rc = cli_project_model(store, &o, &sys, report);
    mb_system_free(sys);
    return rc;
}

/* One ", "-separated part of the summary, when its count is nonzero. */
static void part(int *first, size_t n, const char *fmt, size_t m)
{
    if (n == 0)
        return;
    printf(*first ? " " : ", ");
    printf(fmt, n, m);
    *first = 0;
}

static void print_summary(const char *name, const char *fmt,
                          const counting_sink *c,
                          const mb_compile_report *r, double seconds)
{
    double t = seconds > 0 ? seconds : 1e-9;
    int first = 1;

    printf("imported '%s' (%s) in %.2f s:", name, fmt, seconds);
    part(&first, c->processes, "%zu processes, %zu exchanges", c->exchanges);
    part(&first, c->flows, "%zu flows", 0);
    part(&first, c->unit_groups, "%zu unit groups", 0);
    part(&first, c->flow_properties, "%zu flow properties", 0);
    part(&first, c->locations, "%zu locations", 0);
    part(&first, c->parameters, "%zu global parameters", 0);
    part(&first, c->categories, "%zu impact categories (%zu factors)",
         c->factors);
    part(&first, c->methods, "%zu methods", 0);
    part(&first, c->maps, "%zu flow mappings", 0);
    if (c->processes)
        printf("; %.0f processes/s, %.0f exchanges/s", c->processes / t,
               c->exchanges / t);
    putchar('\n');
    if (r->activities)
        printf("project now: %zu activities; inputs linked: %zu by default "
               "provider, %zu by product flow (%zu with several providers); "
               "%zu inputs cut off (%zu flows without provider)\n",
               r->activities, r->linked_default, r->linked_by_flow,
               r->linked_ambiguous, r->unlinked, r->unlinked_flows);
    if (r->no_product)
        printf("left out: %zu processes without a product output (the "
               "first: '%s')\n",
               r->no_product, r->no_product_name ? r->no_product_name : "");
}

/* Remove a project file this import created (and its WAL files). */
static void remove_project(const char *project)
{
    char side[4096];

    unlink(project);
    snprintf(side, sizeof side, "%s-wal", project);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", project);
    unlink(side);
}

static int run(const format *f, const char *path, const char *name)
{
    mb_store *store = NULL;
    mb_store_writer *w = NULL;
    mb_compile_report report;
    counting_sink counter;
    struct timespec t0, t1;
    char *source = realpath(path, NULL);
    const char *project = cli_project_path();
    int existed = access(project, F_OK) == 0;
    int64_t id;
    int rc;

    memset(&report, 0, sizeof report);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (!source) /* before a new project file is made for nothing */
        return cli_error("import", EXIT_ERROR, "%s: %s", path,
                         strerror(errno));
    if ((rc = cli_open_project(&store, "import", 1)) >= 0)
        goto out;
    if (mb_store_begin(store) < 0 ||
        mb_store_add_database(store, name, f->name, source ? source : path,
                              &id) < 0 ||
        mb_store_writer_new(&w, store, id) < 0) {
        rc = cli_fail("import");
        goto out;
    }
    counting_init(&counter, mb_store_writer_sink(w));
    rc = f->read(path, &counter.sink);
    progress_end(&counter.bar);
    if (rc < 0 || mb_store_writer_finish(w) < 0 ||
        check_compile(store, &report) < 0 || mb_store_commit(store) < 0) {
        rc = cli_fail("import");
        goto out; /* closing the store rolls the transaction back */
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    print_summary(name, f->name, &counter, &report,
                  (double)(t1.tv_sec - t0.tv_sec) +
                      1e-9 * (double)(t1.tv_nsec - t0.tv_nsec));
    rc = EXIT_OK;
out:
    mb_compile_report_free(&report);
    mb_store_writer_free(w);
    mb_store_close(store);
    if (rc != EXIT_OK && !existed) /* a failed first import leaves no file */
        remove_project(project);
    free(source);
    return rc;
}

int cmd_import(int argc, char **argv)
{
    static const struct option opts[] = {
        {"name", required_argument, NULL, 'n'},
        {"master-data", required_argument, NULL, 'm'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *name = NULL;
    char *fallback = NULL;
    size_t k;
    int c, rc;

    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":n:m:h", opts, NULL)) != -1) {
        switch (c) {
        case 'n': name = optarg; break;
        case 'm': master_data = optarg; break;
        case 'h': usage(stdout); return EXIT_OK;
        case ':':
            return cli_error("import", EXIT_USAGE, "%s needs a value",
                             argv[optind - 1]);
        default:
            usage(stderr);
            return cli_error("import", EXIT_USAGE, "unknown option '%s'",
                             argv[optind - 1]);
        }
    }
    if (argc - optind != 2) {
        usage(stderr);
        return cli_error("import", EXIT_USAGE,
                         "expected a FORMAT and a PATH");
    }
    for (k = 0; k < NFORMATS && strcmp(formats[k].name, argv[optind]); k++)
        ;
    if (k == NFORMATS) {
        usage(stderr);
        return cli_error("import", EXIT_USAGE, "'%s' is not a format",
                         argv[optind]);
    }
    if (master_data && formats[k].read != read_ecospold2)
        return cli_error("import", EXIT_USAGE,
                         "--master-data is for ecospold2, not %s",
                         formats[k].name);
    if (!name && !(name = fallback = default_name(argv[optind + 1])))
        return cli_error("import", EXIT_ERROR, "out of memory");
    rc = run(&formats[k], argv[optind + 1], name);
    free(fallback);
    return rc;
}
