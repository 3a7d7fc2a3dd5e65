/*
 * olca_csv.c - LCIA methods from openLCA's CSV reference data and FEDEFL
 * flow mappings. See include/metabol/olca_csv.h and docs/lcia-methods.md.
 *
 * openLCA package (GreenDelta/data, docs/format_csv_ref_data.md): the small
 * tables (categories, methods, flow properties, locations) are read whole
 * and kept, parsed in place, for the length of the call; their strings are
 * what the records point to. Factor files are read one at a time (the
 * largest of openLCA's is 4 MB, 40 000 rows), each category's factors
 * handed over in one call and the file freed before the next one. So a
 * category's factors must all be in one file: a category met again in a
 * later file is an error rather than a second record the sink would refuse.
 *
 * In the 2.1.4 package the factor files give the flow property and unit by
 * name ("Mass", "kg"); properties are looked up in flow_properties.csv
 * ignoring case, because the files write "Area*time" for the property that
 * flow_properties.csv calls "Area*Time".
 *
 * FEDEFL mapping (USEPA/fedelemflowlist, "format specs/FlowMapping.md"):
 * one row, one record; only the columns lci.h has room for are read.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/core.h"
#include "formats/archive.h"
#include "formats/csv.h"
#include "metabol/olca_csv.h"

#define AMBIGUOUS (-2)

/* A CSV file in memory; its fields live as long as buf. */
typedef struct csv_file {
    char *buf;
    char *label; /* "<package>/<member>", for messages */
    mb_csv csv;
} csv_file;

static void csv_file_free(csv_file *f)
{
    mb_csv_destroy(&f->csv);
    mb_free(f->buf);
    mb_free(f->label);
    memset(f, 0, sizeof *f);
}

/*
 * Names to ids, for the columns that take "uuid or name": flow properties
 * (by name) and locations (by name or code). A name shared by two entries
 * maps to AMBIGUOUS. The last answer is kept, since a factor file names the
 * same property row after row.
 */
typedef struct lookup {
    const char *what; /* "flow property" */
    const char *file; /* "flow_properties.csv" */
    int loaded;
    csv_file f;
    const char **ids;
    size_t n;
    mb_strmap exact;  /* name or code -> index */
    mb_strmap folded; /* the same, ASCII lower case */
    char last_key[64];
    const char *last_id;
} lookup;

/* The categories of lcia_categories.csv, or the one of a factor buffer. */
typedef struct category {
    const char *id;
    const char *name;
    const char *unit;
    const char *file; /* the factor file it came from, once emitted */
    int64_t rank;     /* its group in the current factor file, or -1 */
} category;

typedef struct reader {
    const mb_lci_sink *sink;
    lookup props, locs;
    category *cats;
    size_t ncats;
    mb_strmap cat_index;
    int fixed; /* one category given by the caller (buffer entry) */
    /* The rows of the current factor file. */
    mb_lci_impact_factor *factors, *sorted;
    int64_t *row_cat;
    size_t nrows, cap;
    int64_t *groups; /* category of each group, in order of appearance */
    size_t *group_start, ngroups;
} reader;

static void lookup_init(lookup *l, const char *what, const char *file)
{
    memset(l, 0, sizeof *l);
    l->what = what;
    l->file = file;
}

static void lookup_free(lookup *l)
{
    if (l->loaded) {
        mb_strmap_destroy(&l->exact);
        mb_strmap_destroy(&l->folded);
    }
    mb_free(l->ids);
    csv_file_free(&l->f);
}

/* An ASCII lower-case copy of s, or NULL (out of memory). */
static char *folded_copy(const char *s)
{
    char *t = mb_strdup(s);
    char *q;

    for (q = t; q && *q; q++)
        if (*q >= 'A' && *q <= 'Z')
            *q = (char)(*q - 'A' + 'a');
    return t;
}

/* key -> index in m; a key already there with another index: AMBIGUOUS. */
static int add_key(mb_strmap *m, const char *key, int64_t index)
{
    int64_t old;
    int rc;

    if (!key[0])
        return 0;
    rc = mb_strmap_add(m, key, index, NULL);
    if (rc == 1 && mb_strmap_get(m, key, &old) && old != index)
        rc = mb_strmap_set(m, key, AMBIGUOUS);
    return rc < 0 ? rc : 0;
}

static int add_names(lookup *l, const char *key, int64_t index)
{
    char *low = folded_copy(key);
    int rc;

    if (!low)
        return MB_ENOMEM;
    if ((rc = add_key(&l->exact, key, index)) == 0)
        rc = add_key(&l->folded, low, index);
    mb_free(low);
    return rc;
}

/* A canonical UUID: 8-4-4-4-12 hexadecimal digits. */
static int is_uuid(const char *s)
{
    int k;

    for (k = 0; k < 36; k++) {
        char ch = s[k];

        if (k == 8 || k == 13 || k == 18 || k == 23) {
            if (ch != '-')
                return 0;
        } else if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') ||
                     (ch >= 'A' && ch <= 'F'))) {
            return 0;
        }
    }
    return s[36] == '\0';
}

/* The id a field names: itself when a uuid, else looked up by name. */
static int resolve(lookup *l, const mb_csv *c, const char *column,
                   const char *text, const char **id)
{
    char shown[96];
    char *low;
    int64_t k = -1;

    *id = NULL;
    if (!text[0])
        return 0;
    if (is_uuid(text)) {
        *id = text;
        return 0;
    }
    if (l->last_id && strcmp(l->last_key, text) == 0) {
        *id = l->last_id;
        return 0;
    }
    if (!l->loaded)
        return mb_error_set(MB_ENOTFOUND,
                            "%s:%zu: %s %s is a name, and there is no %s to "
                            "look it up in; expected a uuid",
                            c->name, c->record_line, column,
                            mb_csv_quote(text, shown, sizeof shown), l->file);
    if (!mb_strmap_get(&l->exact, text, &k)) {
        if (!(low = folded_copy(text)))
            return MB_ENOMEM;
        if (!mb_strmap_get(&l->folded, low, &k))
            k = -1;
        mb_free(low);
    }
    if (k == AMBIGUOUS)
        return mb_error_set(MB_EFORMAT,
                            "%s:%zu: %s %s is ambiguous: several entries of "
                            "%s have that name; expected a uuid",
                            c->name, c->record_line, column,
                            mb_csv_quote(text, shown, sizeof shown), l->file);
    if (k < 0)
        return mb_error_set(MB_ENOTFOUND,
                            "%s:%zu: unknown %s %s; expected a uuid or a "
                            "name in %s",
                            c->name, c->record_line, l->what,
                            mb_csv_quote(text, shown, sizeof shown), l->file);
    *id = l->ids[k];
    if (strlen(text) < sizeof l->last_key) {
        strcpy(l->last_key, text);
        l->last_id = *id;
    }
    return 0;
}

/* Ends with ".csv", ignoring case. */
static int is_csv_name(const char *s)
{
    size_t n = strlen(s);

    return n > 4 && strcasecmp(s + n - 4, ".csv") == 0;
}

/* Whether the archive has the member (names are sorted). */
static int has_member(const mb_archive *a, const char *name)
{
    size_t lo = 0, hi = a->nnames;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(a->names[mid], name);

        if (cmp == 0)
            return 1;
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* Read member root+name of the archive into f->buf, its label too. */
static int read_member(mb_archive *a, const char *root, const char *name,
                       csv_file *f, size_t *len)
{
    char *member = mb_sprintf("%s%s", root, name);
    void *buf;
    int rc;

    memset(f, 0, sizeof *f);
    if (!member)
        return MB_ENOMEM;
    f->label = mb_sprintf("%s/%s", a->label, member);
    rc = f->label ? mb_archive_read(a, member, &buf, len) : MB_ENOMEM;
    mb_free(member);
    if (rc < 0) {
        csv_file_free(f);
        return rc;
    }
    f->buf = buf;
    return 0;
}

/* Read member root+name and start parsing it. */
static int open_member(mb_archive *a, const char *root, const char *name,
                       csv_file *f)
{
    size_t len;
    int rc = read_member(a, root, name, f, &len);

    if (rc == 0)
        mb_csv_init(&f->csv, f->buf, len, f->label);
    return rc;
}

/* An id or name column must not be empty. */
static int need(const mb_csv *c, int col, const char *column)
{
    if (mb_csv_field(c, col)[0])
        return 0;
    return mb_error_set(MB_EFORMAT, "%s:%zu: empty %s; expected a value",
                        c->name, c->record_line, column);
}

/*
 * Load flow_properties.csv (ID, Name) or locations.csv (ID, Name, Code)
 * into a lookup, when the package has it.
 */
static int load_lookup(lookup *l, mb_archive *a, const char *root,
                       int with_code)
{
    mb_csv_column cols[] = {{"ID", 1, -1}, {"Name", 1, -1}, {"Code", 0, -1}};
    char *member = mb_sprintf("%s%s", root, l->file);
    size_t cap = 0;
    int rc, present;

    if (!member)
        return MB_ENOMEM;
    present = has_member(a, member);
    mb_free(member);
    if (!present)
        return 0;
    if ((rc = open_member(a, root, l->file, &l->f)) < 0)
        return rc;
    if ((rc = mb_strmap_init(&l->exact, 64)) < 0)
        return rc;
    if ((rc = mb_strmap_init(&l->folded, 64)) < 0) {
        mb_strmap_destroy(&l->exact);
        return rc;
    }
    l->loaded = 1;
    if ((rc = mb_csv_header(&l->f.csv, cols, with_code ? 3 : 2)) < 0)
        return rc;
    while ((rc = mb_csv_next(&l->f.csv)) > 0) {
        const mb_csv *c = &l->f.csv;

        if ((rc = need(c, cols[0].index, "ID")) < 0)
            return rc;
        if (l->n == cap) {
            const char **ids;

            cap = cap ? 2 * cap : 64;
            ids = mb_realloc(l->ids, cap * sizeof *ids);
            if (!ids)
                return MB_ENOMEM;
            l->ids = ids;
        }
        l->ids[l->n] = mb_csv_field(c, cols[0].index);
        rc = add_key(&l->exact, l->ids[l->n], (int64_t)l->n);
        if (rc == 0)
            rc = add_names(l, mb_csv_field(c, cols[1].index), (int64_t)l->n);
        if (rc == 0 && with_code)
            rc = add_names(l, mb_csv_field(c, cols[2].index), (int64_t)l->n);
        if (rc < 0)
            return rc;
        l->n++;
    }
    return rc;
}

/* Load lcia_categories.csv: ID, Name, Reference unit (optional). */
static int load_categories(reader *r, csv_file *f, mb_archive *a,
                           const char *root)
{
    mb_csv_column cols[] = {
        {"ID", 1, -1}, {"Name", 1, -1}, {"Reference unit", 0, -1}};
    size_t cap = 0;
    int rc;

    if ((rc = open_member(a, root, "lcia_categories.csv", f)) < 0 ||
        (rc = mb_csv_header(&f->csv, cols, 3)) < 0)
        return rc;
    while ((rc = mb_csv_next(&f->csv)) > 0) {
        const mb_csv *c = &f->csv;
        const char *id = mb_csv_field(c, cols[0].index);
        category *cat;

        if ((rc = need(c, cols[0].index, "ID")) < 0)
            return rc;
        if (r->ncats == cap) {
            category *more;

            cap = cap ? 2 * cap : 256;
            more = mb_realloc(r->cats, cap * sizeof *more);
            if (!more)
                return MB_ENOMEM;
            r->cats = more;
        }
        rc = mb_strmap_add(&r->cat_index, id, (int64_t)r->ncats, NULL);
        if (rc < 0)
            return rc;
        if (rc == 1) {
            char shown[96];

            return mb_error_set(MB_EFORMAT,
                                "%s:%zu: LCIA category %s is listed twice; "
                                "expected each ID once",
                                c->name, c->record_line,
                                mb_csv_quote(id, shown, sizeof shown));
        }
        cat = &r->cats[r->ncats++];
        cat->id = id;
        cat->name = mb_csv_field(c, cols[1].index);
        cat->unit = mb_csv_field(c, cols[2].index);
        if (!cat->unit[0])
            cat->unit = NULL;
        cat->file = NULL;
        cat->rank = -1;
    }
    return rc;
}

/* Room for one more factor row. */
static int grow_rows(reader *r)
{
    size_t ncap;
    void *p;

    if (r->nrows < r->cap)
        return 0;
    ncap = r->cap ? 2 * r->cap : 1024;
    if (!(p = mb_realloc(r->factors, ncap * sizeof *r->factors)))
        return MB_ENOMEM;
    r->factors = p;
    if (!(p = mb_realloc(r->sorted, ncap * sizeof *r->sorted)))
        return MB_ENOMEM;
    r->sorted = p;
    if (!(p = mb_realloc(r->row_cat, ncap * sizeof *r->row_cat)))
        return MB_ENOMEM;
    r->row_cat = p;
    if (!(p = mb_realloc(r->groups, ncap * sizeof *r->groups)))
        return MB_ENOMEM;
    r->groups = p;
    if (!(p = mb_realloc(r->group_start, (ncap + 1) * sizeof *r->group_start)))
        return MB_ENOMEM;
    r->group_start = p;
    r->cap = ncap;
    return 0;
}

/*
 * Whether a Factor that is not a number is a formula: it names something
 * (a letter or '_', other than the exponent of a number) or has an
 * operator other than a sign. "1.2.3" or "1,5" is neither.
 */
static int looks_like_formula(const char *s)
{
    const char *q;

    for (q = s; *q; q++) {
        char ch = *q;

        if (strchr("_*/^()", ch))
            return 1;
        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) {
            int exponent = (ch == 'e' || ch == 'E') && q > s &&
                           ((q[-1] >= '0' && q[-1] <= '9') || q[-1] == '.');

            if (!exponent)
                return 1;
        }
    }
    return 0;
}

enum { F_CAT, F_FLOW, F_PROP, F_UNIT, F_LOC, F_FACTOR, F_NCOLS };

/* One factor row into f; the category index into *cat. */
static int factor_row(reader *r, const mb_csv *c, const mb_csv_column *cols,
                      mb_lci_impact_factor *f, int64_t *cat)
{
    const char *id = mb_csv_field(c, cols[F_CAT].index);
    const char *unit = mb_csv_field(c, cols[F_UNIT].index);
    const char *value = mb_csv_field(c, cols[F_FACTOR].index);
    char shown[96], want[96];
    int rc;

    memset(f, 0, sizeof *f);
    if ((rc = need(c, cols[F_CAT].index, "LCIA category")) < 0 ||
        (rc = need(c, cols[F_FLOW].index, "Flow")) < 0)
        return rc;
    if (r->fixed) {
        if (!r->cats[0].id)
            r->cats[0].id = id; /* the first row's category */
        if (strcmp(id, r->cats[0].id) != 0)
            return mb_error_set(MB_EFORMAT,
                                "%s:%zu: LCIA category %s; expected %s, the "
                                "category of this file",
                                c->name, c->record_line,
                                mb_csv_quote(id, shown, sizeof shown),
                                mb_csv_quote(r->cats[0].id, want, sizeof want));
        *cat = 0;
    } else if (!mb_strmap_get(&r->cat_index, id, cat)) {
        return mb_error_set(MB_ENOTFOUND,
                            "%s:%zu: LCIA category %s is not in "
                            "lcia_categories.csv; expected the ID of a "
                            "category listed there",
                            c->name, c->record_line,
                            mb_csv_quote(id, shown, sizeof shown));
    }
    f->flow_id = mb_csv_field(c, cols[F_FLOW].index);
    rc = resolve(&r->props, c, "Flow property",
                 mb_csv_field(c, cols[F_PROP].index), &f->property_id);
    if (rc == 0)
        rc = resolve(&r->locs, c, "Location",
                     mb_csv_field(c, cols[F_LOC].index), &f->location_id);
    if (rc < 0)
        return rc;
    if (is_uuid(unit))
        f->unit_id = unit;
    else if (unit[0])
        f->unit_name = unit;
    rc = mb_csv_parse_double(value, &f->value);
    if (rc == 1 && looks_like_formula(value)) {
        f->formula = value;
        f->value = 0;
        return 0;
    }
    if (rc == 1)
        return mb_error_set(MB_EFORMAT,
                            "%s:%zu: Factor %s is neither a number nor a "
                            "formula; expected a number such as 0.25 or "
                            "1e-3, or a formula",
                            c->name, c->record_line,
                            mb_csv_quote(value, shown, sizeof shown));
    if (rc == 2)
        return mb_error_set(MB_ENUMERIC,
                            "%s:%zu: Factor %s is not a finite number; "
                            "expected a number such as 0.25 or 1e-3",
                            c->name, c->record_line,
                            mb_csv_quote(value, shown, sizeof shown));
    return 0;
}

/*
 * Hand the rows of the current file to the sink, one call per category in
 * the order the categories first appear; a category already handed over
 * from another file is an error at its first row here.
 */
static int emit_groups(reader *r, const mb_csv *c, const char *file,
                       const size_t *first_line)
{
    size_t g, k;
    int rc = 0;

    if (r->nrows == 0)
        return 0;
    for (g = 0; g < r->ngroups; g++) {
        category *cat = &r->cats[r->groups[g]];
        char shown[96], name[96];

        if (cat->file)
            return mb_error_set(
                MB_EFORMAT,
                "%s:%zu: LCIA category %s (%s) already came "
                "from %s; expected all factors of a category "
                "in one file",
                c->name, first_line[g],
                mb_csv_quote(cat->id, shown, sizeof shown),
                mb_csv_quote(cat->name ? cat->name : "", name, sizeof name),
                cat->file);
    }
    /* Counting sort of the rows by group, stable. */
    for (g = 0; g <= r->ngroups; g++)
        r->group_start[g] = 0;
    for (k = 0; k < r->nrows; k++)
        r->group_start[r->cats[r->row_cat[k]].rank + 1]++;
    for (g = 0; g < r->ngroups; g++)
        r->group_start[g + 1] += r->group_start[g];
    for (k = 0; k < r->nrows; k++)
        r->sorted[r->group_start[r->cats[r->row_cat[k]].rank]++] =
            r->factors[k];
    for (g = 0; g < r->ngroups; g++) {
        category *cat = &r->cats[r->groups[g]];
        size_t end = r->group_start[g];
        size_t start = g ? r->group_start[g - 1] : 0;
        mb_lci_impact_category rec = {cat->id, cat->name, cat->unit,
                                      end - start, r->sorted + start};

        cat->file = file;
        cat->rank = -1;
        if (rc == 0 && r->sink->impact_category)
            rc = r->sink->impact_category(r->sink->ctx, &rec);
    }
    return rc;
}

/*
 * Read one factor file held in buf (parsed in place, buf[len] writable)
 * and hand its categories to the sink. `file` names it in the error about
 * a category split over files and must outlive the reader.
 */
static int read_factor_file(reader *r, char *buf, size_t len, const char *label,
                            const char *file)
{
    mb_csv_column cols[F_NCOLS] = {
        {"LCIA category", 1, -1}, {"Flow", 1, -1},     {"Flow property", 1, -1},
        {"Flow unit", 1, -1},     {"Location", 0, -1}, {"Factor", 1, -1}};
    mb_csv c;
    size_t *first_line = NULL, k;
    int rc;

    r->nrows = r->ngroups = 0;
    mb_csv_init(&c, buf, len, label);
    if ((rc = mb_csv_header(&c, cols, F_NCOLS)) < 0)
        goto done;
    while ((rc = mb_csv_next(&c)) > 0) {
        int64_t cat;

        if ((rc = grow_rows(r)) < 0 ||
            (rc = factor_row(r, &c, cols, &r->factors[r->nrows], &cat)) < 0)
            break;
        if (r->cats[cat].rank < 0) {
            size_t *more =
                mb_realloc(first_line, (r->ngroups + 1) * sizeof *more);

            if (!more) {
                rc = MB_ENOMEM;
                break;
            }
            first_line = more;
            first_line[r->ngroups] = c.record_line;
            r->cats[cat].rank = (int64_t)r->ngroups;
            r->groups[r->ngroups++] = cat;
        }
        r->row_cat[r->nrows++] = cat;
    }
    if (rc == 0)
        rc = emit_groups(r, &c, file, first_line);
done:
    for (k = 0; k < r->ngroups; k++)
        r->cats[r->groups[k]].rank = -1;
    mb_free(first_line);
    mb_csv_destroy(&c);
    return rc;
}

static int reader_init(reader *r, const mb_lci_sink *sink)
{
    memset(r, 0, sizeof *r);
    r->sink = sink;
    lookup_init(&r->props, "flow property", "flow_properties.csv");
    lookup_init(&r->locs, "location", "locations.csv");
    return mb_strmap_init(&r->cat_index, 1024);
}

static void reader_free(reader *r)
{
    lookup_free(&r->props);
    lookup_free(&r->locs);
    mb_strmap_destroy(&r->cat_index);
    mb_free(r->cats);
    mb_free(r->factors);
    mb_free(r->sorted);
    mb_free(r->row_cat);
    mb_free(r->groups);
    mb_free(r->group_start);
}

/* Every lcia_factors/<name>.csv of the package, in name order. */
static int read_factor_files(reader *r, mb_archive *a, const char *root)
{
    char *dir = mb_sprintf("%slcia_factors/", root);
    size_t k, n, files = 0;
    int rc = 0;

    if (!dir)
        return MB_ENOMEM;
    n = strlen(dir);
    for (k = 0; rc == 0 && k < a->nnames; k++) {
        const char *name = a->names[k];
        csv_file f;
        size_t len;

        if (strncmp(name, dir, n) != 0 || strchr(name + n, '/') ||
            !is_csv_name(name + n))
            continue;
        files++;
        if ((rc = read_member(a, root, name + strlen(root), &f, &len)) < 0)
            break;
        rc = read_factor_file(r, f.buf, len, f.label, name + strlen(root));
        csv_file_free(&f);
    }
    if (rc == 0 && files == 0)
        rc = mb_error_set(MB_ENOTFOUND,
                          "%s: no factor files in %s; expected "
                          "lcia_factors/*.csv",
                          a->label, dir);
    mb_free(dir);
    return rc;
}

/*
 * The methods: lcia_methods.csv (ID, Name) and lcia_method_categories.csv
 * (LCIA method by name or id, LCIA category), after the categories have
 * been handed over.
 */
static int read_methods(reader *r, mb_archive *a, const char *root)
{
    mb_csv_column mcols[] = {{"ID", 1, -1}, {"Name", 1, -1}};
    mb_csv_column lcols[] = {{"LCIA method", 1, -1}, {"LCIA category", 1, -1}};
    csv_file methods, links;
    mb_strmap by_id, by_name, pairs;
    const char **ids = NULL, **names = NULL, **cat_ids = NULL;
    size_t nmethods = 0, cap = 0, npairs = 0, pcap = 0, k;
    size_t *count = NULL;
    int64_t *pair_method = NULL, *pair_cat = NULL;
    int rc;

    memset(&methods, 0, sizeof methods);
    memset(&links, 0, sizeof links);
    if ((rc = mb_strmap_init(&by_id, 64)) < 0)
        return rc;
    if ((rc = mb_strmap_init(&by_name, 64)) < 0) {
        mb_strmap_destroy(&by_id);
        return rc;
    }
    if ((rc = mb_strmap_init(&pairs, 1024)) < 0)
        goto done;
    if ((rc = open_member(a, root, "lcia_methods.csv", &methods)) < 0 ||
        (rc = mb_csv_header(&methods.csv, mcols, 2)) < 0)
        goto done;
    while ((rc = mb_csv_next(&methods.csv)) > 0) {
        const mb_csv *c = &methods.csv;
        const char *id = mb_csv_field(c, mcols[0].index);
        const char *name = mb_csv_field(c, mcols[1].index);
        char shown[96];

        if ((rc = need(c, mcols[0].index, "ID")) < 0 ||
            (rc = need(c, mcols[1].index, "Name")) < 0)
            goto done;
        if (nmethods == cap) {
            const char **more;

            cap = cap ? 2 * cap : 64;
            if (!(more = mb_realloc(ids, cap * sizeof *more))) {
                rc = MB_ENOMEM;
                goto done;
            }
            ids = more;
            if (!(more = mb_realloc(names, cap * sizeof *more))) {
                rc = MB_ENOMEM;
                goto done;
            }
            names = more;
        }
        if ((rc = mb_strmap_add(&by_id, id, (int64_t)nmethods, NULL)) ||
            (rc = mb_strmap_add(&by_name, name, (int64_t)nmethods, NULL))) {
            int dup_id = mb_strmap_get(&by_id, id, NULL) &&
                         !mb_strmap_get(&by_name, name, NULL);

            if (rc > 0)
                rc = mb_error_set(
                    MB_EFORMAT,
                    "%s:%zu: LCIA method %s %s is listed "
                    "twice; expected each ID and name once",
                    c->name, c->record_line, dup_id ? "ID" : "name",
                    mb_csv_quote(dup_id ? id : name, shown, sizeof shown));
            goto done;
        }
        ids[nmethods] = id;
        names[nmethods++] = name;
    }
    if (rc < 0)
        goto done;
    if ((rc = open_member(a, root, "lcia_method_categories.csv", &links)) < 0 ||
        (rc = mb_csv_header(&links.csv, lcols, 2)) < 0)
        goto done;
    while ((rc = mb_csv_next(&links.csv)) > 0) {
        const mb_csv *c = &links.csv;
        const char *method = mb_csv_field(c, lcols[0].index);
        const char *cat_id = mb_csv_field(c, lcols[1].index);
        int64_t m, cat;
        char shown[96], *key;

        if (!mb_strmap_get(&by_id, method, &m) &&
            !mb_strmap_get(&by_name, method, &m)) {
            rc = mb_error_set(MB_ENOTFOUND,
                              "%s:%zu: LCIA method %s is not in "
                              "lcia_methods.csv; expected the name or ID of "
                              "a method listed there",
                              c->name, c->record_line,
                              mb_csv_quote(method, shown, sizeof shown));
            goto done;
        }
        if (!mb_strmap_get(&r->cat_index, cat_id, &cat) || !r->cats[cat].file)
            continue; /* no factors: left out */
        if (!(key = mb_sprintf("%lld %lld", (long long)m, (long long)cat))) {
            rc = MB_ENOMEM;
            goto done;
        }
        rc = mb_strmap_add(&pairs, key, 0, NULL);
        mb_free(key);
        if (rc < 0)
            goto done;
        if (rc == 1)
            continue; /* listed twice: once is enough */
        if (npairs == pcap) {
            int64_t *more;

            pcap = pcap ? 2 * pcap : 256;
            if (!(more = mb_realloc(pair_method, pcap * sizeof *more))) {
                rc = MB_ENOMEM;
                goto done;
            }
            pair_method = more;
            if (!(more = mb_realloc(pair_cat, pcap * sizeof *more))) {
                rc = MB_ENOMEM;
                goto done;
            }
            pair_cat = more;
        }
        pair_method[npairs] = m;
        pair_cat[npairs++] = cat;
    }
    if (rc < 0)
        goto done;
    /* Group the pairs by method (counting sort, stable), then emit. */
    count = mb_calloc(nmethods + 1, sizeof *count);
    cat_ids = mb_alloc_array(npairs ? npairs : 1, sizeof *cat_ids);
    if (!count || !cat_ids) {
        rc = MB_ENOMEM;
        goto done;
    }
    for (k = 0; k < npairs; k++)
        count[pair_method[k] + 1]++;
    for (k = 0; k < nmethods; k++)
        count[k + 1] += count[k];
    for (k = 0; k < npairs; k++)
        cat_ids[count[pair_method[k]]++] = r->cats[pair_cat[k]].id;
    for (k = 0; rc == 0 && k < nmethods; k++) {
        size_t start = k ? count[k - 1] : 0;
        mb_lci_impact_method rec = {ids[k], names[k], count[k] - start,
                                    cat_ids + start};

        if (rec.ncategories && r->sink->impact_method)
            rc = r->sink->impact_method(r->sink->ctx, &rec);
    }
done:
    mb_strmap_destroy(&by_id);
    mb_strmap_destroy(&by_name);
    if (pairs.slots)
        mb_strmap_destroy(&pairs);
    mb_free(ids);
    mb_free(names);
    mb_free(cat_ids);
    mb_free(count);
    mb_free(pair_method);
    mb_free(pair_cat);
    csv_file_free(&methods);
    csv_file_free(&links);
    return rc;
}

/*
 * The folder of the package inside the archive: "" when lcia_categories.csv
 * is at the top, else the shallowest folder that has it ("refdata/").
 */
static int find_root(const mb_archive *a, char **root)
{
    static const char key[] = "lcia_categories.csv";
    const size_t klen = sizeof key - 1;
    size_t k, best = (size_t)-1;

    *root = NULL;
    for (k = 0; k < a->nnames; k++) {
        const char *n = a->names[k];
        size_t len = strlen(n);

        if (len < klen || strcmp(n + len - klen, key) != 0 ||
            (len > klen && n[len - klen - 1] != '/'))
            continue;
        if (best == (size_t)-1 || len < strlen(a->names[best]))
            best = k;
    }
    if (best == (size_t)-1)
        return mb_error_set(MB_ENOTFOUND,
                            "%s: no lcia_categories.csv; expected an openLCA "
                            "LCIA method package (lcia_categories.csv, "
                            "lcia_methods.csv, lcia_method_categories.csv, "
                            "lcia_factors/*.csv)",
                            a->label);
    *root = mb_strdup(a->names[best]);
    if (!*root)
        return MB_ENOMEM;
    (*root)[strlen(*root) - klen] = '\0';
    return 0;
}

/* Read the package in an opened archive. */
static int read_package(mb_archive *a, const mb_lci_sink *sink)
{
    reader r;
    csv_file cats;
    char *root = NULL;
    int rc;

    memset(&cats, 0, sizeof cats);
    if ((rc = reader_init(&r, sink)) < 0)
        return rc;
    if ((rc = mb_archive_list(a)) < 0 || (rc = find_root(a, &root)) < 0 ||
        (rc = load_lookup(&r.props, a, root, 0)) < 0 ||
        (rc = load_lookup(&r.locs, a, root, 1)) < 0 ||
        (rc = load_categories(&r, &cats, a, root)) < 0 ||
        (rc = read_factor_files(&r, a, root)) != 0)
        goto done;
    rc = read_methods(&r, a, root);
done:
    csv_file_free(&cats);
    mb_free(root);
    reader_free(&r);
    return rc;
}

int mb_olca_csv_methods_read(const char *dir, const mb_lci_sink *sink)
{
    mb_archive *a;
    int rc;

    if (!dir || !sink)
        return mb_error_set(MB_EINVAL, "mb_olca_csv_methods_read: no %s",
                            dir ? "sink" : "path");
    if ((rc = mb_archive_open(&a, dir)) < 0)
        return rc;
    rc = read_package(a, sink);
    mb_archive_close(a);
    return rc;
}

int mb_olca_csv_methods_read_buffer(const void *zip, size_t len,
                                    const char *label, const mb_lci_sink *sink)
{
    mb_archive *a;
    int rc;

    if (!zip || !sink)
        return mb_error_set(MB_EINVAL, "mb_olca_csv_methods_read_buffer: no %s",
                            zip ? "sink" : "buffer");
    if ((rc = mb_archive_from_buffer(&a, zip, len, label)) < 0)
        return rc;
    rc = read_package(a, sink);
    mb_archive_close(a);
    return rc;
}

/* A writable copy of buf with one spare byte, as mb_csv needs. */
static char *copy_buffer(const void *buf, size_t len)
{
    char *copy;

    if (len == (size_t)-1) {
        mb_error_oom();
        return NULL;
    }
    copy = mb_malloc(len + 1);
    if (copy && len)
        memcpy(copy, buf, len);
    return copy;
}

int mb_olca_csv_factors_read_buffer(const void *buf, size_t len,
                                    const char *name, const char *category_id,
                                    const mb_lci_sink *sink)
{
    category one = {NULL, NULL, NULL, NULL, -1};
    reader r;
    char *copy;
    int rc;

    if ((!buf && len) || !sink)
        return mb_error_set(MB_EINVAL, "mb_olca_csv_factors_read_buffer: no %s",
                            sink ? "buffer" : "sink");
    if (!name)
        name = "<buffer>";
    if (!(copy = copy_buffer(buf, len)))
        return MB_ENOMEM;
    if ((rc = reader_init(&r, sink)) < 0) {
        mb_free(copy);
        return rc;
    }
    one.id = category_id;
    r.cats = &one;
    r.ncats = 1;
    r.fixed = 1;
    rc = read_factor_file(&r, copy, len, name, name);
    r.cats = NULL;
    reader_free(&r);
    mb_free(copy);
    return rc;
}

/* The FEDEFL mapping in buf (parsed in place, buf[len] writable). */
static int read_mapping(char *buf, size_t len, const char *name,
                        const mb_lci_sink *sink)
{
    enum {
        SRC_NAME, SRC_ID, SRC_CTX, DST_NAME, DST_ID, DST_CTX, FACTOR,
        SRC_UNIT, DST_UNIT, N
    };
    mb_csv_column cols[N] = {
        {"SourceFlowName", 1, -1},    {"SourceFlowUUID", 1, -1},
        {"SourceFlowContext", 1, -1}, {"TargetFlowName", 1, -1},
        {"TargetFlowUUID", 1, -1},    {"TargetFlowContext", 1, -1},
        {"ConversionFactor", 0, -1},  {"SourceUnit", 0, -1},
        {"TargetUnit", 0, -1}};
    mb_csv c;
    int rc;

    mb_csv_init(&c, buf, len, name);
    if ((rc = mb_csv_header(&c, cols, N)) < 0)
        goto done;
    while ((rc = mb_csv_next(&c)) > 0) {
        const char *f[N];
        mb_lci_flow_map m;
        char shown[96];
        int k;

        for (k = 0; k < N; k++)
            f[k] = mb_csv_field(&c, cols[k].index);
        if (!f[DST_ID][0] || (!f[SRC_ID][0] && !f[SRC_NAME][0])) {
            int which = f[DST_ID][0] ? SRC_ID : DST_ID;

            rc = mb_error_set(MB_EFORMAT,
                              "%s:%zu: empty %s (flow %s); expected a uuid "
                              "(a source flow may instead be named by "
                              "SourceFlowName and SourceFlowContext)",
                              name, c.record_line, cols[which].name,
                              mb_csv_quote(f[which - 1], shown, sizeof shown));
            break;
        }
        m.source_id = f[SRC_ID][0] ? f[SRC_ID] : NULL;
        m.source_name = f[SRC_NAME][0] ? f[SRC_NAME] : NULL;
        m.source_category = f[SRC_CTX][0] ? f[SRC_CTX] : NULL;
        m.target_id = f[DST_ID];
        m.target_name = f[DST_NAME][0] ? f[DST_NAME] : NULL;
        m.target_category = f[DST_CTX][0] ? f[DST_CTX] : NULL;
        m.source_unit = f[SRC_UNIT][0] ? f[SRC_UNIT] : NULL;
        m.target_unit = f[DST_UNIT][0] ? f[DST_UNIT] : NULL;
        m.factor = 1.0;
        if (f[FACTOR][0] &&
            (rc = mb_csv_double(&c, cols[FACTOR].index, "ConversionFactor",
                                &m.factor)) < 0)
            break;
        if (sink->flow_map && (rc = sink->flow_map(sink->ctx, &m)) != 0)
            break;
    }
done:
    mb_csv_destroy(&c);
    return rc;
}

int mb_flow_mapping_read_buffer(const void *buf, size_t len, const char *name,
                                const mb_lci_sink *sink)
{
    char *copy;
    int rc;

    if ((!buf && len) || !sink)
        return mb_error_set(MB_EINVAL, "mb_flow_mapping_read_buffer: no %s",
                            sink ? "buffer" : "sink");
    if (!(copy = copy_buffer(buf, len)))
        return MB_ENOMEM;
    rc = read_mapping(copy, len, name ? name : "<buffer>", sink);
    mb_free(copy);
    return rc;
}

int mb_flow_mapping_read(const char *path, const mb_lci_sink *sink)
{
    FILE *f;
    char *buf = NULL;
    long size;
    int rc;

    if (!path || !sink)
        return mb_error_set(MB_EINVAL, "mb_flow_mapping_read: no %s",
                            path ? "sink" : "path");
    if (!(f = fopen(path, "rb")))
        return mb_error_set(MB_EIO, "%s: cannot open: %s", path,
                            strerror(errno));
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0)
        rc = mb_error_set(MB_EIO, "%s: cannot read: %s", path, strerror(errno));
    else if (!(buf = mb_malloc((size_t)size + 1)))
        rc = MB_ENOMEM;
    else if (fread(buf, 1, (size_t)size, f) != (size_t)size)
        rc = mb_error_set(MB_EIO, "%s: read failed", path);
    else
        rc = read_mapping(buf, (size_t)size, path, sink);
    fclose(f);
    mb_free(buf);
    return rc;
}
