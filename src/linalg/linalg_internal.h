/*
 * linalg_internal.h - linalg functions for other modules of the library,
 * not part of the public API.
 */
#ifndef MB_LINALG_INTERNAL_H
#define MB_LINALG_INTERNAL_H

#include "metabol/npy.h"

/*
 * Parse a .npy file held in buf (allocated with mb_malloc), taking
 * ownership of buf whatever the outcome: the array's data points into it,
 * so the file is not copied again.
 */
int mb_npy_adopt(mb_npy **out, void *buf, size_t len, const char *name);

#endif
