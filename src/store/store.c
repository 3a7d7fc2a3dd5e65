/*
 * store.c - the SQLite project store: opening, WAL, schema versions and
 * migrations, transactions. See include/metabol/store.h.
 *
 * Migrations are a list of SQL scripts; migration k takes the schema from
 * version k to k + 1 and runs in one transaction with the version bump, so
 * an interrupted upgrade leaves the store at the version before it.
 */
#include <stdio.h>
#include <string.h>

#include "core/core.h"
#include "store/store_internal.h"


/* migrations[k]: schema version k -> k + 1. */
static const char *const migrations[MB_STORE_SCHEMA_VERSION] = {
    /* 0 -> 1: the project and its databases */
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "INSERT INTO meta VALUES ('application', 'metabol');"
    "CREATE TABLE databases ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  format TEXT NOT NULL,"
    "  source TEXT NOT NULL,"
    "  imported_at TEXT NOT NULL DEFAULT (datetime('now')));",

    /*
     * 1 -> 2: inventory data (olca-schema's model; ids are the data's own
     * UUIDs, resolved when a model is compiled), LCIA methods, flow
     * mappings and the cache of compiled matrices. Reference data (units,
     * flow properties, locations, flows) is shared by the databases that
     * use it; processes, parameters, methods and mappings belong to one.
     */
    "CREATE TABLE unit_groups ("
    "  uuid TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE units ("
    "  uuid TEXT, unit_group TEXT NOT NULL, name TEXT NOT NULL,"
    "  factor REAL NOT NULL, is_reference INTEGER NOT NULL);"
    "CREATE INDEX units_group ON units (unit_group);"
    "CREATE TABLE flow_properties ("
    "  uuid TEXT PRIMARY KEY, name TEXT NOT NULL,"
    "  unit_group TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE locations ("
    "  uuid TEXT PRIMARY KEY, name TEXT, code TEXT) WITHOUT ROWID;"
    "CREATE TABLE flows ("
    "  id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL, type INTEGER NOT NULL, category TEXT,"
    "  cas TEXT, formula TEXT, location TEXT);"
    "CREATE INDEX flows_name ON flows (name COLLATE NOCASE);"
    "CREATE TABLE flow_property_factors ("
    "  flow INTEGER NOT NULL REFERENCES flows (id), property TEXT NOT NULL,"
    "  factor REAL NOT NULL, is_reference INTEGER NOT NULL);"
    "CREATE INDEX flow_property_factors_flow ON flow_property_factors (flow);"
    "CREATE TABLE processes ("
    "  id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE,"
    "  database INTEGER NOT NULL REFERENCES databases (id),"
    "  name TEXT NOT NULL, category TEXT, location TEXT,"
    "  default_allocation INTEGER NOT NULL, nexchanges INTEGER NOT NULL);"
    "CREATE INDEX processes_name ON processes (name COLLATE NOCASE);"
    "CREATE TABLE exchanges ("
    "  process INTEGER NOT NULL REFERENCES processes (id),"
    "  position INTEGER NOT NULL, internal_id INTEGER NOT NULL,"
    "  flow TEXT NOT NULL, unit TEXT, property TEXT, provider TEXT,"
    "  location TEXT, amount REAL NOT NULL, formula TEXT,"
    "  flags INTEGER NOT NULL, distribution INTEGER NOT NULL,"
    "  p1 REAL, p2 REAL, p3 REAL,"
    "  PRIMARY KEY (process, position)) WITHOUT ROWID;"
    "CREATE TABLE parameters ("
    "  id INTEGER PRIMARY KEY,"
    "  database INTEGER NOT NULL REFERENCES databases (id),"
    "  process INTEGER REFERENCES processes (id),"
    "  name TEXT NOT NULL, value REAL NOT NULL, formula TEXT,"
    "  distribution INTEGER NOT NULL, p1 REAL, p2 REAL, p3 REAL);"
    "CREATE INDEX parameters_process ON parameters (process);"
    "CREATE TABLE allocation_factors ("
    "  process INTEGER NOT NULL REFERENCES processes (id),"
    "  type INTEGER NOT NULL, product TEXT, exchange_internal_id INTEGER,"
    "  exchange_flow TEXT, value REAL NOT NULL, formula TEXT);"
    "CREATE INDEX allocation_factors_process ON allocation_factors (process);"
    "CREATE TABLE impact_categories ("
    "  id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE,"
    "  database INTEGER NOT NULL REFERENCES databases (id),"
    "  name TEXT NOT NULL, reference_unit TEXT);"
    "CREATE TABLE impact_factors ("
    "  category INTEGER NOT NULL REFERENCES impact_categories (id),"
    "  flow TEXT NOT NULL, property TEXT, unit TEXT, unit_name TEXT,"
    "  location TEXT, value REAL NOT NULL, formula TEXT,"
    "  distribution INTEGER NOT NULL, p1 REAL, p2 REAL, p3 REAL,"
    "  flow_name TEXT, flow_category TEXT);"
    "CREATE INDEX impact_factors_category ON impact_factors (category);"
    "CREATE TABLE impact_methods ("
    "  id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE,"
    "  database INTEGER NOT NULL REFERENCES databases (id),"
    "  name TEXT NOT NULL);"
    "CREATE TABLE impact_method_categories ("
    "  method INTEGER NOT NULL REFERENCES impact_methods (id),"
    "  position INTEGER NOT NULL, category TEXT NOT NULL,"
    "  PRIMARY KEY (method, position)) WITHOUT ROWID;"
    "CREATE TABLE flow_maps ("
    "  database INTEGER NOT NULL REFERENCES databases (id),"
    "  source TEXT NOT NULL, source_name TEXT, source_category TEXT,"
    "  target TEXT NOT NULL, target_name TEXT, target_category TEXT,"
    "  factor REAL NOT NULL, source_unit TEXT, target_unit TEXT);"
    "CREATE INDEX flow_maps_source ON flow_maps (source);"
    "CREATE TABLE matrix_cache ("
    "  key TEXT PRIMARY KEY, generation INTEGER NOT NULL,"
    "  created_at TEXT NOT NULL DEFAULT (datetime('now')),"
    "  data BLOB NOT NULL);"
    "INSERT INTO meta VALUES ('generation', '0');",

    /*
     * 2 -> 3: a fourth distribution parameter (Weibull's, gamma's and
     * beta's; lci.h), NULL in rows stored before. Compiled models cached
     * before are dropped: they were made by an older compiler.
     */
    "ALTER TABLE exchanges ADD COLUMN p4 REAL;"
    "ALTER TABLE parameters ADD COLUMN p4 REAL;"
    "ALTER TABLE impact_factors ADD COLUMN p4 REAL;"
    "DELETE FROM matrix_cache;",
};

int mb_store_sql_error(const mb_store *s, int code, const char *what)
{
    return mb_error_set(code, "%s: %s: %s", s->path, what,
                        sqlite3_errmsg(s->db));
}

int mb_store_exec(mb_store *s, const char *sql, const char *what)
{
    char *msg = NULL;
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);

    if (rc != SQLITE_OK) {
        rc = mb_error_set(rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT
                              ? MB_EFORMAT
                              : MB_EIO,
                          "%s: %s: %s", s->path, what,
                          msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        return rc;
    }
    return 0;
}

int mb_store_prepare(mb_store *s, sqlite3_stmt **st, const char *sql,
                     const char *what)
{
    if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK) {
        *st = NULL;
        return mb_store_sql_error(s, MB_EIO, what);
    }
    return 0;
}

static int read_version(mb_store *s)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL);

    if (rc != SQLITE_OK)
        return mb_error_set(rc == SQLITE_NOTADB ? MB_EFORMAT : MB_EIO,
                            "%s: not a metabol project (%s)", s->path,
                            sqlite3_errstr(rc));
    rc = sqlite3_step(st);
    s->version = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    if (s->version < 0)
        return mb_error_set(MB_EFORMAT, "%s: not a metabol project",
                            s->path);
    return 0;
}

/* A store at version 0 must be empty: a foreign SQLite file is refused. */
static int check_empty(mb_store *s)
{
    sqlite3_stmt *st;
    int rc, tables;

    rc = sqlite3_prepare_v2(s->db, "SELECT count(*) FROM sqlite_master", -1,
                            &st, NULL);
    if (rc != SQLITE_OK)
        return mb_store_sql_error(s, MB_EFORMAT, "not a metabol project");
    tables = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 1;
    sqlite3_finalize(st);
    if (tables > 0)
        return mb_error_set(MB_EFORMAT,
                            "%s: an SQLite file, but not a metabol project "
                            "(it has tables and no metabol schema version)",
                            s->path);
    return 0;
}

static int migrate(mb_store *s)
{
    char bump[64];
    int rc;

    if (s->version == 0 && (rc = check_empty(s)) < 0)
        return rc;
    while (s->version < MB_STORE_SCHEMA_VERSION) {
        snprintf(bump, sizeof bump, "PRAGMA user_version = %d",
                 s->version + 1);
        if ((rc = mb_store_exec(s, "BEGIN IMMEDIATE", "cannot upgrade")) < 0)
            return rc;
        if ((rc = mb_store_exec(s, migrations[s->version], "cannot upgrade")) < 0 ||
            (rc = mb_store_exec(s, bump, "cannot upgrade")) < 0 ||
            (rc = mb_store_exec(s, "COMMIT", "cannot upgrade")) < 0) {
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            return rc;
        }
        s->version++;
    }
    return 0;
}

int mb_store_open(mb_store **out, const char *path, unsigned flags)
{
    mb_store *s;
    int oflags, rc;

    *out = NULL;
    s = mb_calloc(1, sizeof *s);
    if (!s)
        return MB_ENOMEM;
    if (!(s->path = mb_strdup(path))) {
        mb_free(s);
        return MB_ENOMEM;
    }
    oflags = (flags & MB_STORE_READONLY)
                 ? SQLITE_OPEN_READONLY
                 : SQLITE_OPEN_READWRITE |
                       ((flags & MB_STORE_CREATE) ? SQLITE_OPEN_CREATE : 0);
    rc = sqlite3_open_v2(path, &s->db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        rc = mb_error_set(MB_EIO, "%s: cannot open the project: %s", path,
                          s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
        mb_store_close(s);
        return rc;
    }
    sqlite3_busy_timeout(s->db, 5000);
    if ((rc = read_version(s)) < 0)
        goto fail;
    if (s->version > MB_STORE_SCHEMA_VERSION) {
        rc = mb_error_set(MB_EUNSUPPORTED,
                          "%s: project schema version %d is newer than this "
                          "metabol (%s) supports (%d); upgrade metabol",
                          path, s->version, MB_VERSION,
                          MB_STORE_SCHEMA_VERSION);
        goto fail;
    }
    if (!(flags & MB_STORE_READONLY)) {
        if ((rc = mb_store_exec(s, "PRAGMA journal_mode = WAL", "cannot use WAL")) <
                0 ||
            (rc = mb_store_exec(s, "PRAGMA foreign_keys = ON", "cannot configure")) <
                0 ||
            /* WAL with NORMAL sync cannot corrupt the file; a crash may
             * lose the last commit, never half of it. A larger page cache
             * keeps an import's indexes in memory. */
            (rc = mb_store_exec(s,
                                "PRAGMA synchronous = NORMAL;"
                                "PRAGMA cache_size = -131072;"
                                "PRAGMA temp_store = MEMORY",
                                "cannot configure")) < 0 ||
            (rc = migrate(s)) < 0)
            goto fail;
    } else if (s->version < MB_STORE_SCHEMA_VERSION) {
        rc = mb_error_set(MB_EUNSUPPORTED,
                          "%s: project schema version %d needs an upgrade; "
                          "open it writable once",
                          path, s->version);
        goto fail;
    }
    *out = s;
    return 0;
fail:
    mb_store_close(s);
    return rc;
}

void mb_store_close(mb_store *s)
{
    if (!s)
        return;
    if (s->in_transaction)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close_v2(s->db);
    mb_free(s->path);
    mb_free(s);
}

int mb_store_schema_version(const mb_store *s)
{
    return s->version;
}

int mb_store_begin(mb_store *s)
{
    int rc;

    if (s->in_transaction)
        return mb_error_set(MB_EINVAL, "%s: a transaction is already open",
                            s->path);
    if ((rc = mb_store_exec(s, "BEGIN IMMEDIATE", "cannot start a transaction")) < 0)
        return rc;
    s->in_transaction = 1;
    return 0;
}

int mb_store_commit(mb_store *s)
{
    int rc;

    if (!s->in_transaction)
        return mb_error_set(MB_EINVAL, "%s: no transaction to commit",
                            s->path);
    if ((rc = mb_store_exec(s, "COMMIT", "cannot commit")) < 0)
        return rc;
    s->in_transaction = 0;
    return 0;
}

int mb_store_rollback(mb_store *s)
{
    if (!s->in_transaction)
        return mb_error_set(MB_EINVAL, "%s: no transaction to roll back",
                            s->path);
    s->in_transaction = 0;
    return mb_store_exec(s, "ROLLBACK", "cannot roll back");
}

int mb_store_add_database(mb_store *s, const char *name, const char *format,
                          const char *source, int64_t *id)
{
    sqlite3_stmt *st;
    int rc;

    rc = sqlite3_prepare_v2(s->db,
                            "INSERT INTO databases (name, format, source) "
                            "VALUES (?1, ?2, ?3)",
                            -1, &st, NULL);
    if (rc != SQLITE_OK)
        return mb_store_sql_error(s, MB_EIO, "cannot add a database");
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, format, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, source, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_CONSTRAINT)
        return mb_error_set(MB_EINVAL,
                            "%s: a database named '%s' is already in the "
                            "project",
                            s->path, name);
    if (rc != SQLITE_DONE)
        return mb_store_sql_error(s, MB_EIO, "cannot add a database");
    if (id)
        *id = sqlite3_last_insert_rowid(s->db);
    return 0;
}

int mb_store_each_database(mb_store *s, mb_store_database_fn fn, void *ctx)
{
    sqlite3_stmt *st;
    int rc;

    rc = sqlite3_prepare_v2(s->db,
                            "SELECT id, name, format, source FROM databases "
                            "ORDER BY name",
                            -1, &st, NULL);
    if (rc != SQLITE_OK)
        return mb_store_sql_error(s, MB_EIO, "cannot list databases");
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (fn(ctx, sqlite3_column_int64(st, 0),
               (const char *)sqlite3_column_text(st, 1),
               (const char *)sqlite3_column_text(st, 2),
               (const char *)sqlite3_column_text(st, 3)) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return mb_store_sql_error(s, MB_EIO, "cannot list databases");
    return 0;
}
