/*
 * mrio_test.c - read pymrio's test MRIO (pymrio/mrio_models/test_mrio,
 * behind pymrio.load_test): mrio_data/trade_flows_Z.txt,
 * finald_demand_Y.txt, factor_input.txt, emissions.txt, FDemissions.txt
 * (2 header rows without level names; index columns ending in the unit,
 * which load_test splits off into "unit" tables) and population.txt. The
 * level names and extension names are the ones load_test assigns.
 * Also mb_mrio_read, which picks this layout or the save format.
 */
#include <string.h>
#include <sys/stat.h>

#include "archive.h"
#include "core/core.h"
#include "mrio_internal.h"

/* Read dir/mrio_data/file as a table; names: row levels then col levels. */
static int read_one(mb_archive *ar, const char *file, int nic, int nh,
                    const char *const *names, mb_mrio_table **out)
{
    void *buf = NULL;
    size_t len;
    char *member = mb_sprintf("mrio_data/%s", file);
    char *label = mb_sprintf("%s/mrio_data/%s", ar->label, file);
    int rc;
    *out = NULL;
    if (!member || !label)
        rc = mb_error_oom();
    else if ((rc = mb_archive_read(ar, member, &buf, &len)) == 0)
        rc = mb_mrio_table_parse(out, buf, len, label, nic, nh);
    for (int k = 0; rc == 0 && names && k < nic; k++)
        rc = mb_mrio_labels_set_name(&(*out)->rows, k, names[k]);
    for (int k = 0; rc == 0 && names && k < nh; k++)
        rc = mb_mrio_labels_set_name(&(*out)->cols, k, names[nic + k]);
    mb_free(buf);
    mb_free(member);
    mb_free(label);
    return rc;
}

/*
 * Split the last row level (the unit) off t: t's rows keep the others;
 * *units (when units is not NULL) gets one unit per remaining row label.
 */
static int split_unit(mb_mrio_table *t, mb_mrio_units **units)
{
    mb_mrio_labels rows;
    int nl = t->rows.nlevels - 1, rc;
    mb_mrio_units *u = NULL;
    size_t lens[64];
    if ((rc = mb_mrio_labels_init(&rows, nl)) != 0)
        return rc;
    for (int k = 0; k < nl && rc == 0; k++)
        rc = mb_mrio_labels_set_name(&rows, k, t->rows.names[k]);
    if (rc == 0 && units) {
        if (!(u = mb_calloc(1, sizeof *u)) ||
            !(u->unit = mb_calloc((size_t)t->rows.n + 1, sizeof *u->unit)))
            rc = mb_error_oom();
        else
            rc = mb_mrio_labels_copy(&u->rows, &rows);
    }
    for (int64_t i = 0; i < t->rows.n && rc == 0; i++) {
        char **cells = t->rows.values + i * t->rows.nlevels;
        for (int k = 0; k < nl; k++)
            lens[k] = strlen(cells[k]);
        rc = mb_mrio_labels_push(&rows, (const char *const *)cells, lens);
        if (rc == 0 && u) {
            rc = mb_mrio_labels_push(&u->rows, (const char *const *)cells,
                                     lens);
            if (rc == 0 && !(u->unit[i] = mb_strdup(cells[nl])))
                rc = mb_error_oom();
        }
    }
    if (rc == 0)
        rc = mb_mrio_labels_index(&rows, t->name);
    if (rc == 0 && u)
        rc = mb_mrio_labels_index(&u->rows, t->name);
    if (rc != 0) {
        mb_mrio_labels_destroy(&rows);
        mb_mrio_units_free(u);
        return rc;
    }
    mb_mrio_labels_destroy(&t->rows);
    t->rows = rows;
    if (units)
        *units = u;
    return 0;
}

static int named(mb_mrio_table *t, const char *name)
{
    return (t->name = mb_strdup(name)) ? 0 : mb_error_oom();
}

int mb_mrio_read_test_mrio(mb_mrio **out, const char *dir)
{
    static const char *const zn[] = {"region", "sector", "unit", "region",
                                     "sector"};
    static const char *const yn[] = {"region", "sector", "unit", "region",
                                     "category"};
    static const char *const fn[] = {"inputtype", "unit", "region",
                                     "sector"};
    static const char *const en[] = {"stressor", "compartment", "unit",
                                     "region", "sector"};
    static const char *const eyn[] = {"stressor", "compartment", "unit",
                                      "region", "category"};
    mb_archive *ar = NULL;
    mb_mrio *m = mb_calloc(1, sizeof *m);
    mb_mrio_table *t = NULL;
    mb_mrio_account *fac, *em;
    int rc;

    *out = NULL;
    if (!m || !(m->source = mb_strdup(dir)) ||
        !(m->core.name = mb_strdup("")) || !(m->core.dir = mb_strdup(""))) {
        rc = mb_error_oom();
        goto done;
    }
    if ((rc = mb_archive_open(&ar, dir)) != 0)
        goto done;
#define STEP(call)                                                           \
    do {                                                                     \
        if ((rc = (call)) != 0)                                              \
            goto done;                                                       \
    } while (0)
#define ADD(acc)                                                             \
    do {                                                                     \
        rc = mb_mrio_account_add((acc), t);                                  \
        t = NULL;                                                            \
        if (rc)                                                              \
            goto done;                                                       \
    } while (0)
    STEP(read_one(ar, "trade_flows_Z.txt", 3, 2, zn, &t));
    STEP(named(t, "Z"));
    STEP(split_unit(t, &m->core.unit));
    ADD(&m->core);
    STEP(read_one(ar, "finald_demand_Y.txt", 3, 2, yn, &t));
    STEP(named(t, "Y"));
    STEP(split_unit(t, NULL));
    ADD(&m->core);
    if (!(fac = mb_mrio_ext_add(m, "Factor Inputs", "factor_inputs"))) {
        rc = MB_ENOMEM;
        goto done;
    }
    STEP(read_one(ar, "factor_input.txt", 2, 2, fn, &t));
    STEP(named(t, "F"));
    STEP(split_unit(t, &fac->unit));
    ADD(fac);
    if (!(em = mb_mrio_ext_add(m, "Emissions", "emissions"))) {
        rc = MB_ENOMEM;
        goto done;
    }
    fac = NULL;
    STEP(read_one(ar, "emissions.txt", 3, 2, en, &t));
    STEP(named(t, "F"));
    STEP(split_unit(t, &em->unit));
    ADD(em);
    STEP(read_one(ar, "FDemissions.txt", 3, 2, eyn, &t));
    STEP(named(t, "F_Y"));
    STEP(split_unit(t, NULL));
    ADD(em);
    STEP(read_one(ar, "population.txt", 1, 1, NULL, &t));
    STEP(named(t, "population"));
    m->population = t;
    t = NULL;
#undef STEP
#undef ADD
done:
    mb_mrio_table_free(t);
    mb_archive_close(ar);
    return mb_mrio_finish(m, rc, out);
}

int mb_mrio_read(mb_mrio **out, const char *path)
{
    struct stat st;
    char *z = mb_sprintf("%s/mrio_data/trade_flows_Z.txt", path);
    int test = z && stat(z, &st) == 0;
    mb_free(z);
    if (test)
        return mb_mrio_read_test_mrio(out, path);
    char *b = mb_sprintf("%s/labels.json", path);
    int bin = b && stat(b, &st) == 0;
    mb_free(b);
    if (bin)
        return mb_mrio_load(out, path);
    return mb_mrio_read_pymrio(out, path);
}
