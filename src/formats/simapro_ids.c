/*
 * simapro_ids.c - process ids for SimaPro processes, which have none:
 * RFC 4122 (section 4.3) version 5 UUIDs, the SHA-1 name-based UUIDs, of
 * "simapro-process:<key>" in the URL namespace. The same process gets the
 * same id in every import, anyone can compute it (Python:
 * uuid.uuid5(uuid.NAMESPACE_URL, "simapro-process:" + key)), and it has
 * the shape (and the 36 characters) of the other formats' process ids,
 * which the project store's look-up of a process by id expects.
 *
 * SHA-1 is written here from its specification (FIPS 180-4, section 6.1)
 * because no library metabol links offers it; it names, it does not
 * protect.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "formats/simapro.h"

typedef struct sha1 {
    uint32_t h[5];
    unsigned char block[64];
    size_t used;     /* bytes in block */
    uint64_t length; /* bytes hashed */
} sha1;

static uint32_t rotl(uint32_t x, int n)
{
    return x << n | x >> (32 - n);
}

/* FIPS 180-4, 6.1.2: one 512-bit block. */
static void sha1_block(sha1 *s, const unsigned char *p)
{
    uint32_t w[80], a, b, c, d, e, f, k, t;
    int j;

    for (j = 0; j < 16; j++)
        w[j] = (uint32_t)p[4 * j] << 24 | (uint32_t)p[4 * j + 1] << 16 |
               (uint32_t)p[4 * j + 2] << 8 | p[4 * j + 3];
    for (j = 16; j < 80; j++)
        w[j] = rotl(w[j - 3] ^ w[j - 8] ^ w[j - 14] ^ w[j - 16], 1);
    a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3], e = s->h[4];
    for (j = 0; j < 80; j++) {
        if (j < 20)
            f = (b & c) | (~b & d), k = 0x5a827999;
        else if (j < 40)
            f = b ^ c ^ d, k = 0x6ed9eba1;
        else if (j < 60)
            f = (b & c) | (b & d) | (c & d), k = 0x8f1bbcdc;
        else
            f = b ^ c ^ d, k = 0xca62c1d6;
        t = rotl(a, 5) + f + e + k + w[j];
        e = d, d = c, c = rotl(b, 30), b = a, a = t;
    }
    s->h[0] += a, s->h[1] += b, s->h[2] += c, s->h[3] += d, s->h[4] += e;
}

static void sha1_update(sha1 *s, const void *data, size_t n)
{
    const unsigned char *p = data;

    s->length += n;
    while (n > 0) {
        size_t take = 64 - s->used < n ? 64 - s->used : n;

        memcpy(s->block + s->used, p, take);
        s->used += take, p += take, n -= take;
        if (s->used == 64) {
            sha1_block(s, s->block);
            s->used = 0;
        }
    }
}

/* FIPS 180-4, 5.1.1: padding, then the digest. */
static void sha1_final(sha1 *s, unsigned char out[20])
{
    uint64_t bits = s->length * 8;
    unsigned char pad = 0x80, len[8];
    int j;

    sha1_update(s, &pad, 1);
    pad = 0;
    while (s->used != 56)
        sha1_update(s, &pad, 1);
    for (j = 0; j < 8; j++)
        len[j] = (unsigned char)(bits >> (56 - 8 * j));
    sha1_update(s, len, 8);
    for (j = 0; j < 20; j++)
        out[j] = (unsigned char)(s->h[j / 4] >> (24 - 8 * (j % 4)));
}

/* RFC 4122 appendix C: the name space for URLs,
 * 6ba7b811-9dad-11d1-80b4-00c04fd430c8. */
static const unsigned char url_namespace[16] = {
    0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
    0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};

const char *sp_process_uuid(sp_reader *r, const char *key)
{
    static const char prefix[] = "simapro-process:";
    sha1 s = {{0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0},
              {0}, 0, 0};
    unsigned char d[20];
    char out[37];

    sha1_update(&s, url_namespace, sizeof url_namespace);
    sha1_update(&s, prefix, sizeof prefix - 1);
    sha1_update(&s, key, strlen(key));
    sha1_final(&s, d);
    d[6] = (unsigned char)((d[6] & 0x0f) | 0x50); /* version 5 */
    d[8] = (unsigned char)((d[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    snprintf(out, sizeof out,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
             "%02x%02x%02x%02x%02x%02x",
             d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9],
             d[10], d[11], d[12], d[13], d[14], d[15]);
    return sp_keep(r, out);
}
