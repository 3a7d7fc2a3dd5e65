/*
 * cli_run.h - running the metabol command from tests: stdout and stderr
 * captured, and the check every bad input must pass (exit 1, one line on
 * stderr naming the problem).
 */
#ifndef METABOL_TEST_CLI_RUN_H
#define METABOL_TEST_CLI_RUN_H

#include "test.h"

extern char out_text[1 << 16], err_text[1 << 12];

/* Run `metabol ARGS` (a shell command line); its exit code, -1 if killed. */
int run(const char *args);

/* stderr is exactly one line. */
int one_line(const char *s);

/* Write `text` to path; 0 on success. */
int write_text(const char *path, const char *text);

/*
 * The command `exit_code` comes from failed with exit code 1 and one line on
 * stderr that contains `text`: what the issue asks of every bad input.
 */
#define CHECK_ERROR_LINE(exit_code, text)                                      \
    do {                                                                       \
        CHECK((exit_code) == 1);                                               \
        CHECK(one_line(err_text));                                             \
        CHECK_STR_CONTAINS(err_text, text);                                    \
    } while (0)

#endif
