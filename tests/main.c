/*
 * main.c - the test runner: runs every registered test (or those whose
 * name contains --filter), one line each, then "N passed, N failed,
 * N skipped" as the last line. Exit status 1 when any failed.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"

const char *test_metabol;
const char *test_example;
const char *test_replay_dir;
static test_case *head, **tail = &head;
static int failed_now, skipped_now;
static char fail_text[2048], skip_text[512];
static char tmp_root[256];

void test_register(test_case *t)
{
    *tail = t;
    tail = &t->next;
}

void test_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    int n = snprintf(fail_text, sizeof fail_text, "%s:%d: ", file, line);

    va_start(ap, fmt);
    vsnprintf(fail_text + n, sizeof fail_text - (size_t)n, fmt, ap);
    va_end(ap);
    failed_now = 1;
}

void test_skip(const char *reason)
{
    snprintf(skip_text, sizeof skip_text, "%s", reason);
    skipped_now = 1;
}

int test_failed(void)
{
    return failed_now;
}

const char *test_shared_data(void)
{
    static const char *candidates[] = {"../shared/data", "../../shared/data"};
    const char *env = getenv("METABOL_SHARED_DATA");
    struct stat st;
    size_t k;

    if (env && stat(env, &st) == 0)
        return env;
    for (k = 0; k < sizeof candidates / sizeof *candidates; k++)
        if (stat(candidates[k], &st) == 0 && S_ISDIR(st.st_mode))
            return candidates[k];
    return NULL;
}

static void remove_tmp(void)
{
    char cmd[300];

    if (tmp_root[0]) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp_root);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", tmp_root);
    }
}

const char *test_tmpdir(void)
{
    static int serial;
    static char dirs[64][300]; /* distinct strings: callers keep a few */
    char *dir;

    if (!tmp_root[0]) {
        snprintf(tmp_root, sizeof tmp_root, "/tmp/metabol-test-XXXXXX");
        if (!mkdtemp(tmp_root)) {
            tmp_root[0] = '\0';
            return NULL;
        }
        atexit(remove_tmp);
    }
    dir = dirs[serial % 64];
    snprintf(dir, sizeof dirs[0], "%s/%d", tmp_root, ++serial);
    if (mkdir(dir, 0700) != 0)
        return NULL;
    return dir;
}

int test_dir_entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    if (!d)
        return -1;
    while ((e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

int main(int argc, char **argv)
{
    const char *filter = NULL;
    int passed = 0, failed = 0, skipped = 0, k;
    test_case *t;

    for (k = 1; k < argc; k++) {
        if (!strcmp(argv[k], "--metabol") && k + 1 < argc)
            test_metabol = argv[++k];
        else if (!strcmp(argv[k], "--replay-dir") && k + 1 < argc)
            test_replay_dir = argv[++k];
        else if (!strcmp(argv[k], "--example") && k + 1 < argc)
            test_example = argv[++k];
        else if (!strcmp(argv[k], "--filter") && k + 1 < argc)
            filter = argv[++k];
        else {
            fprintf(stderr, "usage: %s [--metabol PATH] [--example PATH] "
                    "[--replay-dir DIR] [--filter TEXT]\n",
                    argv[0]);
            return 2;
        }
    }
    if (!test_shared_data())
        printf("note: ../shared/data is absent: tests on the shared data "
               "sets are skipped\n");
    for (t = head; t; t = t->next) {
        if (filter && !strstr(t->name, filter))
            continue;
        failed_now = skipped_now = 0;
        t->fn();
        if (failed_now) {
            failed++;
            printf("FAIL %s: %s\n", t->name, fail_text);
        } else if (skipped_now) {
            skipped++;
            printf("skip %s: %s\n", t->name, skip_text);
        } else {
            passed++;
            printf("ok   %s\n", t->name);
        }
        fflush(stdout);
    }
    printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
    return failed ? 1 : 0;
}
