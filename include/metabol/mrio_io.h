/*
 * mrio_io.h - labelled tables of a multi-regional input-output system
 * (MRIO) and its environmental extensions, read from and written to the
 * files pymrio reads (its save format: file_parameters.json + tab
 * separated tables; its test MRIO; a mock EXIOBASE 3 archive), and a
 * binary form (a directory of .npy files + labels.json) that loads by
 * mapping. See docs/mrio-formats.md.
 *
 * Labels are pandas MultiIndex tuples: `nlevels` level names and, per
 * entry, one string per level. Data are column-major mb_dense matrices.
 */
#ifndef METABOL_MRIO_IO_H
#define METABOL_MRIO_IO_H

#include "common.h"
#include "dense.h"
#include "npy.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct mb_mrio_labels {
    int nlevels;       /* >= 1 */
    char **names;      /* nlevels level names, "" when unnamed */
    int64_t n;         /* number of entries */
    char **values;     /* values[k * nlevels + l]: entry k, level l */
    void *index;       /* lookup map (internal), built by the readers */
} mb_mrio_labels;

/* A rows.n x cols.n table of numbers. */
typedef struct mb_mrio_table {
    char *name;             /* "Z", "A", "Y", "x", "F", "F_Y", ... */
    mb_mrio_labels rows, cols;
    mb_dense *data;         /* ld == rows.n */
    mb_npy *mapping;        /* binary form: data->x points into this
                             * read-only mapping (do not write), else NULL */
} mb_mrio_table;

/* Units: one string per row label (pymrio's "unit" DataFrame). */
typedef struct mb_mrio_units {
    mb_mrio_labels rows;
    char **unit;            /* rows.n strings */
} mb_mrio_units;

/* The core system or one extension (satellite account). */
typedef struct mb_mrio_account {
    char *name;             /* "" for the core; the extension's name */
    char *dir;              /* save format: its sub-folder, "" for core */
    mb_mrio_table **tables; /* in reading order */
    size_t ntables;
    mb_mrio_units *unit;    /* NULL when not given */
} mb_mrio_account;

typedef struct mb_mrio {
    char *source;           /* the path read */
    mb_mrio_account core;   /* Z or A, Y, x, ... */
    mb_mrio_account *ext;   /* extensions: F, F_Y, S, ... */
    size_t next;
    mb_mrio_table *population; /* 1 x regions, NULL when not given */
} mb_mrio;

/* Index of the entry whose levels are `tuple` (nlevels strings), or -1. */
MB_EXTERN int64_t mb_mrio_labels_find(const mb_mrio_labels *l,
                                      const char *const *tuple);
/* 1 when a and b have the same levels (names too) and entries in order. */
MB_EXTERN int mb_mrio_labels_equal(const mb_mrio_labels *a,
                                   const mb_mrio_labels *b);
/* The table called `name` in account a, or NULL. */
MB_EXTERN mb_mrio_table *mb_mrio_table_get(const mb_mrio_account *a,
                                           const char *name);
/* The extension called `name` (its name or its sub-folder), or NULL. */
MB_EXTERN mb_mrio_account *mb_mrio_ext_get(const mb_mrio *m,
                                           const char *name);
MB_EXTERN void mb_mrio_table_free(mb_mrio_table *t);
MB_EXTERN void mb_mrio_units_free(mb_mrio_units *u);
MB_EXTERN void mb_mrio_free(mb_mrio *m);

/*
 * Parse one tab-separated table as pandas DataFrame.to_csv(sep="\t")
 * writes it: nr_header header rows (with more than one, each starts with
 * the column level's name, then nr_index_col - 1 empty cells; with one,
 * its first nr_index_col cells name the index levels), an optional row of
 * index level names (data cells all empty), then rows of nr_index_col
 * labels and the numbers. `label` names the text in errors: "label: line
 * L, column C (labels): value 'v': expected ...". Numbers must be finite.
 */
MB_EXTERN int mb_mrio_table_parse(mb_mrio_table **out, const char *buf,
                                  size_t len, const char *label,
                                  int nr_index_col, int nr_header);
/* The same shape of file, holding strings (unit.txt): one column. */
MB_EXTERN int mb_mrio_units_parse(mb_mrio_units **out, const char *buf,
                                  size_t len, const char *label,
                                  int nr_index_col, int nr_header);

/*
 * Read pymrio's save format from a directory or a zip: the folder with a
 * file_parameters.json of systemtype "IOSystem" is the core, every other
 * folder with one (systemtype "Extension") an extension. F_hh (EXIOBASE
 * 3) is read as F_Y, as pymrio.parse_exiobase3 renames it. Labels are
 * checked to agree (mb_mrio_check).
 */
MB_EXTERN int mb_mrio_read_pymrio(mb_mrio **out, const char *path);
/*
 * Read pymrio's test MRIO (pymrio/mrio_models/test_mrio: the folder with
 * mrio_data/), as pymrio.load_test does: the unit index column split off.
 */
MB_EXTERN int mb_mrio_read_test_mrio(mb_mrio **out, const char *dir);
/* Either of the two, by what path holds. */
MB_EXTERN int mb_mrio_read(mb_mrio **out, const char *path);

/*
 * Check that the labels agree: Z, A square with rows == cols; Y, x, unit
 * rows == the core's rows; an extension's F (S, M) columns == the core's
 * columns, F_Y (S_Y) columns == Y's columns, every table's rows == the
 * extension's units' rows. MB_EFORMAT naming both tables on a mismatch.
 */
MB_EXTERN int mb_mrio_check(const mb_mrio *m);

/*
 * Write m in pymrio's save format into dir (created; must not exist):
 * written into a temporary sibling and renamed, so nothing half-written
 * is left. Numbers as the shortest decimal that reads back exactly.
 */
MB_EXTERN int mb_mrio_write_pymrio(const mb_mrio *m, const char *dir);

/*
 * The binary form: dir (a ".mrio" directory, created; must not exist,
 * written to a temporary sibling and renamed) with labels.json and one
 * Fortran-order float64 .npy per table. mb_mrio_load maps the .npy files.
 */
MB_EXTERN int mb_mrio_save(const mb_mrio *m, const char *dir);
MB_EXTERN int mb_mrio_load(mb_mrio **out, const char *dir);

#ifdef __cplusplus
}
#endif
#endif
