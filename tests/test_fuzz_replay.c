/*
 * test_fuzz_replay.c - every seed and crash reproducer in fuzz/corpus/<h>/
 * replayed through its harness fuzz/fuzz_<h>.c (built with fuzz/replay.c by
 * `make check`; under ASan and UBSan with SANITIZE=1). A crash, a sanitizer
 * report or a leak fails the test.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "test.h"

static void replay(const char *harness)
{
    char cmd[1024], log[512];
    const char *dir = test_tmpdir();
    int status;

    if (!test_replay_dir)
        SKIP("no --replay-dir given");
    snprintf(log, sizeof log, "%s/replay.log", dir);
    snprintf(cmd, sizeof cmd, "%s/replay_%s fuzz/corpus/%s >%s 2>&1",
             test_replay_dir, harness, harness, log);
    status = system(cmd);
    if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
        char tail[600] = "";
        FILE *f = fopen(log, "r");

        if (f) { /* the end of the log names the input and the report */
            long size;

            fseek(f, 0, SEEK_END);
            size = ftell(f);
            fseek(f, size > 599 ? size - 599 : 0, SEEK_SET);
            tail[fread(tail, 1, sizeof tail - 1, f)] = '\0';
            fclose(f);
        }
        CHECK_MSG(0, "replay_%s failed (status %d): ...%s", harness, status,
                  tail);
    }
}

TEST(fuzz_corpus_npy_replays_cleanly)
{
    replay("npy");
}

TEST(fuzz_corpus_datapackage_replays_cleanly)
{
    replay("datapackage");
}

TEST(fuzz_corpus_system_replays_cleanly)
{
    replay("system");
}

TEST(fuzz_corpus_formula_replays_cleanly)
{
    replay("formula");
}

TEST(fuzz_corpus_csv_replays_cleanly)
{
    replay("csv");
}

TEST(fuzz_corpus_jsonld_replays_cleanly)
{
    replay("jsonld");
}

TEST(fuzz_corpus_ecospold2_replays_cleanly)
{
    replay("ecospold2");
}

TEST(fuzz_corpus_ecospold1_replays_cleanly)
{
    replay("ecospold1");
}

TEST(fuzz_corpus_ilcd_replays_cleanly)
{
    replay("ilcd");
}

TEST(fuzz_corpus_dp_import_replays_cleanly)
{
    replay("dp_import");
}

TEST(fuzz_corpus_simapro_csv_replays_cleanly)
{
    replay("simapro_csv");
}

TEST(fuzz_corpus_mrio_replays_cleanly)
{
    replay("mrio");
}
