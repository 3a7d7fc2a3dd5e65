/*
 * zip_mutator.h - a libFuzzer custom mutator for inputs that are zip
 * archives (Brightway datapackages, openLCA JSON-LD data sets), shared by
 * fuzz_datapackage.c, fuzz_system.c and fuzz_jsonld.c.
 *
 * Why: byte-level mutation of a zip almost never gets past libzip, because
 * every member carries a CRC-32 that zip_fread() checks, and deflated data
 * turns into garbage when a bit flips. So most of the time this mutator
 * unpacks the archive, mutates one member, whatever its name
 * (datapackage.json, a .npy, one entity's .json), with libFuzzer's own
 * LLVMFuzzerMutate(), or copies one member over another, and packs the
 * archive again with valid CRCs (members stored, sometimes deflated).
 * Archives of more than ZM_MAX_MEMBERS members, and inputs that are not
 * zips at all (fuzz_jsonld.c's single entity documents), get the raw
 * mutation only. One time in eight it mutates the raw bytes instead, so that
 * the container itself (truncations, bad offsets, lying sizes) is fuzzed
 * too. The technique is the one libFuzzer's documentation describes for
 * compressed inputs ("Structure-Aware Fuzzing with libFuzzer").
 *
 * In fuzz/replay.c builds the mutator is compiled but never called; the
 * weak declaration of LLVMFuzzerMutate lets it link without libFuzzer.
 */
#ifndef METABOL_FUZZ_ZIP_MUTATOR_H
#define METABOL_FUZZ_ZIP_MUTATOR_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#define ZM_MAX_MEMBERS 64

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size)
    __attribute__((weak));
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
                               unsigned int seed);

typedef struct zm_member {
    char *name;
    uint8_t *buf;
    size_t len;
} zm_member;

/* xorshift32: the mutator must be deterministic for a given seed. */
static uint32_t zm_rand(uint32_t *state)
{
    uint32_t x = *state ? *state : 0x9e3779b9u;

    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

static size_t zm_raw(uint8_t *data, size_t size, size_t max_size)
{
    return LLVMFuzzerMutate ? LLVMFuzzerMutate(data, size, max_size) : size;
}

/* Member i, whole, into a new buffer with `room` bytes to grow into. */
static int zm_read_member(zip_t *za, zip_uint64_t i, size_t cap, size_t room,
                          zm_member *m)
{
    zip_stat_t st;
    zip_file_t *zf;
    zip_int64_t got;
    const char *name;

    zip_stat_init(&st);
    if (zip_stat_index(za, i, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
        st.size > cap)
        return -1;
    name = zip_get_name(za, i, 0);
    if (!name)
        return -1;
    m->name = strdup(name);
    m->buf = malloc((size_t)st.size + room + 1);
    if (!m->name || !m->buf)
        return -1;
    zf = zip_fopen_index(za, i, 0);
    if (!zf)
        return -1;
    got = zip_fread(zf, m->buf, st.size);
    zip_fclose(zf);
    if (got < 0 || (zip_uint64_t)got != st.size)
        return -1;
    m->len = (size_t)st.size;
    return 0;
}

/* Pack members into a new archive; its size, or 0 when it does not fit. */
static size_t zm_write(const zm_member *m, size_t n, int deflate, uint8_t *data,
                       size_t max_size)
{
    zip_error_t err;
    zip_source_t *out;
    zip_t *zw;
    zip_stat_t st;
    size_t k, total = 0;

    zip_error_init(&err);
    out = zip_source_buffer_create(NULL, 0, 0, &err);
    zip_error_fini(&err);
    if (!out)
        return 0;
    zip_source_keep(out);
    zip_error_init(&err);
    zw = zip_open_from_source(out, ZIP_TRUNCATE, &err);
    zip_error_fini(&err);
    if (!zw) {
        zip_source_free(out);
        zip_source_free(out);
        return 0;
    }
    for (k = 0; k < n; k++) {
        zip_source_t *s = zip_source_buffer(zw, m[k].buf, m[k].len, 0);
        zip_int64_t idx;

        if (!s)
            break;
        idx = zip_file_add(zw, m[k].name, s, ZIP_FL_OVERWRITE);
        if (idx < 0) {
            zip_source_free(s);
            break;
        }
        zip_set_file_compression(zw, (zip_uint64_t)idx,
                                 deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0);
    }
    if (k < n || zip_close(zw) != 0) {
        zip_discard(zw);
        zip_source_free(out);
        return 0;
    }
    zip_stat_init(&st);
    if (zip_source_stat(out, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
        st.size > 0 && st.size <= max_size && zip_source_open(out) == 0) {
        zip_int64_t got = zip_source_read(out, data, st.size);

        if (got >= 0 && (zip_uint64_t)got == st.size)
            total = (size_t)st.size;
        zip_source_close(out);
    }
    zip_source_free(out);
    return total;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
                               unsigned int seed)
{
    zm_member m[ZM_MAX_MEMBERS];
    uint32_t state = seed;
    zip_error_t err;
    zip_source_t *src;
    zip_t *za;
    zip_int64_t n;
    size_t k, victim, room, total = 0;
    uint32_t choice = zm_rand(&state) % 16;

    if (choice < 2 || size == 0)
        return zm_raw(data, size, max_size);
    zip_error_init(&err);
    src = zip_source_buffer_create(data, size, 0, &err);
    zip_error_fini(&err);
    if (!src)
        return zm_raw(data, size, max_size);
    zip_error_init(&err);
    za = zip_open_from_source(src, ZIP_RDONLY, &err);
    zip_error_fini(&err);
    if (!za) {
        zip_source_free(src);
        return zm_raw(data, size, max_size);
    }
    n = zip_get_num_entries(za, 0);
    if (n <= 0 || n > ZM_MAX_MEMBERS) {
        zip_discard(za);
        return zm_raw(data, size, max_size);
    }
    memset(m, 0, sizeof m);
    victim = zm_rand(&state) % (uint32_t)n;
    room = max_size / 4;
    for (k = 0; k < (size_t)n; k++)
        if (zm_read_member(za, k, max_size, k == victim ? room : 0, &m[k]) < 0)
            break;
    zip_discard(za); /* frees src; `data` is still ours */
    if (k == (size_t)n) {
        if (choice == 2 && n > 1) {
            /* Another member's bytes: an indices array where data was. */
            size_t from = zm_rand(&state) % (uint32_t)n;

            if (from != victim && m[from].len <= m[victim].len + room) {
                memcpy(m[victim].buf, m[from].buf, m[from].len);
                m[victim].len = m[from].len;
            }
        } else {
            m[victim].len =
                zm_raw(m[victim].buf, m[victim].len, m[victim].len + room);
        }
        total = zm_write(m, (size_t)n, choice == 3, data, max_size);
    }
    for (k = 0; k < (size_t)n; k++) {
        free(m[k].name);
        free(m[k].buf);
    }
    return total ? total : zm_raw(data, size, max_size);
}

#endif
