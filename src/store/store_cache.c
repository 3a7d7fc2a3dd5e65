/*
 * store_cache.c - the project's generation counter and the cache of
 * compiled models: a blob per key, valid while the generation it was made
 * at is the current one (every import bumps it).
 */
#include <string.h>

#include "core/core.h"
#include "store/store_internal.h"

int mb_store_generation(mb_store *s, int64_t *generation)
{
    sqlite3_stmt *st;
    int rc;

    if ((rc = mb_store_prepare(s, &st,
                               "SELECT CAST(value AS INTEGER) FROM meta "
                               "WHERE key = 'generation'",
                               "cannot read the generation")) < 0)
        return rc;
    rc = sqlite3_step(st);
    *generation = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return mb_store_sql_error(s, MB_EFORMAT,
                                  "no generation in the project");
    return 0;
}

int mb_store_cache_get(mb_store *s, const char *key, void **data, size_t *len)
{
    sqlite3_stmt *st;
    int64_t gen;
    int rc;

    *data = NULL;
    *len = 0;
    if ((rc = mb_store_generation(s, &gen)) < 0 ||
        (rc = mb_store_prepare(s, &st,
                               "SELECT data FROM matrix_cache "
                               "WHERE key = ?1 AND generation = ?2",
                               "cannot read the cache")) < 0)
        return rc;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, gen);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const void *blob = sqlite3_column_blob(st, 0);
        size_t n = (size_t)sqlite3_column_bytes(st, 0);

        if (!(*data = mb_malloc(n ? n : 1))) {
            rc = MB_ENOMEM;
        } else {
            if (n)
                memcpy(*data, blob, n);
            *len = n;
            rc = 0;
        }
    } else if (rc == SQLITE_DONE) {
        rc = MB_ENOTFOUND; /* no error message: a miss is not a failure */
    } else {
        rc = mb_store_sql_error(s, MB_EIO, "cannot read the cache");
    }
    sqlite3_finalize(st);
    return rc;
}

int mb_store_cache_put(mb_store *s, const char *key, const void *data,
                       size_t len)
{
    sqlite3_stmt *st;
    int64_t gen;
    int rc;

    if ((rc = mb_store_generation(s, &gen)) < 0 ||
        (rc = mb_store_prepare(s, &st,
                               "DELETE FROM matrix_cache "
                               "WHERE generation <> ?1",
                               "cannot write the cache")) < 0)
        return rc;
    sqlite3_bind_int64(st, 1, gen);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return mb_store_sql_error(s, MB_EIO, "cannot write the cache");
    if ((rc = mb_store_prepare(s, &st,
                               "INSERT OR REPLACE INTO matrix_cache "
                               "(key, generation, data) VALUES (?1, ?2, ?3)",
                               "cannot write the cache")) < 0)
        return rc;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, gen);
    sqlite3_bind_blob64(st, 3, data, len, SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return mb_store_sql_error(s, MB_EIO, "cannot write the cache");
    return 0;
}

void mb_store_free(void *p)
{
    mb_free(p);
}
