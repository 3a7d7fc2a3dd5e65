/*
 * project.c - the project store for the commands that use one: which file
 * (-p, METABOL_PROJECT, ./metabol.db), opening it with a clear message, and
 * the compiled model of a project, from the store's cache when the data
 * and the options are those it was compiled with.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <metabol/metabol.h>

#include "cli.h"

static const char *project_option;

void cli_set_project(const char *path)
{
    project_option = path;
}

const char *cli_project_path(void)
{
    const char *env = getenv("METABOL_PROJECT");

    if (project_option)
        return project_option;
    return env && *env ? env : "metabol.db";
}

int cli_open_project(mb_store **out, const char *cmd, int create)
{
    const char *path = cli_project_path();
    struct stat sb;

    *out = NULL;
    if (!create && stat(path, &sb) != 0)
        return cli_error(cmd, EXIT_ERROR,
                         "%s: no project there; import data first "
                         "(metabol -p %s import olca-jsonld DIR_OR_ZIP)",
                         path, path);
    if (mb_store_open(out, path, create ? MB_STORE_CREATE : 0) < 0)
        return cli_fail(cmd);
    return -1;
}

/* The cache key: everything compiling depends on besides the data. */
static char *cache_key(const mb_compile_options *o)
{
    size_t len = 128, k;
    char *key, *p;

    for (k = 0; k < o->noverrides; k++)
        len += strlen(o->overrides[k].name) + 32;
    if (!(key = malloc(len)))
        return NULL;
    p = key + sprintf(key,
                      "compiled/%s/r%d/allocation=%d/providers=%d/name=%d"
                      "/uncertainty=%d/parameters=%d",
                      mb_version(), MB_COMPILE_REVISION, (int)o->allocation,
                      (int)o->providers, o->match_by_name, o->uncertainty,
                      o->parameters);
    for (k = 0; k < o->noverrides; k++)
        p += sprintf(p, "/%s=%.17g", o->overrides[k].name,
                     o->overrides[k].value);
    return key;
}

/* Load every record of the project and compile it. */
static int compile_project(mb_store *store, const mb_compile_options *o,
                           mb_system **sys, mb_compile_report *report)
{
    mb_lcidb *db = NULL;
    int rc;

    if ((rc = mb_lcidb_new(&db)) == 0 &&
        (rc = mb_store_load(store, mb_lcidb_sink(db))) == 0)
        rc = mb_lcidb_compile(sys, report, db, o);
    mb_lcidb_free(db);
    return rc;
}

int cli_project_model(mb_store *store, const mb_compile_options *o,
                      mb_system **sys, mb_compile_report *report)
{
    char *key = cache_key(o);
    void *blob = NULL;
    size_t len = 0;
    int rc;

    *sys = NULL;
    if (!key)
        return MB_ENOMEM;
    rc = mb_store_cache_get(store, key, &blob, &len);
    if (rc == 0 && mb_compiled_load(sys, report, blob, len) == 0) {
        mb_store_free(blob);
        free(key);
        return 0;
    }
    mb_store_free(blob);
    blob = NULL;
    if (rc < 0 && rc != MB_ENOTFOUND && rc != MB_EFORMAT) {
        free(key);
        return rc;
    }
    rc = compile_project(store, o, sys, report);
    /* a cache that cannot be written only costs time next run */
    if (rc == 0 && mb_compiled_save(*sys, report, &blob, &len) == 0)
        mb_store_cache_put(store, key, blob, len);
    mb_compiled_free(blob);
    free(key);
    return rc;
}
