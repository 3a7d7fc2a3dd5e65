/*
 * hashmap.c - open addressing with linear probing over int64 keys, and the
 * sort-unique helper that builds sorted id spaces (bw2calc maps each id space
 * by its sorted unique values; we do the same so indices agree).
 */
#include <stdlib.h>
#include <string.h>

#include "core.h"

/* splitmix64's finalizer: a good spread for sequential ids. */
static uint64_t hash_i64(int64_t key)
{
    uint64_t z = (uint64_t)key + 0x9e3779b97f4a7c15ULL;

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

int mb_i64map_init(mb_i64map *m, size_t expected)
{
    size_t cap = 16;

    while (cap < expected * 2)
        cap <<= 1;
    memset(m, 0, sizeof *m);
    m->keys = mb_alloc_array(cap, sizeof *m->keys);
    m->vals = mb_alloc_array(cap, sizeof *m->vals);
    m->used = mb_calloc(cap, 1);
    if (!m->keys || !m->vals || !m->used) {
        mb_i64map_destroy(m);
        return MB_ENOMEM;
    }
    m->cap = cap;
    return 0;
}

void mb_i64map_destroy(mb_i64map *m)
{
    if (!m)
        return;
    mb_free(m->keys);
    mb_free(m->vals);
    mb_free(m->used);
    memset(m, 0, sizeof *m);
}

static int grow(mb_i64map *m)
{
    mb_i64map bigger;
    size_t k;

    if (mb_i64map_init(&bigger, m->cap) < 0)
        return MB_ENOMEM;
    for (k = 0; k < m->cap; k++)
        if (m->used[k])
            mb_i64map_put(&bigger, m->keys[k], m->vals[k]);
    mb_i64map_destroy(m);
    *m = bigger;
    return 0;
}

int mb_i64map_put(mb_i64map *m, int64_t key, int64_t val)
{
    size_t mask, k;

    if ((m->count + 1) * 2 > m->cap && grow(m) < 0)
        return MB_ENOMEM;
    mask = m->cap - 1;
    for (k = hash_i64(key) & mask; m->used[k]; k = (k + 1) & mask) {
        if (m->keys[k] == key) {
            m->vals[k] = val;
            return 0;
        }
    }
    m->used[k] = 1;
    m->keys[k] = key;
    m->vals[k] = val;
    m->count++;
    return 0;
}

int mb_i64map_get(const mb_i64map *m, int64_t key, int64_t *val)
{
    size_t mask = m->cap - 1, k;

    if (!m->cap)
        return 0;
    for (k = hash_i64(key) & mask; m->used[k]; k = (k + 1) & mask) {
        if (m->keys[k] == key) {
            *val = m->vals[k];
            return 1;
        }
    }
    return 0;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return (x > y) - (x < y);
}

size_t mb_i64_sort_unique(int64_t *v, size_t n)
{
    size_t r, w = 0;

    if (n == 0)
        return 0;
    qsort(v, n, sizeof *v, cmp_i64);
    for (r = 1; r < n; r++)
        if (v[r] != v[w])
            v[++w] = v[r];
    return w + 1;
}

int64_t mb_i64_bsearch(const int64_t *v, size_t n, int64_t key)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (v[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (lo < n && v[lo] == key) ? (int64_t)lo : -1;
}
