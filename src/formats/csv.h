/*
 * csv.h - an RFC 4180 CSV record reader over a memory buffer, parsed in
 * place. Internal to formats/.
 *
 * The reader splits the buffer into NUL-terminated fields by writing into
 * it: the delimiter after an unquoted field becomes '\0', and a quoted
 * field is unescaped where it stands (it only gets shorter). So no field is
 * copied, and every field pointer stays valid, after the reader has moved
 * on, for as long as the buffer lives. The buffer must be writable and one
 * byte longer than the data (mb_archive_read gives such buffers).
 *
 * Accepted: quoted fields with "" for a quote, commas and line breaks inside
 * quotes, CRLF, LF or CR line ends (mixed), an optional UTF-8 byte-order
 * mark, a last line without a line end. Empty lines are skipped. Refused,
 * with the line in the message: an unterminated quote, text after a closing
 * quote, a NUL byte, and (when a width is set) a record with another number
 * of fields.
 */
#ifndef MB_FORMATS_CSV_H
#define MB_FORMATS_CSV_H

#include <stddef.h>

typedef struct mb_csv {
    const char *name;   /* the file, for messages */
    char *p;            /* the next byte to read */
    char *end;          /* one past the data; *end is writable */
    size_t line;        /* 1-based line of p */
    size_t record_line; /* the line the current record starts on */
    char **fields;      /* the current record */
    size_t nfields;
    size_t cap;
    size_t width; /* every record must have this many fields; 0: any */
} mb_csv;

/*
 * Start reading buf[0..len); buf[len] must be writable too (it is set to
 * '\0'). `name` is borrowed for messages. A UTF-8 byte-order mark is
 * skipped.
 */
void mb_csv_init(mb_csv *c, char *buf, size_t len, const char *name);

/* Read the next record: 1 when there is one, 0 at the end, or an error. */
int mb_csv_next(mb_csv *c);

void mb_csv_destroy(mb_csv *c);

/* A column looked up by its header text. */
typedef struct mb_csv_column {
    const char *name; /* matched ignoring ASCII case and outer blanks */
    int required;
    int index; /* set by mb_csv_header: the field index, or -1 */
} mb_csv_column;

/*
 * Read the header record, find the columns in it and set the width to the
 * header's field count. An empty file, missing required columns (all of
 * them named) or a wanted column that appears twice is an error.
 */
int mb_csv_header(mb_csv *c, mb_csv_column *cols, size_t ncols);

/*
 * Field `col` of the current record, or "" when col is negative (an
 * optional column that is absent).
 */
const char *mb_csv_field(const mb_csv *c, int col);

/*
 * A decimal number: optional blanks, sign, digits with an optional point,
 * an optional exponent (no hex, no "inf" or "nan"). 0 and *out when it is
 * one; 1 when the text is not a number; 2 when it spells a number that is
 * not finite ("NaN", "inf", "1e999").
 */
int mb_csv_parse_double(const char *s, double *out);

/*
 * Field `col` as a finite number, or an error naming the file, the line,
 * the column `what` and the value.
 */
int mb_csv_double(const mb_csv *c, int col, const char *what, double *out);

/*
 * `s` for a message: quoted, control bytes escaped, cut to fit `size`.
 * Returns buf.
 */
const char *mb_csv_quote(const char *s, char *buf, size_t size);

#endif
