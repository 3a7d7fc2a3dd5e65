/*
 * store_write.c - the writer: inventory records (lci.h) into the project's
 * tables, with prepared statements reused for every row, and the checks of
 * references at the end of an import. See include/metabol/store.h.
 */
#include <string.h>

#include "core/core.h"
#include "store/store_internal.h"

enum {
    ST_UNIT_GROUP,
    ST_UNIT,
    ST_PROPERTY,
    ST_LOCATION,
    ST_FLOW,
    ST_FLOW_FACTOR,
    ST_PROCESS,
    ST_EXCHANGE,
    ST_PARAMETER,
    ST_ALLOCATION,
    ST_CATEGORY,
    ST_FACTOR,
    ST_METHOD,
    ST_METHOD_CATEGORY,
    ST_FLOW_MAP,
    ST_COUNT
};

static const char *const statements[ST_COUNT] = {
    "INSERT OR IGNORE INTO unit_groups VALUES (?1, ?2)",
    "INSERT INTO units SELECT ?1, ?2, ?3, ?4, ?5 WHERE NOT EXISTS "
    "(SELECT 1 FROM units WHERE unit_group = ?2 AND "
    "(uuid = ?1 OR (?1 IS NULL AND name = ?3)))",
    "INSERT OR IGNORE INTO flow_properties VALUES (?1, ?2, ?3)",
    "INSERT OR IGNORE INTO locations VALUES (?1, ?2, ?3)",
    "INSERT OR IGNORE INTO flows (uuid, name, type, category, cas, formula, "
    "location) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    "INSERT INTO flow_property_factors VALUES (?1, ?2, ?3, ?4)",
    "INSERT INTO processes (uuid, database, name, category, location, "
    "default_allocation, nexchanges) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    "INSERT INTO exchanges VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
    "?11, ?12, ?13, ?14, ?15, ?16)",
    "INSERT INTO parameters (database, process, name, value, formula, "
    "distribution, p1, p2, p3, p4) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
    "?9, ?10)",
    "INSERT INTO allocation_factors VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    "INSERT INTO impact_categories (uuid, database, name, reference_unit) "
    "VALUES (?1, ?2, ?3, ?4)",
    "INSERT INTO impact_factors VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
    "?10, ?11, ?12, ?13, ?14, ?15)",
    "INSERT INTO impact_methods (uuid, database, name) VALUES (?1, ?2, ?3)",
    "INSERT INTO impact_method_categories VALUES (?1, ?2, ?3)",
    "INSERT INTO flow_maps VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
};

struct mb_store_writer {
    mb_store *store;
    int64_t database;
    sqlite3_stmt *st[ST_COUNT];
    mb_lci_sink sink;
};

static void bind_text(sqlite3_stmt *st, int k, const char *s)
{
    if (s)
        sqlite3_bind_text(st, k, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, k);
}

/* Run a bound statement once; SQLITE_DONE -> 0, a constraint -> 1. */
static int step(mb_store_writer *w, int which, const char *what)
{
    sqlite3_stmt *st = w->st[which];
    int rc = sqlite3_step(st);

    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc == SQLITE_DONE)
        return 0;
    if (rc == SQLITE_CONSTRAINT)
        return 1;
    return mb_store_sql_error(w->store, MB_EIO, what);
}

/*
 * A distribution: its type at k, p[0..2] at k + 1.. (columns p1-p3), p[3]
 * at k4 (column p4, added by schema version 3 at the end of its table).
 * SQLite keeps a NaN as NULL; read_uncertainty makes it NaN again.
 */
static void bind_uncertainty(sqlite3_stmt *st, int k, int k4,
                             const mb_lci_uncertainty *u)
{
    int j;

    sqlite3_bind_int(st, k, (int)u->type);
    for (j = 0; j < 4 && u->type != MB_DIST_NONE; j++)
        sqlite3_bind_double(st, j < 3 ? k + 1 + j : k4, u->p[j]);
}

static int put_unit_group(void *ctx, const mb_lci_unit_group *g)
{
    mb_store_writer *w = ctx;
    sqlite3_stmt *st = w->st[ST_UNIT_GROUP];
    size_t k;
    int rc;

    bind_text(st, 1, g->id);
    bind_text(st, 2, g->name ? g->name : "");
    if ((rc = step(w, ST_UNIT_GROUP, "cannot store a unit group")) < 0)
        return rc;
    /* a group already in the project gets the units it lacks: exports
     * carry the units of their time, older ones fewer */
    st = w->st[ST_UNIT];
    for (k = 0; k < g->nunits; k++) {
        bind_text(st, 1, g->units[k].id);
        bind_text(st, 2, g->id);
        bind_text(st, 3, g->units[k].name);
        sqlite3_bind_double(st, 4, g->units[k].factor);
        sqlite3_bind_int(st, 5, g->units[k].is_reference);
        if ((rc = step(w, ST_UNIT, "cannot store a unit")) < 0)
            return rc;
    }
    return 0;
}

static int put_flow_property(void *ctx, const mb_lci_flow_property *p)
{
    mb_store_writer *w = ctx;
    sqlite3_stmt *st = w->st[ST_PROPERTY];
    int rc;

    bind_text(st, 1, p->id);
    bind_text(st, 2, p->name ? p->name : "");
    bind_text(st, 3, p->unit_group_id);
    rc = step(w, ST_PROPERTY, "cannot store a flow property");
    return rc < 0 ? rc : 0;
}

static int put_location(void *ctx, const mb_lci_location *l)
{
    mb_store_writer *w = ctx;
    sqlite3_stmt *st = w->st[ST_LOCATION];
    int rc;

    bind_text(st, 1, l->id);
    bind_text(st, 2, l->name);
    bind_text(st, 3, l->code);
    rc = step(w, ST_LOCATION, "cannot store a location");
    return rc < 0 ? rc : 0;
}

static int put_flow(void *ctx, const mb_lci_flow *f)
{
    mb_store_writer *w = ctx;
    sqlite3_stmt *st = w->st[ST_FLOW];
    sqlite3_int64 id;
    size_t k;
    int rc;

    bind_text(st, 1, f->id);
    bind_text(st, 2, f->name ? f->name : "");
    sqlite3_bind_int(st, 3, (int)f->type);
    bind_text(st, 4, f->category);
    bind_text(st, 5, f->cas);
    bind_text(st, 6, f->formula);
    bind_text(st, 7, f->location_id);
    if ((rc = step(w, ST_FLOW, "cannot store a flow")) < 0)
        return rc;
    if (sqlite3_changes(w->store->db) == 0)
        return 0; /* shared with a database imported before */
    id = sqlite3_last_insert_rowid(w->store->db);
    st = w->st[ST_FLOW_FACTOR];
    for (k = 0; k < f->nproperties; k++) {
        sqlite3_bind_int64(st, 1, id);
        bind_text(st, 2, f->properties[k].property_id);
        sqlite3_bind_double(st, 3, f->properties[k].factor);
        sqlite3_bind_int(st, 4, f->properties[k].is_reference);
        if ((rc = step(w, ST_FLOW_FACTOR, "cannot store a flow")) < 0)
            return rc;
    }
    return 0;
}

static int put_parameter(mb_store_writer *w, const mb_lci_parameter *p,
                         sqlite3_int64 process)
{
    sqlite3_stmt *st = w->st[ST_PARAMETER];

    sqlite3_bind_int64(st, 1, w->database);
    if (process > 0)
        sqlite3_bind_int64(st, 2, process);
    bind_text(st, 3, p->name);
    sqlite3_bind_double(st, 4, p->value);
    bind_text(st, 5, p->formula);
    bind_uncertainty(st, 6, 10, &p->uncertainty);
    return step(w, ST_PARAMETER, "cannot store a parameter");
}

static int put_global_parameter(void *ctx, const mb_lci_parameter *p)
{
    int rc = put_parameter(ctx, p, 0);

    return rc < 0 ? rc : 0;
}

static int put_exchanges(mb_store_writer *w, const mb_lci_process *p,
                         sqlite3_int64 id)
{
    sqlite3_stmt *st = w->st[ST_EXCHANGE];
    size_t k;
    int rc;

    for (k = 0; k < p->nexchanges; k++) {
        const mb_lci_exchange *e = &p->exchanges[k];

        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)k);
        sqlite3_bind_int64(st, 3, e->internal_id);
        bind_text(st, 4, e->flow_id);
        bind_text(st, 5, e->unit_id);
        bind_text(st, 6, e->property_id);
        bind_text(st, 7, e->provider_id);
        bind_text(st, 8, e->location_id);
        sqlite3_bind_double(st, 9, e->amount);
        bind_text(st, 10, e->formula);
        sqlite3_bind_int(st, 11, (int)e->flags);
        bind_uncertainty(st, 12, 16, &e->uncertainty);
        if ((rc = step(w, ST_EXCHANGE, "cannot store an exchange")) != 0)
            return rc < 0 ? rc : MB_EINTERNAL;
    }
    return 0;
}

static int put_process(void *ctx, const mb_lci_process *p)
{
    mb_store_writer *w = ctx;
    sqlite3_stmt *st = w->st[ST_PROCESS];
    sqlite3_int64 id;
    size_t k;
    int rc;

    bind_text(st, 1, p->id);
    sqlite3_bind_int64(st, 2, w->database);
    bind_text(st, 3, p->name ? p->name : "");
    bind_text(st, 4, p->category);
    bind_text(st, 5, p->location_id);
    sqlite3_bind_int(st, 6, (int)p->default_allocation);
    sqlite3_bind_int64(st, 7, (sqlite3_int64)p->nexchanges);
    if ((rc = step(w, ST_PROCESS, "cannot store a process")) < 0)
        return rc;
    if (rc == 1)
        return mb_error_set(MB_EINVAL,
                            "process %s ('%s') is already in the project",
                            p->id, p->name ? p->name : "");
    id = sqlite3_last_insert_rowid(w->store->db);
    if ((rc = put_exchanges(w, p, id)) < 0)
        return rc;
    for (k = 0; k < p->nparameters; k++)
        if ((rc = put_parameter(w, &p->parameters[k], id)) < 0)
            return rc;
    st = w->st[ST_ALLOCATION];
    for (k = 0; k < p->nallocation_factors; k++) {
        const mb_lci_allocation_factor *a = &p->allocation_factors[k];

        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, (int)a->type);
        bind_text(st, 3, a->product_id);
        if (a->exchange_internal_id >= 0)
            sqlite3_bind_int64(st, 4, a->exchange_internal_id);
        bind_text(st, 5, a->exchange_flow_id);
        sqlite3_bind_double(st, 6, a->value);
        bind_text(st, 7, a->formula);
        if ((rc = step(w, ST_ALLOCATION, "cannot store an allocation "
                                         "factor")) < 0)
            return rc;
    }
    return 0;
}

static int put_impact_category(void *ctx, const mb_lci_impact_category *c)
{
    mb_store_writer *w = ctx;
    sqlite3_stmt *st = w->st[ST_CATEGORY];
    sqlite3_int64 id;
    size_t k;
    int rc;

    bind_text(st, 1, c->id);
    sqlite3_bind_int64(st, 2, w->database);
    bind_text(st, 3, c->name ? c->name : "");
    bind_text(st, 4, c->reference_unit);
    if ((rc = step(w, ST_CATEGORY, "cannot store an impact category")) < 0)
        return rc;
    if (rc == 1)
        return mb_error_set(MB_EINVAL,
                            "impact category %s ('%s') is already in the "
                            "project",
                            c->id, c->name ? c->name : "");
    id = sqlite3_last_insert_rowid(w->store->db);
    st = w->st[ST_FACTOR];
    for (k = 0; k < c->nfactors; k++) {
        const mb_lci_impact_factor *f = &c->factors[k];

        sqlite3_bind_int64(st, 1, id);
        bind_text(st, 2, f->flow_id);
        bind_text(st, 3, f->property_id);
        bind_text(st, 4, f->unit_id);
        bind_text(st, 5, f->unit_name);
        bind_text(st, 6, f->location_id);
        sqlite3_bind_double(st, 7, f->value);
        bind_text(st, 8, f->formula);
        bind_uncertainty(st, 9, 15, &f->uncertainty);
        bind_text(st, 13, f->flow_name);
        bind_text(st, 14, f->flow_category);
        if ((rc = step(w, ST_FACTOR, "cannot store an impact factor")) < 0)
            return rc;
    }
    return 0;
}

static int put_impact_method(void *ctx, const mb_lci_impact_method *m)
{
    mb_store_writer *w = ctx;
    sqlite3_stmt *st = w->st[ST_METHOD];
    sqlite3_int64 id;
    size_t k;
    int rc;

    bind_text(st, 1, m->id);
    sqlite3_bind_int64(st, 2, w->database);
    bind_text(st, 3, m->name ? m->name : "");
    if ((rc = step(w, ST_METHOD, "cannot store an impact method")) < 0)
        return rc;
    if (rc == 1)
        return mb_error_set(MB_EINVAL,
                            "impact method %s ('%s') is already in the "
                            "project",
                            m->id, m->name ? m->name : "");
    id = sqlite3_last_insert_rowid(w->store->db);
    st = w->st[ST_METHOD_CATEGORY];
    for (k = 0; k < m->ncategories; k++) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)k);
        bind_text(st, 3, m->category_ids[k]);
        if ((rc = step(w, ST_METHOD_CATEGORY, "cannot store an impact "
                                              "method")) < 0)
            return rc;
    }
    return 0;
}

static int put_flow_map(void *ctx, const mb_lci_flow_map *m)
{
    mb_store_writer *w = ctx;
    sqlite3_stmt *st = w->st[ST_FLOW_MAP];
    int rc;

    sqlite3_bind_int64(st, 1, w->database);
    bind_text(st, 2, m->source_id ? m->source_id : ""); /* "": by name */
    bind_text(st, 3, m->source_name);
    bind_text(st, 4, m->source_category);
    bind_text(st, 5, m->target_id);
    bind_text(st, 6, m->target_name);
    bind_text(st, 7, m->target_category);
    sqlite3_bind_double(st, 8, m->factor);
    bind_text(st, 9, m->source_unit);
    bind_text(st, 10, m->target_unit);
    rc = step(w, ST_FLOW_MAP, "cannot store a flow mapping");
    return rc < 0 ? rc : 0;
}

int mb_store_writer_new(mb_store_writer **out, mb_store *s, int64_t database)
{
    mb_store_writer *w;
    int k, rc;

    *out = NULL;
    if (!s->in_transaction)
        return mb_error_set(MB_EINVAL,
                            "%s: writing needs an open transaction", s->path);
    w = mb_calloc(1, sizeof *w);
    if (!w)
        return MB_ENOMEM;
    w->store = s;
    w->database = database;
    for (k = 0; k < ST_COUNT; k++)
        if ((rc = mb_store_prepare(s, &w->st[k], statements[k],
                                   "cannot prepare the import")) < 0) {
            mb_store_writer_free(w);
            return rc;
        }
    w->sink.ctx = w;
    w->sink.unit_group = put_unit_group;
    w->sink.flow_property = put_flow_property;
    w->sink.flow = put_flow;
    w->sink.location = put_location;
    w->sink.global_parameter = put_global_parameter;
    w->sink.process = put_process;
    w->sink.impact_category = put_impact_category;
    w->sink.impact_method = put_impact_method;
    w->sink.flow_map = put_flow_map;
    *out = w;
    return 0;
}

const mb_lci_sink *mb_store_writer_sink(mb_store_writer *w)
{
    return &w->sink;
}

/*
 * The first row of `sql` (bound to the database id) names a broken
 * reference: report it with `fmt` over its text columns.
 */
static int check(mb_store_writer *w, const char *sql, const char *fmt)
{
    sqlite3_stmt *st;
    int rc;

    if ((rc = mb_store_prepare(w->store, &st, sql,
                               "cannot check the import")) < 0)
        return rc;
    sqlite3_bind_int64(st, 1, w->database);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *c[4];
        int k;

        for (k = 0; k < 4; k++) {
            c[k] = (const char *)sqlite3_column_text(st, k);
            if (!c[k])
                c[k] = "";
        }
        rc = mb_error_set(MB_EFORMAT, fmt, c[0], c[1], c[2], c[3]);
    } else if (rc == SQLITE_DONE) {
        rc = 0;
    } else {
        rc = mb_store_sql_error(w->store, MB_EIO, "cannot check the import");
    }
    sqlite3_finalize(st);
    return rc;
}

int mb_store_writer_finish(mb_store_writer *w)
{
    int rc;

    if ((rc = check(w,
                    "SELECT p.uuid, p.name, e.position + 1, e.flow "
                    "FROM exchanges e JOIN processes p ON p.id = e.process "
                    "WHERE p.database = ?1 AND NOT EXISTS "
                    "(SELECT 1 FROM flows f WHERE f.uuid = e.flow) LIMIT 1",
                    "process %s ('%s'): exchange %s: the flow %s is not in "
                    "the data")) < 0 ||
        (rc = check(w,
                    "SELECT p.uuid, p.name, e.position + 1, e.unit "
                    "FROM exchanges e JOIN processes p ON p.id = e.process "
                    "WHERE p.database = ?1 AND e.unit IS NOT NULL AND NOT "
                    "EXISTS (SELECT 1 FROM units u WHERE u.uuid = e.unit) "
                    "LIMIT 1",
                    "process %s ('%s'): exchange %s: unknown unit %s")) < 0 ||
        (rc = check(w,
                    "SELECT m.uuid, m.name, c.category, '' "
                    "FROM impact_method_categories c JOIN impact_methods m "
                    "ON m.id = c.method WHERE m.database = ?1 AND NOT EXISTS "
                    "(SELECT 1 FROM impact_categories i "
                    "WHERE i.uuid = c.category) LIMIT 1",
                    "impact method %s ('%s'): the category %s is not in "
                    "the data%s")) < 0)
        return rc;
    return mb_store_exec(w->store,
                         "UPDATE meta SET value = value + 1 "
                         "WHERE key = 'generation'",
                         "cannot record the import");
}

void mb_store_writer_free(mb_store_writer *w)
{
    int k;

    if (!w)
        return;
    for (k = 0; k < ST_COUNT; k++)
        sqlite3_finalize(w->st[k]);
    mb_free(w);
}
