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

#include "metabol/report.h"

/* The report of a system with labels (labeled_report.c). */
int mb_report_labeled(FILE *out, const mb_lca_result *r,
                      const mb_report_options *o);

/* One method's contributions: full vectors and the top indices. */
typedef struct mb_contrib {
    int64_t *act_idx, nact;
    int64_t *flow_idx, nflow;
    double *act, *flow;
} mb_contrib;

int mb_contrib_compute(mb_contrib *c, const mb_lca_result *r, size_t m,
                       int64_t top);
void mb_contrib_free(mb_contrib *c);

/* part / whole, 0 when whole is 0. */
double mb_share(double part, double whole);

/*
 * Write root as the indented JSON report (unless rc is already an error),
 * release it, and return the outcome.
 */
struct json_t;
int mb_write_json_report(FILE *out, struct json_t *root, int rc);

/* The methods to report: the caller's selection, else all. */
size_t mb_report_method_at(const mb_report_options *o, size_t k);
size_t mb_report_method_count(const mb_report_options *o,
                              const mb_system *s);

#endif
