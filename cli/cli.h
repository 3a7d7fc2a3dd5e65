/*
 * cli.h - the command table of `metabol` and helpers its commands share.
 * Commands see only the public API (include/metabol/).
 */
#ifndef METABOL_CLI_H
#define METABOL_CLI_H

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

int cmd_lca(int argc, char **argv);
int cmd_version(int argc, char **argv);

/* Print "metabol <cmd>: <message>" for the library's last error; EXIT_ERROR. */
int cli_fail(const char *cmd);
/* Print "metabol <cmd>: <formatted>" to stderr; returns `code`. */
int cli_error(const char *cmd, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Strict number parsing: the whole string must be a number. */
int cli_parse_double(const char *s, double *out);
int cli_parse_int64(const char *s, int64_t *out);

#endif
