/*
 * ilcd.c - reader of ILCD data sets (format 1.1, EC-JRC; see
 * include/metabol/ilcd.h and docs/ilcd.md): which files are read, in what
 * order, and which reading function each gets.
 *
 * Every .xml file of a directory or zip is parsed on its own (libxml2,
 * network off, entities not substituted), handed over and freed, so one
 * data set is in memory at a time. Its root element says what it is
 * (processDataSet, flowDataSet, ...), whatever its folder is called; XML
 * of any other kind in an archive is skipped and counted, and a single
 * document that is no ILCD data set is an error.
 *
 * Order. References between data sets are resolved when the database is
 * compiled, so the order does not matter, with one exception: an LCIA
 * method names its reference unit through a flow property and a unit
 * group. So the folders unitgroups/ and flowproperties/ are read first and
 * lciamethods/ last; an LCIA method read before its unit group (data laid
 * out otherwise) waits and is read again at the end.
 *
 * Versions. Of files named "<uuid>_<version>.xml" that differ only in the
 * version, the last in name order (the newest) is read.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/core.h"
#include "formats/archive.h"
#include "formats/ilcd_internal.h"
#include "formats/xml.h"

typedef struct ilcd_type {
    const char *root;
    int (*read)(ilcd_reader *r, const xmlNode *root);
} ilcd_type;

/* Data set types by root element; NULL: not needed for a calculation. */
static const ilcd_type types[] = {
    {"unitGroupDataSet", ilcd_read_unit_group},
    {"flowPropertyDataSet", ilcd_read_flow_property},
    {"flowDataSet", ilcd_read_flow},
    {"processDataSet", ilcd_read_process},
    {"LCIAMethodDataSet", ilcd_read_lcia_method},
    {"ILCDLocations", ilcd_read_locations},
    {"contactDataSet", NULL},
    {"sourceDataSet", NULL},
    {"CategorySystem", NULL},
    {"lifeCycleModelDataSet", NULL},
    {NULL, NULL}};

/* Parse one document and read it; strict: anything but ILCD is an error. */
static int read_xml(ilcd_reader *r, const void *buf, size_t len, int strict,
                    int again)
{
    xmlDoc *doc = mb_xml_parse(buf, len, r->file);
    xmlNode *root;
    const ilcd_type *t;
    int rc = 0;

    if (!doc)
        return MB_EFORMAT;
    if (!again)
        r->stats->files++;
    root = xmlDocGetRootElement(doc);
    for (t = types; root && t->root && !mb_xml_is(root, t->root); t++)
        ;
    r->deferred = 0;
    if (root && t->read)
        rc = t->read(r, root);
    else if (root && t->root)
        r->stats->skipped++;
    else if (strict)
        rc = ilcd_fail(r, root,
                       "not an ILCD data set: root element '%s' (expected "
                       "processDataSet, flowDataSet, flowPropertyDataSet, "
                       "unitGroupDataSet, LCIAMethodDataSet or "
                       "ILCDLocations)",
                       root ? (const char *)root->name : "");
    else
        r->stats->skipped++;
    ilcd_pool_clear(r);
    xmlFreeDoc(doc);
    return rc;
}

/* A reader handing records to sink, counting into stats (may be NULL). */
static int reader_init(ilcd_reader *r, const mb_lci_sink *sink,
                       mb_ilcd_stats *stats)
{
    memset(r, 0, sizeof *r);
    r->sink = sink;
    r->stats = stats ? stats : &r->local_stats;
    memset(r->stats, 0, sizeof *r->stats);
    if (mb_strmap_init(&r->keep, 256) < 0 ||
        mb_strmap_init(&r->property_group, 64) < 0 ||
        mb_strmap_init(&r->group_unit, 64) < 0)
        return MB_ENOMEM;
    return 0;
}

static void reader_destroy(ilcd_reader *r)
{
    ilcd_pool_clear(r);
    ilcd_vec_free(&r->pool);
    mb_strmap_destroy(&r->keep);
    mb_strmap_destroy(&r->property_group);
    mb_strmap_destroy(&r->group_unit);
    ilcd_vec_free(&r->kept_ids);
    ilcd_vec_free(&r->memberships);
    ilcd_vec_free(&r->units);
    ilcd_vec_free(&r->properties);
    ilcd_vec_free(&r->exchanges);
    ilcd_vec_free(&r->parameters);
    ilcd_vec_free(&r->allocations);
    ilcd_vec_free(&r->factors);
    ilcd_vec_free(&r->classes);
}

/* 0 for unitgroups/, 1 flowproperties/, 3 lciamethods/, 2 the others. */
static int folder_rank(const char *name)
{
    const char *end = strrchr(name, '/'), *start;
    size_t len;

    if (!end)
        return 2;
    for (start = end; start > name && start[-1] != '/'; start--)
        ;
    len = (size_t)(end - start);
    if (len == 10 && strncasecmp(start, "unitgroups", len) == 0)
        return 0;
    if (len == 14 && strncasecmp(start, "flowproperties", len) == 0)
        return 1;
    if (len == 11 && strncasecmp(start, "lciamethods", len) == 0)
        return 3;
    return 2;
}

/*
 * The length of name without its version ("x/uuid_01.00.000.xml": that
 * of "x/uuid"); 0 when the name has no version.
 */
static size_t unversioned_length(const char *name)
{
    size_t len = strlen(name), k = len - 4; /* before ".xml" */

    if (!mb_archive_is_xml(name))
        return 0;
    while (k > 0 && ((name[k - 1] >= '0' && name[k - 1] <= '9') ||
                     name[k - 1] == '.'))
        k--;
    return k > 1 && k < len - 4 && name[k - 1] == '_' ? k - 1 : 0;
}

/*
 * Whether names[k] is an older version of the data set that follows it
 * (soda4LCA exports keep "<uuid>_<version>.xml" of several versions; the
 * names are sorted and versions are zero-padded, so the last is newest).
 */
static int superseded(const mb_archive *a, size_t k)
{
    size_t n = unversioned_length(a->names[k]);

    return n > 0 && k + 1 < a->nnames &&
           unversioned_length(a->names[k + 1]) == n &&
           strncmp(a->names[k], a->names[k + 1], n) == 0;
}

/* One reading of a member: the reader, whether it is the second time,
 * and (out) whether the data set waits for the end. */
typedef struct member_pass {
    ilcd_reader *r;
    int again, deferred;
} member_pass;

/* One XML member (mb_archive_member_fn). */
static int read_one(void *ctx, const char *label, const void *buf,
                    size_t len)
{
    member_pass *m = ctx;
    int rc;

    m->r->file = label;
    rc = read_xml(m->r, buf, len, 0, m->again);
    m->deferred = rc == 0 && m->r->deferred;
    m->r->file = NULL;
    return rc;
}

/* Read member `name` of a; *deferred when it waits for the end. */
static int read_member(ilcd_reader *r, mb_archive *a, const char *name,
                       int again, int *deferred)
{
    member_pass m = {r, again, 0};
    int rc = mb_archive_with_member(a, name, read_one, &m);

    *deferred = m.deferred;
    return rc;
}

/* No data set read at all: say what was there. */
static int nothing_read(const ilcd_reader *r, const char *label)
{
    const mb_ilcd_stats *s = r->stats;

    if (s->unit_groups || s->flow_properties || s->flows || s->locations ||
        s->processes || s->impact_categories)
        return 0;
    return mb_error_set(MB_EFORMAT,
                        "%s: no ILCD data set that metabol reads (processes, "
                        "flows, flow properties, unit groups, LCIA methods, "
                        "locations) among %zu XML file(s); %zu of them hold "
                        "data not needed (contacts, sources, models, "
                        "classifications)",
                        label, s->files, s->skipped);
}

static int read_archive(ilcd_reader *r, mb_archive *a)
{
    size_t *waiting, nwaiting = 0, k;
    int rank, rc, deferred;

    if ((rc = mb_archive_list(a)) < 0)
        return rc;
    if (!(waiting = mb_alloc_array(a->nnames + 1, sizeof *waiting)))
        return MB_ENOMEM;
    r->may_defer = 1;
    for (rank = 0; rc == 0 && rank < 4; rank++)
        for (k = 0; rc == 0 && k < a->nnames; k++) {
            if (!mb_archive_is_xml(a->names[k]) ||
                folder_rank(a->names[k]) != rank)
                continue;
            if (superseded(a, k)) {
                r->stats->skipped++;
                continue;
            }
            if ((rc = read_member(r, a, a->names[k], 0, &deferred)) == 0 &&
                deferred)
                waiting[nwaiting++] = k;
        }
    r->may_defer = 0;
    for (k = 0; rc == 0 && k < nwaiting; k++)
        rc = read_member(r, a, a->names[waiting[k]], 1, &deferred);
    mb_free(waiting);
    if (rc == 0)
        rc = ilcd_emit_methods(r);
    return rc < 0 ? rc : nothing_read(r, a->label);
}

/* Whether the file at path starts like a zip archive. */
static int looks_like_zip(const char *path)
{
    unsigned char magic[4] = {0, 0, 0, 0};
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(magic, 1, sizeof magic, f) : 0;

    if (f)
        fclose(f);
    return n == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 &&
           magic[3] == 4;
}

/* One XML file given by its path: read through its directory. */
static int read_single_file(ilcd_reader *r, const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? mb_sprintf("%.*s", (int)(slash - path + 1), path)
                      : mb_strdup(".");
    mb_archive *a = NULL;
    void *buf = NULL;
    size_t len;
    int rc;

    if (!dir)
        return MB_ENOMEM;
    if ((rc = mb_archive_open(&a, dir)) == 0 &&
        (rc = mb_archive_read(a, slash ? slash + 1 : path, &buf, &len)) ==
            0) {
        r->file = path;
        rc = read_xml(r, buf, len, 1, 0);
    }
    mb_free(buf);
    mb_archive_close(a);
    mb_free(dir);
    if (rc == 0)
        rc = ilcd_emit_methods(r);
    return rc < 0 ? rc : nothing_read(r, path);
}

/* The end of every entry point: what it opened closed, its result. */
static int finish(ilcd_reader *r, mb_archive *a, int rc)
{
    mb_archive_close(a);
    reader_destroy(r);
    return rc;
}

int mb_ilcd_read(const char *path, const mb_lci_sink *sink,
                 mb_ilcd_stats *stats)
{
    mb_archive *a = NULL;
    ilcd_reader r;
    struct stat sb;
    int rc;

    if ((rc = reader_init(&r, sink, stats)) == 0) {
        if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
            !looks_like_zip(path))
            rc = read_single_file(&r, path);
        else if ((rc = mb_archive_open(&a, path)) == 0)
            rc = read_archive(&r, a);
    }
    return finish(&r, a, rc);
}

int mb_ilcd_read_buffer(const void *zip, size_t len, const char *label,
                        const mb_lci_sink *sink, mb_ilcd_stats *stats)
{
    mb_archive *a = NULL;
    ilcd_reader r;
    int rc;

    if ((rc = reader_init(&r, sink, stats)) == 0 &&
        (rc = mb_archive_from_buffer(&a, zip, len, label)) == 0)
        rc = read_archive(&r, a);
    return finish(&r, a, rc);
}

int mb_ilcd_read_document(const void *xml, size_t len, const char *name,
                          const mb_lci_sink *sink, mb_ilcd_stats *stats)
{
    ilcd_reader r;
    int rc;

    if ((rc = reader_init(&r, sink, stats)) == 0) {
        r.file = name ? name : "<buffer>";
        rc = read_xml(&r, xml, len, 1, 0);
    }
    if (rc == 0)
        rc = ilcd_emit_methods(&r);
    return finish(&r, NULL, rc);
}
