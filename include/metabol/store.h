/*
 * store.h - the project store: one SQLite file holding a user's databases,
 * methods and cached matrices. Only src/store/ speaks SQL.
 *
 * The schema carries a version (SQLite's user_version); opening a store
 * written by an older metabol migrates it forward, step by step, each step
 * in a transaction; a store from a newer metabol is refused. Writes go
 * through the write-ahead log (WAL), and an import is one transaction:
 * mb_store_begin ... mb_store_commit, or mb_store_rollback and nothing of it
 * remains.
 */
#ifndef METABOL_STORE_H
#define METABOL_STORE_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mb_store mb_store;

/* The schema version this library writes. */
#define MB_STORE_SCHEMA_VERSION 1

/* Open flags. */
#define MB_STORE_CREATE 1u   /* create the file when it does not exist */
#define MB_STORE_READONLY 2u /* no writes, no migration */

MB_EXTERN int mb_store_open(mb_store **out, const char *path,
                            unsigned flags);
MB_EXTERN void mb_store_close(mb_store *s);

/* The schema version of the open store. */
MB_EXTERN int mb_store_schema_version(const mb_store *s);

/* One transaction at a time: all of it, or (rollback) none of it. */
MB_EXTERN int mb_store_begin(mb_store *s);
MB_EXTERN int mb_store_commit(mb_store *s);
MB_EXTERN int mb_store_rollback(mb_store *s);

/*
 * Register a database (an imported data set) by name; *id gets its row id.
 * A name already present is an error (MB_EINVAL) naming it.
 */
MB_EXTERN int mb_store_add_database(mb_store *s, const char *name,
                                    const char *format, const char *source,
                                    int64_t *id);

/* Calls fn for each database in name order; a nonzero return stops. */
typedef int (*mb_store_database_fn)(void *ctx, int64_t id, const char *name,
                                    const char *format, const char *source);
MB_EXTERN int mb_store_each_database(mb_store *s, mb_store_database_fn fn,
                                     void *ctx);

#ifdef __cplusplus
}
#endif
#endif
