/*
 * npy.h - NumPy .npy files (format versions 1.0, 2.0 and 3.0), the arrays
 * Brightway datapackages and pymrio's binary form are made of.
 *
 * Reading accepts little-endian booleans, integers and floats of any width,
 * and structured dtypes of such fields (e.g. [('row','<i8'),('col','<i8')]).
 * Fortran order is accepted for 1-D and 2-D arrays and reported.
 * Specification: numpy/lib/format.py ("NPY format"), NEP 1.
 */
#ifndef METABOL_NPY_H
#define METABOL_NPY_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MB_NPY_MAX_DIMS 8
#define MB_NPY_MAX_FIELDS 16

/* One scalar type: 'b' bool, 'i' signed, 'u' unsigned, 'f' float. */
typedef struct mb_npy_field {
    char name[32]; /* "" for a plain (unstructured) dtype */
    char kind;
    int size;      /* bytes: 1, 2, 4 or 8 */
    int offset;    /* byte offset inside one element */
} mb_npy_field;

typedef struct mb_npy {
    int ndim;
    int64_t shape[MB_NPY_MAX_DIMS];
    int fortran_order;
    int nfields;           /* 1 for a plain dtype */
    mb_npy_field fields[MB_NPY_MAX_FIELDS];
    int64_t itemsize;      /* bytes per element */
    int64_t count;         /* number of elements (product of shape) */
    unsigned char *data;   /* count * itemsize bytes */
    void *block;           /* the allocation or mapping `data` points into */
    size_t block_len;      /* its length, for a mapping */
    int mapped;            /* 1: block is a private file mapping */
} mb_npy;

/* Parse a whole .npy file held in memory; `name` labels error messages. */
MB_EXTERN int mb_npy_from_buffer(mb_npy **out, const void *buf, size_t len,
                                 const char *name);
/* Read a .npy file: mapped into memory, not copied, so a large array costs
 * no read time up front. The mapping is read-only: do not write to data. */
MB_EXTERN int mb_npy_read(mb_npy **out, const char *path);
MB_EXTERN void mb_npy_free(mb_npy *a);

/* The index of the field called `name`, or -1. */
MB_EXTERN int mb_npy_field_index(const mb_npy *a, const char *name);

/*
 * Element k of field f converted to double / int64 (booleans give 0 or 1).
 * No bounds checks: k < count, f < nfields.
 */
MB_EXTERN double mb_npy_get_f64(const mb_npy *a, int f, int64_t k);
MB_EXTERN int64_t mb_npy_get_i64(const mb_npy *a, int f, int64_t k);

/*
 * Field f of every element converted into out (count entries): a plain
 * memcpy or a strided copy when the type already matches, else a conversion
 * (integers from floats out of range or NaN become INT64_MIN).
 */
MB_EXTERN void mb_npy_to_f64(const mb_npy *a, int f, double *out);
MB_EXTERN void mb_npy_to_i64(const mb_npy *a, int f, int64_t *out);

/*
 * Write `a` as a version 1.0 .npy file (C order unless a->fortran_order):
 * plain or structured dtypes of the kinds the reader accepts. The file is
 * written whole or removed.
 */
MB_EXTERN int mb_npy_write(const char *path, const mb_npy *a);

/*
 * A new zeroed array of `count` elements of one plain field ("<f8", "<i8",
 * "<i4", "|b1") or, with fields, a structured one; shape (count,).
 */
MB_EXTERN int mb_npy_new(mb_npy **out, int64_t count, int nfields,
                         const mb_npy_field *fields);

#ifdef __cplusplus
}
#endif
#endif
