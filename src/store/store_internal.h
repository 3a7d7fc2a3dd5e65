/*
 * store_internal.h - the store's handle and SQL helpers, shared by the files
 * of src/store/ only.
 */
#ifndef MB_STORE_INTERNAL_H
#define MB_STORE_INTERNAL_H

#include <sqlite3.h>

#include "metabol/store.h"

struct mb_store {
    sqlite3 *db;
    char *path;
    int version;
    int in_transaction;
};

/* An error "<path>: <what>: <sqlite message>" with code; returns code. */
int mb_store_sql_error(const mb_store *s, int code, const char *what);

/* Run SQL without results; errors as mb_store_sql_error. */
int mb_store_exec(mb_store *s, const char *sql, const char *what);

/* Prepare a statement; errors as mb_store_sql_error. */
int mb_store_prepare(mb_store *s, sqlite3_stmt **st, const char *sql,
                     const char *what);

#endif
