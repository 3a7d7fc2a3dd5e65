/*
 * json.c - a JSON reader (RFC 8259) with an arena: see json.h.
 *
 * Recursive descent over the buffer; the values of an open array or object
 * wait on one scratch stack and are copied into the arena, contiguous,
 * when it closes, so a document costs a handful of allocations however
 * many values it has (jansson, which the importers used before, allocates
 * and frees every value and object hash: half of an import's time).
 * Nesting is limited (MAX_DEPTH); numbers follow the JSON grammar and must
 * be finite doubles; strings may not hold raw control characters; \u
 * escapes, surrogate pairs included, are decoded to UTF-8; a lone
 * surrogate becomes U+FFFD. The line and column of an error are counted
 * only when there is one.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "formats/json.h"

#define MAX_DEPTH 512
#define CHUNK (64 * 1024)

struct mb_json_chunk {
    struct mb_json_chunk *next;
    size_t cap;
    double data[]; /* aligned for any value */
};

typedef struct cursor {
    mb_json_parser *p;
    const char *start, *at, *end;
    const char *name;
    int depth;
} cursor;

void mb_json_parser_init(mb_json_parser *p)
{
    memset(p, 0, sizeof *p);
}

void mb_json_parser_destroy(mb_json_parser *p)
{
    struct mb_json_chunk *c, *next;

    for (c = p->first; c; c = next) {
        next = c->next;
        mb_free(c);
    }
    mb_free(p->stack);
    memset(p, 0, sizeof *p);
}

/*
 * size bytes from the arena, 8-aligned. The chunks stay from document to
 * document (arena_reset goes back to the first), so the arena grows to the
 * largest document and then stops allocating.
 */
static void *arena_alloc(mb_json_parser *p, size_t size)
{
    void *out;

    size = (size + 7) & ~(size_t)7;
    while (!p->cur || p->cur->cap - p->used < size) {
        if (p->cur && p->cur->next) {
            p->cur = p->cur->next;
        } else {
            size_t cap = size > CHUNK ? size : CHUNK;
            struct mb_json_chunk *n = mb_malloc(sizeof *n + cap);

            if (!n)
                return NULL;
            n->cap = cap;
            n->next = NULL;
            if (p->cur)
                p->cur->next = n;
            else
                p->first = n;
            p->cur = n;
        }
        p->used = 0;
    }
    out = (char *)p->cur->data + p->used;
    p->used += size;
    return out;
}

static void arena_reset(mb_json_parser *p)
{
    p->cur = p->first;
    p->used = 0;
}

static int fail(const cursor *c, const char *what, ...)
    MB_PRINTF(2, 3);

static int fail(const cursor *c, const char *what, ...)
{
    const char *s;
    char msg[160];
    size_t line = 1, column = 1;
    va_list ap;

    for (s = c->start; s < c->at && s < c->end; s++) {
        if (*s == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
    }
    va_start(ap, what);
    vsnprintf(msg, sizeof msg, what, ap);
    va_end(ap);
    return mb_error_set(MB_EFORMAT, "%s: line %zu, column %zu: %s", c->name,
                        line, column, msg);
}

static void skip_space(cursor *c)
{
    while (c->at < c->end && (*c->at == ' ' || *c->at == '\n' ||
                              *c->at == '\r' || *c->at == '\t'))
        c->at++;
}

static int push(mb_json_parser *p, const mb_json *v)
{
    if (p->depth_values == p->stack_cap) {
        size_t cap = p->stack_cap ? 2 * p->stack_cap : 256;
        mb_json *s = mb_realloc(p->stack, cap * sizeof *s);

        if (!s)
            return MB_ENOMEM;
        p->stack = s;
        p->stack_cap = cap;
    }
    p->stack[p->depth_values++] = *v;
    return 0;
}

static int hex4(const char *s, unsigned *out)
{
    unsigned v = 0;
    int k;

    for (k = 0; k < 4; k++) {
        char ch = s[k];

        v <<= 4;
        if (ch >= '0' && ch <= '9')
            v |= (unsigned)(ch - '0');
        else if (ch >= 'a' && ch <= 'f')
            v |= (unsigned)(ch - 'a' + 10);
        else if (ch >= 'A' && ch <= 'F')
            v |= (unsigned)(ch - 'A' + 10);
        else
            return -1;
    }
    *out = v;
    return 0;
}

static char *put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        *o++ = (char)cp;
    } else if (cp < 0x800) {
        *o++ = (char)(0xC0 | (cp >> 6));
        *o++ = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *o++ = (char)(0xE0 | (cp >> 12));
        *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *o++ = (char)(0x80 | (cp & 0x3F));
    } else {
        *o++ = (char)(0xF0 | (cp >> 18));
        *o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
        *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *o++ = (char)(0x80 | (cp & 0x3F));
    }
    return o;
}

/* A \u escape at c->at (after the backslash and 'u') into o. */
static int unicode_escape(cursor *c, char **o)
{
    unsigned cp, low;

    if (c->end - c->at < 4 || hex4(c->at, &cp) < 0)
        return fail(c, "invalid \\u escape");
    c->at += 4;
    if (cp >= 0xD800 && cp <= 0xDBFF && c->end - c->at >= 6 &&
        c->at[0] == '\\' && c->at[1] == 'u' && hex4(c->at + 2, &low) == 0 &&
        low >= 0xDC00 && low <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        c->at += 6;
    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
        cp = 0xFFFD; /* a lone surrogate */
    }
    *o = put_utf8(*o, cp);
    return 0;
}

/* A string starting after its opening quote. */
static int parse_string(cursor *c, mb_json *v)
{
    const char *s = c->at;
    char *out, *o;

    while (s < c->end && *s != '"' && *s != '\\' &&
           (unsigned char)*s >= 0x20)
        s++;
    if (s < c->end && *s == '"') { /* no escapes: copy as it is */
        size_t n = (size_t)(s - c->at);

        if (!(out = arena_alloc(c->p, n + 1)))
            return MB_ENOMEM;
        memcpy(out, c->at, n);
        out[n] = '\0';
        v->type = MB_JSON_STRING;
        v->n = (uint32_t)n;
        v->u.string = out;
        c->at = s + 1;
        return 0;
    }
    /* escapes shrink (\uXXXX is at most 4 bytes of UTF-8 for 6, a pair 4
     * for 12), so the rest of the buffer bounds the output */
    for (s = c->at; s < c->end && *s != '"'; s++)
        if (*s == '\\' && s + 1 < c->end)
            s++;
    if (!(out = arena_alloc(c->p, (size_t)(s - c->at) + 1)))
        return MB_ENOMEM;
    for (o = out; c->at < c->end && *c->at != '"';) {
        unsigned char ch = (unsigned char)*c->at;

        if (ch < 0x20)
            return fail(c, "control character 0x%02x in a string", ch);
        if (ch != '\\') {
            *o++ = (char)ch;
            c->at++;
            continue;
        }
        if (++c->at >= c->end)
            break;
        switch (*c->at++) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '/': *o++ = '/'; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u': {
            int rc = unicode_escape(c, &o);

            if (rc < 0)
                return rc;
            break;
        }
        default: c->at--; return fail(c, "invalid escape in a string");
        }
    }
    if (c->at >= c->end)
        return fail(c, "unterminated string");
    c->at++;
    *o = '\0';
    v->type = MB_JSON_STRING;
    v->n = (uint32_t)(o - out);
    v->u.string = out;
    return 0;
}

/* A number by the JSON grammar, converted by strtod. */
static int parse_number(cursor *c, mb_json *v)
{
    const char *s = c->at;
    char text[400], *end;
    size_t n;

    if (s < c->end && *s == '-')
        s++;
    if (s < c->end && *s == '0') {
        s++;
    } else if (s < c->end && *s >= '1' && *s <= '9') {
        while (s < c->end && *s >= '0' && *s <= '9')
            s++;
    } else {
        return fail(c, "invalid token");
    }
    if (s < c->end && *s == '.') {
        if (++s >= c->end || *s < '0' || *s > '9')
            return fail(c, "invalid number");
        while (s < c->end && *s >= '0' && *s <= '9')
            s++;
    }
    if (s < c->end && (*s == 'e' || *s == 'E')) {
        if (++s < c->end && (*s == '+' || *s == '-'))
            s++;
        if (s >= c->end || *s < '0' || *s > '9')
            return fail(c, "invalid number");
        while (s < c->end && *s >= '0' && *s <= '9')
            s++;
    }
    n = (size_t)(s - c->at);
    if (n >= sizeof text)
        return fail(c, "number too long");
    memcpy(text, c->at, n);
    text[n] = '\0';
    v->type = MB_JSON_NUMBER;
    v->n = 0;
    v->u.number = strtod(text, &end);
    if (!isfinite(v->u.number))
        return fail(c, "number out of range");
    c->at = s;
    return 0;
}

static int parse_value(cursor *c, mb_json *v);

/* An array or object after its opening bracket; close is ']' or '}'. */
static int parse_container(cursor *c, mb_json *v, char close)
{
    mb_json_parser *p = c->p;
    size_t base = p->depth_values, count;
    int object = close == '}', rc;

    if (++c->depth > MAX_DEPTH)
        return fail(c, "nested deeper than %d", MAX_DEPTH);
    skip_space(c);
    if (c->at < c->end && *c->at == close) {
        c->at++;
    } else {
        for (;;) {
            mb_json item;

            skip_space(c);
            if (object) {
                if (c->at >= c->end || *c->at != '"')
                    return fail(c, "string or '}' expected");
                c->at++;
                if ((rc = parse_string(c, &item)) < 0 ||
                    (rc = push(p, &item)) < 0)
                    return rc;
                skip_space(c);
                if (c->at >= c->end || *c->at != ':')
                    return fail(c, "':' expected");
                c->at++;
            }
            if ((rc = parse_value(c, &item)) < 0 || (rc = push(p, &item)) < 0)
                return rc;
            skip_space(c);
            if (c->at < c->end && *c->at == ',') {
                c->at++;
                continue;
            }
            if (c->at < c->end && *c->at == close) {
                c->at++;
                break;
            }
            return fail(c, "',' or '%c' expected", close);
        }
    }
    count = p->depth_values - base;
    if (count / (object ? 2 : 1) > UINT32_MAX)
        return fail(c, "too many values");
    v->type = object ? MB_JSON_OBJECT : MB_JSON_ARRAY;
    v->n = (uint32_t)(count / (object ? 2 : 1));
    v->u.items = NULL;
    if (count) {
        if (!(v->u.items = arena_alloc(p, count * sizeof(mb_json))))
            return MB_ENOMEM;
        memcpy(v->u.items, p->stack + base, count * sizeof(mb_json));
    }
    p->depth_values = base;
    c->depth--;
    return 0;
}

static int literal(cursor *c, const char *word, mb_json_type type,
                   mb_json *v)
{
    size_t n = strlen(word);

    if ((size_t)(c->end - c->at) < n || memcmp(c->at, word, n) != 0)
        return fail(c, "invalid token");
    c->at += n;
    v->type = type;
    v->n = 0;
    return 0;
}

static int parse_value(cursor *c, mb_json *v)
{
    skip_space(c);
    if (c->at >= c->end)
        return fail(c, "unexpected end of input");
    switch (*c->at) {
    case '{': c->at++; return parse_container(c, v, '}');
    case '[': c->at++; return parse_container(c, v, ']');
    case '"': c->at++; return parse_string(c, v);
    case 't': return literal(c, "true", MB_JSON_TRUE, v);
    case 'f': return literal(c, "false", MB_JSON_FALSE, v);
    case 'n': return literal(c, "null", MB_JSON_NULL, v);
    default: return parse_number(c, v);
    }
}

int mb_json_parse(mb_json_parser *p, const char *buf, size_t len,
                  const char *name, const mb_json **root)
{
    cursor c = {p, buf, buf, buf + len, name ? name : "<buffer>", 0};
    mb_json *v;
    int rc;

    *root = NULL;
    arena_reset(p);
    p->depth_values = 0;
    if (!(v = arena_alloc(p, sizeof *v)))
        return MB_ENOMEM;
    if ((rc = parse_value(&c, v)) < 0)
        return rc;
    skip_space(&c);
    if (c.at < c.end)
        return fail(&c, "end of input expected");
    *root = v;
    return 0;
}

const mb_json *mb_json_get(const mb_json *obj, const char *key)
{
    uint32_t k;

    if (!obj || obj->type != MB_JSON_OBJECT)
        return NULL;
    for (k = obj->n; k-- > 0;) /* the last of repeated keys, as jansson */
        if (strcmp(obj->u.items[2 * k].u.string, key) == 0)
            return &obj->u.items[2 * k + 1];
    return NULL;
}
