/*
 * test.h - a small in-tree test runner: TEST(name) registers a test at
 * start-up; CHECK* macros record the first failure and return. The runner
 * (main.c) prints one line per test and ends with "N passed, N failed,
 * N skipped".
 */
#ifndef METABOL_TEST_H
#define METABOL_TEST_H

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct test_case {
    const char *name;
    void (*fn)(void);
    struct test_case *next;
} test_case;

void test_register(test_case *t);
void test_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void test_skip(const char *reason);
int test_failed(void);

/* Path to the metabol binary under test (--metabol), or NULL. */
extern const char *test_metabol;
/* Path to the built examples/lca_example (--example), or NULL. */
extern const char *test_example;
/* Directory holding replay_<harness> binaries (--replay-dir), or NULL. */
extern const char *test_replay_dir;

#define TEST(name)                                                         \
    static void name(void);                                                \
    static test_case name##_case = {#name, name, NULL};                    \
    __attribute__((constructor)) static void name##_register(void)         \
    {                                                                      \
        test_register(&name##_case);                                       \
    }                                                                      \
    static void name(void)

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond)) {                                                     \
            test_fail(__FILE__, __LINE__, "%s", #cond);                    \
            return;                                                        \
        }                                                                  \
    } while (0)

#define CHECK_MSG(cond, ...)                                               \
    do {                                                                   \
        if (!(cond)) {                                                     \
            test_fail(__FILE__, __LINE__, __VA_ARGS__);                    \
            return;                                                        \
        }                                                                  \
    } while (0)

/* 0 from a library call, else fail with its message. */
#define CHECK_OK(call)                                                     \
    do {                                                                   \
        int rc_ = (call);                                                  \
        if (rc_ != 0) {                                                    \
            test_fail(__FILE__, __LINE__, "%s -> %d: %s", #call, rc_,      \
                      mb_error_last()->message);                           \
            return;                                                        \
        }                                                                  \
    } while (0)

/* |a - b| <= rel * max(|a|, |b|) + abs_tol */
#define CHECK_NEAR(a, b, rel)                                              \
    do {                                                                   \
        double a_ = (a), b_ = (b);                                         \
        double s_ = fabs(a_) > fabs(b_) ? fabs(a_) : fabs(b_);             \
        if (!(fabs(a_ - b_) <= (rel) * s_ + 1e-300)) {                     \
            test_fail(__FILE__, __LINE__, "%s = %.17g, expected %.17g",    \
                      #a, a_, b_);                                         \
            return;                                                        \
        }                                                                  \
    } while (0)

#define CHECK_STR_CONTAINS(hay, needle)                                    \
    do {                                                                   \
        const char *h_ = (hay), *n_ = (needle);                            \
        if (!h_ || !strstr(h_, n_)) {                                      \
            test_fail(__FILE__, __LINE__, "'%s' does not contain '%s'",    \
                      h_ ? h_ : "(null)", n_);                             \
            return;                                                        \
        }                                                                  \
    } while (0)

#define SKIP(reason)                                                       \
    do {                                                                   \
        test_skip(reason);                                                 \
        return;                                                            \
    } while (0)

/* ../shared/data when it exists (CI has it), else NULL. */
const char *test_shared_data(void);
/* A fresh temporary directory (removed at exit). */
const char *test_tmpdir(void);
/* The number of entries of a directory (. and .. not counted), or -1. */
int test_dir_entries(const char *dir);

#endif
