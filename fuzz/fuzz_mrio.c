/*
 * fuzz_mrio.c - libFuzzer harness for the MRIO table parser
 * (src/formats/mrio_table.c), the tab-separated text of pymrio's save
 * format.
 *
 * The first byte picks nr_index_col (1 + b % 3), nr_header (1 + b / 3 % 3)
 * and, when b >= 128, the unit-table parser; the rest is the text. A table
 * that reads must have as many row (column) labels as rows (columns),
 * every label found again at its own index, and finite numbers. Nothing
 * may crash, leak or return MB_EINTERNAL.
 *
 * Built by `make fuzz` (libFuzzer) and by fuzz/replay.c for `make check`.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "metabol/mrio_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_labels(const mb_mrio_labels *l, int64_t n)
{
    if (l->n != n)
        abort();
    for (int64_t k = 0; k < l->n; k++)
        if (mb_mrio_labels_find(l, (const char *const *)l->values +
                                       k * l->nlevels) != k)
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 1 << 20)
        return 0;
    int b = data[0], nic = 1 + b % 3, nh = 1 + b / 3 % 3, rc;
    const char *text = (const char *)data + 1;
    if (b >= 128) {
        mb_mrio_units *u;
        rc = mb_mrio_units_parse(&u, text, size - 1, "fuzz", nic, nh);
        if (rc == MB_EINTERNAL)
            abort();
        if (rc == 0) {
            check_labels(&u->rows, u->rows.n);
            mb_mrio_units_free(u);
        }
        return 0;
    }
    mb_mrio_table *t;
    rc = mb_mrio_table_parse(&t, text, size - 1, "fuzz", nic, nh);
    if (rc == MB_EINTERNAL)
        abort();
    if (rc == 0) {
        if (t->data->ld != t->data->m)
            abort();
        check_labels(&t->rows, t->data->m);
        check_labels(&t->cols, t->data->n);
        for (int64_t k = 0; k < t->data->m * t->data->n; k++)
            if (!isfinite(t->data->x[k]))
                abort();
        mb_mrio_table_free(t);
    }
    return 0;
}
