/*
 * cli_run.c - running the metabol command from tests. See cli_run.h.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "cli_run.h"

char out_text[1 << 16], err_text[1 << 12];

static void slurp(const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "r");
    size_t n = 0;

    if (f) {
        n = fread(buf, 1, size - 1, f);
        fclose(f);
    }
    buf[n] = '\0';
}

/* Run `metabol ARGS`; stdout and stderr land in out_text / err_text. */
int run(const char *args)
{
    const char *dir = test_tmpdir();
    char cmd[4096], out[400], err[400];
    int status;

    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(err, sizeof err, "%s/err", dir);
    snprintf(cmd, sizeof cmd, "%s %s >%s 2>%s", test_metabol, args, out, err);
    status = system(cmd);
    slurp(out, out_text, sizeof out_text);
    slurp(err, err_text, sizeof err_text);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* stderr is exactly one line. */
int one_line(const char *s)
{
    const char *nl = strchr(s, '\n');

    return nl && nl[1] == '\0';
}

/* Write `text` to path; 0 on success. */
int write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");

    if (!f)
        return -1;
    fputs(text, f);
    return fclose(f);
}

