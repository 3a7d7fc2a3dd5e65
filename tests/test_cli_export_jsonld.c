/*
 * test_cli_export_jsonld.c - `metabol export olca-jsonld`: a project (the
 * US LCI database with the IPCC method and the FEDEFL mapping, as the demo
 * builds it; the beef cattle system; EcoSpold 1 and 2 data) exported,
 * imported into a fresh project, gives the same `lca` results and the same
 * listings, whole and one database at a time; bad input gives one error line and leaves no
 * file (and a file already at OUT as it was).
 */
#include <glob.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_run.h"
#include "test.h"

#define BEEF "tests/fixtures/jsonld/beef-cattle-finishing.zip"
#define EX "examples/uslci/"
#define FINISHING "'beef cattle finishing; CCF operation; at auction; LW'"

/* `metabol -p PROJECT <formatted arguments>`: its exit code. */
static int metabol(const char *project, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int metabol(const char *project, const char *fmt, ...)
{
    char args[3072], cmd[4096];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    snprintf(cmd, sizeof cmd, "-p %s %s", project, args);
    return run(cmd);
}

/* The next field of a CSV line at *p (quotes kept), into buf. */
static int next_field(const char **p, char *buf, size_t size)
{
    const char *s = *p;
    size_t n = 0;
    int quoted = 0;

    if (!*s || *s == '\n')
        return 0;
    for (; *s && (quoted || (*s != ',' && *s != '\n')); s++) {
        if (*s == '"')
            quoted = !quoted;
        if (n + 1 < size)
            buf[n++] = *s;
    }
    buf[n] = '\0';
    if (*s == ',')
        s++;
    *p = s;
    return 1;
}

/*
 * Two `lca --format csv` outputs agree: the same lines and fields, the
 * numbers to 1e-12 relative. NULL when they do, else what differs.
 */
static const char *csv_difference(const char *a, const char *b)
{
    static char why[600];
    char fa[256], fb[256];
    int line = 1;

    while (*a || *b) {
        int ha = next_field(&a, fa, sizeof fa);
        int hb = next_field(&b, fb, sizeof fb);
        char *ea, *eb;
        double x, y;

        if (ha != hb) {
            snprintf(why, sizeof why, "line %d: fields differ", line);
            return why;
        }
        if (!ha) { /* both at the end of a line */
            if (*a != *b) {
                snprintf(why, sizeof why, "line %d: lines differ", line);
                return why;
            }
            if (*a)
                a++, b++;
            line++;
            continue;
        }
        x = strtod(fa, &ea);
        y = strtod(fb, &eb);
        if (*fa && !*ea && *fb && !*eb) {
            if (fabs(x - y) > 1e-12 * fmax(fabs(x), fabs(y))) {
                snprintf(why, sizeof why, "line %d: %s, expected %s", line,
                         fb, fa);
                return why;
            }
        } else if (strcmp(fa, fb) != 0) {
            snprintf(why, sizeof why, "line %d: '%s', expected '%s'", line,
                     fb, fa);
            return why;
        }
    }
    return NULL;
}

/* The content of a file in a new buffer, NULL when it cannot be read. */
static char *file_text(const char *path)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f;

    if (!(f = fopen(path, "rb")))
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (size = (size_t)ftell(f)) < 1 << 30 &&
        fseek(f, 0, SEEK_SET) == 0 && (text = malloc(size + 1)) != NULL) {
        size = fread(text, 1, size, f);
        text[size] = '\0';
    }
    fclose(f);
    return text;
}

/*
 * The whole output of one command on project p (listings outgrow
 * out_text) in a new buffer; NULL when the command fails.
 */
static char *output_of(const char *p, const char *args)
{
    char path[400], cmd[4096];

    snprintf(path, sizeof path, "%s/output", test_tmpdir());
    snprintf(cmd, sizeof cmd, "%s -p %s %s >%s 2>/dev/null", test_metabol,
             p, args, path);
    return system(cmd) == 0 ? file_text(path) : NULL;
}

static int compare_lines(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The lines of text in byte order (text rewritten in place). */
static void sort_lines(char *text)
{
    size_t n = 0, k, len = strlen(text);
    char **lines, *copy = malloc(len + 1), *p, *out = text;

    for (p = text; *p; p++)
        n += *p == '\n';
    lines = malloc((n + 1) * sizeof *lines);
    if (!copy || !lines) {
        free(copy);
        free(lines);
        return;
    }
    memcpy(copy, text, len + 1);
    for (n = 0, p = strtok(copy, "\n"); p; p = strtok(NULL, "\n"))
        lines[n++] = p;
    qsort(lines, n, sizeof *lines, compare_lines);
    for (k = 0; k < n; k++)
        out += sprintf(out, "%s\n", lines[k]);
    free(lines);
    free(copy);
}

enum { SAME_TEXT, SAME_CSV, SAME_CSV_ANY_ORDER };

/* Projects a and b give the same output for each command. */
static void check_same_outputs(const char *a, const char *b,
                               const char *const *commands, int how)
{
    int k;

    for (k = 0; commands[k]; k++) {
        char *first = output_of(a, commands[k]);
        char *second = output_of(b, commands[k]);
        const char *why;

        if (how == SAME_CSV_ANY_ORDER && first && second) {
            sort_lines(first);
            sort_lines(second);
        }
        if (!first || !second)
            why = "the command failed";
        else if (how == SAME_TEXT)
            why = strcmp(first, second) ? "the output differs" : NULL;
        else
            why = csv_difference(first, second);
        free(first);
        free(second);
        CHECK_MSG(!why, "%s: %s", commands[k], why);
    }
}

/* Listings must match exactly; scores to 1e-12. */
static const char *const listings[] = {"list processes", "list flows",
                                       "list methods", NULL};
static const char *const uslci_lcas[] = {
    "lca --process 'Electricity, bituminous coal, at power plant' "
    "--amount 1 --unit kWh --method AR6-100 --format csv",
    "lca --process 'Acetic acid, at plant' --method AR6-100 --method "
    "AR4-100 --format csv",
    "lca --process 'Transport, train, diesel powered' --method AR6-20 "
    "--format csv",
    "lca --process 'Natural gas, combusted in industrial boiler' --method "
    "AR5-100 --top 20 --format csv",
    NULL};

TEST(cli_export_jsonld_uslci_imported_again_gives_the_same_lca)
{
    const char *dir = test_tmpdir();
    static const char *const names[] = {"uslci", "ipcc", "fedefl"};
    char original[400], whole[400], parts[400], zip[400];
    int k;

    if (access(EX "uslci_olca1_5_0_json_ld.zip", R_OK) != 0)
        SKIP("examples/uslci is not there");
    snprintf(original, sizeof original, "%s/original.db", dir);
    snprintf(whole, sizeof whole, "%s/whole.db", dir);
    snprintf(parts, sizeof parts, "%s/parts.db", dir);
    /* the demo's project (examples/demo.sh) */
    CHECK(metabol(original, "import olca-jsonld " EX
                            "uslci_olca1_5_0_json_ld.zip --name uslci") == 0);
    CHECK(metabol(original,
                  "import olca-jsonld " EX "ipcc_json_v1.0.3.zip --name "
                  "ipcc") == 0);
    CHECK(metabol(original, "import flow-mapping " EX
                            "USLCIv2019Q4.csv --name fedefl") == 0);
    /* the whole project in one package, as one database again */
    snprintf(zip, sizeof zip, "%s/whole.zip", dir);
    CHECK(metabol(original, "export olca-jsonld %s", zip) == 0);
    CHECK_STR_CONTAINS(out_text,
                       "(olca-jsonld): 766 processes, 32526 exchanges, "
                       "4601 flows, 27 unit groups, 33 flow properties, 11 "
                       "locations, 8 impact categories, 20383 impact "
                       "factors, 1 methods, 4339 flow mappings\n");
    CHECK(metabol(whole, "import olca-jsonld %s", zip) == 0);
    /* the counts of the three imports of the original project */
    CHECK_STR_CONTAINS(out_text,
                       "766 processes, 32526 exchanges, 4601 flows, 27 unit "
                       "groups, 33 flow properties, 11 locations, 8 impact "
                       "categories (20383 factors), 1 methods, 4339 flow "
                       "mappings");
    check_same_outputs(original, whole, listings, SAME_TEXT);
    check_same_outputs(original, whole, uslci_lcas, SAME_CSV);
    /* each database in its own package, with the reference data it uses */
    for (k = 0; k < 3; k++) {
        snprintf(zip, sizeof zip, "%s/%s.zip", dir, names[k]);
        CHECK(metabol(original, "export olca-jsonld %s --database %s", zip,
                      names[k]) == 0);
        CHECK_STR_CONTAINS(out_text, "exported '");
        CHECK(metabol(parts, "import olca-jsonld %s", zip) == 0);
    }
    check_same_outputs(original, parts, listings, SAME_TEXT);
    check_same_outputs(original, parts, uslci_lcas, SAME_CSV);
}

TEST(cli_export_jsonld_beef_imported_again_gives_the_same_lca)
{
    static const char *const beef_lcas[] = {
        "lca --process " FINISHING " --amount 2914841.44 --format csv",
        "lca --process 'calf production; cow-calf operation; at farm' "
        "--format csv",
        NULL};
    const char *dir = test_tmpdir();
    char original[400], again[400], zip[400];

    snprintf(original, sizeof original, "%s/beef.db", dir);
    snprintf(again, sizeof again, "%s/again.db", dir);
    snprintf(zip, sizeof zip, "%s/beef.zip", dir);
    CHECK(metabol(original, "import olca-jsonld " BEEF " --name beef") == 0);
    CHECK(metabol(original, "export olca-jsonld %s --database beef", zip) ==
          0);
    CHECK_STR_CONTAINS(out_text, "exported 'beef' to ");
    CHECK_STR_CONTAINS(out_text, ": 8 processes, 105 exchanges, 48 flows");
    CHECK(metabol(again, "import olca-jsonld %s", zip) == 0);
    /* the default providers are written and followed again */
    CHECK_STR_CONTAINS(out_text, "5 by default provider, 3 by product flow");
    check_same_outputs(original, again, listings, SAME_TEXT);
    check_same_outputs(original, again, beef_lcas, SAME_CSV);
}

/*
 * Data whose ids metabol made (EcoSpold 1: from names, with '|' and ':';
 * EcoSpold 2 unit groups): written with UUIDs made from them, it gives
 * the same results.
 */
TEST(cli_export_jsonld_ecospold_data_imported_again_gives_the_same_lca)
{
    static const char *const lcas[] = {
        "lca --process 'Aluminum, extrusion, at plant' --format csv",
        "lca --process 'production of product Z' --format csv", NULL};
    const char *dir = test_tmpdir();
    char original[400], again[400], zip[400];

    snprintf(original, sizeof original, "%s/e.db", dir);
    snprintf(again, sizeof again, "%s/again.db", dir);
    snprintf(zip, sizeof zip, "%s/e.zip", dir);
    CHECK(metabol(original, "import ecospold1 'tests/fixtures/ecospold1/"
                            "Aluminum, extrusion, at plant.xml' --name al") ==
          0);
    CHECK(metabol(original,
                  "import ecospold2 tests/fixtures/ecospold2 --name e2") == 0);
    CHECK(metabol(original, "export olca-jsonld %s", zip) == 0);
    CHECK(metabol(again, "import olca-jsonld %s", zip) == 0);
    CHECK(metabol(again, "list processes") == 0);
    CHECK_STR_CONTAINS(out_text, "Aluminum, extrusion, at plant\t");
    CHECK(strstr(out_text, "ecospold1-process:") == NULL);
    /* flows come in another order (files are read in name order, and
     * the names are new): the same lines, in another order */
    check_same_outputs(original, again, lcas, SAME_CSV_ANY_ORDER);
}

/* How many files match a glob pattern made of dir and pattern. */
static size_t matches(const char *dir, const char *pattern)
{
    char path[600];
    glob_t g;
    size_t n;

    snprintf(path, sizeof path, "%s/%s", dir, pattern);
    if (glob(path, 0, NULL, &g) != 0)
        return 0;
    n = g.gl_pathc;
    globfree(&g);
    return n;
}

TEST(cli_export_jsonld_errors_are_one_line_and_leave_no_file)
{
    const char *dir = test_tmpdir();
    char p[400], out[400], args[1024], *text;
    size_t files;

    snprintf(p, sizeof p, "%s/p.db", dir);
    snprintf(out, sizeof out, "%s/out.zip", dir);
    CHECK_ERROR_LINE(metabol(p, "export olca-jsonld %s", out),
                     "no project there");
    CHECK(access(p, F_OK) != 0 && access(out, F_OK) != 0);
    CHECK(metabol(p, "import olca-jsonld " BEEF " --name beef") == 0);
    CHECK(write_text(out, "old") == 0);
    files = matches(dir, "*");
    CHECK(metabol(p, "export nope %s", out) == 2);
    CHECK(metabol(p, "export olca-jsonld") == 2);
    CHECK_ERROR_LINE(metabol(p, "export olca-jsonld %s --database nope",
                             out),
                     "no database named 'nope' in the project (its "
                     "databases: 'beef')");
    /* a directory not there, a file as a directory, a directory as OUT */
    snprintf(args, sizeof args, "export olca-jsonld %s/none/out.zip", dir);
    CHECK_ERROR_LINE(metabol(p, "%s", args),
                     "/none/out.zip: cannot write there: No such file or "
                     "directory");
    CHECK_ERROR_LINE(metabol(p, "export olca-jsonld %s/x.zip", out),
                     "out.zip/x.zip: cannot write there: Not a directory");
    CHECK_ERROR_LINE(metabol(p, "export olca-jsonld %s", dir),
                     "is a directory; expected the path of the zip file");
    /* nothing new in the directory (no temporary file), OUT as it was */
    CHECK(matches(dir, "*") == files && matches(dir, "out.zip?*") == 0);
    text = file_text(out);
    CHECK(text && strcmp(text, "old") == 0);
    free(text);
    CHECK(metabol(p, "export olca-jsonld %s", out) == 0);
    CHECK_STR_CONTAINS(out_text, "exported the project to ");
    CHECK(metabol(p, "import olca-jsonld %s --name again", out) == 1);
    CHECK_STR_CONTAINS(err_text, "process ");
    CHECK_STR_CONTAINS(err_text, "is already in the project");
}
