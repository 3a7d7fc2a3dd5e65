/*
 * replay.c - run a libFuzzer harness without libFuzzer: a main() that feeds
 * LLVMFuzzerTestOneInput() every file named on the command line, or every
 * regular file of a directory named there (not recursively, in name order).
 *
 * Linked with one fuzz/fuzz_*.c, it builds with any C compiler, so that the
 * seed corpora in fuzz/corpus/ (crash reproducers included) replay in the
 * normal test suite, under AddressSanitizer and UBSan with SANITIZE=1. Each
 * input is copied into a buffer of exactly its size, as libFuzzer does, so
 * that a read one byte past the end is caught.
 *
 *   replay fuzz/corpus/npy            every input of the corpus
 *   replay crash-file another-file    some inputs
 *
 * Like libFuzzer, the replay fails when the process's peak resident memory
 * passes -rss_limit_mb (2048 MB by default, 0 for no limit): an input that
 * makes the library allocate gigabytes is a bug even when nothing crashes.
 * Other arguments starting with '-' are ignored, so that a libFuzzer command
 * line (-runs=..., -max_len=...) can be reused as it is.
 *
 * Exit status 0 when every input ran, 1 when a file or directory could not be
 * read or the memory limit was passed; a crash ends the process as it would
 * under libFuzzer.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static long rss_limit_mb = 2048;

/* Stop, as libFuzzer does, once the peak RSS has passed the limit. */
static void check_rss(const char *path)
{
    struct rusage ru;

    if (rss_limit_mb <= 0 || getrusage(RUSAGE_SELF, &ru) != 0)
        return;
    if (ru.ru_maxrss / 1024 > rss_limit_mb) { /* ru_maxrss is in KB */
        fprintf(stderr,
                "replay: %s: out of memory: peak RSS %ld MB, over "
                "-rss_limit_mb=%ld\n",
                path, (long)(ru.ru_maxrss / 1024), rss_limit_mb);
        exit(1);
    }
}

/* Run one file; 0, or -1 when it cannot be read. */
static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t size = 0, cap = 0, got;

    if (!f) {
        perror(path);
        return -1;
    }
    for (;;) {
        uint8_t *bigger;

        if (size == cap) {
            cap = cap ? 2 * cap : 65536;
            bigger = realloc(buf, cap);
            if (!bigger) {
                fprintf(stderr, "%s: out of memory\n", path);
                free(buf);
                fclose(f);
                return -1;
            }
            buf = bigger;
        }
        got = fread(buf + size, 1, cap - size, f);
        size += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        perror(path);
        free(buf);
        fclose(f);
        return -1;
    }
    fclose(f);
    {
        /* Exactly `size` bytes, so that overreads hit the redzone. */
        uint8_t *exact = malloc(size ? size : 1);

        if (!exact) {
            fprintf(stderr, "%s: out of memory\n", path);
            free(buf);
            return -1;
        }
        if (size)
            memcpy(exact, buf, size);
        free(buf);
        LLVMFuzzerTestOneInput(exact, size);
        free(exact);
    }
    check_rss(path);
    return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* Run every regular file of a directory; the number run, or -1. */
static int run_dir(const char *dir, int *count)
{
    struct dirent **list;
    int n, k, rc = 0;

    n = scandir(dir, &list, NULL, by_name);
    if (n < 0) {
        perror(dir);
        return -1;
    }
    for (k = 0; k < n; k++) {
        char *path;
        struct stat sb;
        size_t len = strlen(dir) + strlen(list[k]->d_name) + 2;

        path = malloc(len);
        if (path) {
            snprintf(path, len, "%s/%s", dir, list[k]->d_name);
            if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
                if (run_file(path) < 0)
                    rc = -1;
                else
                    (*count)++;
            }
        } else {
            rc = -1;
        }
        free(path);
        free(list[k]);
    }
    free(list);
    return rc;
}

int main(int argc, char **argv)
{
    int k, count = 0, failed = 0;

    for (k = 1; k < argc; k++)
        if (!strncmp(argv[k], "-rss_limit_mb=", 14))
            rss_limit_mb = strtol(argv[k] + 14, NULL, 10);
    for (k = 1; k < argc; k++) {
        struct stat sb;

        if (argv[k][0] == '-')
            continue;
        if (stat(argv[k], &sb) != 0) {
            perror(argv[k]);
            failed = 1;
        } else if (S_ISDIR(sb.st_mode)) {
            if (run_dir(argv[k], &count) < 0)
                failed = 1;
        } else if (run_file(argv[k]) < 0) {
            failed = 1;
        } else {
            count++;
        }
    }
    fprintf(stderr, "replay: %d input%s run%s\n", count, count == 1 ? "" : "s",
            failed ? ", some could not be read" : "");
    return failed;
}
