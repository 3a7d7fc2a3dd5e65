/*
 * strmap.c - a map from strings (UUIDs, names) to int64 values: open
 * addressing with linear probing on an FNV-1a hash; the keys are copied
 * into a chunked arena owned by the map, so entries never move their text.
 */
#include <string.h>

#include "core.h"

#define ARENA_CHUNK 65536

struct mb_strmap_chunk {
    struct mb_strmap_chunk *next;
    size_t used, cap;
    char data[];
};

static uint64_t hash_str(const char *s, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    size_t k;

    for (k = 0; k < len; k++) {
        h ^= (unsigned char)s[k];
        h *= 0x100000001b3ULL;
    }
    return h;
}

int mb_strmap_init(mb_strmap *m, size_t expected)
{
    size_t cap = 16;

    while (cap < expected * 2)
        cap <<= 1;
    memset(m, 0, sizeof *m);
    m->slots = mb_calloc(cap, sizeof *m->slots);
    if (!m->slots)
        return MB_ENOMEM;
    m->cap = cap;
    return 0;
}

void mb_strmap_destroy(mb_strmap *m)
{
    struct mb_strmap_chunk *c, *next;

    if (!m)
        return;
    for (c = m->arena; c; c = next) {
        next = c->next;
        mb_free(c);
    }
    mb_free(m->slots);
    memset(m, 0, sizeof *m);
}

static char *arena_copy(mb_strmap *m, const char *s, size_t len)
{
    struct mb_strmap_chunk *c = m->arena;
    char *p;

    if (!c || c->cap - c->used < len + 1) {
        size_t cap = len + 1 > ARENA_CHUNK ? len + 1 : ARENA_CHUNK;

        c = mb_malloc(sizeof *c + cap);
        if (!c)
            return NULL;
        c->next = m->arena;
        c->used = 0;
        c->cap = cap;
        m->arena = c;
    }
    p = c->data + c->used;
    memcpy(p, s, len);
    p[len] = '\0';
    c->used += len + 1;
    return p;
}

/* The slot holding key, or the empty slot where it would go. */
static mb_strmap_slot *find(const mb_strmap *m, const char *key, size_t len,
                            uint64_t h)
{
    size_t i = (size_t)h & (m->cap - 1);

    for (;;) {
        mb_strmap_slot *s = &m->slots[i];

        if (!s->key || (s->hash == h && s->len == len &&
                        memcmp(s->key, key, len) == 0))
            return s;
        i = (i + 1) & (m->cap - 1);
    }
}

static int grow(mb_strmap *m)
{
    mb_strmap_slot *old = m->slots;
    size_t oldcap = m->cap, k;

    m->slots = mb_calloc(2 * oldcap, sizeof *m->slots);
    if (!m->slots) {
        m->slots = old;
        return MB_ENOMEM;
    }
    m->cap = 2 * oldcap;
    for (k = 0; k < oldcap; k++)
        if (old[k].key)
            *find(m, old[k].key, old[k].len, old[k].hash) = old[k];
    mb_free(old);
    return 0;
}

int mb_strmap_add(mb_strmap *m, const char *key, int64_t val,
                  const char **stored)
{
    size_t len = strlen(key);
    uint64_t h = hash_str(key, len);
    mb_strmap_slot *s;

    if ((m->count + 1) * 2 > m->cap && grow(m) < 0)
        return MB_ENOMEM;
    s = find(m, key, len, h);
    if (s->key) {
        if (stored)
            *stored = s->key;
        return 1;
    }
    if (!(s->key = arena_copy(m, key, len)))
        return MB_ENOMEM;
    s->len = len;
    s->hash = h;
    s->val = val;
    m->count++;
    if (stored)
        *stored = s->key;
    return 0;
}

const char *mb_strmap_intern(mb_strmap *m, const char *s)
{
    const char *stored = NULL;

    if (!s)
        return NULL;
    return mb_strmap_add(m, s, 0, &stored) < 0 ? NULL : stored;
}

int mb_strmap_set(mb_strmap *m, const char *key, int64_t val)
{
    size_t len = strlen(key);
    mb_strmap_slot *s;
    int rc = mb_strmap_add(m, key, val, NULL);

    if (rc != 1)
        return rc;
    s = find(m, key, len, hash_str(key, len));
    s->val = val;
    return 0;
}

int mb_strmap_get(const mb_strmap *m, const char *key, int64_t *val)
{
    size_t len;
    mb_strmap_slot *s;

    if (!key || !m->cap)
        return 0;
    len = strlen(key);
    s = find(m, key, len, hash_str(key, len));
    if (!s->key)
        return 0;
    if (val)
        *val = s->val;
    return 1;
}
