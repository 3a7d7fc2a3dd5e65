/*
 * contrib.c - what the report writers share: each method's contributions
 * (direct impacts of activities, c^T B diag(s), and of flows, c_f g_f)
 * with their largest entries, shares, the methods selected, and writing a
 * JSON report.
 */
#include <string.h>

#include <jansson.h>

#include "core/core.h"
#include "report/report_util.h"

void mb_contrib_free(mb_contrib *c)
{
    mb_free(c->act_idx);
    mb_free(c->flow_idx);
    mb_free(c->act);
    mb_free(c->flow);
}

int mb_contrib_compute(mb_contrib *c, const mb_lca_result *r, size_t m,
                       int64_t top)
{
    const mb_system *s = r->sys;

    memset(c, 0, sizeof *c);
    if (top > s->nactivities && top > s->nflows) /* no more to list */
        top = s->nactivities > s->nflows ? s->nactivities : s->nflows;
    c->act = mb_alloc_array((size_t)s->nactivities + 1, sizeof *c->act);
    c->flow = mb_alloc_array((size_t)s->nflows + 1, sizeof *c->flow);
    c->act_idx = mb_alloc_array((size_t)top + 1, sizeof *c->act_idx);
    c->flow_idx = mb_alloc_array((size_t)top + 1, sizeof *c->flow_idx);
    if (!c->act || !c->flow || !c->act_idx || !c->flow_idx) {
        mb_contrib_free(c);
        return MB_ENOMEM;
    }
    mb_lca_activity_contributions(s, m, r->supply, c->act);
    mb_lca_flow_contributions(s, m, r->inventory, c->flow);
    c->nact = mb_top_abs(c->act, s->nactivities, top, c->act_idx);
    c->nflow = mb_top_abs(c->flow, s->nflows, top, c->flow_idx);
    return 0;
}

double mb_share(double part, double whole)
{
    return whole != 0.0 ? part / whole : 0.0;
}

size_t mb_report_method_at(const mb_report_options *o, size_t k)
{
    return o->methods ? o->methods[k] : k;
}

size_t mb_report_method_count(const mb_report_options *o,
                              const mb_system *s)
{
    return o->methods ? o->nmethods : s->nmethods;
}

int mb_write_json_report(FILE *out, json_t *root, int rc)
{
    if (rc == 0 && json_dumpf(root, out, JSON_INDENT(1) |
                                             JSON_REAL_PRECISION(17)) != 0)
        rc = mb_error_set(MB_EIO, "cannot write the JSON report");
    if (rc == 0)
        fputc('\n', out);
    json_decref(root);
    return rc;
}
