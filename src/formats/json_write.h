/*
 * json_write.h - writing JSON (RFC 8259) documents into a growing buffer,
 * for the exporters: objects and arrays with their commas placed, strings
 * escaped (invalid UTF-8 replaced by U+FFFD, so the output is always
 * valid), and numbers in the shortest form that reads back as the same
 * double. Internal to formats/.
 *
 * Calls never fail one by one: an allocation failure is remembered and
 * reported by mb_jw_status, so a document is written straight through and
 * checked once.
 */
#ifndef MB_FORMATS_JSON_WRITE_H
#define MB_FORMATS_JSON_WRITE_H

#include <stddef.h>
#include <stdint.h>

#define MB_JW_MAX_DEPTH 32

typedef struct mb_jw {
    char *buf; /* NUL-terminated when status is 0 */
    size_t len, cap;
    int depth;
    char close[MB_JW_MAX_DEPTH];          /* '}' or ']' per open level */
    unsigned char empty[MB_JW_MAX_DEPTH]; /* nothing written at the level */
    int status;                           /* 0 or the first MB_E* code */
} mb_jw;

void mb_jw_init(mb_jw *w);
void mb_jw_destroy(mb_jw *w);
/* Empty the buffer (its memory kept) for the next document. */
void mb_jw_reset(mb_jw *w);

/*
 * Every writer takes the member's key; NULL for an array item or the
 * document itself.
 */
void mb_jw_object(mb_jw *w, const char *key);
void mb_jw_array(mb_jw *w, const char *key);
/* Close the innermost open object or array. */
void mb_jw_end(mb_jw *w);
/* A string; nothing at all (not even the key) when s is NULL. */
void mb_jw_string(mb_jw *w, const char *key, const char *s);
/* A number; nothing when v is not finite (JSON has no NaN). */
void mb_jw_number(mb_jw *w, const char *key, double v);
void mb_jw_int(mb_jw *w, const char *key, int64_t v);
void mb_jw_bool(mb_jw *w, const char *key, int v);
/* A value written before (a document of another mb_jw), as it is. */
void mb_jw_raw(mb_jw *w, const char *key, const char *json, size_t len);

/* 0 when everything was written, else MB_ENOMEM or MB_EINTERNAL. */
int mb_jw_status(const mb_jw *w);

#endif
