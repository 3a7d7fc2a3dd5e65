/*
 * csv.c - CSV records after RFC 4180, parsed in place. See csv.h.
 *
 * Written by hand rather than taken from a library: the readers need the
 * fields as C strings that outlive the record (they are handed to a sink
 * and kept in lookup tables), the line of every record for messages, and
 * no copy of multi-megabyte factor files; all of that falls out of an
 * in-place splitter of about a hundred lines.
 *
 * Lines are counted at every LF, and at every CR not followed by LF, inside
 * quoted fields too, so the line of a record is the line a text editor
 * shows.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/core.h"
#include "formats/csv.h"

void mb_csv_init(mb_csv *c, char *buf, size_t len, const char *name)
{
    memset(c, 0, sizeof *c);
    c->name = name ? name : "<buffer>";
    c->p = buf;
    c->end = buf + len;
    c->line = 1;
    *c->end = '\0'; /* so that no scan can run past the data */
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        c->p += 3;
}

void mb_csv_destroy(mb_csv *c)
{
    if (!c)
        return;
    mb_free(c->fields);
    c->fields = NULL;
    c->nfields = c->cap = 0;
}

const char *mb_csv_quote(const char *s, char *buf, size_t size)
{
    size_t n = 0, limit;

    if (size < 10) {
        if (size)
            buf[0] = '\0';
        return buf;
    }
    limit = size - 9; /* room for an escape, "...'" and the NUL */
    buf[n++] = '\'';
    for (; *s && n < limit; s++) {
        unsigned char ch = (unsigned char)*s;

        if (ch == '\n' || ch == '\r' || ch == '\t') {
            buf[n++] = '\\';
            buf[n++] = ch == '\n' ? 'n' : ch == '\r' ? 'r' : 't';
        } else if (ch < 0x20 || ch == 0x7f) {
            n += (size_t)snprintf(buf + n, size - n, "\\x%02x", ch);
        } else {
            buf[n++] = (char)ch;
        }
    }
    if (*s) {
        memcpy(buf + n, "...", 3);
        n += 3;
    }
    buf[n++] = '\'';
    buf[n] = '\0';
    return buf;
}

/* Append a field pointer to the record. */
static int push_field(mb_csv *c, char *field)
{
    if (c->nfields == c->cap) {
        size_t ncap = c->cap ? 2 * c->cap : 16;
        char **f = mb_alloc_array(ncap, sizeof *f);

        if (!f)
            return MB_ENOMEM;
        if (c->nfields)
            memcpy(f, c->fields, c->nfields * sizeof *f);
        mb_free(c->fields);
        c->fields = f;
        c->cap = ncap;
    }
    c->fields[c->nfields++] = field;
    return 0;
}

/*
 * A quoted field starting at the opening quote c->p: unescape it in place
 * (into the same bytes, starting at the quote) and leave c->p after the
 * closing quote.
 */
static int quoted_field(mb_csv *c, char **field)
{
    char *w = c->p, *r = c->p + 1;
    size_t opened = c->line;

    *field = w;
    for (;;) {
        if (r >= c->end)
            return mb_error_set(MB_EFORMAT,
                                "%s:%zu: unterminated quoted field (the "
                                "quote opened on line %zu is never closed)",
                                c->name, opened, opened);
        if (*r == '"') {
            if (r + 1 < c->end && r[1] == '"') {
                *w++ = '"';
                r += 2;
                continue;
            }
            r++;
            break;
        }
        if (*r == '\0')
            return mb_error_set(MB_EFORMAT,
                                "%s:%zu: a NUL byte in a quoted field; "
                                "expected text",
                                c->name, c->line);
        if (*r == '\n' || (*r == '\r' && (r + 1 >= c->end || r[1] != '\n')))
            c->line++;
        *w++ = *r++;
    }
    /* Two quotes were dropped, so w < r: the byte after stays intact. */
    *w = '\0';
    c->p = r;
    if (r < c->end && *r != ',' && *r != '\n' && *r != '\r') {
        char shown[48];

        return mb_error_set(MB_EFORMAT,
                            "%s:%zu: text %s after the closing quote of a "
                            "field; expected a comma or a line end (a quote "
                            "inside a quoted field is written \"\")",
                            c->name, c->line,
                            mb_csv_quote(r, shown, sizeof shown));
    }
    return 0;
}

/*
 * An unquoted field from c->p to the next comma or line end; *delim gets
 * the byte that ended it ('\0' at the end of the data), which is then
 * overwritten by the field's terminator.
 */
static int plain_field(mb_csv *c, char **field, char *delim)
{
    char *q = c->p;

    *field = q;
    while (q < c->end && *q != ',' && *q != '\n' && *q != '\r') {
        if (*q == '\0')
            return mb_error_set(MB_EFORMAT,
                                "%s:%zu: a NUL byte; expected text (is it a "
                                "binary file?)",
                                c->name, c->line);
        q++;
    }
    *delim = q < c->end ? *q : '\0';
    *q = '\0';
    c->p = q;
    return 0;
}

int mb_csv_next(mb_csv *c)
{
    int rc;

    /* Skip empty lines. */
    while (c->p < c->end && (*c->p == '\n' || *c->p == '\r')) {
        if (*c->p == '\r' && c->p + 1 < c->end && c->p[1] == '\n')
            c->p++;
        c->p++;
        c->line++;
    }
    if (c->p >= c->end)
        return 0;
    c->record_line = c->line;
    c->nfields = 0;
    for (;;) {
        char *field, delim = '\0';

        if (c->p < c->end && *c->p == '"') {
            if ((rc = quoted_field(c, &field)) < 0)
                return rc;
            delim = c->p < c->end ? *c->p : '\0';
        } else if ((rc = plain_field(c, &field, &delim)) < 0) {
            return rc;
        }
        if ((rc = push_field(c, field)) < 0)
            return rc;
        if (c->p >= c->end)
            break;
        c->p++; /* past the comma or line end */
        if (delim == ',')
            continue;
        if (delim == '\r' && c->p < c->end && *c->p == '\n')
            c->p++;
        c->line++;
        break;
    }
    if (c->width && c->nfields != c->width)
        return mb_error_set(MB_EFORMAT,
                            "%s:%zu: %zu field%s, expected %zu as in the "
                            "header",
                            c->name, c->record_line, c->nfields,
                            c->nfields == 1 ? "" : "s", c->width);
    return 1;
}

const char *mb_csv_field(const mb_csv *c, int col)
{
    return col >= 0 && (size_t)col < c->nfields ? c->fields[col] : "";
}

/* A header field equals `want`, ignoring ASCII case and outer blanks. */
static int same_name(const char *field, const char *want)
{
    size_t n = strlen(want);

    while (*field == ' ' || *field == '\t')
        field++;
    if (strncasecmp(field, want, n) != 0)
        return 0;
    for (field += n; *field == ' ' || *field == '\t'; field++)
        ;
    return *field == '\0';
}

/* Append text to a message buffer, cut at its end. */
static void append(char *buf, size_t size, size_t *n, const char *text)
{
    size_t k = strlen(text);

    if (*n + 1 >= size)
        return;
    if (k > size - *n - 1)
        k = size - *n - 1;
    memcpy(buf + *n, text, k);
    *n += k;
    buf[*n] = '\0';
}

/* The header fields as "'a', 'b', ..." for a message. */
static void list_header(const mb_csv *c, char *buf, size_t size)
{
    size_t n = 0, k;
    char shown[48];

    buf[0] = '\0';
    for (k = 0; k < c->nfields; k++) {
        if (n > size - 60) {
            append(buf, size, &n, ", ...");
            break;
        }
        if (k)
            append(buf, size, &n, ", ");
        append(buf, size, &n, mb_csv_quote(c->fields[k], shown, sizeof shown));
    }
}

int mb_csv_header(mb_csv *c, mb_csv_column *cols, size_t ncols)
{
    char missing[400], header[400];
    size_t n = 0, k, j, nmissing = 0;
    int rc = mb_csv_next(c);

    if (rc < 0)
        return rc;
    missing[0] = '\0';
    for (k = 0; k < ncols; k++) {
        cols[k].index = -1;
        for (j = 0; rc > 0 && j < c->nfields; j++) {
            if (!same_name(c->fields[j], cols[k].name))
                continue;
            if (cols[k].index >= 0)
                return mb_error_set(MB_EFORMAT,
                                    "%s:%zu: column '%s' appears twice "
                                    "(columns %d and %zu)",
                                    c->name, c->record_line, cols[k].name,
                                    cols[k].index + 1, j + 1);
            cols[k].index = (int)j;
        }
        if (cols[k].index < 0 && cols[k].required) {
            append(missing, sizeof missing, &n, nmissing++ ? ", '" : "'");
            append(missing, sizeof missing, &n, cols[k].name);
            append(missing, sizeof missing, &n, "'");
        }
    }
    if (rc == 0)
        return mb_error_set(MB_EFORMAT,
                            "%s:1: empty file; expected a header line with "
                            "the columns %s",
                            c->name, missing);
    if (nmissing) {
        list_header(c, header, sizeof header);
        return mb_error_set(
            MB_EFORMAT, "%s:%zu: missing column%s %s; the header has %s",
            c->name, c->record_line, nmissing > 1 ? "s" : "", missing, header);
    }
    c->width = c->nfields;
    return 0;
}

/* The word at s (case ignored) and blanks after it, to the end. */
static int is_word(const char *s, const char *word)
{
    size_t n = strlen(word);

    if (strncasecmp(s, word, n) != 0)
        return 0;
    for (s += n; *s == ' ' || *s == '\t'; s++)
        ;
    return *s == '\0';
}

int mb_csv_parse_double(const char *s, double *out)
{
    const char *q, *start;
    int digits = 0;
    double v;

    while (*s == ' ' || *s == '\t')
        s++;
    start = s;
    q = s;
    if (*q == '+' || *q == '-')
        q++;
    if (is_word(q, "nan") || is_word(q, "inf") || is_word(q, "infinity"))
        return 2;
    /* By hand: strtod would also take hex floats and "nan(...)". */
    for (; isdigit((unsigned char)*q); q++)
        digits++;
    if (*q == '.')
        for (q++; isdigit((unsigned char)*q); q++)
            digits++;
    if (!digits)
        return 1;
    if (*q == 'e' || *q == 'E') {
        q++;
        if (*q == '+' || *q == '-')
            q++;
        if (!isdigit((unsigned char)*q))
            return 1;
        while (isdigit((unsigned char)*q))
            q++;
    }
    while (*q == ' ' || *q == '\t')
        q++;
    if (*q)
        return 1;
    v = strtod(start, NULL);
    if (!isfinite(v))
        return 2;
    *out = v;
    return 0;
}

int mb_csv_double(const mb_csv *c, int col, const char *what, double *out)
{
    const char *s = mb_csv_field(c, col);
    char shown[96];
    int rc = mb_csv_parse_double(s, out);

    if (rc == 1)
        return mb_error_set(MB_EFORMAT,
                            "%s:%zu: %s %s is not a number; expected a "
                            "decimal number such as 0.25 or 1e-3",
                            c->name, c->record_line, what,
                            mb_csv_quote(s, shown, sizeof shown));
    if (rc == 2)
        return mb_error_set(MB_ENUMERIC,
                            "%s:%zu: %s %s is not a finite number; expected "
                            "a decimal number such as 0.25 or 1e-3",
                            c->name, c->record_line, what,
                            mb_csv_quote(s, shown, sizeof shown));
    return 0;
}
