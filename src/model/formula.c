/*
 * formula.c - parser and evaluator of parameter formulas, as openLCA and
 * ecoinvent write them (openLCA manual, "Parameters and formulas";
 * ecoinvent data quality guidelines, mathematical relations).
 *
 * Written by hand: no packaged C library reads this syntax. Recursive
 * descent over a small grammar, lowest precedence first:
 *
 *   or       := and   { ("or" | "||") and }
 *   and      := not   { ("and" | "&&") not }
 *   not      := ("not" | "!") not | compare
 *   compare  := sum   [ ("=" | "==" | "<>" | "!=" | "<" | "<=" | ">" | ">=")
 * sum ] sum      := term  { ("+" | "-") term } term     := unary { ("*" | "/")
 * unary } unary    := ("-" | "+") unary | power power    := atom  [ "^" unary ]
 * (right-associative: 2^3^2 = 512) atom     := number | name | name "(" [ or {
 * (";" | ",") or } ] ")" | "(" or ")"
 *
 * so -2^2 = -4, as in mathematics. Truth is nonzero; comparisons and logic
 * give 1 or 0. if(c; a; b) evaluates only the branch it takes. Names are
 * case-insensitive; "pi" and "e" are constants unless a parameter of that
 * name exists.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/core.h"
#include "metabol/formula.h"
#include "model/formula_internal.h"

#define PI 3.14159265358979323846
#define EULER 2.71828182845904523536

enum node_kind { N_NUM, N_NAME, N_NEG, N_NOT, N_BIN, N_CALL };
enum bin_op {
    B_ADD,
    B_SUB,
    B_MUL,
    B_DIV,
    B_POW,
    B_EQ,
    B_NE,
    B_LT,
    B_LE,
    B_GT,
    B_GE,
    B_AND,
    B_OR
};

typedef struct node {
    int kind, op;
    double value;
    int a, b;     /* children (N_NEG/N_NOT: a; N_BIN: a, b) */
    int name;     /* N_NAME: index into names; N_CALL: function id */
    int first, n; /* N_CALL: arguments args[first .. first + n - 1] */
} node;

struct mb_formula {
    char *text;
    node *nodes;
    int nnodes, cap;
    int *args;
    int nargs, argcap;
    char **names;
    size_t nnames;
    int root;
};

typedef struct parser {
    const char *text, *s;
    mb_formula *f;
    int depth;
} parser;

/* Functions: name, arity (-1: one or more). */
typedef struct func {
    const char *name;
    int arity;
} func;

enum {
    F_IF,
    F_ABS,
    F_SQRT,
    F_EXP,
    F_LN,
    F_LOG,
    F_LOG10,
    F_SIN,
    F_COS,
    F_TAN,
    F_ASIN,
    F_ACOS,
    F_ATAN,
    F_SINH,
    F_COSH,
    F_TANH,
    F_FLOOR,
    F_CEIL,
    F_ROUND,
    F_INT,
    F_SQR,
    F_POWER,
    F_MIN,
    F_MAX,
    F_SUM,
    F_AVG,
    F_AND,
    F_OR,
    F_NOT,
    F_PI,
    F_COUNT
};

static const func funcs[F_COUNT] = {
    {"if", 3},   {"abs", 1},   {"sqrt", 1}, {"exp", 1},   {"ln", 1},
    {"log", 1},  {"log10", 1}, {"sin", 1},  {"cos", 1},   {"tan", 1},
    {"asin", 1}, {"acos", 1},  {"atan", 1}, {"sinh", 1},  {"cosh", 1},
    {"tanh", 1}, {"floor", 1}, {"ceil", 1}, {"round", 1}, {"int", 1},
    {"sqr", 1},  {"power", 2}, {"min", -1}, {"max", -1},  {"sum", -1},
    {"avg", -1}, {"and", -1},  {"or", -1},  {"not", 1},   {"pi", 0}};

#define MAX_DEPTH 200 /* nesting: deeper input is refused, not recursed */

/* A formula in a message: its first 60 characters, then "...". */
#define SHOWN "%.*s%s"
#define SHOW(t)                                                                \
    (int)(strlen(t) > 60 ? 60 : strlen(t)), (t), strlen(t) > 60 ? "..." : ""

static int syntax_error(parser *p, const char *expected)
{
    return mb_error_set(MB_EFORMAT,
                        "formula '" SHOWN "': column %d: expected %s",
                        SHOW(p->text), (int)(p->s - p->text) + 1, expected);
}

/* One level deeper into the grammar; deep input is refused, not recursed. */
static int enter(parser *p)
{
    if (++p->depth > MAX_DEPTH)
        return mb_error_set(MB_EFORMAT,
                            "formula '" SHOWN "': nested too deeply",
                            SHOW(p->text));
    return 0;
}

static void skip_ws(parser *p)
{
    while (isspace((unsigned char)*p->s))
        p->s++;
}

/* Accept the operator `op` at the cursor (after blanks). */
static int accept(parser *p, const char *op)
{
    size_t n = strlen(op);

    skip_ws(p);
    if (strncmp(p->s, op, n) != 0)
        return 0;
    /* "<" must not take the first half of "<=" or "<>"; "=" of "==". */
    if (n == 1 &&
        (op[0] == '<' || op[0] == '>' || op[0] == '=' || op[0] == '!') &&
        (p->s[1] == '=' || (op[0] == '<' && p->s[1] == '>')))
        return 0;
    if (n == 1 && (op[0] == '&' || op[0] == '|') && p->s[1] == op[0])
        return 0;
    p->s += n;
    return 1;
}

/* Accept a keyword (and, or, not) as a whole word, not before '('. */
static int accept_word(parser *p, const char *w)
{
    size_t n = strlen(w);
    const char *q;

    skip_ws(p);
    if (strncasecmp(p->s, w, n) != 0 || isalnum((unsigned char)p->s[n]) ||
        p->s[n] == '_')
        return 0;
    for (q = p->s + n; isspace((unsigned char)*q); q++)
        ;
    if (*q == '(' && strcmp(w, "not") != 0) /* and(...), or(...) */
        return 0;
    p->s += n;
    return 1;
}

static int add_node(parser *p, node nd)
{
    mb_formula *f = p->f;

    if (f->nnodes == f->cap) {
        int cap = f->cap ? 2 * f->cap : 16;
        node *nn = mb_realloc(f->nodes, (size_t)cap * sizeof *nn);

        if (!nn)
            return MB_ENOMEM;
        f->nodes = nn;
        f->cap = cap;
    }
    f->nodes[f->nnodes] = nd;
    return f->nnodes++;
}

static int add_name(mb_formula *f, const char *s, size_t len)
{
    char *name;
    size_t k;

    for (k = 0; k < f->nnames; k++)
        if (strlen(f->names[k]) == len && strncasecmp(f->names[k], s, len) == 0)
            return (int)k;
    name = mb_malloc(len + 1);
    if (!name)
        return MB_ENOMEM;
    for (k = 0; k < len; k++)
        name[k] = (char)tolower((unsigned char)s[k]);
    name[len] = '\0';
    {
        char **nn = mb_realloc(f->names, (f->nnames + 1) * sizeof *nn);

        if (!nn) {
            mb_free(name);
            return MB_ENOMEM;
        }
        f->names = nn;
    }
    f->names[f->nnames] = name;
    return (int)f->nnames++;
}

static int parse_or(parser *p);

static int binary(parser *p, int op, int a, int b)
{
    node nd = {N_BIN, op, 0, a, b, 0, 0, 0};

    return add_node(p, nd);
}

static int parse_call(parser *p, int fn)
{
    int args[64], n = 0, k, at;
    node nd = {N_CALL, 0, 0, 0, 0, fn, 0, 0};

    if (!accept(p, ")")) {
        do {
            if (n == 64)
                return mb_error_set(
                    MB_EFORMAT, "formula '" SHOWN "': more than 64 arguments",
                    SHOW(p->text));
            if ((args[n] = parse_or(p)) < 0)
                return args[n];
            n++;
        } while (accept(p, ";") || accept(p, ","));
        if (!accept(p, ")"))
            return syntax_error(p, "')' or an argument separator");
    }
    if ((funcs[fn].arity >= 0 && n != funcs[fn].arity) ||
        (funcs[fn].arity < 0 && n == 0))
        return mb_error_set(
            MB_EFORMAT,
            "formula '" SHOWN "': %s() takes %s%d argument%s, not "
            "%d",
            SHOW(p->text), funcs[fn].name,
            funcs[fn].arity < 0 ? "at least " : "",
            funcs[fn].arity < 0 ? 1 : funcs[fn].arity,
            funcs[fn].arity == 1 || funcs[fn].arity < 0 ? "" : "s", n);
    if (p->f->nargs + n > p->f->argcap) {
        int cap = (p->f->argcap + n) * 2 + 8;
        int *na = mb_realloc(p->f->args, (size_t)cap * sizeof *na);

        if (!na)
            return MB_ENOMEM;
        p->f->args = na;
        p->f->argcap = cap;
    }
    nd.first = p->f->nargs;
    nd.n = n;
    for (k = 0; k < n; k++)
        p->f->args[p->f->nargs++] = args[k];
    at = add_node(p, nd);
    return at;
}

static int parse_atom(parser *p)
{
    skip_ws(p);
    if (isdigit((unsigned char)*p->s) ||
        (*p->s == '.' && isdigit((unsigned char)p->s[1]))) {
        node nd = {N_NUM, 0, 0, 0, 0, 0, 0, 0};
        const char *q = p->s;

        /* By hand: strtod would also take "inf", "nan" and hex floats. */
        while (isdigit((unsigned char)*q))
            q++;
        if (*q == '.')
            for (q++; isdigit((unsigned char)*q); q++)
                ;
        if ((*q == 'e' || *q == 'E') &&
            (isdigit((unsigned char)q[1]) ||
             ((q[1] == '+' || q[1] == '-') && isdigit((unsigned char)q[2])))) {
            for (q += 2; isdigit((unsigned char)*q); q++)
                ;
        }
        {
            char buf[64];
            size_t len = (size_t)(q - p->s);

            if (len >= sizeof buf)
                return syntax_error(p, "a number of fewer than 64 characters");
            memcpy(buf, p->s, len);
            buf[len] = '\0';
            nd.value = strtod(buf, NULL);
        }
        p->s = q;
        return add_node(p, nd);
    }
    if (isalpha((unsigned char)*p->s) || *p->s == '_') {
        const char *start = p->s;
        size_t len;
        int fn;

        while (isalnum((unsigned char)*p->s) || *p->s == '_')
            p->s++;
        len = (size_t)(p->s - start);
        if (accept(p, "(")) {
            for (fn = 0; fn < F_COUNT; fn++)
                if (strlen(funcs[fn].name) == len &&
                    strncasecmp(funcs[fn].name, start, len) == 0)
                    return parse_call(p, fn);
            p->s = start;
            return mb_error_set(
                MB_EFORMAT,
                "formula '" SHOWN "': column %d: unknown function "
                "'%.*s'",
                SHOW(p->text), (int)(start - p->text) + 1, (int)len, start);
        }
        {
            node nd = {N_NAME, 0, 0, 0, 0, 0, 0, 0};

            if ((nd.name = add_name(p->f, start, len)) < 0)
                return nd.name;
            return add_node(p, nd);
        }
    }
    if (accept(p, "(")) {
        int inner = parse_or(p);

        if (inner < 0)
            return inner;
        if (!accept(p, ")"))
            return syntax_error(p, "')'");
        return inner;
    }
    return syntax_error(p, "a number, a name or '('");
}

static int parse_unary(parser *p);

static int parse_power(parser *p)
{
    int a = parse_atom(p), b;

    if (a < 0)
        return a;
    if (!accept(p, "^"))
        return a;
    if ((b = parse_unary(p)) < 0)
        return b;
    return binary(p, B_POW, a, b);
}

static int parse_unary(parser *p)
{
    int a;

    if ((a = enter(p)) < 0)
        return a;
    if (accept(p, "-")) {
        node nd = {N_NEG, 0, 0, 0, 0, 0, 0, 0};

        if ((a = parse_unary(p)) < 0)
            return a;
        nd.a = a;
        a = add_node(p, nd);
    } else if (accept(p, "+")) {
        a = parse_unary(p);
    } else {
        a = parse_power(p);
    }
    p->depth--;
    return a;
}

/* An operator of a left-associative level and the node it makes. */
typedef struct level_op {
    const char *text;
    int op;
} level_op;

/* operand { op operand }: one left-associative level of the grammar. */
static int parse_level(parser *p, const level_op *ops, size_t nops,
                       int (*operand)(parser *))
{
    int a = operand(p), b;
    size_t k;

    while (a >= 0) {
        for (k = 0; k < nops && !accept(p, ops[k].text); k++)
            ;
        if (k == nops)
            break;
        if ((b = operand(p)) < 0)
            return b;
        a = binary(p, ops[k].op, a, b);
    }
    return a;
}

static int parse_term(parser *p)
{
    static const level_op ops[] = {{"*", B_MUL}, {"/", B_DIV}};

    return parse_level(p, ops, 2, parse_unary);
}

static int parse_sum(parser *p)
{
    static const level_op ops[] = {{"+", B_ADD}, {"-", B_SUB}};

    return parse_level(p, ops, 2, parse_term);
}

static int parse_compare(parser *p)
{
    static const struct {
        const char *text;
        int op;
    } ops[] = {{"==", B_EQ}, {"<>", B_NE}, {"!=", B_NE}, {"<=", B_LE},
               {">=", B_GE}, {"=", B_EQ},  {"<", B_LT},  {">", B_GT}};
    int a = parse_sum(p), b;
    size_t k;

    if (a < 0)
        return a;
    for (k = 0; k < sizeof ops / sizeof ops[0]; k++)
        if (accept(p, ops[k].text)) {
            if ((b = parse_sum(p)) < 0)
                return b;
            return binary(p, ops[k].op, a, b);
        }
    return a;
}

static int parse_not(parser *p)
{
    int a;

    if ((a = enter(p)) < 0)
        return a;
    if (accept_word(p, "not") || accept(p, "!")) {
        node nd = {N_NOT, 0, 0, 0, 0, 0, 0, 0};

        if ((a = parse_not(p)) < 0)
            return a;
        nd.a = a;
        a = add_node(p, nd);
    } else {
        a = parse_compare(p);
    }
    p->depth--;
    return a;
}

static int parse_and(parser *p)
{
    int a = parse_not(p), b;

    while (a >= 0 && (accept_word(p, "and") || accept(p, "&&"))) {
        if ((b = parse_not(p)) < 0)
            return b;
        a = binary(p, B_AND, a, b);
    }
    return a;
}

static int parse_or(parser *p)
{
    int a, b;

    if ((a = enter(p)) < 0)
        return a;
    a = parse_and(p);
    while (a >= 0 && (accept_word(p, "or") || accept(p, "||"))) {
        if ((b = parse_and(p)) < 0)
            return b;
        a = binary(p, B_OR, a, b);
    }
    p->depth--;
    return a;
}

void mb_formula_free(mb_formula *f)
{
    size_t k;

    if (!f)
        return;
    for (k = 0; k < f->nnames; k++)
        mb_free(f->names[k]);
    mb_free(f->names);
    mb_free(f->nodes);
    mb_free(f->args);
    mb_free(f->text);
    mb_free(f);
}

int mb_formula_parse(mb_formula **out, const char *text)
{
    mb_formula *f;
    parser p;
    int rc;

    *out = NULL;
    f = mb_calloc(1, sizeof *f);
    if (!f)
        return MB_ENOMEM;
    if (!(f->text = mb_strdup(text))) {
        mb_free(f);
        return MB_ENOMEM;
    }
    p.text = f->text;
    p.s = f->text;
    p.f = f;
    p.depth = 0;
    rc = parse_or(&p);
    if (rc >= 0) {
        skip_ws(&p);
        if (*p.s)
            rc = syntax_error(&p, "an operator or the end of the formula");
    }
    if (rc < 0) {
        mb_formula_free(f);
        return rc;
    }
    f->root = rc;
    *out = f;
    return 0;
}

size_t mb_formula_name_count(const mb_formula *f)
{
    return f->nnames;
}

const char *mb_formula_name(const mb_formula *f, size_t k)
{
    return k < f->nnames ? f->names[k] : NULL;
}

/* Names resolve through lookup, or through slot/constant/values when bound. */
typedef struct evaluator {
    const mb_formula *f;
    mb_formula_lookup lookup;
    void *ctx;
    const int64_t *slot;
    const double *constant, *values;
} evaluator;

/* The value of name k of the formula: MB_ENOTFOUND when nothing has it. */
static int name_value(const evaluator *e, int k, double *out)
{
    if (!e->slot)
        return e->lookup ? e->lookup(e->ctx, e->f->names[k], out)
                         : MB_ENOTFOUND;
    if (e->slot[k] >= 0)
        *out = e->values[e->slot[k]];
    else if (e->slot[k] == MB_FORMULA_CONSTANT)
        *out = e->constant[k];
    else
        return MB_ENOTFOUND;
    return 0;
}

static int eval_node(const evaluator *e, int at, double *out);

static int eval_call(const evaluator *e, const node *nd, double *out)
{
    /* pi() has no arguments, and a formula may have no argument list */
    const int *args = nd->n ? e->f->args + nd->first : NULL;
    double x, y;
    int k, rc;

    if (nd->name == F_PI) {
        *out = PI;
        return 0;
    }
    if (nd->name == F_IF) { /* lazily: only the branch taken */
        if ((rc = eval_node(e, args[0], &x)) < 0)
            return rc;
        return eval_node(e, args[x != 0.0 ? 1 : 2], out);
    }
    if ((rc = eval_node(e, args[0], &x)) < 0)
        return rc;
    switch (nd->name) {
    case F_ABS:
        *out = fabs(x);
        return 0;
    case F_SQRT:
        *out = sqrt(x);
        return 0;
    case F_EXP:
        *out = exp(x);
        return 0;
    case F_LN:
        *out = log(x);
        return 0;
    case F_LOG:
    case F_LOG10:
        *out = log10(x);
        return 0;
    case F_SIN:
        *out = sin(x);
        return 0;
    case F_COS:
        *out = cos(x);
        return 0;
    case F_TAN:
        *out = tan(x);
        return 0;
    case F_ASIN:
        *out = asin(x);
        return 0;
    case F_ACOS:
        *out = acos(x);
        return 0;
    case F_ATAN:
        *out = atan(x);
        return 0;
    case F_SINH:
        *out = sinh(x);
        return 0;
    case F_COSH:
        *out = cosh(x);
        return 0;
    case F_TANH:
        *out = tanh(x);
        return 0;
    case F_FLOOR:
        *out = floor(x);
        return 0;
    case F_CEIL:
        *out = ceil(x);
        return 0;
    case F_ROUND:
        *out = round(x);
        return 0;
    case F_INT:
        *out = trunc(x);
        return 0;
    case F_SQR:
        *out = x * x;
        return 0;
    case F_NOT:
        *out = x == 0.0;
        return 0;
    case F_POWER:
        if ((rc = eval_node(e, args[1], &y)) < 0)
            return rc;
        *out = pow(x, y);
        return 0;
    default: /* min, max, sum, avg, and, or over one or more */
        *out = x;
        for (k = 1; k < nd->n; k++) {
            if ((rc = eval_node(e, args[k], &y)) < 0)
                return rc;
            switch (nd->name) {
            case F_MIN:
                *out = y < *out ? y : *out;
                break;
            case F_MAX:
                *out = y > *out ? y : *out;
                break;
            case F_AND:
                *out = *out != 0.0 && y != 0.0;
                break;
            case F_OR:
                *out = *out != 0.0 || y != 0.0;
                break;
            default:
                *out += y;
                break;
            }
        }
        if (nd->name == F_AVG)
            *out /= nd->n;
        if (nd->name == F_AND || nd->name == F_OR)
            *out = *out != 0.0;
        return 0;
    }
}

static int eval_node(const evaluator *e, int at, double *out)
{
    const node *nd = &e->f->nodes[at];
    double x, y;
    int rc;

    switch (nd->kind) {
    case N_NUM:
        *out = nd->value;
        return 0;
    case N_NAME: {
        const char *name = e->f->names[nd->name];

        rc = name_value(e, nd->name, out);
        if (rc == MB_ENOTFOUND && strcmp(name, "pi") == 0) {
            *out = PI;
            return 0;
        }
        if (rc == MB_ENOTFOUND && strcmp(name, "e") == 0) {
            *out = EULER;
            return 0;
        }
        if (rc == MB_ENOTFOUND)
            return mb_error_set(MB_ENOTFOUND,
                                "formula '" SHOWN "': unknown parameter '%s'",
                                SHOW(e->f->text), name);
        return rc;
    }
    case N_NEG:
        if ((rc = eval_node(e, nd->a, &x)) < 0)
            return rc;
        *out = -x;
        return 0;
    case N_NOT:
        if ((rc = eval_node(e, nd->a, &x)) < 0)
            return rc;
        *out = x == 0.0;
        return 0;
    case N_CALL:
        return eval_call(e, nd, out);
    default:
        break;
    }
    if ((rc = eval_node(e, nd->a, &x)) < 0)
        return rc;
    if (nd->op == B_AND && x == 0.0) { /* short-circuit */
        *out = 0.0;
        return 0;
    }
    if (nd->op == B_OR && x != 0.0) {
        *out = 1.0;
        return 0;
    }
    if ((rc = eval_node(e, nd->b, &y)) < 0)
        return rc;
    switch (nd->op) {
    case B_ADD:
        *out = x + y;
        break;
    case B_SUB:
        *out = x - y;
        break;
    case B_MUL:
        *out = x * y;
        break;
    case B_DIV:
        *out = x / y;
        break;
    case B_POW:
        *out = pow(x, y);
        break;
    case B_EQ:
        *out = x == y;
        break;
    case B_NE:
        *out = x != y;
        break;
    case B_LT:
        *out = x < y;
        break;
    case B_LE:
        *out = x <= y;
        break;
    case B_GT:
        *out = x > y;
        break;
    case B_GE:
        *out = x >= y;
        break;
    default:
        *out = y != 0.0;
        break; /* and/or with the first operand decided above */
    }
    return 0;
}

/* Evaluate e's formula into *out: an error unless the value is finite. */
static int evaluate(const evaluator *e, double *out)
{
    const mb_formula *f = e->f;
    int rc = eval_node(e, f->root, out);

    if (rc < 0)
        return rc;
    if (!isfinite(*out))
        return mb_error_set(MB_ENUMERIC,
                            "formula '" SHOWN
                            "' evaluates to %s (a division by "
                            "zero or a function outside its domain?)",
                            SHOW(f->text), isnan(*out) ? "NaN" : "infinity");
    return 0;
}

int mb_formula_eval(const mb_formula *f, mb_formula_lookup lookup, void *ctx,
                    double *out)
{
    evaluator e = {f, lookup, ctx, NULL, NULL, NULL};

    return evaluate(&e, out);
}

int mb_formula_eval_slots(const mb_formula *f, const int64_t *slot,
                          const double *constant, const double *values,
                          double *out)
{
    evaluator e = {f, NULL, NULL, slot, constant, values};

    return evaluate(&e, out);
}

const char *mb_formula_text(const mb_formula *f)
{
    return f->text;
}

int mb_formula_value(const char *text, double *out)
{
    mb_formula *f;
    int rc = mb_formula_parse(&f, text);

    if (rc < 0)
        return rc;
    rc = mb_formula_eval(f, NULL, NULL, out);
    mb_formula_free(f);
    return rc;
}
