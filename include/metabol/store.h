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
#include "lci.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mb_store mb_store;

/* The schema version this library writes. */
#define MB_STORE_SCHEMA_VERSION 3

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

/*
 * Writing inventory data: a writer is a sink (lci.h) that stores every
 * record it receives in database `database`, inside the open transaction.
 * Reference data (unit groups, flow properties, locations, flows) already
 * in the project is kept as it is; a process, impact category or method
 * whose id is already there is an error naming it. mb_store_writer_finish
 * checks the references of what was written (each exchange's flow and
 * unit, each impact factor's category), reporting the first one missing
 * with its process and exchange, and bumps the project's generation.
 */
typedef struct mb_store_writer mb_store_writer;

MB_EXTERN int mb_store_writer_new(mb_store_writer **out, mb_store *s,
                                  int64_t database);
MB_EXTERN const mb_lci_sink *mb_store_writer_sink(mb_store_writer *w);
MB_EXTERN int mb_store_writer_finish(mb_store_writer *w);
MB_EXTERN void mb_store_writer_free(mb_store_writer *w);

/* Hand every record of the project to sink, reference data first. */
MB_EXTERN int mb_store_load(mb_store *s, const mb_lci_sink *sink);

/*
 * Hand the records of the database named `database` to sink, as
 * mb_store_load does: its processes (with their exchanges, parameters and
 * allocation factors), global parameters, impact categories, methods and
 * flow maps, and the reference data they use (the flows of its exchanges,
 * factors and maps, their flow properties, unit groups and locations; the
 * categories its methods list). Default providers in other databases are
 * referred to, not brought. NULL: the whole project, as mb_store_load.
 * MB_ENOTFOUND, naming the databases there are, for an unknown name.
 */
MB_EXTERN int mb_store_load_database(mb_store *s, const char *database,
                                     const mb_lci_sink *sink);

/* A counter bumped by every change of the project's data. */
MB_EXTERN int mb_store_generation(mb_store *s, int64_t *generation);

/*
 * The cache of compiled models: a blob by key, valid for one generation.
 * mb_store_cache_get returns MB_ENOTFOUND when there is none for the
 * current generation; *data is mb_malloc'ed (free with mb_store_free).
 * mb_store_cache_put replaces entries of older generations.
 */
MB_EXTERN int mb_store_cache_get(mb_store *s, const char *key, void **data,
                                 size_t *len);
MB_EXTERN int mb_store_cache_put(mb_store *s, const char *key,
                                 const void *data, size_t len);
MB_EXTERN void mb_store_free(void *p);

/* What mb_store_list lists. */
typedef enum mb_store_kind {
    MB_STORE_PROCESSES,
    MB_STORE_FLOWS,
    MB_STORE_CATEGORIES /* impact categories, with their method */
} mb_store_kind;

/* One row of a listing; absent fields are NULL. */
typedef struct mb_store_item {
    const char *uuid;
    const char *name;
    const char *category; /* process/flow category; a method's name */
    const char *location;
    const char *database;
    const char *unit;  /* impact category's reference unit */
    int type;          /* flows: mb_flow_type */
    int64_t count;     /* exchanges of a process, factors of a category */
} mb_store_item;

typedef int (*mb_store_item_fn)(void *ctx, const mb_store_item *item);

/*
 * Calls fn for each item whose name contains `search` (case-insensitive;
 * NULL: all) or whose id is `search`, in name order; a nonzero return
 * stops and is returned.
 */
MB_EXTERN int mb_store_list(mb_store *s, mb_store_kind kind,
                            const char *search, mb_store_item_fn fn,
                            void *ctx);

/*
 * Processes by exact uuid, else by exact name (case-insensitive): the
 * number found into *count and the first one's id into uuid
 * (MB_STORE_ID_SIZE bytes: a UUID, or a longer id made by a reader of a
 * format without UUIDs, such as EcoSpold 1).
 */
#define MB_STORE_ID_SIZE 1024
MB_EXTERN int mb_store_find_process(mb_store *s, const char *name_or_id,
                                    char uuid[MB_STORE_ID_SIZE],
                                    int64_t *count);

/*
 * The size of `unit` in the reference unit of the process's reference
 * product (kWh: 3.6 when the product is in MJ); MB_ENOTFOUND, naming the
 * units there are, when the unit is not one of its unit group.
 */
MB_EXTERN int mb_store_product_unit(mb_store *s, const char *process_uuid,
                                    const char *unit, double *factor);

/* One exchange of a process, as stored, with its flow and unit named. */
typedef struct mb_store_exchange_row {
    const char *flow_uuid;
    const char *flow_name;
    const char *flow_category;
    int flow_type;
    double amount;
    const char *formula;
    const char *unit; /* unit name */
    const char *provider_uuid;
    unsigned flags;
} mb_store_exchange_row;

typedef int (*mb_store_exchange_fn)(void *ctx,
                                    const mb_store_exchange_row *row);

/* Calls fn for each exchange of the process, in the order of the data. */
MB_EXTERN int mb_store_each_exchange(mb_store *s, const char *process_uuid,
                                     mb_store_exchange_fn fn, void *ctx);

#ifdef __cplusplus
}
#endif
#endif
