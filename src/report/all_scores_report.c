/*
 * all_scores_report.c - the product x method score matrix from
 * mb_lca_all_scores, as CSV (a wide table: product, then one column per
 * method), JSON ({"methods", "products", "scores": rows}) or a text table.
 */
#include <stdio.h>
#include <string.h>

#include "core/core.h"
#include "metabol/report.h"
#include "report/report_util.h"

static size_t selected(const mb_report_options *o, size_t k)
{
    return o->methods ? o->methods[k] : k;
}

int mb_report_all_scores(FILE *out, const mb_system *sys,
                         const mb_dense *scores, const mb_report_options *opts)
{
    mb_report_options defaults = MB_REPORT_OPTIONS_INIT;
    const mb_report_options *o = opts ? opts : &defaults;
    size_t nm = o->methods ? o->nmethods : sys->nmethods, k;
    const char *sep = o->format == MB_REPORT_CSV ? "," : " ";
    int64_t i;

    if (scores->m != sys->nproducts || scores->n != (int64_t)sys->nmethods)
        return mb_error_set(MB_EINVAL, "score matrix does not match the "
                            "system");
    if (o->format == MB_REPORT_JSON) {
        fprintf(out, "{\"methods\": [");
        for (k = 0; k < nm; k++) {
            fputs(k ? ", " : "", out);
            mb_write_json_string(out, sys->methods[selected(o, k)].name);
        }
        fprintf(out, "],\n \"products\": [");
        for (i = 0; i < sys->nproducts; i++)
            fprintf(out, "%s%lld", i ? ", " : "",
                    (long long)sys->product_ids[i]);
        fprintf(out, "],\n \"scores\": [");
        for (i = 0; i < sys->nproducts; i++) {
            fprintf(out, "%s\n  [", i ? "," : "");
            for (k = 0; k < nm; k++)
                fprintf(out, "%s%.17g", k ? ", " : "",
                        scores->x[i + (int64_t)selected(o, k) * scores->ld]);
            fputc(']', out);
        }
        fprintf(out, "]}\n");
    } else {
        fprintf(out, o->format == MB_REPORT_CSV ? "product" : "%-12s",
                "product");
        for (k = 0; k < nm; k++) {
            const char *name = sys->methods[selected(o, k)].name;

            if (o->format == MB_REPORT_CSV) {
                fputc(',', out);
                mb_write_csv_field(out, name);
            } else
                fprintf(out, " %16.16s", name);
        }
        fputc('\n', out);
        for (i = 0; i < sys->nproducts; i++) {
            fprintf(out, o->format == MB_REPORT_CSV ? "%lld" : "%-12lld",
                    (long long)sys->product_ids[i]);
            for (k = 0; k < nm; k++) {
                double v =
                    scores->x[i + (int64_t)selected(o, k) * scores->ld];

                if (o->format == MB_REPORT_CSV)
                    fprintf(out, "%s%.17g", sep, v);
                else
                    fprintf(out, "%s%16.6g", sep, v);
            }
            fputc('\n', out);
        }
    }
    if (ferror(out))
        return mb_error_set(MB_EIO, "cannot write the score table");
    return 0;
}
