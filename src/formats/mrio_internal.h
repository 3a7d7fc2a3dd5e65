/*
 * mrio_internal.h - helpers shared by the MRIO readers and writers
 * (src/formats/mrio_*.c). Internal to formats/.
 */
#ifndef MB_FORMATS_MRIO_INTERNAL_H
#define MB_FORMATS_MRIO_INTERNAL_H
#include <stddef.h>
#include "metabol/mrio_io.h"

/* Empty labels of nlevels levels, names "" (0 or MB_ENOMEM). */
int mb_mrio_labels_init(mb_mrio_labels *l, int nlevels);
/* Set level `lv`'s name (copied). */
int mb_mrio_labels_set_name(mb_mrio_labels *l, int lv, const char *name);
/* Append one entry: nlevels strings of the given lengths (copied). */
int mb_mrio_labels_push(mb_mrio_labels *l, const char *const *cells,
                        const size_t *lens);
/* Build the lookup index; a repeated tuple is MB_EFORMAT naming `what`. */
int mb_mrio_labels_index(mb_mrio_labels *l, const char *what);
int mb_mrio_labels_copy(mb_mrio_labels *dst, const mb_mrio_labels *src);
void mb_mrio_labels_destroy(mb_mrio_labels *l);
/* "(AUS, food)" for messages, into buf. */
const char *mb_mrio_labels_str(const mb_mrio_labels *l, int64_t k,
                               char *buf, size_t cap);
/* Append t to account a (taking it), or MB_ENOMEM (t freed). */
int mb_mrio_account_add(mb_mrio_account *a, mb_mrio_table *t);
/* Append a new empty extension to m; NULL on out of memory. */
mb_mrio_account *mb_mrio_ext_add(mb_mrio *m, const char *name,
                                 const char *dir);
void mb_mrio_account_destroy(mb_mrio_account *a);
/* A reader's end: when rc is 0, check m and hand it to *out; else free. */
int mb_mrio_finish(mb_mrio *m, int rc, mb_mrio **out);
/* Number as the shortest "%.*g" that reads back exactly; buf >= 32. */
void mb_mrio_format_number(double v, char *buf, size_t cap);
/* Write to a new temporary sibling of dir, then rename it to dir. */
int mb_mrio_tmpdir(const char *dir, char **tmp);
int mb_mrio_commit_dir(char *tmp, const char *dir, int rc);
#endif
