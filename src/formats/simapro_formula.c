/*
 * simapro_formula.c - SimaPro expressions rewritten in metabol's formula
 * syntax (see simapro_formula.h).
 *
 * SimaPro's value fields take + - * / ^ and % (remainder), the comparisons
 * = <> < <= > >=, AND, OR, NOT, "x IF condition ELSE y" and functions such
 * as MIN(a; b) and MAX(a; b) (SimaPro support, "Which expressions can I
 * use in value fields"); a file exported with a decimal comma writes its
 * numbers with it. metabol's parser (src/model/formula.c) takes all of
 * this except the decimal comma, the infix IF, % and a few function names,
 * so a small recursive-descent pass rewrites the expression. Its grammar
 * has metabol's precedence levels, so operations print without added
 * parentheses (a sum of 500 terms stays one flat sum):
 *
 *   cond  := or [ "IF" or "ELSE" cond ]        x IF c ELSE y -> if(c; x; y)
 *   or    := and { ("OR" | "|" | "||") and }
 *   and   := not { ("AND" | "&" | "&&") not }
 *   not   := ("NOT" | "!") not | cmp
 *   cmp   := sum [ ("=" | "==" | "<>" | "!=" | "<" | "<=" | ">" | ">=") sum ]
 *   sum   := term { ("+" | "-") term }
 *   term  := unary { ("*" | "/" | "%") unary }  a % b -> (a - b*int(a/b))
 *   unary := ("-" | "+") unary | power
 *   power := atom [ "^" unary ]
 *   atom  := number | name [ "(" [ cond { (";" | ",") cond } ] ")" ]
 *          | "(" cond ")"
 *
 * The remainder truncates towards zero, as Delphi's mod (SimaPro is a
 * Delphi program) does. Names and function names go through unchanged but
 * for arctan -> atan, trunc -> int and frac(x) -> ((x) - int(x)). As % and
 * frac write their operand twice, a translation longer than 1 MB is
 * refused rather than grown.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/core.h"
#include "formats/simapro_formula.h"

#define MAX_DEPTH 200
#define MAX_TEXT (1u << 20)

typedef struct xl {
    const char *in, *p;
    char decimal;
    int depth;
} xl;

/* A string being built; failed: 1 out of memory, 2 over MAX_TEXT. */
typedef struct str {
    char *s;
    size_t n, cap;
    int failed;
} str;

static void put(str *b, const char *t, size_t n)
{
    char *s;

    if (b->failed)
        return;
    if (b->n + n > MAX_TEXT) {
        b->failed = 2;
        return;
    }
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 32;

        while (cap < b->n + n + 1)
            cap *= 2;
        if (!(s = mb_realloc(b->s, cap))) {
            b->failed = 1;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
    memcpy(b->s + b->n, t, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static void puts_(str *b, const char *t)
{
    put(b, t, strlen(t));
}

/* Append what a holds (and its failure). */
static void cat(str *b, const str *a)
{
    if (a->failed)
        b->failed = a->failed;
    else if (a->s)
        put(b, a->s, a->n);
}

static int fail(const xl *x, const char *expected)
{
    return mb_error_set(MB_EFORMAT, "expression '%.60s%s': column %d: "
                                    "expected %s",
                        x->in, strlen(x->in) > 60 ? "..." : "",
                        (int)(x->p - x->in) + 1, expected);
}

/* One level deeper: an error past MAX_DEPTH (undone by leave). */
static int enter(xl *x)
{
    return ++x->depth > MAX_DEPTH ? fail(x, "less nesting (over 200 levels)")
                                  : 0;
}

static int leave(xl *x, int rc)
{
    x->depth--;
    return rc;
}

static void skip_blanks(xl *x)
{
    while (*x->p == ' ' || *x->p == '\t' || *x->p == '\n' || *x->p == '\r')
        x->p++;
}

/* The word w (case ignored, not part of a longer name) next: eat it. */
static int word(xl *x, const char *w)
{
    size_t n = strlen(w);

    skip_blanks(x);
    if (strncasecmp(x->p, w, n) != 0 || isalnum((unsigned char)x->p[n]) ||
        x->p[n] == '_')
        return 0;
    x->p += n;
    return 1;
}

/* The symbol s next: eat it. */
static int symbol(xl *x, const char *s)
{
    size_t n = strlen(s);

    skip_blanks(x);
    if (strncmp(x->p, s, n) != 0)
        return 0;
    x->p += n;
    return 1;
}

static int parse_cond(xl *x, str *out);
static int parse_unary(xl *x, str *out);

/* out = a op b */
static void binary(str *out, const str *a, const char *op, const str *b)
{
    cat(out, a);
    puts_(out, op);
    cat(out, b);
}

/* A number: digits, the file's decimal separator, an exponent. */
static int number(xl *x, str *out)
{
    const char *p = x->p;
    int digits = 0;

    for (; isdigit((unsigned char)*p); p++, digits++)
        put(out, p, 1);
    if (*p == '.' || (*p == x->decimal && isdigit((unsigned char)p[1]))) {
        put(out, ".", 1);
        for (p++; isdigit((unsigned char)*p); p++, digits++)
            put(out, p, 1);
    }
    if (!digits)
        return fail(x, "a number");
    if ((*p == 'e' || *p == 'E') &&
        (isdigit((unsigned char)p[1]) ||
         ((p[1] == '+' || p[1] == '-') && isdigit((unsigned char)p[2])))) {
        put(out, "e", 1);
        for (p++; *p == '+' || *p == '-' || isdigit((unsigned char)*p); p++)
            put(out, p, 1);
    }
    x->p = p;
    return 0;
}

/* The arguments of a call after its "(", up to and with its ")". */
static int arguments(xl *x, str *args)
{
    int rc, first = 1;

    if (symbol(x, ")"))
        return 0;
    do {
        str a = {0};

        if ((rc = parse_cond(x, &a)) < 0) {
            mb_free(a.s);
            return rc;
        }
        if (!first)
            puts_(args, "; ");
        cat(args, &a);
        mb_free(a.s);
        first = 0;
    } while (symbol(x, ";") || symbol(x, ","));
    return symbol(x, ")") ? 0 : fail(x, "')' or ';'");
}

static int atom(xl *x, str *out)
{
    int rc;

    skip_blanks(x);
    if (isdigit((unsigned char)*x->p) || *x->p == '.' ||
        (*x->p == x->decimal && isdigit((unsigned char)x->p[1])))
        return number(x, out);
    if (symbol(x, "(")) {
        str a = {0};

        if ((rc = parse_cond(x, &a)) == 0 && !symbol(x, ")"))
            rc = fail(x, "')'");
        if (rc == 0) {
            puts_(out, "(");
            cat(out, &a);
            puts_(out, ")");
        }
        mb_free(a.s);
        return rc;
    }
    if (isalpha((unsigned char)*x->p) || *x->p == '_') {
        const char *start = x->p;
        size_t n;
        str args = {0};

        while (isalnum((unsigned char)*x->p) || *x->p == '_')
            x->p++;
        n = (size_t)(x->p - start);
        if (!symbol(x, "(")) {
            put(out, start, n);
            return 0;
        }
        if ((rc = arguments(x, &args)) < 0) {
            mb_free(args.s);
            return rc;
        }
        if (n == 4 && !strncasecmp(start, "frac", 4)) {
            puts_(out, "((");
            cat(out, &args);
            puts_(out, ") - int(");
            cat(out, &args);
            puts_(out, "))");
        } else {
            if (n == 6 && !strncasecmp(start, "arctan", 6))
                puts_(out, "atan");
            else if (n == 5 && !strncasecmp(start, "trunc", 5))
                puts_(out, "int");
            else
                put(out, start, n);
            puts_(out, "(");
            cat(out, &args);
            puts_(out, ")");
        }
        mb_free(args.s);
        return 0;
    }
    return fail(x, "a number, a name or '('");
}

static int parse_power(xl *x, str *out)
{
    str a = {0}, b = {0};
    int rc;

    if ((rc = atom(x, &a)) == 0) {
        if (symbol(x, "^")) {
            if ((rc = parse_unary(x, &b)) == 0)
                binary(out, &a, "^", &b);
        } else {
            cat(out, &a);
        }
    }
    mb_free(a.s);
    mb_free(b.s);
    return rc;
}

static int parse_unary(xl *x, str *out)
{
    str a = {0};
    int rc;

    if ((rc = enter(x)) < 0)
        return leave(x, rc);
    skip_blanks(x);
    if (*x->p == '-' || *x->p == '+') {
        char sign[2] = {*x->p, '\0'};

        x->p++;
        if ((rc = parse_unary(x, &a)) == 0) {
            puts_(out, sign);
            cat(out, &a);
        }
        mb_free(a.s);
    } else {
        rc = parse_power(x, out);
    }
    return leave(x, rc);
}

/* term := unary { ("*" | "/" | "%") unary } */
static int parse_term(xl *x, str *out)
{
    str a = {0};
    int rc = parse_unary(x, &a);

    while (rc == 0) {
        str b = {0};
        char op;

        skip_blanks(x);
        op = *x->p;
        if (op != '*' && op != '/' && op != '%')
            break;
        x->p++;
        if ((rc = parse_unary(x, &b)) == 0 && op != '%') {
            puts_(&a, op == '*' ? "*" : "/");
            cat(&a, &b);
        } else if (rc == 0) { /* a % b -> (a - b*int(a/b)) */
            str c = {0};

            puts_(&c, "(");
            binary(&c, &a, " - ", &b);
            puts_(&c, "*int(");
            binary(&c, &a, "/", &b);
            puts_(&c, "))");
            mb_free(a.s);
            a = c;
        }
        mb_free(b.s);
    }
    if (rc == 0)
        cat(out, &a);
    mb_free(a.s);
    return rc;
}

/* A left-associative chain of one precedence level. */
typedef int (*level)(xl *, str *);

static int chain(xl *x, str *out, level next, const char *const *ops,
                 const char *const *outs)
{
    str a = {0};
    int rc = next(x, &a), k;

    while (rc == 0) {
        str b = {0};

        for (k = 0; ops[k]; k++)
            if (isalpha((unsigned char)ops[k][0]) ? word(x, ops[k])
                                                  : symbol(x, ops[k]))
                break;
        if (!ops[k])
            break;
        if ((rc = next(x, &b)) == 0) { /* appended: no copy of a */
            puts_(&a, outs[k]);
            cat(&a, &b);
        }
        mb_free(b.s);
    }
    if (rc == 0)
        cat(out, &a);
    mb_free(a.s);
    return rc;
}

static int parse_sum(xl *x, str *out)
{
    static const char *const ops[] = {"+", "-", NULL};
    static const char *const outs[] = {" + ", " - "};

    return chain(x, out, parse_term, ops, outs);
}

/* cmp := sum [ op sum ]: longer symbols first */
static int parse_cmp(xl *x, str *out)
{
    static const char *const ops[] = {"==", "=", "<>", "!=", "<=", ">=",
                                      "<",  ">", NULL};
    str a = {0}, b = {0};
    int rc = parse_sum(x, &a), k;

    if (rc == 0) {
        for (k = 0; ops[k] && !symbol(x, ops[k]); k++)
            ;
        if (!ops[k])
            cat(out, &a);
        else if ((rc = parse_sum(x, &b)) == 0)
            binary(out, &a, ops[k], &b);
    }
    mb_free(a.s);
    mb_free(b.s);
    return rc;
}

static int parse_not(xl *x, str *out)
{
    str a = {0};
    int rc;

    if (!word(x, "not") && !symbol(x, "!"))
        return parse_cmp(x, out);
    if ((rc = enter(x)) == 0 && (rc = parse_not(x, &a)) == 0) {
        puts_(out, "not(");
        cat(out, &a);
        puts_(out, ")");
    }
    mb_free(a.s);
    return leave(x, rc);
}

static int parse_and(xl *x, str *out)
{
    static const char *const ops[] = {"and", "&&", "&", NULL};
    static const char *const outs[] = {" and ", " and ", " and "};

    return chain(x, out, parse_not, ops, outs);
}

static int parse_or(xl *x, str *out)
{
    static const char *const ops[] = {"or", "||", "|", NULL};
    static const char *const outs[] = {" or ", " or ", " or "};

    return chain(x, out, parse_and, ops, outs);
}

/* cond := or [ IF or ELSE cond ] */
static int parse_cond(xl *x, str *out)
{
    str a = {0}, c = {0}, b = {0};
    int rc;

    if ((rc = enter(x)) == 0 && (rc = parse_or(x, &a)) == 0) {
        if (!word(x, "if")) {
            cat(out, &a);
        } else if ((rc = parse_or(x, &c)) == 0) {
            if (!word(x, "else"))
                rc = fail(x, "ELSE after IF");
            else if ((rc = parse_cond(x, &b)) == 0) {
                puts_(out, "if(");
                cat(out, &c);
                puts_(out, "; ");
                cat(out, &a);
                puts_(out, "; ");
                cat(out, &b);
                puts_(out, ")");
            }
        }
    }
    mb_free(a.s);
    mb_free(b.s);
    mb_free(c.s);
    return leave(x, rc);
}

int sp_formula_translate(const char *in, char decimal, char **out)
{
    xl x = {in, in, decimal, 0};
    str s = {0};
    int rc;

    *out = NULL;
    if ((rc = parse_cond(&x, &s)) == 0) {
        skip_blanks(&x);
        if (*x.p)
            rc = fail(&x, "an operator or the end");
    }
    if (rc == 0 && s.failed == 2)
        rc = mb_error_set(MB_EFORMAT, "expression '%.60s%s': longer than %u "
                                      "KB once translated; expected a "
                                      "shorter one",
                          in, strlen(in) > 60 ? "..." : "", MAX_TEXT >> 10);
    else if (rc == 0 && (s.failed || !s.s))
        rc = mb_error_oom();
    if (rc < 0) {
        mb_free(s.s);
        return rc;
    }
    *out = s.s;
    return 0;
}
