/*
 * store_query.c - listings, searches and the exchanges of one process, for
 * the command line (metabol list, show, lca --process NAME).
 */
#include <stdio.h>
#include <string.h>

#include "core/core.h"
#include "store/store_internal.h"

/*
 * A search reads every name: in table order (NOT INDEXED) the pages come
 * in file order, 7 ms for 25,000 processes, where walking the name index
 * for the ORDER BY jumps around the file (45 ms); the few matches are
 * sorted after.
 */
static const char *const list_sql[] = {
    /* MB_STORE_PROCESSES */
    "SELECT p.uuid, p.name, p.category, l.name, d.name, NULL, 0, "
    "p.nexchanges "
    "FROM processes p NOT INDEXED JOIN databases d ON d.id = p.database "
    "LEFT JOIN locations l ON l.uuid = p.location "
    "WHERE ?1 IS NULL OR p.uuid = ?1 "
    "OR instr(lower(p.name), lower(?1)) > 0 "
    "ORDER BY p.name COLLATE NOCASE, p.uuid",
    /* MB_STORE_FLOWS */
    "SELECT f.uuid, f.name, f.category, NULL, NULL, NULL, f.type, 0 "
    "FROM flows f NOT INDEXED "
    "WHERE ?1 IS NULL OR instr(lower(f.name), lower(?1)) > 0 "
    "ORDER BY f.name COLLATE NOCASE, f.uuid",
    /* MB_STORE_CATEGORIES */
    "SELECT c.uuid, c.name, m.name, NULL, d.name, c.reference_unit, 0, "
    "(SELECT count(*) FROM impact_factors f WHERE f.category = c.id) "
    "FROM impact_categories c JOIN databases d ON d.id = c.database "
    "LEFT JOIN impact_method_categories mc ON mc.category = c.uuid "
    "LEFT JOIN impact_methods m ON m.id = mc.method "
    "WHERE ?1 IS NULL OR instr(lower(c.name), lower(?1)) > 0 "
    "OR instr(lower(m.name), lower(?1)) > 0 "
    "ORDER BY m.name COLLATE NOCASE, c.name COLLATE NOCASE",
};

int mb_store_list(mb_store *s, mb_store_kind kind, const char *search,
                  mb_store_item_fn fn, void *ctx)
{
    sqlite3_stmt *st;
    int rc;

    if ((unsigned)kind > MB_STORE_CATEGORIES)
        return mb_error_set(MB_EINVAL, "mb_store_list: unknown kind %d",
                            (int)kind);
    if ((rc = mb_store_prepare(s, &st, list_sql[kind], "cannot list")) < 0)
        return rc;
    if (search && *search)
        sqlite3_bind_text(st, 1, search, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        mb_store_item it;
        int frc;

        it.uuid = (const char *)sqlite3_column_text(st, 0);
        it.name = (const char *)sqlite3_column_text(st, 1);
        it.category = (const char *)sqlite3_column_text(st, 2);
        it.location = (const char *)sqlite3_column_text(st, 3);
        it.database = (const char *)sqlite3_column_text(st, 4);
        it.unit = (const char *)sqlite3_column_text(st, 5);
        it.type = sqlite3_column_int(st, 6);
        it.count = sqlite3_column_int64(st, 7);
        if ((frc = fn(ctx, &it)) != 0) {
            sqlite3_finalize(st);
            return frc;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0
                             : mb_store_sql_error(s, MB_EIO, "cannot list");
}

int mb_store_find_process(mb_store *s, const char *name_or_id,
                          char uuid[MB_STORE_ID_SIZE], int64_t *count)
{
    static const char *const sql[2] = {
        "SELECT uuid FROM processes WHERE uuid = ?1",
        "SELECT uuid FROM processes WHERE name = ?1 COLLATE NOCASE "
        "ORDER BY uuid"};
    int pass, rc;

    uuid[0] = '\0';
    *count = 0;
    for (pass = 0; pass < 2 && *count == 0; pass++) {
        sqlite3_stmt *st;

        if ((rc = mb_store_prepare(s, &st, sql[pass],
                                   "cannot find the process")) < 0)
            return rc;
        sqlite3_bind_text(st, 1, name_or_id, -1, SQLITE_STATIC);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            const char *u = (const char *)sqlite3_column_text(st, 0);

            if ((*count)++ == 0 && u) {
                strncpy(uuid, u, MB_STORE_ID_SIZE - 1);
                uuid[MB_STORE_ID_SIZE - 1] = '\0';
            }
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE)
            return mb_store_sql_error(s, MB_EIO, "cannot find the process");
    }
    return 0;
}

int mb_store_each_exchange(mb_store *s, const char *process_uuid,
                           mb_store_exchange_fn fn, void *ctx)
{
    sqlite3_stmt *st;
    int rc;

    if ((rc = mb_store_prepare(
             s, &st,
             "SELECT e.flow, f.name, f.category, f.type, e.amount, "
             "e.formula, coalesce(u.name, ru.name), e.provider, e.flags "
             "FROM processes p JOIN exchanges e ON e.process = p.id "
             "LEFT JOIN flows f ON f.uuid = e.flow "
             "LEFT JOIN units u ON u.uuid = e.unit "
             "LEFT JOIN flow_property_factors pf "
             "  ON pf.flow = f.id AND pf.is_reference "
             "LEFT JOIN flow_properties fp ON fp.uuid = pf.property "
             "LEFT JOIN units ru "
             "  ON ru.unit_group = fp.unit_group AND ru.is_reference "
             "WHERE p.uuid = ?1 ORDER BY e.position",
             "cannot read the exchanges")) < 0)
        return rc;
    sqlite3_bind_text(st, 1, process_uuid, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        mb_store_exchange_row r;
        int frc;

        r.flow_uuid = (const char *)sqlite3_column_text(st, 0);
        r.flow_name = (const char *)sqlite3_column_text(st, 1);
        r.flow_category = (const char *)sqlite3_column_text(st, 2);
        r.flow_type = sqlite3_column_int(st, 3);
        r.amount = sqlite3_column_double(st, 4);
        r.formula = (const char *)sqlite3_column_text(st, 5);
        r.unit = (const char *)sqlite3_column_text(st, 6);
        r.provider_uuid = (const char *)sqlite3_column_text(st, 7);
        r.flags = (unsigned)sqlite3_column_int(st, 8);
        if ((frc = fn(ctx, &r)) != 0) {
            sqlite3_finalize(st);
            return frc;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE
               ? 0
               : mb_store_sql_error(s, MB_EIO, "cannot read the exchanges");
}

/* The units of the reference product's unit group, ", "-joined. */
static void product_units(mb_store *s, const char *process_uuid, char *buf,
                          size_t size)
{
    sqlite3_stmt *st;
    size_t len = 0;

    buf[0] = '\0';
    if (mb_store_prepare(s, &st,
                         "SELECT u.name FROM processes p "
                         "JOIN exchanges e ON e.process = p.id "
                         "AND (e.flags & 4) "
                         "JOIN flows f ON f.uuid = e.flow "
                         "JOIN flow_property_factors pf ON pf.flow = f.id "
                         "AND pf.is_reference "
                         "JOIN flow_properties fp ON fp.uuid = pf.property "
                         "JOIN units u ON u.unit_group = fp.unit_group "
                         "WHERE p.uuid = ?1 ORDER BY u.factor",
                         "cannot list units") < 0)
        return;
    sqlite3_bind_text(st, 1, process_uuid, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW && len < size)
        len += (size_t)snprintf(buf + len, size - len, "%s%s",
                                len ? ", " : "",
                                (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
}

int mb_store_product_unit(mb_store *s, const char *process_uuid,
                          const char *unit, double *factor)
{
    sqlite3_stmt *st;
    char units[512];
    int rc;

    *factor = 1.0;
    if ((rc = mb_store_prepare(
             s, &st,
             "SELECT u.factor FROM processes p "
             "JOIN exchanges e ON e.process = p.id AND (e.flags & 4) "
             "JOIN flows f ON f.uuid = e.flow "
             "JOIN flow_property_factors pf ON pf.flow = f.id "
             "AND pf.is_reference "
             "JOIN flow_properties fp ON fp.uuid = pf.property "
             "JOIN units u ON u.unit_group = fp.unit_group AND u.name = ?2 "
             "WHERE p.uuid = ?1 LIMIT 1",
             "cannot find the unit")) < 0)
        return rc;
    sqlite3_bind_text(st, 1, process_uuid, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, unit, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *factor = sqlite3_column_double(st, 0);
        sqlite3_finalize(st);
        return 0;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return mb_store_sql_error(s, MB_EIO, "cannot find the unit");
    product_units(s, process_uuid, units, sizeof units);
    return mb_error_set(MB_ENOTFOUND,
                        "unit '%s' is not a unit of the process's product "
                        "(its units: %s)",
                        unit, units[0] ? units : "none known");
}
