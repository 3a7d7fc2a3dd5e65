/*
 * simapro_lines.c - lines, fields and encoding of SimaPro CSV exports (see
 * simapro_lines.h). The layout follows SimaPro's exports as GreenDelta's
 * olca-simapro-csv (format.md) and Brightway's bw2io describe them: a
 * header of "{key: value}" lines naming the separator and the decimal
 * separator, then blocks of records; text is Windows-1252.
 *
 * The input is read in chunks, one line at a time, so a file of any size
 * costs the memory of its longest record.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/core.h"
#include "formats/csv.h"
#include "formats/simapro_lines.h"

#define CHUNK 65536
#define MAX_RECORD (64u << 20) /* a longer record is not a SimaPro export */

void sp_lines_init_file(sp_lines *l, FILE *fp, const char *name)
{
    memset(l, 0, sizeof *l);
    l->fp = fp;
    l->name = name;
    l->sep = ';';
    l->decimal = '.';
}

void sp_lines_init_memory(sp_lines *l, const void *buf, size_t len,
                          const char *name)
{
    memset(l, 0, sizeof *l);
    l->mem = buf;
    l->mem_len = buf ? len : 0;
    l->name = name;
    l->sep = ';';
    l->decimal = '.';
}

void sp_lines_destroy(sp_lines *l)
{
    mb_free(l->chunk);
    mb_free(l->raw);
    mb_free(l->tmp);
    mb_free(l->text);
    mb_free(l->starts);
    mb_free(l->fields);
    memset(l, 0, sizeof *l);
}

/* Make *buf hold at least need elements. */
static int reserve(void **buf, size_t *cap, size_t need, size_t size)
{
    return mb_reserve(buf, cap, need, size, 256);
}

/* The next byte of the input, or -1 at its end (or on a read error). */
static int next_byte(sp_lines *l)
{
    if (!l->fp)
        return l->mem_pos < l->mem_len ? l->mem[l->mem_pos++] : -1;
    if (l->chunk_pos == l->chunk_len) {
        if (l->eof)
            return -1;
        if (!l->chunk && !(l->chunk = mb_malloc(CHUNK)))
            return -2;
        l->chunk_len = fread(l->chunk, 1, CHUNK, l->fp);
        l->chunk_pos = 0;
        if (l->chunk_len < CHUNK)
            l->eof = 1;
        if (l->chunk_len == 0)
            return ferror(l->fp) ? -3 : -1;
    }
    return l->chunk[l->chunk_pos++];
}

/* One physical line into raw: 1, 0 at the end of the input, or an error. */
static int read_line(sp_lines *l)
{
    int c;

    l->raw_len = 0;
    for (;;) {
        c = next_byte(l);
        if (c == '\n' && l->skip_lf) { /* the LF of a CRLF */
            l->skip_lf = 0;
            continue;
        }
        l->skip_lf = 0;
        if (c < 0 && c != -1)
            return c == -2 ? mb_error_oom()
                           : mb_error_set(MB_EIO, "%s: line %zu: %s",
                                          l->name, l->line + 1,
                                          strerror(errno));
        if (c == -1 && l->raw_len == 0)
            return 0;
        if (c == -1 || c == '\n' || c == '\r')
            break;
        if (l->raw_len + 1 >= MAX_RECORD)
            return mb_error_set(MB_EFORMAT,
                                "%s: line %zu: longer than %u MB; expected "
                                "the lines of a SimaPro CSV export",
                                l->name, l->line + 1, MAX_RECORD >> 20);
        if (reserve((void **)&l->raw, &l->raw_cap, l->raw_len + 2, 1) < 0)
            return mb_error_oom();
        l->raw[l->raw_len++] = (char)c;
    }
    l->skip_lf = c == '\r';
    if (reserve((void **)&l->raw, &l->raw_cap, l->raw_len + 1, 1) < 0)
        return mb_error_oom();
    l->raw[l->raw_len] = '\0';
    l->line++;
    return 1;
}

/* ---- encoding -------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t utf8_length(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len, k;
    unsigned long cp;

    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        len = 2, cp = c & 0x1f;
    else if (c >= 0xe0 && c <= 0xef)
        len = 3, cp = c & 0x0f;
    else if (c >= 0xf0 && c <= 0xf4)
        len = 4, cp = c & 0x07;
    else
        return 0;
    if (len > n)
        return 0;
    for (k = 1; k < len; k++) {
        if ((s[k] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (s[k] & 0x3f);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
        return 0;
    return len;
}

static int valid_utf8(const unsigned char *s, size_t n)
{
    size_t k, len;

    for (k = 0; k < n; k += len)
        if (!(len = utf8_length(s + k, n - k)))
            return 0;
    return 1;
}

/*
 * Windows-1252 0x80-0x9f (the Unicode Consortium's cp1252.txt); the five
 * unassigned bytes keep their C1 code points, as Windows converts them.
 */
static const unsigned short cp1252_high[32] = {
    0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
    0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
    0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
    0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178};

/* Append the UTF-8 of code point cp (< 0x10000) to out. */
static size_t put_utf8(char *out, unsigned cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    out[0] = (char)(0xe0 | cp >> 12);
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[2] = (char)(0x80 | (cp & 0x3f));
    return 3;
}

static int blank(int c)
{
    return c == ' ' || c == '\t' || c == 0x7f;
}

/*
 * Field bytes s[0..n) appended to text at *at as UTF-8, without the blanks
 * around them, NUL-terminated. Room for 3 bytes per byte plus one is there.
 */
static void decode(char *text, size_t *at, const unsigned char *s, size_t n)
{
    char *out = text + *at;
    size_t k;

    while (n > 0 && blank(s[0]))
        s++, n--;
    while (n > 0 && blank(s[n - 1]))
        n--;
    if (valid_utf8(s, n)) {
        memcpy(out, s, n);
        out += n;
    } else {
        for (k = 0; k < n; k++)
            out += put_utf8(out, s[k] < 0x80    ? s[k]
                                 : s[k] < 0xa0 ? cp1252_high[s[k] - 0x80]
                                               : s[k]);
    }
    *out++ = '\0';
    *at = (size_t)(out - text);
}

/* ---- records ---------------------------------------------------------- */

static int push_field(sp_lines *l, size_t start)
{
    if (reserve((void **)&l->starts, &l->cap_starts, l->nfields + 1,
                sizeof *l->starts) < 0)
        return MB_ENOMEM;
    l->starts[l->nfields++] = start;
    return 0;
}

/* A line break inside quotes: the field goes on on the next line. */
static int continue_quoted(sp_lines *l, size_t n)
{
    int rc;

    if (n >= MAX_RECORD)
        return mb_error_set(MB_EFORMAT,
                            "%s: line %zu: a quoted field begun here runs "
                            "over %u MB; expected its closing '\"'",
                            l->name, l->record_line, MAX_RECORD >> 20);
    if ((rc = read_line(l)) < 0)
        return rc;
    if (rc == 0)
        return mb_error_set(MB_EFORMAT,
                            "%s: line %zu: a quoted field begun here is "
                            "still open at the end of the file; expected "
                            "its closing '\"'",
                            l->name, l->record_line);
    return 0;
}

/*
 * Split raw (and the lines a quoted field goes on to) into tmp: fields
 * NUL-terminated, their offsets in starts. *len gets the bytes used.
 */
static int split(sp_lines *l, size_t *len)
{
    size_t n = 0, k = 0, start = 0;
    int quoted = 0, at_start = 1, rc;

    l->nfields = 0;
    for (;;) {
        int c;

        if (reserve((void **)&l->tmp, &l->tmp_cap, n + 2, 1) < 0)
            return mb_error_oom();
        if (k == l->raw_len) {
            if (!quoted)
                break;
            l->tmp[n++] = '\n';
            k = 0;
            if ((rc = continue_quoted(l, n)) < 0)
                return rc;
            continue;
        }
        c = (unsigned char)l->raw[k++];
        if (c == '\0')
            return mb_error_set(MB_EFORMAT,
                                "%s: line %zu: a NUL byte; expected text",
                                l->name, l->line);
        if (quoted) {
            if (c != '"')
                l->tmp[n++] = (unsigned char)c;
            else if (k < l->raw_len && l->raw[k] == '"')
                l->tmp[n++] = '"', k++;
            else
                quoted = 0; /* text after the quote is kept as it is */
            continue;
        }
        if (c == l->sep) {
            if (push_field(l, start) < 0)
                return mb_error_oom();
            l->tmp[n++] = '\0';
            start = n;
            at_start = 1;
            continue;
        }
        if (at_start && c == '"') {
            quoted = 1;
            at_start = 0;
            continue;
        }
        if (!(at_start && (c == ' ' || c == '\t')))
            at_start = 0;
        l->tmp[n++] = (unsigned char)c;
    }
    if (push_field(l, start) < 0)
        return mb_error_oom();
    l->tmp[n++] = '\0';
    *len = n;
    return 0;
}

/* The fields of tmp decoded into text; fields[] point into it. */
static int decode_fields(sp_lines *l, size_t len)
{
    size_t k, at = 0;

    if (reserve((void **)&l->text, &l->text_cap, 3 * len + 1, 1) < 0 ||
        reserve((void **)&l->fields, &l->cap_fields, l->nfields,
                sizeof *l->fields) < 0)
        return mb_error_oom();
    for (k = 0; k < l->nfields; k++) {
        const unsigned char *s = l->tmp + l->starts[k];

        l->starts[k] = at;
        decode(l->text, &at, s, strlen((const char *)s));
    }
    for (k = 0; k < l->nfields; k++)
        l->fields[k] = l->text + l->starts[k];
    return 0;
}

int sp_lines_next(sp_lines *l)
{
    size_t len = 0;
    int rc;

    if (!l->pending && (rc = read_line(l)) <= 0)
        return rc;
    l->pending = 0;
    l->record_line = l->line;
    if ((rc = split(l, &len)) < 0 || (rc = decode_fields(l, len)) < 0)
        return rc;
    return 1;
}

const char *sp_field(const sp_lines *l, size_t k)
{
    return k < l->nfields ? l->fields[k] : "";
}

size_t sp_lines_filled(const sp_lines *l)
{
    size_t k, n = 0;

    for (k = 0; k < l->nfields; k++)
        n += l->fields[k][0] != '\0';
    return n;
}

int sp_lines_blank(const sp_lines *l)
{
    return sp_lines_filled(l) == 0;
}

/* ---- header ----------------------------------------------------------- */

/*
 * A copy of raw (in tmp) without trailing separators and blanks and
 * without outer quotes; raw stays as it is, for the first record. NULL
 * when out of memory.
 */
static char *header_text(sp_lines *l)
{
    char *s, *end;

    if (reserve((void **)&l->tmp, &l->tmp_cap, l->raw_len + 1, 1) < 0)
        return NULL;
    s = memcpy(l->tmp, l->raw, l->raw_len + 1);
    end = s + l->raw_len;

    if (l->line == 1 && l->raw_len >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
        s += 3; /* a UTF-8 byte-order mark */
    while (end > s && strchr(" \t;,", end[-1]))
        *--end = '\0';
    while (*s == ' ')
        s++;
    if (*s == '"' && end > s + 1 && end[-1] == '"') {
        *--end = '\0';
        s++;
    }
    return s;
}

/* The value of a "{key: value}" header line when its key is `key`. */
static const char *header_value(const char *s, const char *key)
{
    size_t n = strlen(key);

    if (*s != '{' || strncasecmp(s + 1, key, n) != 0 || s[1 + n] != ':')
        return NULL;
    for (s += n + 2; *s == ' '; s++)
        ;
    return s;
}

static int header_entry(sp_lines *l, const char *s)
{
    const char *v;
    char shown[96];

    if ((v = header_value(s, "CSV separator"))) {
        if (!strncasecmp(v, "Semicolon}", 10))
            l->sep = ';';
        else if (!strncasecmp(v, "Tab}", 4))
            l->sep = '\t';
        else if (!strncasecmp(v, "Comma}", 6))
            l->sep = ',';
        else
            return mb_error_set(MB_EFORMAT,
                                "%s: line %zu: CSV separator %s; expected "
                                "Semicolon, Tab or Comma",
                                l->name, l->line,
                                mb_csv_quote(v, shown, sizeof shown));
    } else if ((v = header_value(s, "Decimal separator"))) {
        if ((v[0] != '.' && v[0] != ',') || v[1] != '}')
            return mb_error_set(MB_EFORMAT,
                                "%s: line %zu: decimal separator %s; "
                                "expected '.' or ','",
                                l->name, l->line,
                                mb_csv_quote(v, shown, sizeof shown));
        l->decimal = v[0];
    }
    if (l->sep == ',' && l->decimal == ',')
        return mb_error_set(MB_EFORMAT,
                            "%s: line %zu: comma as both the CSV and the "
                            "decimal separator; expected two different "
                            "separators",
                            l->name, l->line);
    return 0;
}

/* The first of tab, ';' and ',' in s, else ';'. */
static char guess_separator(const char *s)
{
    size_t k = strcspn(s, "\t;,");

    return s[k] ? s[k] : ';';
}

int sp_lines_header(sp_lines *l)
{
    char shown[96];
    char *s;
    int rc;

    if ((rc = read_line(l)) < 0)
        return rc;
    if (rc == 0)
        return mb_error_set(MB_EFORMAT,
                            "%s: line 1: the file is empty; expected the "
                            "header of a SimaPro CSV export, "
                            "'{SimaPro <version>}'",
                            l->name);
    l->sep = guess_separator(l->raw);
    if (!(s = header_text(l)))
        return mb_error_oom();
    if (!strncmp(s, "{SimaPro", 8)) {
        l->modern = 1;
        while ((rc = read_line(l)) > 0) {
            if (!(s = header_text(l)))
                return mb_error_oom();
            if (*s != '{') {
                l->pending = 1;
                break;
            }
            if ((rc = header_entry(l, s)) < 0)
                return rc;
        }
        return rc < 0 ? rc : 0;
    }
    if (!strncmp(s, "SimaPro", 7))
        return 0; /* an old export: "SimaPro 8.0;process;Date:;..." */
    return mb_error_set(MB_EFORMAT,
                        "%s: line 1: %s is not the header of a SimaPro CSV "
                        "export; expected '{SimaPro <version>}'",
                        l->name, mb_csv_quote(s, shown, sizeof shown));
}
