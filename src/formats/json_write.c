/*
 * json_write.c - JSON documents into a growing buffer (RFC 8259). See
 * json_write.h.
 *
 * Written by hand rather than with jansson: numbers must come out in the
 * shortest form that reads back as the same double (jansson prints a fixed
 * precision: 17 digits turn 0.1 into 0.10000000000000001, fewer lose
 * bits), and a document is appended to one reused buffer instead of being
 * built as a tree first.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "formats/json_write.h"

void mb_jw_init(mb_jw *w)
{
    memset(w, 0, sizeof *w);
}

void mb_jw_destroy(mb_jw *w)
{
    mb_free(w->buf);
    memset(w, 0, sizeof *w);
}

void mb_jw_reset(mb_jw *w)
{
    w->len = 0;
    w->depth = 0;
    w->status = 0;
    if (w->buf)
        w->buf[0] = '\0';
}

int mb_jw_status(const mb_jw *w)
{
    return w->status;
}

/* Room for n more bytes and the terminating NUL. */
static int reserve(mb_jw *w, size_t n)
{
    size_t cap;
    char *p;

    if (w->status)
        return 0;
    if (w->len + n + 1 <= w->cap)
        return 1;
    for (cap = w->cap ? w->cap : 4096; cap < w->len + n + 1; cap *= 2)
        ;
    if (!(p = mb_realloc(w->buf, cap))) {
        w->status = mb_error_oom();
        return 0;
    }
    w->buf = p;
    w->cap = cap;
    return 1;
}

static void put(mb_jw *w, const char *s, size_t n)
{
    if (!reserve(w, n))
        return;
    memcpy(w->buf + w->len, s, n);
    w->len += n;
    w->buf[w->len] = '\0';
}

/* The length of the valid UTF-8 sequence at s (1-4), or 0 when invalid. */
static size_t utf8_sequence(const unsigned char *s)
{
    unsigned c = s[0];
    size_t n, k;
    uint32_t cp;

    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        n = 2, cp = c & 0x1f;
    else if (c >= 0xe0 && c <= 0xef)
        n = 3, cp = c & 0x0f;
    else if (c >= 0xf0 && c <= 0xf4)
        n = 4, cp = c & 0x07;
    else
        return 0;
    for (k = 1; k < n; k++) {
        if ((s[k] & 0xc0) != 0x80) /* also stops at the NUL */
            return 0;
        cp = (cp << 6) | (s[k] & 0x3f);
    }
    /* overlong forms, surrogates, beyond U+10FFFF */
    if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
        (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
        return 0;
    return n;
}

static void put_quoted(mb_jw *w, const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    char esc[8];

    put(w, "\"", 1);
    while (*s) {
        const unsigned char *run = s;
        size_t n;

        /* the longest run that needs no escape goes in one copy */
        while (*s >= 0x20 && *s != '"' && *s != '\\' &&
               (n = utf8_sequence(s)) > 0)
            s += n;
        put(w, (const char *)run, (size_t)(s - run));
        if (!*s)
            break;
        if (*s == '"' || *s == '\\') {
            esc[0] = '\\';
            esc[1] = (char)*s;
            put(w, esc, 2);
        } else if (*s == '\n') {
            put(w, "\\n", 2);
        } else if (*s == '\t') {
            put(w, "\\t", 2);
        } else if (*s == '\r') {
            put(w, "\\r", 2);
        } else if (*s < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", (unsigned)*s);
            put(w, esc, 6);
        } else {
            put(w, "\\ufffd", 6); /* a byte that is not UTF-8 */
        }
        s++;
    }
    put(w, "\"", 1);
}

/* The comma before a value and its key. */
static void begin_value(mb_jw *w, const char *key)
{
    if (w->depth > 0) {
        if (!w->empty[w->depth - 1])
            put(w, ",", 1);
        w->empty[w->depth - 1] = 0;
    }
    if (key) {
        put_quoted(w, key);
        put(w, ":", 1);
    }
}

static void open_level(mb_jw *w, const char *key, char open, char close)
{
    begin_value(w, key);
    if (w->depth == MB_JW_MAX_DEPTH) {
        if (!w->status)
            w->status =
                mb_error_set(MB_EINTERNAL, "JSON output nested deeper than %d",
                             MB_JW_MAX_DEPTH);
        return;
    }
    put(w, &open, 1);
    w->close[w->depth] = close;
    w->empty[w->depth] = 1;
    w->depth++;
}

void mb_jw_object(mb_jw *w, const char *key)
{
    open_level(w, key, '{', '}');
}

void mb_jw_array(mb_jw *w, const char *key)
{
    open_level(w, key, '[', ']');
}

void mb_jw_end(mb_jw *w)
{
    if (w->depth == 0) {
        if (!w->status)
            w->status =
                mb_error_set(MB_EINTERNAL, "JSON output closed once too often");
        return;
    }
    w->depth--;
    put(w, &w->close[w->depth], 1);
}

void mb_jw_string(mb_jw *w, const char *key, const char *s)
{
    if (!s)
        return;
    begin_value(w, key);
    put_quoted(w, s);
}

/*
 * The shortest of %.15g, %.16g and %.17g that strtod reads back as v:
 * 17 significant digits always do (IEEE 754 binary64).
 */
void mb_jw_number(mb_jw *w, const char *key, double v)
{
    char text[40];
    int prec, n = 0;

    if (!isfinite(v))
        return;
    for (prec = 15; prec <= 17; prec++) {
        n = snprintf(text, sizeof text, "%.*g", prec, v);
        if (strtod(text, NULL) == v)
            break;
    }
    begin_value(w, key);
    put(w, text, (size_t)n);
}

void mb_jw_int(mb_jw *w, const char *key, int64_t v)
{
    char text[32];
    int n = snprintf(text, sizeof text, "%" PRId64, v);

    begin_value(w, key);
    put(w, text, (size_t)n);
}

void mb_jw_bool(mb_jw *w, const char *key, int v)
{
    begin_value(w, key);
    put(w, v ? "true" : "false", v ? 4 : 5);
}

void mb_jw_raw(mb_jw *w, const char *key, const char *json, size_t len)
{
    begin_value(w, key);
    put(w, json, len);
}
