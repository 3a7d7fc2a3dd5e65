/*
 * report_util.h - quoting shared by the report writers.
 */
#ifndef MB_REPORT_UTIL_H
#define MB_REPORT_UTIL_H

#include <stdio.h>

/* s as one CSV field: in double quotes, inner quotes doubled (RFC 4180). */
void mb_write_csv_field(FILE *out, const char *s);
/* s as a JSON string: quoted, with \", \\ and control characters escaped. */
void mb_write_json_string(FILE *out, const char *s);

/* The report of a system with labels (labeled_report.c). */
#include "metabol/report.h"
int mb_report_labeled(FILE *out, const mb_lca_result *r,
                      const mb_report_options *o);

#endif
