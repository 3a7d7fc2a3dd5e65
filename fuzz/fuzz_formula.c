/*
 * fuzz_formula.c - libFuzzer harness for the formula parser and evaluator
 * (src/model/formula.c) and parameter scopes (src/model/params.c).
 *
 * The input is text: its first line is parsed and evaluated with every name
 * worth 1.5; every line of the form NAME=FORMULA is also put into a
 * parameter scope, which is then evaluated (dependency order, cycles,
 * unknown names). Nothing may crash, leak, overflow the stack or return
 * MB_EINTERNAL.
 *
 * Built by `make fuzz` (libFuzzer) and by fuzz/replay.c for `make check`.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "metabol/formula.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int any_name(void *ctx, const char *name, double *value)
{
    (void)ctx;
    (void)name;
    *value = 1.5;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text, *line, *save = NULL;
    mb_formula *f = NULL;
    mb_params *p = NULL;
    double v;

    if (size > 65536)
        return 0;
    text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    {
        char first[4096];
        size_t n = strcspn(text, "\n");

        if (n >= sizeof first)
            n = sizeof first - 1;
        memcpy(first, text, n);
        first[n] = '\0';
        if (mb_formula_parse(&f, first) == 0) {
            if (mb_formula_eval(f, any_name, NULL, &v) == MB_EINTERNAL)
                abort();
            mb_formula_free(f);
        }
    }
    if (mb_params_new(&p, NULL) == 0) {
        for (line = strtok_r(text, "\n", &save); line;
             line = strtok_r(NULL, "\n", &save)) {
            char *eq = strchr(line, '=');

            if (!eq || eq == line)
                continue;
            *eq = '\0';
            if (mb_params_set_formula(p, line, eq + 1) < 0)
                (void)mb_params_set_value(p, line, 2.0);
        }
        if (mb_params_evaluate(p) == MB_EINTERNAL)
            abort();
        mb_params_free(p);
    }
    free(text);
    return 0;
}
