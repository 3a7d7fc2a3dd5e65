/*
 * store_read.c - reading the project back: every record replayed into a
 * sink (for compiling a model), listings and searches for the command line,
 * the generation counter and the cache of compiled models. See
 * include/metabol/store.h.
 *
 * mb_store_load walks processes, exchanges, parameters and allocation
 * factors each in process order, in one pass over each table, rather than
 * one query per process. mb_store_load_database does the same for the
 * records of one database and the reference data they use.
 */
#include <stdio.h>
#include <math.h>
#include <string.h>

#include "core/core.h"
#include "store/store_internal.h"

/*
 * The scope of a load: every record (database 0), or the records of one
 * database with the reference data they use. Every query binds the
 * database's row id to ?1 and filters with "?1 = 0 OR ...": for the whole
 * project the filter is true at once and its subqueries never run. A
 * database's methods bring the categories they list, and its flow maps the
 * flows they name, wherever these were imported.
 */
#define SCOPE_PROCESSES "SELECT id FROM processes WHERE database = ?1"
#define SCOPE_CATEGORIES                                                     \
    "SELECT id FROM impact_categories WHERE database = ?1 OR uuid IN "       \
    "(SELECT c.category FROM impact_method_categories c "                    \
    "JOIN impact_methods m ON m.id = c.method WHERE m.database = ?1)"
#define SCOPE_FLOWS                                                          \
    "SELECT flow FROM exchanges WHERE process IN (" SCOPE_PROCESSES ") "     \
    "UNION SELECT flow FROM impact_factors "                                 \
    "WHERE category IN (" SCOPE_CATEGORIES ") "                              \
    "UNION SELECT source FROM flow_maps WHERE database = ?1 "                \
    "UNION SELECT target FROM flow_maps WHERE database = ?1"
#define SCOPE_PROPERTIES                                                     \
    "SELECT property FROM flow_property_factors WHERE flow IN "              \
    "(SELECT id FROM flows WHERE uuid IN (" SCOPE_FLOWS ")) "                \
    "UNION SELECT property FROM exchanges "                                  \
    "WHERE process IN (" SCOPE_PROCESSES ") "                                \
    "UNION SELECT property FROM impact_factors "                             \
    "WHERE category IN (" SCOPE_CATEGORIES ")"
#define SCOPE_UNIT_GROUPS                                                    \
    "SELECT unit_group FROM flow_properties "                                \
    "WHERE uuid IN (" SCOPE_PROPERTIES ") "                                  \
    "UNION SELECT unit_group FROM units WHERE uuid IN "                      \
    "(SELECT unit FROM exchanges WHERE process IN (" SCOPE_PROCESSES ") "    \
    "UNION SELECT unit FROM impact_factors "                                 \
    "WHERE category IN (" SCOPE_CATEGORIES "))"
#define SCOPE_LOCATIONS                                                      \
    "SELECT location FROM flows WHERE uuid IN (" SCOPE_FLOWS ") "            \
    "UNION SELECT location FROM processes WHERE database = ?1 "              \
    "UNION SELECT location FROM exchanges "                                  \
    "WHERE process IN (" SCOPE_PROCESSES ") "                                \
    "UNION SELECT location FROM impact_factors "                             \
    "WHERE category IN (" SCOPE_CATEGORIES ")"

/* Prepare a query of a load and bind its scope to ?1. */
static int prepare(mb_store *s, sqlite3_stmt **st, const char *sql,
                   const char *what, int64_t database)
{
    int rc = mb_store_prepare(s, st, sql, what);

    if (rc == 0 && sqlite3_bind_parameter_count(*st) > 0)
        sqlite3_bind_int64(*st, 1, database);
    return rc;
}

/* Growable arrays reused while replaying. */
typedef struct buffers {
    void *p[6];
    size_t cap[6];
} buffers;

static void *reserve(buffers *b, int which, size_t n, size_t size)
{
    if (n > b->cap[which]) {
        size_t cap = b->cap[which] ? b->cap[which] : 64;
        void *p;

        while (cap < n)
            cap *= 2;
        p = mb_realloc(b->p[which], cap * size);
        if (!p)
            return NULL;
        b->p[which] = p;
        b->cap[which] = cap;
    }
    return b->p[which];
}

static void free_buffers(buffers *b)
{
    int k;

    for (k = 0; k < 6; k++)
        mb_free(b->p[k]);
}

static const char *text(sqlite3_stmt *st, int k)
{
    return (const char *)sqlite3_column_text(st, k);
}

/* bind_uncertainty's columns: type at k, p1-p3 after it, p4 at k4. */
static void read_uncertainty(sqlite3_stmt *st, int k, int k4,
                             mb_lci_uncertainty *u)
{
    int j;

    u->type = (mb_distribution)sqlite3_column_int(st, k);
    for (j = 0; j < 4; j++) {
        int c = j < 3 ? k + 1 + j : k4;

        /* a NaN of the data is NULL in SQLite; an unused one is 0 */
        u->p[j] = j < mb_distribution_nparams(u->type) &&
                          sqlite3_column_type(st, c) == SQLITE_NULL
                      ? NAN
                      : sqlite3_column_double(st, c);
    }
}

/* Run a query to its end; rc from sqlite3_step folded into 0 or an error. */
static int done(mb_store *s, int rc, const char *what)
{
    return rc == SQLITE_DONE ? 0 : mb_store_sql_error(s, MB_EIO, what);
}

/*
 * The text of a row dies with the next step of its cursor, and the records
 * of one process span many rows: their strings are kept in a map.
 */
static int load_unit_groups(mb_store *s, int64_t database,
                            const mb_lci_sink *sink, buffers *b)
{
    sqlite3_stmt *g = NULL, *u = NULL;
    mb_strmap strings;
    int rc, urc;

    if ((rc = mb_strmap_init(&strings, 256)) < 0)
        return rc;
    if ((rc = prepare(s, &g,
                      "SELECT uuid, name FROM unit_groups WHERE ?1 = 0 OR "
                      "uuid IN (" SCOPE_UNIT_GROUPS ") ORDER BY uuid",
                      "cannot read units", database)) < 0 ||
        (rc = prepare(s, &u,
                      "SELECT uuid, name, factor, is_reference, unit_group "
                      "FROM units WHERE ?1 = 0 OR unit_group IN "
                      "(" SCOPE_UNIT_GROUPS ") ORDER BY unit_group, rowid",
                      "cannot read units", database)) < 0)
        goto out;
    urc = sqlite3_step(u);
    /* both in unit group order (BINARY collation, as strcmp) */
    while ((rc = sqlite3_step(g)) == SQLITE_ROW) {
        mb_lci_unit_group ug = {text(g, 0), text(g, 1), 0, NULL};
        mb_lci_unit *units = NULL;
        int src = 0;

        for (; urc == SQLITE_ROW && strcmp(text(u, 4), ug.id) < 0;
             urc = sqlite3_step(u))
            ;
        for (; urc == SQLITE_ROW && strcmp(text(u, 4), ug.id) == 0;
             urc = sqlite3_step(u)) {
            mb_lci_unit *x;

            if (!(units = reserve(b, 0, ug.nunits + 1, sizeof *units))) {
                src = MB_ENOMEM;
                break;
            }
            x = &units[ug.nunits++];
            x->id = mb_strmap_intern(&strings, text(u, 0));
            x->name = mb_strmap_intern(&strings, text(u, 1));
            x->factor = sqlite3_column_double(u, 2);
            x->is_reference = sqlite3_column_int(u, 3);
        }
        ug.units = units;
        if (src == 0 && sink->unit_group)
            src = sink->unit_group(sink->ctx, &ug);
        if (src != 0) {
            rc = src;
            goto out;
        }
    }
    rc = done(s, rc, "cannot read units");
out:
    sqlite3_finalize(g);
    sqlite3_finalize(u);
    mb_strmap_destroy(&strings);
    return rc;
}

/* Replay the rows of a simple table, one record per row. */
static int load_rows(mb_store *s, int64_t database, const char *sql,
                     int (*emit)(sqlite3_stmt *st, const mb_lci_sink *sink),
                     const mb_lci_sink *sink)
{
    sqlite3_stmt *st;
    int rc;

    if ((rc = prepare(s, &st, sql, "cannot read the project", database)) < 0)
        return rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int erc = emit(st, sink);

        if (erc != 0) {
            sqlite3_finalize(st);
            return erc;
        }
    }
    sqlite3_finalize(st);
    return done(s, rc, "cannot read the project");
}

static int emit_property(sqlite3_stmt *st, const mb_lci_sink *sink)
{
    mb_lci_flow_property p = {text(st, 0), text(st, 1), text(st, 2)};

    return sink->flow_property ? sink->flow_property(sink->ctx, &p) : 0;
}

static int emit_location(sqlite3_stmt *st, const mb_lci_sink *sink)
{
    mb_lci_location l = {text(st, 0), text(st, 1), text(st, 2)};

    return sink->location ? sink->location(sink->ctx, &l) : 0;
}

static int emit_parameter(sqlite3_stmt *st, const mb_lci_sink *sink)
{
    mb_lci_parameter p;

    p.name = text(st, 0);
    p.value = sqlite3_column_double(st, 1);
    p.formula = text(st, 2);
    read_uncertainty(st, 3, 7, &p.uncertainty);
    return sink->global_parameter ? sink->global_parameter(sink->ctx, &p)
                                  : 0;
}

static int emit_flow_map(sqlite3_stmt *st, const mb_lci_sink *sink)
{
    mb_lci_flow_map m = {text(st, 0), text(st, 1), text(st, 2),
                         text(st, 3), text(st, 4), text(st, 5),
                         sqlite3_column_double(st, 6), text(st, 7),
                         text(st, 8)};

    if (m.source_id && !*m.source_id)
        m.source_id = NULL; /* a row keyed by name (store_write.c) */

    return sink->flow_map ? sink->flow_map(sink->ctx, &m) : 0;
}

/*
 * Flows with their property factors: the factors come from a second
 * cursor in flow order, merged with the flows.
 */
static int load_flows(mb_store *s, int64_t database,
                      const mb_lci_sink *sink, buffers *b)
{
    sqlite3_stmt *f, *pf;
    int rc, prc;

    if ((rc = prepare(s, &f,
                      "SELECT id, uuid, name, type, category, cas, formula, "
                      "location FROM flows WHERE ?1 = 0 OR uuid IN "
                      "(" SCOPE_FLOWS ") ORDER BY id",
                      "cannot read flows", database)) < 0)
        return rc;
    if ((rc = mb_store_prepare(s, &pf,
                               "SELECT flow, property, factor, is_reference "
                               "FROM flow_property_factors ORDER BY flow",
                               "cannot read flows")) < 0) {
        sqlite3_finalize(f);
        return rc;
    }
    prc = sqlite3_step(pf);
    while ((rc = sqlite3_step(f)) == SQLITE_ROW) {
        sqlite3_int64 id = sqlite3_column_int64(f, 0);
        mb_lci_flow fl;
        mb_lci_property_factor *props;
        char **names;
        size_t n = 0, k;
        int src = 0;

        fl.id = text(f, 1);
        fl.name = text(f, 2);
        fl.type = (mb_flow_type)sqlite3_column_int(f, 3);
        fl.category = text(f, 4);
        fl.cas = text(f, 5);
        fl.formula = text(f, 6);
        fl.location_id = text(f, 7);
        while (prc == SQLITE_ROW && sqlite3_column_int64(pf, 0) < id)
            prc = sqlite3_step(pf);
        while (prc == SQLITE_ROW && sqlite3_column_int64(pf, 0) == id) {
            props = reserve(b, 1, n + 1, sizeof *props);
            names = reserve(b, 2, n + 1, sizeof *names);
            if (!props || !names) {
                src = MB_ENOMEM;
                break;
            }
            names[n] = mb_strdup(text(pf, 1));
            props[n].property_id = names[n];
            props[n].factor = sqlite3_column_double(pf, 2);
            props[n].is_reference = sqlite3_column_int(pf, 3);
            n++;
            prc = sqlite3_step(pf);
        }
        fl.nproperties = n;
        fl.properties = b->p[1];
        if (src == 0 && sink->flow)
            src = sink->flow(sink->ctx, &fl);
        for (k = 0; k < n; k++)
            mb_free(((char **)b->p[2])[k]);
        if (src != 0) {
            sqlite3_finalize(pf);
            sqlite3_finalize(f);
            return src;
        }
    }
    sqlite3_finalize(pf);
    sqlite3_finalize(f);
    return done(s, rc, "cannot read flows");
}

static int load_processes(mb_store *s, int64_t database,
                          const mb_lci_sink *sink, buffers *b)
{
    sqlite3_stmt *p = NULL, *e = NULL, *par = NULL, *al = NULL;
    mb_strmap strings;
    int rc, erc, prc, arc;

    if ((rc = mb_strmap_init(&strings, 4096)) < 0)
        return rc;
    if ((rc = prepare(s, &p,
                      "SELECT id, uuid, name, category, location, "
                      "default_allocation FROM processes "
                      "WHERE ?1 = 0 OR database = ?1 ORDER BY id",
                      "cannot read processes", database)) < 0 ||
        (rc = prepare(s, &e,
                      "SELECT process, internal_id, flow, unit, property, "
                      "provider, location, amount, formula, flags, "
                      "distribution, p1, p2, p3, p4 FROM exchanges "
                      "WHERE ?1 = 0 OR process IN (" SCOPE_PROCESSES ") "
                      "ORDER BY process, position",
                      "cannot read exchanges", database)) < 0 ||
        (rc = prepare(s, &par,
                      "SELECT process, name, value, formula, distribution, "
                      "p1, p2, p3, p4 FROM parameters WHERE process IS NOT "
                      "NULL "
                      "AND (?1 = 0 OR database = ?1) ORDER BY process, id",
                      "cannot read parameters", database)) < 0 ||
        (rc = prepare(s, &al,
                      "SELECT process, type, product, exchange_internal_id, "
                      "exchange_flow, value, formula FROM allocation_factors "
                      "WHERE ?1 = 0 OR process IN (" SCOPE_PROCESSES ") "
                      "ORDER BY process, rowid",
                      "cannot read allocation factors", database)) < 0)
        goto out;
    erc = sqlite3_step(e);
    prc = sqlite3_step(par);
    arc = sqlite3_step(al);
    while ((rc = sqlite3_step(p)) == SQLITE_ROW) {
        sqlite3_int64 id = sqlite3_column_int64(p, 0);
        mb_lci_process pr;
        mb_lci_exchange *ex = NULL;
        mb_lci_parameter *pa = NULL;
        mb_lci_allocation_factor *af = NULL;
        int src = 0;

        memset(&pr, 0, sizeof pr);
        pr.id = text(p, 1);
        pr.name = text(p, 2);
        pr.category = text(p, 3);
        pr.location_id = text(p, 4);
        pr.default_allocation = (mb_allocation)sqlite3_column_int(p, 5);
        for (; erc == SQLITE_ROW && sqlite3_column_int64(e, 0) == id;
             erc = sqlite3_step(e)) {
            mb_lci_exchange *x;

            if (!(ex = reserve(b, 3, pr.nexchanges + 1, sizeof *ex))) {
                src = MB_ENOMEM;
                break;
            }
            x = &ex[pr.nexchanges++];
            x->internal_id = sqlite3_column_int64(e, 1);
            x->flow_id = mb_strmap_intern(&strings, text(e, 2));
            x->unit_id = mb_strmap_intern(&strings, text(e, 3));
            x->property_id = mb_strmap_intern(&strings, text(e, 4));
            x->provider_id = mb_strmap_intern(&strings, text(e, 5));
            x->location_id = mb_strmap_intern(&strings, text(e, 6));
            x->amount = sqlite3_column_double(e, 7);
            x->formula = mb_strmap_intern(&strings, text(e, 8));
            x->flags = (unsigned)sqlite3_column_int(e, 9);
            read_uncertainty(e, 10, 14, &x->uncertainty);
            if (!x->flow_id) {
                src = MB_ENOMEM;
                break;
            }
        }
        for (; src == 0 && prc == SQLITE_ROW &&
               sqlite3_column_int64(par, 0) == id;
             prc = sqlite3_step(par)) {
            mb_lci_parameter *q;

            if (!(pa = reserve(b, 4, pr.nparameters + 1, sizeof *pa))) {
                src = MB_ENOMEM;
                break;
            }
            q = &pa[pr.nparameters++];
            q->name = mb_strmap_intern(&strings, text(par, 1));
            q->value = sqlite3_column_double(par, 2);
            q->formula = mb_strmap_intern(&strings, text(par, 3));
            read_uncertainty(par, 4, 8, &q->uncertainty);
        }
        for (; src == 0 && arc == SQLITE_ROW &&
               sqlite3_column_int64(al, 0) == id;
             arc = sqlite3_step(al)) {
            mb_lci_allocation_factor *a;

            if (!(af = reserve(b, 5, pr.nallocation_factors + 1,
                               sizeof *af))) {
                src = MB_ENOMEM;
                break;
            }
            a = &af[pr.nallocation_factors++];
            a->type = (mb_allocation)sqlite3_column_int(al, 1);
            a->product_id = mb_strmap_intern(&strings, text(al, 2));
            a->exchange_internal_id =
                sqlite3_column_type(al, 3) == SQLITE_NULL
                    ? -1
                    : sqlite3_column_int64(al, 3);
            a->exchange_flow_id = mb_strmap_intern(&strings, text(al, 4));
            a->value = sqlite3_column_double(al, 5);
            a->formula = mb_strmap_intern(&strings, text(al, 6));
        }
        pr.exchanges = ex;
        pr.parameters = pa;
        pr.allocation_factors = af;
        if (src == 0 && sink->process)
            src = sink->process(sink->ctx, &pr);
        if (src != 0) {
            rc = src;
            goto out;
        }
    }
    rc = done(s, rc, "cannot read processes");
out:
    sqlite3_finalize(p);
    sqlite3_finalize(e);
    sqlite3_finalize(par);
    sqlite3_finalize(al);
    mb_strmap_destroy(&strings);
    return rc;
}

static int load_impact_categories(mb_store *s, int64_t database,
                                  const mb_lci_sink *sink, buffers *b)
{
    sqlite3_stmt *c = NULL, *f = NULL;
    mb_strmap strings;
    int rc, frc;

    if ((rc = mb_strmap_init(&strings, 1024)) < 0)
        return rc;
    if ((rc = prepare(s, &c,
                      "SELECT id, uuid, name, reference_unit "
                      "FROM impact_categories WHERE ?1 = 0 OR id IN "
                      "(" SCOPE_CATEGORIES ") ORDER BY id",
                      "cannot read impact categories", database)) < 0 ||
        (rc = prepare(s, &f,
                      "SELECT category, flow, property, unit, unit_name, "
                      "location, value, formula, distribution, p1, p2, p3, "
                      "flow_name, flow_category, p4 FROM impact_factors "
                      "WHERE ?1 = 0 OR category IN (" SCOPE_CATEGORIES ") "
                      "ORDER BY category, rowid",
                      "cannot read impact factors", database)) < 0)
        goto out;
    frc = sqlite3_step(f);
    while ((rc = sqlite3_step(c)) == SQLITE_ROW) {
        sqlite3_int64 id = sqlite3_column_int64(c, 0);
        mb_lci_impact_category ic = {text(c, 1), text(c, 2), text(c, 3), 0,
                                     NULL};
        mb_lci_impact_factor *fs = NULL;
        int src = 0;

        for (; frc == SQLITE_ROW && sqlite3_column_int64(f, 0) == id;
             frc = sqlite3_step(f)) {
            mb_lci_impact_factor *x;

            if (!(fs = reserve(b, 3, ic.nfactors + 1, sizeof *fs))) {
                src = MB_ENOMEM;
                break;
            }
            x = &fs[ic.nfactors++];
            x->flow_id = mb_strmap_intern(&strings, text(f, 1));
            x->property_id = mb_strmap_intern(&strings, text(f, 2));
            x->unit_id = mb_strmap_intern(&strings, text(f, 3));
            x->unit_name = mb_strmap_intern(&strings, text(f, 4));
            x->location_id = mb_strmap_intern(&strings, text(f, 5));
            x->value = sqlite3_column_double(f, 6);
            x->formula = mb_strmap_intern(&strings, text(f, 7));
            read_uncertainty(f, 8, 14, &x->uncertainty);
            x->flow_name = mb_strmap_intern(&strings, text(f, 12));
            x->flow_category = mb_strmap_intern(&strings, text(f, 13));
        }
        ic.factors = fs;
        if (src == 0 && sink->impact_category)
            src = sink->impact_category(sink->ctx, &ic);
        if (src != 0) {
            rc = src;
            goto out;
        }
    }
    rc = done(s, rc, "cannot read impact categories");
out:
    sqlite3_finalize(c);
    sqlite3_finalize(f);
    mb_strmap_destroy(&strings);
    return rc;
}

static int load_impact_methods(mb_store *s, int64_t database,
                               const mb_lci_sink *sink, buffers *b)
{
    sqlite3_stmt *m = NULL, *c = NULL;
    mb_strmap strings;
    int rc, crc;

    if ((rc = mb_strmap_init(&strings, 256)) < 0)
        return rc;
    if ((rc = prepare(s, &m,
                      "SELECT id, uuid, name FROM impact_methods "
                      "WHERE ?1 = 0 OR database = ?1 ORDER BY id",
                      "cannot read impact methods", database)) < 0 ||
        (rc = prepare(s, &c,
                      "SELECT method, category FROM impact_method_categories "
                      "WHERE ?1 = 0 OR method IN "
                      "(SELECT id FROM impact_methods WHERE database = ?1) "
                      "ORDER BY method, position",
                      "cannot read impact methods", database)) < 0)
        goto out;
    crc = sqlite3_step(c);
    while ((rc = sqlite3_step(m)) == SQLITE_ROW) {
        sqlite3_int64 id = sqlite3_column_int64(m, 0);
        mb_lci_impact_method im = {text(m, 1), text(m, 2), 0, NULL};
        const char **ids = NULL;
        int src = 0;

        for (; crc == SQLITE_ROW && sqlite3_column_int64(c, 0) == id;
             crc = sqlite3_step(c)) {
            if (!(ids = reserve(b, 3, im.ncategories + 1, sizeof *ids))) {
                src = MB_ENOMEM;
                break;
            }
            ids[im.ncategories++] = mb_strmap_intern(&strings, text(c, 1));
        }
        im.category_ids = ids;
        if (src == 0 && sink->impact_method)
            src = sink->impact_method(sink->ctx, &im);
        if (src != 0) {
            rc = src;
            goto out;
        }
    }
    rc = done(s, rc, "cannot read impact methods");
out:
    sqlite3_finalize(m);
    sqlite3_finalize(c);
    mb_strmap_destroy(&strings);
    return rc;
}

/* Every record in scope handed to sink, reference data first. */
static int load_scope(mb_store *s, int64_t database, const mb_lci_sink *sink)
{
    buffers b;
    int rc;

    memset(&b, 0, sizeof b);
    if ((rc = load_unit_groups(s, database, sink, &b)) == 0 &&
        (rc = load_rows(s, database,
                        "SELECT uuid, name, unit_group FROM flow_properties "
                        "WHERE ?1 = 0 OR uuid IN (" SCOPE_PROPERTIES ")",
                        emit_property, sink)) == 0 &&
        (rc = load_rows(s, database,
                        "SELECT uuid, name, code FROM locations "
                        "WHERE ?1 = 0 OR uuid IN (" SCOPE_LOCATIONS ")",
                        emit_location, sink)) == 0 &&
        (rc = load_flows(s, database, sink, &b)) == 0 &&
        (rc = load_rows(s, database,
                        "SELECT name, value, formula, distribution, p1, p2, "
                        "p3, p4 FROM parameters WHERE process IS NULL "
                        "AND (?1 = 0 OR database = ?1) ORDER BY id",
                        emit_parameter, sink)) == 0 &&
        (rc = load_processes(s, database, sink, &b)) == 0 &&
        (rc = load_impact_categories(s, database, sink, &b)) == 0 &&
        (rc = load_impact_methods(s, database, sink, &b)) == 0)
        rc = load_rows(s, database,
                       "SELECT source, source_name, source_category, "
                       "target, target_name, target_category, factor, "
                       "source_unit, target_unit FROM flow_maps "
                       "WHERE ?1 = 0 OR database = ?1 ORDER BY rowid",
                       emit_flow_map, sink);
    free_buffers(&b);
    return rc;
}

int mb_store_load(mb_store *s, const mb_lci_sink *sink)
{
    return load_scope(s, 0, sink);
}

/* Collects the names of the databases for a message. */
typedef struct name_list {
    const char *wanted;
    int64_t id;
    int more; /* names left out of a full list */
    char names[512];
} name_list;

static int find_database(void *ctx, int64_t id, const char *name,
                         const char *format, const char *source)
{
    name_list *l = ctx;
    size_t len = strlen(l->names);

    (void)format;
    (void)source;
    if (strcmp(name, l->wanted) == 0)
        l->id = id;
    else if (len + strlen(name) + 16 < sizeof l->names)
        snprintf(l->names + len, sizeof l->names - len, "%s'%s'",
                 len ? ", " : "", name);
    else
        l->more = 1;
    return 0;
}

int mb_store_load_database(mb_store *s, const char *database,
                           const mb_lci_sink *sink)
{
    name_list l;
    int rc;

    if (!database)
        return load_scope(s, 0, sink);
    memset(&l, 0, sizeof l);
    l.wanted = database;
    if ((rc = mb_store_each_database(s, find_database, &l)) < 0)
        return rc;
    if (l.id == 0)
        return mb_error_set(MB_ENOTFOUND,
                            "%s: no database named '%s' in the project "
                            "(%s%s%s)",
                            s->path, database,
                            l.names[0] ? "its databases: " : "it has none",
                            l.names, l.more ? ", ..." : "");
    return load_scope(s, l.id, sink);
}
