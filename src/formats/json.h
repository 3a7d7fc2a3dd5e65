/*
 * json.h - a small JSON (RFC 8259) reader for the importers: one document
 * parsed into a tree that lives in one arena, reused from document to
 * document, so that reading an archive of 50,000 entities does not
 * allocate and free every node. Internal to formats/.
 */
#ifndef MB_FORMATS_JSON_H
#define MB_FORMATS_JSON_H

#include <stddef.h>
#include <stdint.h>

typedef enum mb_json_type {
    MB_JSON_NULL,
    MB_JSON_FALSE,
    MB_JSON_TRUE,
    MB_JSON_NUMBER,
    MB_JSON_STRING,
    MB_JSON_ARRAY,
    MB_JSON_OBJECT
} mb_json_type;

typedef struct mb_json mb_json;

/*
 * A value. Arrays hold n items; objects n members, stored as 2n values
 * (key string, value) in order; strings n bytes, NUL-terminated, escapes
 * decoded to UTF-8.
 */
struct mb_json {
    mb_json_type type;
    uint32_t n;
    union {
        double number;
        const char *string;
        mb_json *items;
    } u;
};

/* Parser state: the arena and the scratch stack, reused across documents. */
typedef struct mb_json_parser {
    struct mb_json_chunk *first, *cur; /* the arena: chunks in order */
    size_t used;                       /* bytes used in cur */
    mb_json *stack;                    /* values of open arrays, objects */
    size_t depth_values, stack_cap;
} mb_json_parser;

void mb_json_parser_init(mb_json_parser *p);
void mb_json_parser_destroy(mb_json_parser *p);

/*
 * Parse buf[0..len) (need not be NUL-terminated). The tree is valid until
 * the next parse or destroy. On malformed input: MB_EFORMAT with the
 * error record "<name>: line L, column C: <what>".
 */
int mb_json_parse(mb_json_parser *p, const char *buf, size_t len,
                  const char *name, const mb_json **root);

/* For each item of an array (arr may be NULL): k its index. */
#define MB_JSON_EACH(arr, k, item)                                            \
    for ((k) = 0; (arr) && (k) < (arr)->n && ((item) = &(arr)->u.items[k]); \
         (k)++)

/* The member `key` of an object, NULL when absent or not an object. */
const mb_json *mb_json_get(const mb_json *obj, const char *key);

#endif
