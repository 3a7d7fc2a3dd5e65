/*
 * simapro_csv.c - reader of SimaPro CSV exports (see
 * include/metabol/simapro_csv.h and docs/simapro-csv.md): the two passes
 * over the file and its top-level blocks.
 *
 * The layout, as SimaPro 7-9 write it and as GreenDelta's
 * olca-simapro-csv (format.md) and Brightway's bw2io describe it: a header
 * of "{...}" lines, then blocks. A block starts with its name on a line of
 * its own ("Process", "Method", "Units", "Airborne emissions", "Database
 * Input parameters", ...) and ends with a line "End"; a block that reaches
 * the end of the file instead is refused, as a truncated file would be.
 * Blocks this reader has no use for (literature references, system
 * descriptions, product stages, quantities, and any it does not know) are
 * skipped and counted.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "formats/csv.h"
#include "formats/simapro.h"

enum { B_PROCESS, B_METHOD, B_UNITS, B_SUBSTANCES, B_INPUT_PARAMETERS,
       B_CALCULATED_PARAMETERS, B_SKIP };

static const struct block_kind {
    const char *name;
    int kind;
    const char *compartment; /* of a substance block */
} block_kinds[] = {
    {"Process", B_PROCESS, NULL},
    {"Method", B_METHOD, NULL},
    {"Units", B_UNITS, NULL},
    {"Raw materials", B_SUBSTANCES, "Raw"},
    {"Airborne emissions", B_SUBSTANCES, "Air"},
    {"Waterborne emissions", B_SUBSTANCES, "Water"},
    {"Emissions to soil", B_SUBSTANCES, "Soil"},
    {"Final waste flows", B_SUBSTANCES, "Waste"},
    {"Non material emissions", B_SUBSTANCES, "Non mat."},
    {"Social issues", B_SUBSTANCES, "Social"},
    {"Economic issues", B_SUBSTANCES, "Economic"},
    {"Database Input parameters", B_INPUT_PARAMETERS, NULL},
    {"Project Input parameters", B_INPUT_PARAMETERS, NULL},
    {"Database Calculated parameters", B_CALCULATED_PARAMETERS, NULL},
    {"Project Calculated parameters", B_CALCULATED_PARAMETERS, NULL},
    {NULL, B_SKIP, NULL}};

/* ---- helpers the other parts share -------------------------------- */

int sp_fail(const sp_reader *r, const char *fmt, ...)
{
    char msg[900];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return mb_error_set(MB_EFORMAT, "%s: line %zu: %s", r->in.name,
                        r->in.record_line, msg);
}

const char *sp_shown(const sp_reader *r, size_t k, char *buf, size_t size)
{
    return mb_csv_quote(sp_field(&r->in, k), buf, size);
}

int sp_block_reset(sp_reader *r)
{
    mb_strmap_destroy(&r->block);
    return mb_strmap_init(&r->block, 64) < 0 ? mb_error_oom() : 0;
}

const char *sp_keep(sp_reader *r, const char *s)
{
    const char *k = mb_strmap_intern(&r->block, s);

    if (!k && s)
        mb_error_oom();
    return k;
}

const char *sp_keepf(sp_reader *r, const char *fmt, ...)
{
    const char *k;
    char *s;
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !(s = mb_malloc((size_t)n + 1))) {
        mb_error_oom();
        return NULL;
    }
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    k = sp_keep(r, s);
    mb_free(s);
    return k;
}

void *sp_vec_push(sp_vec *v)
{
    char *item;

    if (v->n == v->cap) {
        size_t cap = v->cap ? 2 * v->cap : 16;
        void *items = mb_realloc(v->items, cap * v->size);

        if (!items) {
            mb_error_oom();
            return NULL;
        }
        v->items = items;
        v->cap = cap;
    }
    item = (char *)v->items + v->n++ * v->size;
    memset(item, 0, v->size);
    return item;
}

void sp_vec_free(sp_vec *v)
{
    mb_free(v->items);
    v->items = NULL;
    v->n = v->cap = 0;
}

/* ---- blocks ---------------------------------------------------------- */

/* Whether the record is the one word `w` (any separators after it). */
static int only(const sp_reader *r, const char *w)
{
    return sp_lines_filled(&r->in) == 1 && !strcmp(sp_field(&r->in, 0), w);
}

int sp_block_next(sp_reader *r, const char *what, size_t start)
{
    int rc = sp_lines_next(&r->in);

    if (rc < 0)
        return rc;
    if (rc == 0)
        return mb_error_set(MB_EFORMAT,
                            "%s: line %zu: the file ends inside the '%s' "
                            "block begun at line %zu; expected 'End' (is "
                            "the file cut short?)",
                            r->in.name, r->in.line, what, start);
    return only(r, "End") ? 0 : 1;
}

int sp_block_intruder(const sp_reader *r, const char *what, size_t start)
{
    if (only(r, "Process") || only(r, "Method"))
        return sp_fail(r, "'%s' inside the '%s' block begun at line %zu; "
                          "expected 'End' before it",
                       sp_field(&r->in, 0), what, start);
    return 0;
}

int sp_block_skip(sp_reader *r, const char *what, size_t start)
{
    int rc;

    while ((rc = sp_block_next(r, what, start)) > 0)
        if ((rc = sp_block_intruder(r, what, start)) < 0)
            return rc;
    return rc;
}

const sp_section *sp_find_section(const sp_section *table, const char *name)
{
    while (table->name && strcasecmp(table->name, name))
        table++;
    return table;
}

int sp_read_sections(sp_reader *r, const char *what, size_t start,
                     const sp_section *table,
                     int (*row)(void *ctx, const sp_section *s), void *ctx)
{
    const sp_section *s = NULL; /* the open section, or none */
    int rc;

    while ((rc = sp_block_next(r, what, start)) > 0) {
        const char *first = sp_field(&r->in, 0);

        if (sp_lines_blank(&r->in)) {
            s = NULL;
        } else if (s) {
            if (*first && s->name && (rc = row(ctx, s)) < 0)
                return rc;
            if (s->flags & SP_ONE_ROW)
                s = NULL;
        } else if (*first) { /* (else: an old one-line value goes on) */
            if ((rc = sp_block_intruder(r, what, start)) < 0)
                return rc;
            s = sp_find_section(table, first);
            if ((!s->name || s->flags & SP_ONE_VALUE) &&
                *sp_field(&r->in, 1)) {
                /* "Process name;bikes": the value on the name's line, as
                 * exports before SimaPro 7 write it */
                r->in.fields[0] = r->in.fields[1];
                if (s->name && (rc = row(ctx, s)) < 0)
                    return rc;
                s = NULL;
            }
        }
    }
    return rc;
}

/* A row of a parameter block: a global parameter (second pass). */
static int parameter_row(sp_reader *r, int calculated)
{
    mb_lci_parameter p;
    int rc;

    if (!*sp_field(&r->in, 0))
        return 0; /* a comment's second line */
    if ((rc = sp_parameter(r, calculated, &p)) < 0)
        return rc;
    r->stats->parameters++;
    r->records++;
    return r->sink->global_parameter
               ? r->sink->global_parameter(r->sink->ctx, &p)
               : 0;
}

static int parameter_block(sp_reader *r, const char *what, size_t start,
                           int calculated)
{
    int rc;

    while ((rc = sp_block_next(r, what, start)) > 0) {
        if (sp_lines_blank(&r->in))
            continue;
        if ((rc = sp_block_reset(r)) < 0 ||
            (rc = parameter_row(r, calculated)) < 0)
            return rc;
    }
    return rc;
}

/* A block of rows the first pass reads and the second skips. */
static int indexed_block(sp_reader *r, const struct block_kind *b,
                         size_t start)
{
    int rc;

    while ((rc = sp_block_next(r, b->name, start)) > 0) {
        if (r->pass != 1 || sp_lines_blank(&r->in) ||
            !*sp_field(&r->in, 0))
            continue;
        rc = b->kind == B_UNITS ? sp_units_row(r)
                                : sp_substance_row(r, b->compartment);
        if (rc < 0)
            return rc;
    }
    return rc;
}

static int read_block(sp_reader *r, const struct block_kind *b)
{
    size_t start = r->in.record_line;

    switch (b->kind) {
    case B_PROCESS:
        return sp_read_process(r);
    case B_METHOD:
        return r->pass == 2 ? sp_read_method(r)
                            : sp_block_skip(r, b->name, start);
    case B_UNITS:
    case B_SUBSTANCES:
        return indexed_block(r, b, start);
    case B_INPUT_PARAMETERS:
    case B_CALCULATED_PARAMETERS:
        if (r->pass == 1)
            return sp_block_skip(r, b->name, start);
        return parameter_block(r, b->name, start,
                               b->kind == B_CALCULATED_PARAMETERS);
    default: {
        char name[120]; /* the record's fields change as the block goes */

        /* "Products" or "Emissions to air" out here: a block ended early
         * (a line "End" in a comment?), not a block to pass over */
        if (sp_process_section(sp_field(&r->in, 0)))
            return sp_fail(r, "'%s' outside a Process block; expected it "
                              "inside one (did an 'End' come too early?)",
                           sp_field(&r->in, 0));
        snprintf(name, sizeof name, "%s", sp_field(&r->in, 0));
        if (r->pass == 2)
            r->stats->skipped_blocks++;
        return sp_block_skip(r, name, start);
    }
    }
}

/*
 * One pass over the file. Outside blocks, a line holding one word starts
 * a block; other lines (the "Project;..." line of old exports, stray
 * "End" lines) are passed over.
 */
static int read_pass(sp_reader *r)
{
    int rc;

    if ((rc = sp_lines_header(&r->in)) < 0)
        return rc;
    while ((rc = sp_lines_next(&r->in)) > 0) {
        const char *word = sp_field(&r->in, 0);
        const struct block_kind *b;

        if (!*word || sp_lines_filled(&r->in) != 1 || !strcmp(word, "End"))
            continue;
        for (b = block_kinds; b->name && strcasecmp(b->name, word); b++)
            ;
        if ((rc = read_block(r, b)) < 0)
            return rc;
    }
    return rc;
}

static int reader_init(sp_reader *r, const mb_lci_sink *sink,
                       mb_simapro_csv_stats *stats)
{
    memset(r, 0, sizeof *r);
    memset(stats, 0, sizeof *stats);
    r->sink = sink;
    r->stats = stats;
    r->prod.size = sizeof(sp_product);
    r->subst.size = sizeof(sp_substance);
    r->defs.size = sizeof(sp_unit_def);
    r->unit_cache.size = sizeof(sp_unit);
    r->subs.size = sizeof(sp_subcompartment);
    if (mb_strmap_init(&r->names, 64) < 0 ||
        mb_strmap_init(&r->seen, 64) < 0 ||
        mb_strmap_init(&r->scratch, 16) < 0 ||
        mb_strmap_init(&r->products, 64) < 0 ||
        mb_strmap_init(&r->process_ids, 64) < 0 ||
        mb_strmap_init(&r->techno, 16) < 0 ||
        mb_strmap_init(&r->substances, 16) < 0 ||
        mb_strmap_init(&r->unit_defs, 16) < 0 ||
        mb_strmap_init(&r->units, 16) < 0 ||
        mb_strmap_init(&r->subcompartments, 16) < 0 ||
        mb_strmap_init(&r->block, 64) < 0)
        return mb_error_oom();
    return 0;
}

static void reader_destroy(sp_reader *r)
{
    mb_strmap_destroy(&r->names);
    mb_strmap_destroy(&r->seen);
    mb_strmap_destroy(&r->scratch);
    mb_strmap_destroy(&r->products);
    mb_strmap_destroy(&r->process_ids);
    mb_strmap_destroy(&r->techno);
    mb_strmap_destroy(&r->substances);
    mb_strmap_destroy(&r->unit_defs);
    mb_strmap_destroy(&r->units);
    mb_strmap_destroy(&r->subcompartments);
    mb_strmap_destroy(&r->block);
    sp_vec_free(&r->prod);
    sp_vec_free(&r->subst);
    sp_vec_free(&r->defs);
    sp_vec_free(&r->unit_cache);
    sp_vec_free(&r->subs);
    sp_lines_destroy(&r->in);
}

/* Both passes over a file (fp) or a buffer. */
static int read_all(sp_reader *r, FILE *fp, const void *buf, size_t len,
                    const char *name)
{
    int rc = 0;

    for (r->pass = 1; rc == 0 && r->pass <= 2; r->pass++) {
        sp_lines_destroy(&r->in);
        if (fp) {
            rewind(fp);
            sp_lines_init_file(&r->in, fp, name);
        } else {
            sp_lines_init_memory(&r->in, buf, len, name);
        }
        rc = read_pass(r);
    }
    r->stats->lines = r->in.line;
    if (rc == 0 && r->records == 0)
        rc = mb_error_set(MB_EFORMAT,
                          "%s: line %zu: no process, method or parameter "
                          "in the file; expected a 'Process' or 'Method' "
                          "block",
                          name, r->in.line);
    return rc;
}

int mb_simapro_csv_read(const char *path, const mb_lci_sink *sink,
                        mb_simapro_csv_stats *stats)
{
    mb_simapro_csv_stats local;
    sp_reader r;
    FILE *fp;
    int rc;

    if (!stats)
        stats = &local;
    if (!path || !sink)
        return mb_error_set(MB_EINVAL, "mb_simapro_csv_read: NULL argument");
    if (!(fp = fopen(path, "rb")))
        return mb_error_set(MB_EIO, "%s: %s", path, strerror(errno));
    if ((rc = reader_init(&r, sink, stats)) == 0)
        rc = read_all(&r, fp, NULL, 0, path);
    reader_destroy(&r);
    fclose(fp);
    return rc;
}

int mb_simapro_csv_read_buffer(const void *buf, size_t len, const char *name,
                               const mb_lci_sink *sink,
                               mb_simapro_csv_stats *stats)
{
    mb_simapro_csv_stats local;
    sp_reader r;
    int rc;

    if (!stats)
        stats = &local;
    if (!sink || (!buf && len))
        return mb_error_set(MB_EINVAL,
                            "mb_simapro_csv_read_buffer: NULL argument");
    if ((rc = reader_init(&r, sink, stats)) == 0)
        rc = read_all(&r, NULL, buf, len, name ? name : "<buffer>");
    reader_destroy(&r);
    return rc;
}
