/*
 * simapro_lines.h - the lines and fields of a SimaPro CSV export: its
 * header ("{SimaPro 9.1}", "{CSV separator: Tab}", "{Decimal separator:
 * ,}", ...), then records split at the separator the header names, read
 * one line at a time from a file or from memory. Internal to formats/.
 *
 * A field that starts with '"' is quoted ("" for a quote) and may hold the
 * separator and line breaks, as SimaPro writes long comments. Each field is
 * read as UTF-8 when it is valid UTF-8, else as Windows-1252 (SimaPro's
 * encoding) and converted, so a name reads the same wherever it appears.
 * Blanks (and SimaPro's in-text line break, 0x7F) around a field are cut.
 * Lines end with LF, CRLF or CR.
 */
#ifndef MB_FORMATS_SIMAPRO_LINES_H
#define MB_FORMATS_SIMAPRO_LINES_H

#include <stddef.h>
#include <stdio.h>

typedef struct sp_lines {
    const char *name; /* the file, for messages */
    FILE *fp;         /* the source: a file, or ... */
    const unsigned char *mem; /* ... memory */
    size_t mem_len, mem_pos;
    unsigned char *chunk; /* read buffer of a file */
    size_t chunk_len, chunk_pos;
    int eof, skip_lf;
    size_t line;        /* the last line read, 1-based */
    size_t record_line; /* the line the current record starts on */
    char sep;           /* field separator: ';', '\t' or ',' */
    char decimal;       /* decimal separator: '.' or ',' */
    int modern;         /* a "{SimaPro ...}" header (else "SimaPro ...;") */
    char *raw;          /* the current line */
    size_t raw_len, raw_cap;
    int pending;        /* raw holds a line not split yet */
    unsigned char *tmp; /* the record's field bytes, unquoted */
    size_t tmp_cap;
    char *text;         /* its fields decoded, NUL-terminated */
    size_t text_cap;
    size_t *starts;     /* offset of each field in tmp, then in text */
    char **fields;
    size_t nfields, cap_starts, cap_fields;
} sp_lines;

/* Read from an open file (borrowed) or from memory; `name` is borrowed. */
void sp_lines_init_file(sp_lines *l, FILE *fp, const char *name);
void sp_lines_init_memory(sp_lines *l, const void *buf, size_t len,
                          const char *name);
void sp_lines_destroy(sp_lines *l);

/*
 * Read the header: the "{...}" lines of a SimaPro 7-9 export, or the one
 * line "SimaPro ...<sep>..." of older ones. Sets sep, decimal and modern;
 * anything else is an error naming line 1.
 */
int sp_lines_header(sp_lines *l);

/* The next record into fields: 1, 0 at the end of the input, or an error. */
int sp_lines_next(sp_lines *l);

/* Field k of the record, "" past its end. */
const char *sp_field(const sp_lines *l, size_t k);

/* Whether every field of the record is empty. */
int sp_lines_blank(const sp_lines *l);

/* How many fields of the record are not empty. */
size_t sp_lines_filled(const sp_lines *l);

#endif
