/*
 * test_json.c - the importers' JSON reader (src/formats/json.c): values
 * and escapes as RFC 8259 defines them, the errors with line and column,
 * limits, and the arena reused from document to document.
 */
#include <stdio.h>
#include <string.h>

#include <metabol/metabol.h>

#include "formats/json.h"
#include "test.h"

static const mb_json *parse(mb_json_parser *p, const char *text)
{
    const mb_json *root = NULL;

    return mb_json_parse(p, text, strlen(text), "t.json", &root) == 0 ? root
                                                                       : NULL;
}

TEST(json_values_and_escapes)
{
    mb_json_parser p;
    const mb_json *v, *a, *item;
    uint32_t k;
    double sum = 0;

    mb_json_parser_init(&p);
    v = parse(&p, " {\"a\": [1, -2.5e1, 0.125, true, false, null],\n"
                  "  \"s\": \"x\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\","
                  "  \"k\": 1, \"k\": 2, \"o\": {}, \"e\": []} ");
    CHECK(v && v->type == MB_JSON_OBJECT && v->n == 6);
    a = mb_json_get(v, "a");
    CHECK(a && a->type == MB_JSON_ARRAY && a->n == 6);
    MB_JSON_EACH(a, k, item)
        if (item->type == MB_JSON_NUMBER)
            sum += item->u.number;
    CHECK(sum == 1 - 25 + 0.125);
    CHECK(a->u.items[3].type == MB_JSON_TRUE &&
          a->u.items[4].type == MB_JSON_FALSE &&
          a->u.items[5].type == MB_JSON_NULL);
    /* "é" is C3 A9, U+1F600 F0 9F 98 80 */
    CHECK(strcmp(mb_json_get(v, "s")->u.string,
                 "x\"\\/\b\f\n\r\t\xc3\xa9\xf0\x9f\x98\x80") == 0);
    CHECK(mb_json_get(v, "s")->n == 15);
    CHECK(mb_json_get(v, "k")->u.number == 2); /* the last, as jansson */
    CHECK(mb_json_get(v, "o")->n == 0 && mb_json_get(v, "e")->n == 0);
    CHECK(mb_json_get(v, "missing") == NULL && mb_json_get(a, "a") == NULL);
    /* the arena is reused: a second document, the first's values gone */
    v = parse(&p, "[\"\\ud800x\"]"); /* a lone surrogate: U+FFFD */
    CHECK(v && strcmp(v->u.items[0].u.string, "\xef\xbf\xbdx") == 0);
    mb_json_parser_destroy(&p);
}

TEST(json_errors_name_line_and_column)
{
    static const struct {
        const char *text, *message;
    } cases[] = {
        {"{\"a\": 1,\n \"b\" 2}", "t.json: line 2, column 6: ':' expected"},
        {"[1, 2", "line 1, column 6: ',' or ']' expected"},
        {"[01]", "line 1, column 3: ',' or ']' expected"},
        {"[1.]", "invalid number"},
        {"[-]", "invalid token"},
        {"[+1]", "invalid token"},
        {"[NaN]", "invalid token"},
        {"[1e999]", "number out of range"},
        {"[tru]", "invalid token"},
        {"{\"a\": 1} x", "end of input expected"},
        {"\"a\tb\"", "control character 0x09 in a string"},
        {"\"abc", "unterminated string"},
        {"\"\\x\"", "invalid escape"},
        {"\"\\u12\"", "invalid \\u escape"},
        {"{1: 2}", "string or '}' expected"},
        {"", "unexpected end of input"},
    };
    mb_json_parser p;
    char deep[2000];
    size_t k;

    mb_json_parser_init(&p);
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        CHECK_MSG(parse(&p, cases[k].text) == NULL, "case %zu parsed", k);
        CHECK(mb_error_last()->code == MB_EFORMAT);
        CHECK_STR_CONTAINS(mb_error_last()->message, cases[k].message);
    }
    memset(deep, '[', sizeof deep - 1);
    deep[sizeof deep - 1] = '\0';
    CHECK(parse(&p, deep) == NULL);
    CHECK_STR_CONTAINS(mb_error_last()->message, "nested deeper than 512");
    /* not NUL-terminated: the length is the end */
    {
        const mb_json *root;

        CHECK(mb_json_parse(&p, "[12]345", 4, "t.json", &root) == 0);
        CHECK(root->u.items[0].u.number == 12);
    }
    mb_json_parser_destroy(&p);
}
