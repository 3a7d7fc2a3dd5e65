/*
 * fuzz_csv.c - libFuzzer harness for the CSV readers (src/formats/csv.c,
 * src/formats/olca_csv.c).
 *
 * Every input is read as a FEDEFL flow mapping (mb_flow_mapping_read_buffer)
 * and as an openLCA factor file (mb_olca_csv_factors_read_buffer, with and
 * without a category id). An input that starts with "--- " is also read as
 * a whole openLCA LCIA method package: each line "--- <path>" starts a file
 * of that path, the lines after it are its content, and the harness packs
 * the files into a zip (stored, so that text mutations of the input stay
 * text mutations of the files) for mb_olca_csv_methods_read_buffer. That
 * reaches the lookups, the category and method tables and the checks across
 * files without a zip-aware mutator.
 *
 * The sink checks what it is handed: ids present, strings terminated,
 * values finite, methods never empty. Nothing may crash, leak, break one
 * of those checks or return MB_EINTERNAL.
 *
 * Built by `make fuzz` (libFuzzer) and by fuzz/replay.c for `make check`.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "metabol/olca_csv.h"

#define MAX_FILES 32

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Touch every byte of a string (ASan finds one that is not terminated). */
static size_t touch(const char *s)
{
    return s ? strlen(s) : 0;
}

static int check_category(void *ctx, const mb_lci_impact_category *c)
{
    size_t k, n = 0;

    (void)ctx;
    if (!c->id || !c->id[0] || (c->nfactors && !c->factors))
        abort();
    n += touch(c->name) + touch(c->reference_unit);
    for (k = 0; k < c->nfactors; k++) {
        const mb_lci_impact_factor *f = &c->factors[k];

        if (!f->flow_id || !f->flow_id[0] || !isfinite(f->value))
            abort();
        if (f->unit_id && f->unit_name)
            abort();
        n += touch(f->property_id) + touch(f->unit_id) + touch(f->unit_name) +
             touch(f->location_id) + touch(f->formula);
    }
    return n == (size_t)-1; /* keeps the reads */
}

static int check_method(void *ctx, const mb_lci_impact_method *m)
{
    size_t k, n = 0;

    (void)ctx;
    if (!m->id || !m->name || m->ncategories == 0)
        abort();
    for (k = 0; k < m->ncategories; k++) {
        if (!m->category_ids[k])
            abort();
        n += touch(m->category_ids[k]);
    }
    return n == (size_t)-1;
}

static int check_map(void *ctx, const mb_lci_flow_map *m)
{
    size_t n;

    (void)ctx;
    /* a source by id, or by name when the row has no id */
    if ((m->source_id ? !m->source_id[0] : !m->source_name) ||
        !m->target_id || !m->target_id[0] || !isfinite(m->factor))
        abort();
    n = touch(m->source_name) + touch(m->source_category) +
        touch(m->target_name) + touch(m->target_category);
    return n == (size_t)-1;
}

/* Pack the "--- <path>" sections of the input into a zip in memory. */
static uint8_t *pack(const uint8_t *data, size_t size, size_t *len)
{
    zip_error_t err;
    zip_source_t *src;
    zip_t *z;
    zip_stat_t st;
    uint8_t *out = NULL;
    const char *p = (const char *)data, *end = p + size;
    char names[MAX_FILES][128];
    int nfiles = 0;

    zip_error_init(&err);
    src = zip_source_buffer_create(NULL, 0, 0, &err);
    z = src ? zip_open_from_source(src, ZIP_TRUNCATE, &err) : NULL;
    zip_error_fini(&err);
    if (!z) {
        zip_source_free(src);
        return NULL;
    }
    zip_source_keep(src);
    while (p < end && nfiles < MAX_FILES) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *body, *next;
        size_t n;
        zip_source_t *member;
        zip_int64_t idx;

        if (!eol || end - p < 4 || memcmp(p, "--- ", 4) != 0)
            break;
        n = (size_t)(eol - p - 4);
        if (n >= sizeof names[0])
            n = sizeof names[0] - 1;
        memcpy(names[nfiles], p + 4, n);
        names[nfiles][n] = '\0';
        body = eol + 1;
        for (next = body; next < end; next++)
            if ((next == body || next[-1] == '\n') && end - next >= 4 &&
                memcmp(next, "--- ", 4) == 0)
                break;
        member = zip_source_buffer(z, body, (zip_uint64_t)(next - body), 0);
        idx = member ? zip_file_add(z, names[nfiles], member, ZIP_FL_OVERWRITE)
                     : -1;
        if (idx < 0)
            zip_source_free(member);
        else
            zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
        nfiles++;
        p = next;
    }
    if (zip_close(z) < 0) {
        zip_discard(z);
        zip_source_free(src);
        return NULL;
    }
    if (zip_source_stat(src, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
        zip_source_open(src) == 0) {
        out = malloc(st.size ? st.size : 1);
        if (out && zip_source_read(src, out, st.size) != (zip_int64_t)st.size) {
            free(out);
            out = NULL;
        }
        *len = (size_t)st.size;
        zip_source_close(src);
    }
    zip_source_free(src);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mb_lci_sink sink;

    if (size > 1 << 20)
        return 0;
    memset(&sink, 0, sizeof sink);
    sink.impact_category = check_category;
    sink.impact_method = check_method;
    sink.flow_map = check_map;
    if (mb_flow_mapping_read_buffer(data, size, "fuzz.csv", &sink) ==
            MB_EINTERNAL ||
        mb_olca_csv_factors_read_buffer(data, size, "fuzz.csv", NULL, &sink) ==
            MB_EINTERNAL ||
        mb_olca_csv_factors_read_buffer(data, size, "fuzz.csv",
                                        "00000000-0000-0000-0000-000000000000",
                                        &sink) == MB_EINTERNAL)
        abort();
    if (size >= 4 && memcmp(data, "--- ", 4) == 0) {
        size_t len = 0;
        uint8_t *zip = pack(data, size, &len);

        if (zip && mb_olca_csv_methods_read_buffer(zip, len, "fuzz.zip",
                                                   &sink) == MB_EINTERNAL)
            abort();
        free(zip);
    }
    return 0;
}
