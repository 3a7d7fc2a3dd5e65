/*
 * tsv_numbers.h - a small loader for the numeric tables of the MRIO test
 * data (../shared/data/mrio/test_expected: pandas' to_csv with tabs, label
 * rows above and label columns to the left, '#' comment lines), and a
 * comparison of dense matrices entry by entry for the tests.
 */
#ifndef METABOL_TEST_TSV_NUMBERS_H
#define METABOL_TEST_TSV_NUMBERS_H

#include <metabol/metabol.h>

/*
 * The table at path after skip_rows label rows and skip_cols label columns
 * (comment lines not counted), as a dense matrix; NULL (message in err)
 * when the file is absent or a field is not a number.
 */
mb_dense *tsv_numbers_load(const char *path, int skip_rows, int skip_cols,
                           char *err, size_t errlen);

/*
 * 0 when got and want agree in shape and every entry satisfies
 * |g - w| <= rel * max(|g|, |w|) + abs_tol; else 1 with the first mismatch
 * described in msg.
 */
int dense_compare(const mb_dense *got, const mb_dense *want, double rel,
                  double abs_tol, char *msg, size_t msglen);

#endif
