/*
 * test_csv.c - the in-place CSV record reader of formats/ (src/formats/
 * csv.h): RFC 4180 quoting, line ends, line numbers, header matching,
 * numbers, and the errors, each one line naming the file and the line.
 */
#include <stdlib.h>
#include <string.h>

#include <metabol/metabol.h>

#include "formats/csv.h"
#include "test.h"

/* A writable copy of text with its spare byte, as mb_csv needs. */
static char *dup_text(const char *text, size_t len)
{
    char *s = malloc(len + 1);

    if (s)
        memcpy(s, text, len);
    return s;
}

/* An error from the reader: one line, with `where` ("t.csv:3") in it. */
#define CHECK_CSV_ERROR(rc, where)                                             \
    do {                                                                       \
        CHECK_MSG((rc) < 0, "expected an error, got %d", (rc));                \
        CHECK_STR_CONTAINS(mb_error_last()->message, where);                   \
        CHECK(!strchr(mb_error_last()->message, '\n'));                        \
    } while (0)

TEST(csv_quoted_fields_escapes_and_embedded_breaks)
{
    static const char text[] = "a,\"b,c\",\"say \"\"hi\"\"\"\n"
                               "\"two\nlines\",,\"\"\n"
                               "last,\"x\"";
    char *buf = dup_text(text, sizeof text - 1);
    mb_csv c;

    CHECK(buf);
    mb_csv_init(&c, buf, sizeof text - 1, "t.csv");
    CHECK(mb_csv_next(&c) == 1);
    CHECK(c.nfields == 3 && c.record_line == 1);
    CHECK(!strcmp(c.fields[0], "a"));
    CHECK(!strcmp(c.fields[1], "b,c"));
    CHECK(!strcmp(c.fields[2], "say \"hi\""));
    CHECK(mb_csv_next(&c) == 1);
    CHECK(c.nfields == 3 && c.record_line == 2);
    CHECK(!strcmp(c.fields[0], "two\nlines"));
    CHECK(!strcmp(c.fields[1], "") && !strcmp(c.fields[2], ""));
    CHECK(mb_csv_next(&c) == 1);
    CHECK(c.record_line == 4); /* the quoted break counts as a line */
    CHECK(c.nfields == 2 && !strcmp(c.fields[1], "x"));
    CHECK(mb_csv_next(&c) == 0);
    mb_csv_destroy(&c);
    free(buf);
}

TEST(csv_line_ends_bom_blank_lines_and_trailing_comma)
{
    static const char text[] = "\xEF\xBB\xBFh1,h2\r\n\r\n1,2\r3,\n\n4,5";
    char *buf = dup_text(text, sizeof text - 1);
    mb_csv c;

    CHECK(buf);
    mb_csv_init(&c, buf, sizeof text - 1, "t.csv");
    CHECK(mb_csv_next(&c) == 1);
    CHECK(!strcmp(c.fields[0], "h1") && !strcmp(c.fields[1], "h2"));
    CHECK(mb_csv_next(&c) == 1);
    CHECK(c.record_line == 3 && !strcmp(c.fields[1], "2"));
    CHECK(mb_csv_next(&c) == 1);
    CHECK(c.record_line == 4 && c.nfields == 2 && !c.fields[1][0]);
    CHECK(mb_csv_next(&c) == 1);
    CHECK(c.record_line == 6 && !strcmp(c.fields[0], "4"));
    CHECK(mb_csv_next(&c) == 0);
    mb_csv_destroy(&c);
    free(buf);
}

/* The fields stay valid after the reader has moved on. */
TEST(csv_fields_outlive_their_record)
{
    static const char text[] = "x,\"q\"\"q\"\ny,z\n";
    char *buf = dup_text(text, sizeof text - 1);
    const char *first, *second;
    mb_csv c;

    CHECK(buf);
    mb_csv_init(&c, buf, sizeof text - 1, "t.csv");
    CHECK(mb_csv_next(&c) == 1);
    first = c.fields[0];
    second = c.fields[1];
    CHECK(mb_csv_next(&c) == 1);
    CHECK(mb_csv_next(&c) == 0);
    CHECK(!strcmp(first, "x") && !strcmp(second, "q\"q"));
    mb_csv_destroy(&c);
    free(buf);
}

TEST(csv_empty_input_has_no_records)
{
    char buf[4] = "\xEF\xBB\xBF";
    mb_csv c;

    mb_csv_init(&c, buf, 0, "t.csv");
    CHECK(mb_csv_next(&c) == 0);
    memcpy(buf, "\xEF\xBB\xBF", 3);   /* the first init wrote buf[0] */
    mb_csv_init(&c, buf, 3, "t.csv"); /* a byte-order mark alone */
    CHECK(mb_csv_next(&c) == 0);
    mb_csv_destroy(&c);
}

TEST(csv_unterminated_quote_names_the_line_it_opened_on)
{
    static const char text[] = "a,b\nc,\"d\ne\nf";
    char *buf = dup_text(text, sizeof text - 1);
    mb_csv c;

    CHECK(buf);
    mb_csv_init(&c, buf, sizeof text - 1, "t.csv");
    CHECK(mb_csv_next(&c) == 1);
    CHECK_CSV_ERROR(mb_csv_next(&c), "t.csv:2: unterminated quoted field");
    mb_csv_destroy(&c);
    free(buf);
}

TEST(csv_text_after_closing_quote_and_nul_bytes_are_errors)
{
    static const char junk[] = "a\n\"b\"c,d\n";
    static const char nul[] = "a\nb\0c\n";
    char *buf = dup_text(junk, sizeof junk - 1);
    mb_csv c;

    CHECK(buf);
    mb_csv_init(&c, buf, sizeof junk - 1, "t.csv");
    CHECK(mb_csv_next(&c) == 1);
    CHECK_CSV_ERROR(mb_csv_next(&c), "t.csv:2: text 'c,d\\n' after");
    mb_csv_destroy(&c);
    free(buf);
    buf = dup_text(nul, sizeof nul - 1);
    CHECK(buf);
    mb_csv_init(&c, buf, sizeof nul - 1, "t.csv");
    CHECK(mb_csv_next(&c) == 1);
    CHECK_CSV_ERROR(mb_csv_next(&c), "t.csv:2: a NUL byte");
    mb_csv_destroy(&c);
    free(buf);
}

TEST(csv_header_finds_columns_by_name_and_sets_the_width)
{
    static const char text[] = " flow ID ,Amount,Unit\nf1,2,kg\nf2,3\n";
    char *buf = dup_text(text, sizeof text - 1);
    mb_csv_column cols[] = {
        {"Unit", 1, -1}, {"Flow id", 1, -1}, {"Comment", 0, -1}};
    mb_csv c;

    CHECK(buf);
    mb_csv_init(&c, buf, sizeof text - 1, "t.csv");
    CHECK_OK(mb_csv_header(&c, cols, 3));
    CHECK(cols[0].index == 2 && cols[1].index == 0 && cols[2].index == -1);
    CHECK(c.width == 3);
    CHECK(mb_csv_next(&c) == 1);
    CHECK(!strcmp(mb_csv_field(&c, cols[1].index), "f1"));
    CHECK(!strcmp(mb_csv_field(&c, cols[2].index), ""));
    CHECK_CSV_ERROR(mb_csv_next(&c), "t.csv:3: 2 fields, expected 3");
    mb_csv_destroy(&c);
    free(buf);
}

TEST(csv_header_errors_name_every_missing_column)
{
    static const char text[] = "A,B,B\n";
    char *buf = dup_text(text, sizeof text - 1);
    mb_csv_column missing[] = {{"A", 1, -1}, {"C", 1, -1}, {"D", 1, -1}};
    mb_csv_column twice[] = {{"b", 1, -1}};
    mb_csv c;

    CHECK(buf);
    mb_csv_init(&c, buf, sizeof text - 1, "t.csv");
    CHECK_CSV_ERROR(mb_csv_header(&c, missing, 3),
                    "t.csv:1: missing columns 'C', 'D'; the header has "
                    "'A', 'B', 'B'");
    mb_csv_destroy(&c);
    memcpy(buf, text, sizeof text - 1);
    mb_csv_init(&c, buf, sizeof text - 1, "t.csv");
    CHECK_CSV_ERROR(mb_csv_header(&c, twice, 1),
                    "t.csv:1: column 'b' appears twice (columns 2 and 3)");
    mb_csv_destroy(&c);
    mb_csv_init(&c, buf, 0, "empty.csv");
    CHECK_CSV_ERROR(mb_csv_header(&c, twice, 1), "empty.csv:1: empty file");
    mb_csv_destroy(&c);
    free(buf);
}

TEST(csv_numbers_decimal_only_and_finite)
{
    double v = 0;

    CHECK(mb_csv_parse_double("1.5", &v) == 0 && v == 1.5);
    CHECK(mb_csv_parse_double(" -2e-3 ", &v) == 0 && v == -2e-3);
    CHECK(mb_csv_parse_double(".5", &v) == 0 && v == 0.5);
    CHECK(mb_csv_parse_double("7.", &v) == 0 && v == 7);
    CHECK(mb_csv_parse_double("+1E+2", &v) == 0 && v == 100);
    CHECK(mb_csv_parse_double("8.329999999999999e-05", &v) == 0 &&
          v == 8.329999999999999e-05);
    CHECK(mb_csv_parse_double("", &v) == 1);
    CHECK(mb_csv_parse_double("1.2.3", &v) == 1);
    CHECK(mb_csv_parse_double("0x10", &v) == 1);
    CHECK(mb_csv_parse_double("1e", &v) == 1);
    CHECK(mb_csv_parse_double("1,5", &v) == 1);
    CHECK(mb_csv_parse_double(".", &v) == 1);
    CHECK(mb_csv_parse_double("NaN", &v) == 2);
    CHECK(mb_csv_parse_double("-inf", &v) == 2);
    CHECK(mb_csv_parse_double("Infinity", &v) == 2);
    CHECK(mb_csv_parse_double("1e999", &v) == 2);
}

TEST(csv_quote_escapes_control_bytes_and_cuts_long_values)
{
    char buf[16];

    CHECK(!strcmp(mb_csv_quote("a\nb\x01", buf, sizeof buf), "'a\\nb\\x01'"));
    CHECK(!strcmp(mb_csv_quote("0123456789abcdef", buf, sizeof buf),
                  "'012345...'"));
}
