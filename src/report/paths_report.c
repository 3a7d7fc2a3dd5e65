/*
 * paths_report.c - the supply-chain graph and the structural paths
 * (paths.h) written as a text table, JSON, Graphviz dot (the DOT language,
 * graphviz.org/doc/info/lang.html) or, for the graph, a Sankey diagram's
 * input: {"nodes": [...], "links": [{"source", "target", "value"}]} with
 * source and target the positions of nodes, as d3-sankey and Plotly's
 * sankey trace take it. Values there are magnitudes (a Sankey cannot draw
 * a negative flow); the signed score is beside each. A link from a node
 * visited before its consumer closes a loop and is marked "circular": the
 * other links alone form an acyclic graph (d3-sankey needs one).
 *
 * Everything is printed as it goes (a graph with cutoff 0 has as many
 * nodes as the system has activities): numbers with %.17g in JSON, so they
 * read back exactly.
 */
#include <math.h>
#include <string.h>
#include <strings.h>

#include "core/core.h"
#include "metabol/paths.h"
#include "report/report_util.h"

int mb_paths_format_parse(const char *name)
{
    static const char *names[] = {"table", "json", "dot", "sankey"};
    int k;

    for (k = 0; k < 4; k++)
        if (strcasecmp(name, names[k]) == 0)
            return k;
    return -1;
}

/* ---- names ------------------------------------------------------------ */

/* The space before a unit, none when there is no unit. */
#define SP(unit) (*(unit) ? " " : "")

static const char *method_unit(const mb_system *s, size_t m)
{
    return s->labels && s->labels->method_units[m] ? s->labels->method_units[m]
                                                   : "";
}

/* The activity's name, else "activity <id>", into buf. */
static const char *activity_name(const mb_system *s, int64_t j, char *buf,
                                 size_t size)
{
    if (j < 0)
        return "demand";
    if (s->labels && s->labels->activity_names[j])
        return s->labels->activity_names[j];
    snprintf(buf, size, "activity %lld", (long long)s->activity_ids[j]);
    return buf;
}

/*
 * A product's name and unit. The labels of a compiled system are per
 * activity, and there product i is the reference of activity i.
 */
static const char *product_name(const mb_system *s, int64_t i, char *buf,
                                size_t size)
{
    if (s->labels && s->labels->product_names[i])
        return s->labels->product_names[i];
    snprintf(buf, size, "product %lld", (long long)s->product_ids[i]);
    return buf;
}

static const char *product_unit(const mb_system *s, int64_t i)
{
    return s->labels && s->labels->product_units[i]
               ? s->labels->product_units[i]
               : "";
}

static int finish(FILE *out)
{
    if (ferror(out))
        return mb_error_set(MB_EIO, "cannot write the supply-chain report");
    return 0;
}

/* s quoted for DOT: backslash and double quote escaped. */
static void dot_string(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', out);
        if (*s == '\n')
            fputs("\\n", out);
        else
            fputc(*s, out);
    }
}

static void json_key_string(FILE *out, const char *key, const char *value)
{
    fprintf(out, "\"%s\": ", key);
    mb_write_json_string(out, value);
}

/* The members every JSON output opens with. */
static void json_heading(FILE *out, const mb_paths_info *in,
                         const char *label)
{
    fputs(" ", out);
    json_key_string(out, "demand", label);
    fputs(",\n ", out);
    json_key_string(out, "method", in->sys->methods[in->method].name);
    fputs(",\n ", out);
    json_key_string(out, "unit", method_unit(in->sys, in->method));
    fprintf(out, ",\n \"total\": %.17g,\n \"cutoff\": %.17g,\n"
                 " \"threshold\": %.17g,\n",
            in->total, in->cutoff, in->threshold);
    if (in->max_depth > 0)
        fprintf(out, " \"max_depth\": %lld,\n", (long long)in->max_depth);
    else
        fputs(" \"max_depth\": null,\n", out);
}

/*
 * The first lines of a table: "<what> of <label>: <method> = <total>" and
 * "cutoff C (|<of>| >= T), max depth D", this one left open.
 */
static void table_heading(FILE *out, const char *what, const char *of,
                          const mb_paths_info *in, const char *label)
{
    const char *unit = method_unit(in->sys, in->method);

    fprintf(out, "%s of %s: %s = %.6g%s%s\n", what, label,
            in->sys->methods[in->method].name, in->total, SP(unit), unit);
    fprintf(out, "cutoff %g (|%s| >= %.6g%s%s), max depth ", in->cutoff, of,
            in->threshold, SP(unit), unit);
    if (in->max_depth > 0)
        fprintf(out, "%lld", (long long)in->max_depth);
    else
        fputs("none", out);
}

/* The statement opening a dot output, with the graph's label. */
static void dot_heading(FILE *out, const char *name, const char *what,
                        const mb_paths_info *in, const char *label)
{
    const char *unit = method_unit(in->sys, in->method);

    fprintf(out, "digraph %s {\n  rankdir=BT;\n  label=\"", name);
    dot_string(out, label);
    fputs(": ", out);
    dot_string(out, in->sys->methods[in->method].name);
    fprintf(out, " = %.6g%s", in->total, SP(unit));
    dot_string(out, unit);
    fprintf(out, "%s\";\n  node [shape=box, style=rounded, fontsize=10];\n",
            what);
}

/* "activity": id[, "uuid": ...], "name": ... of activity j (or the demand) */
static void json_activity(FILE *out, const mb_system *s, int64_t j)
{
    char buf[64];

    if (j < 0) {
        fputs("\"activity\": null, \"name\": \"demand\"", out);
        return;
    }
    fprintf(out, "\"activity\": %lld, ", (long long)s->activity_ids[j]);
    if (s->labels && s->labels->activity_uuids[j]) {
        json_key_string(out, "uuid", s->labels->activity_uuids[j]);
        fputs(", ", out);
    }
    json_key_string(out, "name", activity_name(s, j, buf, sizeof buf));
}

/* ---- the graph -------------------------------------------------------- */

static void graph_table(FILE *out, const mb_paths_graph *g, const char *label)
{
    const mb_system *s = g->info.sys;
    char buf[64], pbuf[64];
    int64_t k;

    table_heading(out, "Supply chain", "score", &g->info, label);
    fprintf(out, "\n%lld activities visited (%lld of the system "
                 "contribute), %lld expanded, %lld edges; their direct "
                 "scores add up to %.6g (%.2f%% of the total)\n\n",
            (long long)(g->nnodes - 1), (long long)g->ncontributing,
            (long long)(g->nexpanded - 1), (long long)g->nedges,
            g->visited_direct,
            100 * mb_share(g->visited_direct, g->info.total));
    fprintf(out, "%5s %5s %13s %8s %13s %8s %13s  %s\n", "node", "depth",
            "cumulative", "share", "direct", "share", "amount", "activity");
    fprintf(out, "%5d %5d %13.6g %7.2f%% %13s %8s %13s  demand\n", 0, 0,
            g->info.total, 100.0, "", "", "");
    for (k = 1; k < g->nnodes; k++) {
        const mb_paths_node *n = &g->nodes[k];

        fprintf(out, "%5lld %5lld %13.6g %7.2f%% %13.6g %7.2f%% %13.6g  %s%s\n",
                (long long)k, (long long)n->depth, n->cumulative,
                100 * mb_share(n->cumulative, g->info.total), n->direct,
                100 * mb_share(n->direct, g->info.total), n->amount,
                activity_name(s, n->activity, buf, sizeof buf),
                n->expanded ? "" : " (not expanded)");
    }
    fprintf(out, "\n%5s %5s %13s %8s %13s  %s\n", "from", "to", "score",
            "share", "amount", "product");
    for (k = 0; k < g->nedges; k++) {
        const mb_paths_edge *e = &g->edges[k];
        const char *pu = product_unit(s, e->product);

        fprintf(out, "%5lld %5lld %13.6g %7.2f%% %13.6g  %s%s%s\n",
                (long long)e->from, (long long)e->to, e->score,
                100 * mb_share(e->score, g->info.total), e->amount, pu, SP(pu),
                product_name(s, e->product, pbuf, sizeof pbuf));
    }
}

static void graph_json(FILE *out, const mb_paths_graph *g, const char *label)
{
    const mb_system *s = g->info.sys;
    char buf[64];
    int64_t k;

    fputs("{\n \"analysis\": \"supply chain\",\n", out);
    json_heading(out, &g->info, label);
    fprintf(out, " \"visited\": %lld,\n \"expanded\": %lld,\n"
                 " \"contributing\": %lld,\n \"visited_direct\": %.17g,\n"
                 " \"nodes\": [",
            (long long)(g->nnodes - 1), (long long)(g->nexpanded - 1),
            (long long)g->ncontributing, g->visited_direct);
    for (k = 0; k < g->nnodes; k++) {
        const mb_paths_node *n = &g->nodes[k];

        fprintf(out, "%s\n  {\"node\": %lld, ", k ? "," : "", (long long)k);
        json_activity(out, s, n->activity);
        fprintf(out, ", \"depth\": %lld, \"amount\": %.17g, \"direct\": "
                     "%.17g, \"cumulative\": %.17g, \"share\": %.17g, "
                     "\"expanded\": %s}",
                (long long)n->depth, n->amount, n->direct, n->cumulative,
                mb_share(n->cumulative, g->info.total),
                n->expanded ? "true" : "false");
    }
    fputs("],\n \"edges\": [", out);
    for (k = 0; k < g->nedges; k++) {
        const mb_paths_edge *e = &g->edges[k];

        fprintf(out, "%s\n  {\"from\": %lld, \"to\": %lld, \"product\": %lld, ",
                k ? "," : "", (long long)e->from, (long long)e->to,
                (long long)s->product_ids[e->product]);
        json_key_string(out, "product_name",
                        product_name(s, e->product, buf, sizeof buf));
        fputs(", ", out);
        json_key_string(out, "unit", product_unit(s, e->product));
        fprintf(out, ", \"amount\": %.17g, \"score\": %.17g, \"share\": "
                     "%.17g}",
                e->amount, e->score, mb_share(e->score, g->info.total));
    }
    fputs("]\n}\n", out);
}

/* Line width of an edge: 1 to 8 points with its share of the total. */
static double pen_width(double share)
{
    double w = 1.0 + 7.0 * fabs(share);

    return w > 8.0 ? 8.0 : w;
}

static void graph_dot(FILE *out, const mb_paths_graph *g, const char *label)
{
    const mb_system *s = g->info.sys;
    char buf[64], pbuf[64];
    int64_t k;

    dot_heading(out, "supply_chain", "", &g->info, label);
    fputs("  edge [fontsize=9];\n", out);
    for (k = 0; k < g->nnodes; k++) {
        const mb_paths_node *n = &g->nodes[k];

        fprintf(out, "  n%lld [label=\"", (long long)k);
        dot_string(out, activity_name(s, n->activity, buf, sizeof buf));
        fprintf(out, "\\ncumulative %.4g (%.1f%%)", n->cumulative,
                100 * mb_share(n->cumulative, g->info.total));
        if (n->activity >= 0)
            fprintf(out, "\\ndirect %.4g (%.1f%%)", n->direct,
                    100 * mb_share(n->direct, g->info.total));
        fprintf(out, "\"%s];\n", n->expanded ? "" : ", style=\"rounded,dashed\"");
    }
    for (k = 0; k < g->nedges; k++) {
        const mb_paths_edge *e = &g->edges[k];
        double share = mb_share(e->score, g->info.total);
        const char *pu = product_unit(s, e->product);

        fprintf(out, "  n%lld -> n%lld [label=\"%.4g ", (long long)e->from,
                (long long)e->to, e->amount);
        dot_string(out, pu);
        fputs(SP(pu), out);
        dot_string(out, product_name(s, e->product, pbuf, sizeof pbuf));
        fprintf(out, "\\n%.4g (%.1f%%)\", penwidth=%.2f];\n", e->score,
                100 * share, pen_width(share));
    }
    fputs("}\n", out);
}

static void graph_sankey(FILE *out, const mb_paths_graph *g,
                         const char *label)
{
    const mb_system *s = g->info.sys;
    int64_t k;

    fputs("{\n", out);
    json_heading(out, &g->info, label);
    fputs(" \"nodes\": [", out);
    for (k = 0; k < g->nnodes; k++) {
        const mb_paths_node *n = &g->nodes[k];

        fprintf(out, "%s\n  {\"id\": %lld, ", k ? "," : "", (long long)k);
        json_activity(out, s, n->activity);
        fprintf(out, ", \"value\": %.17g, \"cumulative\": %.17g, \"direct\": "
                     "%.17g}",
                fabs(n->cumulative), n->cumulative, n->direct);
    }
    fputs("],\n \"links\": [", out);
    for (k = 0; k < g->nedges; k++) {
        const mb_paths_edge *e = &g->edges[k];

        fprintf(out, "%s\n  {\"source\": %lld, \"target\": %lld, \"value\": "
                     "%.17g, \"score\": %.17g, \"amount\": %.17g, "
                     "\"product\": %lld, \"circular\": %s}",
                k ? "," : "", (long long)e->from, (long long)e->to,
                fabs(e->score), e->score, e->amount,
                (long long)s->product_ids[e->product],
                e->from < e->to ? "true" : "false");
    }
    fputs("]\n}\n", out);
}

int mb_paths_write_graph(FILE *out, const mb_paths_graph *g,
                         mb_paths_format format, const char *label)
{
    if (!label)
        label = "demand";
    switch (format) {
    case MB_PATHS_TABLE: graph_table(out, g, label); break;
    case MB_PATHS_JSON: graph_json(out, g, label); break;
    case MB_PATHS_DOT: graph_dot(out, g, label); break;
    case MB_PATHS_SANKEY: graph_sankey(out, g, label); break;
    default: return mb_error_set(MB_EINVAL, "unknown output format %d",
                                 (int)format);
    }
    return finish(out);
}

/* ---- the paths -------------------------------------------------------- */

static void spa_table(FILE *out, const mb_paths_spa *p, const char *label)
{
    const mb_system *s = p->info.sys;
    char buf[64];
    int64_t k, q;

    table_heading(out, "Structural paths", "value", &p->info, label);
    fprintf(out, ": %lld paths found in %lld steps, adding up to %.6g "
                 "(%.2f%% of the total)%s\n\n",
            (long long)p->nfound, (long long)p->visits, p->found_sum,
            100 * mb_share(p->found_sum, p->info.total),
            p->truncated ? "; stopped at the step limit (raise the cutoff "
                           "or give a maximum depth)"
                         : "");
    fprintf(out, "%5s %13s %8s %6s  %s\n", "rank", "value", "share",
            "length", "path (demand <- supplier <- its supplier ...)");
    for (k = 0; k < p->npaths; k++) {
        const mb_paths_path *path = &p->paths[k];

        fprintf(out, "%5lld %13.6g %7.2f%% %6lld  ", (long long)(k + 1),
                path->value, 100 * mb_share(path->value, p->info.total),
                (long long)path->length);
        for (q = 0; q < path->length; q++)
            fprintf(out, "%s%s", q ? " <- " : "",
                    activity_name(s, path->activities[q], buf, sizeof buf));
        fputc('\n', out);
    }
}

static void spa_json(FILE *out, const mb_paths_spa *p, const char *label)
{
    const mb_system *s = p->info.sys;
    int64_t k, q;

    fputs("{\n \"analysis\": \"structural paths\",\n", out);
    json_heading(out, &p->info, label);
    fprintf(out, " \"found\": %lld,\n \"found_sum\": %.17g,\n"
                 " \"steps\": %lld,\n \"truncated\": %s,\n \"paths\": [",
            (long long)p->nfound, p->found_sum, (long long)p->visits,
            p->truncated ? "true" : "false");
    for (k = 0; k < p->npaths; k++) {
        const mb_paths_path *path = &p->paths[k];

        fprintf(out, "%s\n  {\"rank\": %lld, \"value\": %.17g, \"share\": "
                     "%.17g, \"cumulative\": %.17g, \"length\": %lld, "
                     "\"activities\": [",
                k ? "," : "", (long long)(k + 1), path->value,
                mb_share(path->value, p->info.total), path->cumulative,
                (long long)path->length);
        for (q = 0; q < path->length; q++) {
            fputs(q ? ", {" : "{", out);
            json_activity(out, s, path->activities[q]);
            fputc('}', out);
        }
        fputs("]}", out);
    }
    fputs("]\n}\n", out);
}

/*
 * The top paths as a tree of their prefixes: node 0 the demand, one node
 * per distinct path start, an edge from each node to the one it supplies.
 * parent[k] and activity[k] of the tree nodes; value[k] the value of the
 * path ending there, NAN when none of the top paths ends there.
 */
typedef struct prefix_tree {
    int64_t *parent, *activity, n;
    double *value;
} prefix_tree;

static int64_t tree_child(prefix_tree *t, int64_t parent, int64_t activity)
{
    int64_t k;

    for (k = 1; k < t->n; k++)
        if (t->parent[k] == parent && t->activity[k] == activity)
            return k;
    t->parent[t->n] = parent;
    t->activity[t->n] = activity;
    t->value[t->n] = NAN;
    return t->n++;
}

static int spa_dot(FILE *out, const mb_paths_spa *p, const char *label)
{
    const mb_system *s = p->info.sys;
    prefix_tree t = {NULL, NULL, 1, NULL};
    int64_t room = 1, k, q;
    char buf[64];

    for (k = 0; k < p->npaths; k++)
        room += p->paths[k].length;
    t.parent = mb_alloc_array((size_t)room, sizeof *t.parent);
    t.activity = mb_alloc_array((size_t)room, sizeof *t.activity);
    t.value = mb_alloc_array((size_t)room, sizeof *t.value);
    if (!t.parent || !t.activity || !t.value) {
        mb_free(t.parent);
        mb_free(t.activity);
        mb_free(t.value);
        return MB_ENOMEM;
    }
    t.parent[0] = -1;
    t.activity[0] = -1;
    t.value[0] = NAN;
    for (k = 0; k < p->npaths; k++) {
        int64_t node = 0;

        for (q = 0; q < p->paths[k].length; q++)
            node = tree_child(&t, node, p->paths[k].activities[q]);
        t.value[node] = p->paths[k].value;
    }
    dot_heading(out, "structural_paths", ", top paths", &p->info, label);
    for (k = 0; k < t.n; k++) {
        fprintf(out, "  n%lld [label=\"", (long long)k);
        dot_string(out, activity_name(s, t.activity[k], buf, sizeof buf));
        if (!isnan(t.value[k]))
            fprintf(out, "\\npath value %.4g (%.1f%%)", t.value[k],
                    100 * mb_share(t.value[k], p->info.total));
        fputs("\"];\n", out);
        if (k > 0)
            fprintf(out, "  n%lld -> n%lld;\n", (long long)k,
                    (long long)t.parent[k]);
    }
    fputs("}\n", out);
    mb_free(t.parent);
    mb_free(t.activity);
    mb_free(t.value);
    return 0;
}

int mb_paths_write_spa(FILE *out, const mb_paths_spa *s,
                       mb_paths_format format, const char *label)
{
    int rc = 0;

    if (!label)
        label = "demand";
    switch (format) {
    case MB_PATHS_TABLE: spa_table(out, s, label); break;
    case MB_PATHS_JSON: spa_json(out, s, label); break;
    case MB_PATHS_DOT: rc = spa_dot(out, s, label); break;
    default:
        return mb_error_set(MB_EINVAL, "structural paths are written as a "
                            "table, JSON or dot, not as a Sankey diagram");
    }
    return rc < 0 ? rc : finish(out);
}
