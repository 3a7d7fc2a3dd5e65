/*
 * cli.h - the command table of `metabol` and helpers its commands share.
 * Commands see only the public API (include/metabol/).
 */
#ifndef METABOL_CLI_H
#define METABOL_CLI_H

#include <stddef.h>
#include <stdint.h>

/* Exit codes of every command. */
#define EXIT_OK 0
#define EXIT_ERROR 1
#define EXIT_USAGE 2

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

int cmd_export(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_lca(int argc, char **argv);
int cmd_mc(int argc, char **argv);
int cmd_mrio(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_paths(int argc, char **argv);
int cmd_sankey(int argc, char **argv);
int cmd_sensitivity(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_version(int argc, char **argv);

/* What `metabol export` hands a format's writer (cmd_export.c). */
typedef struct export_args {
    const char *out;      /* the file or directory to write */
    const char *database; /* --database NAME, or NULL: the whole project */
} export_args;

/* The writers of `metabol export` (export_<format>.c). */
int export_datapackage(const export_args *a);
int export_olca_jsonld(const export_args *a);

/* Print "metabol <cmd>: <message>" for the library's last error; EXIT_ERROR. */
int cli_fail(const char *cmd);
/* Print "metabol <cmd>: <formatted>" to stderr; returns `code`. */
int cli_error(const char *cmd, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Silence cli_error and cli_fail (MPI ranks other than 0 when all ranks
 * would print the same line). */
void cli_set_quiet(int on);

/* Strict number parsing: the whole string must be a number. */
int cli_parse_double(const char *s, double *out);
int cli_parse_int64(const char *s, int64_t *out);

/* `metabol lca --process`: an LCA on the project (cmd_lca_project.c). */
typedef struct project_lca {
    const char *process;
    double amount;
    const char *unit; /* of amount; NULL: the product's reference unit */
    const char **methods;
    int nmethods;
    char **params; /* NAME=VALUE */
    int nparams;
    const char *params_file;
    int allocation; /* mb_allocation_rule */
    int providers;  /* mb_provider_rule */
    int match_by_name;
    int format;
    int64_t top;
    int solver;
} project_lca;

int lca_project_run(const project_lca *a);
int cli_allocation_parse(const char *s);
int cli_providers_parse(const char *s);

/* A progress bar on stderr, drawn only when it is a terminal (progress.c). */
typedef struct progress_bar {
    const char *what;
    const char *unit; /* of the counts: "files" unless set after start */
    int enabled, visible;
    double started, drawn;
} progress_bar;

void progress_start(progress_bar *b, const char *what);
void progress_update(progress_bar *b, size_t done, size_t total);
void progress_end(progress_bar *b); /* erase the bar */

/* The project file: -p, else $METABOL_PROJECT, else ./metabol.db. */
void cli_set_project(const char *path);
const char *cli_project_path(void);

/*
 * Open the project (creating it when `create`); -1 on success, else the
 * exit code after printing the error.
 */
struct mb_store;
int cli_open_project(struct mb_store **out, const char *cmd, int create);

/*
 * The compiled model of the project for these options, from the cache when
 * it is current, else compiled (and cached); an MB_E* code on failure.
 */
struct mb_system;
struct mb_compile_report;
struct mb_compile_options;
int cli_project_model(struct mb_store *store,
                      const struct mb_compile_options *o,
                      struct mb_system **sys,
                      struct mb_compile_report *report);

#endif
