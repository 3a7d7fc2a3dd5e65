/*
 * simapro_process.c - a Process block of a SimaPro CSV export as one
 * process record (lci.h). docs/simapro-csv.md has the mapping; in short:
 *
 *   Products             outputs; the first is the reference; with more
 *                        than one, the "allocation %" column gives
 *                        physical allocation factors (percent / 100)
 *   Waste treatment,     the waste the process treats: a waste flow and an
 *   Waste scenario       input, the reference (as openLCA models waste
 *                        treatment, so a waste output of another process
 *                        links to it; compile.c)
 *   Avoided products     avoided product outputs
 *   Materials/fuels,     product inputs, linked to the process of the file
 *   Electricity/heat     making that product
 *   Waste to treatment   waste outputs, linked to the process treating it
 *   Resources            elementary inputs (compartment Raw)
 *   Emissions to air,    elementary outputs (Air, Water, Soil, Waste,
 *   water, soil, Final   Non mat., Social, Economic)
 *   waste flows, Non
 *   material emissions,
 *   Social issues,
 *   Economic issues
 *   Separated waste,     a waste scenario's shares of its waste sent to
 *   Remaining waste      each treatment (waste outputs)
 *   Input parameters,    the process's parameters
 *   Calculated
 *   parameters
 *
 * A section is its name on a line, then its rows up to a blank line. The
 * one-value sections (Category type, Process identifier, Process name,
 * ...) have their value on the lines after the name, or, in exports before
 * SimaPro 7, after the separator on the same line. Rows give the unit
 * before the amount ("kg;0.5"), older exports the amount first; a row
 * whose amount field is a number settles which. A row with an empty first
 * field continues the comment of the row before it.
 *
 * The first pass keeps only the process's id and its products (the
 * index); the second makes the record.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "formats/simapro.h"

typedef enum section_kind {
    S_SKIP, S_VALUE, S_PRODUCTS, S_WASTE_TREATMENT, S_WASTE_SCENARIO,
    S_AVOIDED, S_INPUT, S_WASTE, S_ELEMENTARY, S_SEPARATED, S_REMAINING,
    S_INPUT_PARAMETERS, S_CALCULATED_PARAMETERS
} section_kind;

static const sp_section sections[] = {
    {"Products", S_PRODUCTS, NULL, 0},
    {"Waste treatment", S_WASTE_TREATMENT, NULL, 0},
    {"Waste scenario", S_WASTE_SCENARIO, NULL, 0},
    {"Avoided products", S_AVOIDED, NULL, 0},
    {"Materials/fuels", S_INPUT, NULL, 0},
    {"Electricity/heat", S_INPUT, NULL, 0},
    {"Waste to treatment", S_WASTE, NULL, 0},
    {"Resources", S_ELEMENTARY, "Raw", 0},
    {"Emissions to air", S_ELEMENTARY, "Air", 0},
    {"Emissions to water", S_ELEMENTARY, "Water", 0},
    {"Emissions to soil", S_ELEMENTARY, "Soil", 0},
    {"Final waste flows", S_ELEMENTARY, "Waste", 0},
    {"Non material emissions", S_ELEMENTARY, "Non mat.", 0},
    {"Social issues", S_ELEMENTARY, "Social", 0},
    {"Economic issues", S_ELEMENTARY, "Economic", 0},
    {"Separated waste", S_SEPARATED, NULL, 0},
    {"Remaining waste", S_REMAINING, NULL, 0},
    {"Input parameters", S_INPUT_PARAMETERS, NULL, 0},
    {"Calculated parameters", S_CALCULATED_PARAMETERS, NULL, 0},
    /* one value (or text) each; only the first two are used */
    {"Process identifier", S_VALUE, NULL, SP_ONE_VALUE},
    {"Process name", S_VALUE, NULL, SP_ONE_VALUE},
    {"Category type", S_VALUE, NULL, SP_ONE_VALUE},
    {"PlatformId", S_VALUE, NULL, SP_ONE_VALUE},
    {"Type", S_VALUE, NULL, SP_ONE_VALUE},
    {"Status", S_VALUE, NULL, SP_ONE_VALUE},
    {"Time period", S_VALUE, NULL, SP_ONE_VALUE},
    {"Geography", S_VALUE, NULL, SP_ONE_VALUE},
    {"Technology", S_VALUE, NULL, SP_ONE_VALUE},
    {"Representativeness", S_VALUE, NULL, SP_ONE_VALUE},
    {"Multiple output allocation", S_VALUE, NULL, SP_ONE_VALUE},
    {"Substitution allocation", S_VALUE, NULL, SP_ONE_VALUE},
    {"Waste treatment allocation", S_VALUE, NULL, SP_ONE_VALUE},
    {"Cut off rules", S_VALUE, NULL, SP_ONE_VALUE},
    {"Capital goods", S_VALUE, NULL, SP_ONE_VALUE},
    {"Boundary with nature", S_VALUE, NULL, SP_ONE_VALUE},
    {"Infrastructure", S_VALUE, NULL, SP_ONE_VALUE},
    {"Date", S_VALUE, NULL, SP_ONE_VALUE},
    {"Record", S_VALUE, NULL, SP_ONE_VALUE},
    {"Generator", S_VALUE, NULL, SP_ONE_VALUE},
    {"External documents", S_VALUE, NULL, SP_ONE_VALUE},
    {"Literature references", S_VALUE, NULL, SP_ONE_VALUE},
    {"Collection method", S_VALUE, NULL, SP_ONE_VALUE},
    {"Data treatment", S_VALUE, NULL, SP_ONE_VALUE},
    {"Verification", S_VALUE, NULL, SP_ONE_VALUE},
    {"Comment", S_VALUE, NULL, SP_ONE_VALUE},
    {"Allocation rules", S_VALUE, NULL, SP_ONE_VALUE},
    {"System description", S_VALUE, NULL, SP_ONE_VALUE},
    {NULL, S_SKIP, NULL, 0}};

/* A product row's allocation share, for the allocation factors. */
typedef struct share {
    const char *flow_id;
    const char *formula;
    double value; /* percent */
} share;

/* A waste scenario's row of Separated or Remaining waste. */
typedef struct fraction {
    const char *treatment, *waste_type, *formula;
    double percent;
    size_t line;
    int remaining;
} fraction;

/* A product the first pass found, registered at the block's end. */
typedef struct found {
    const char *name, *unit, *category;
    size_t line;
    int waste;
} found;

typedef struct proc {
    sp_reader *r;
    size_t start; /* the line of "Process" */
    const char *identifier, *name;
    const char *category; /* of the first product */
    const char *first_product;
    int nreference;       /* product, waste treatment, scenario rows */
    sp_vec ex;            /* mb_lci_exchange */
    sp_vec par;           /* mb_lci_parameter */
    sp_vec shares;        /* share */
    sp_vec fractions;     /* fraction */
    sp_vec found;         /* found */
    int scenario;         /* exchange index of the scenario's waste + 1 */
    const char *scenario_type;
} proc;

/* A SimaPro category path "A\B\C" as "A/B/C". */
static const char *category_path(sp_reader *r, const char *s)
{
    char *p, *c;
    const char *k;

    if (!*s)
        return NULL;
    if (!(c = mb_strdup(s))) {
        mb_error_oom();
        return NULL;
    }
    for (p = c; *p; p++)
        if (*p == '\\')
            *p = '/';
    k = sp_keep(r, c);
    mb_free(c);
    return k;
}

/*
 * The unit and amount columns of a row whose unit (in the order of
 * SimaPro 7-9) is at column a and amount at a + 1: a number settles the
 * order; else the header's age does (older exports put the amount first).
 */
static void columns(const sp_reader *r, size_t a, size_t *unit,
                    size_t *amount)
{
    double v;
    int modern = sp_number(r, sp_field(&r->in, a + 1), &v) == 0   ? 1
                 : sp_number(r, sp_field(&r->in, a), &v) == 0 ? 0
                                                                : r->in.modern;

    *unit = modern ? a : a + 1;
    *amount = modern ? a + 1 : a;
}

/*
 * The amount (column acol, in the unit of column ucol) of exchange e,
 * converted to the unit it is given in; uncertainty from column ucert
 * (0: none).
 */
static int amount_of(proc *p, mb_lci_exchange *e, size_t ucol, size_t acol,
                     size_t ucert, const char **unit)
{
    sp_reader *r = p->r;
    sp_unit u;
    int rc;

    *unit = sp_field(&r->in, ucol);
    if (!**unit)
        return sp_fail(r, "'%.200s' has no unit; expected a unit such as "
                          "kg in column %zu",
                       sp_field(&r->in, 0), ucol + 1);
    if ((rc = sp_amount(r, acol, "amount", &e->amount, &e->formula)) < 0 ||
        (ucert && !e->formula &&
         (rc = sp_uncertainty(r, ucert, e->amount, &e->uncertainty)) < 0) ||
        (rc = sp_unit_of(r, *unit, &u)) < 0)
        return rc;
    e->amount *= u.factor;
    sp_uncertainty_scale(&e->uncertainty, u.factor);
    if (e->formula && !(e->formula = sp_formula_times(r, e->formula,
                                                      u.factor)))
        return MB_ENOMEM;
    e->unit_id = u.unit_id;
    e->property_id = u.property_id;
    return 0;
}

static mb_lci_exchange *new_exchange(proc *p)
{
    mb_lci_exchange *e = sp_vec_push(&p->ex);

    if (e)
        e->internal_id = -1;
    return e;
}

/* A Products, Waste treatment or Waste scenario row. */
static int reference_row(proc *p, section_kind kind)
{
    sp_reader *r = p->r;
    const char *name = sp_field(&r->in, 0), *unit, *category;
    int waste = kind != S_PRODUCTS;
    size_t ucol, acol;
    mb_lci_exchange *e;
    found *f;
    int rc;

    columns(r, 1, &ucol, &acol);
    category = category_path(r, sp_field(&r->in, waste ? 4 : 5));
    if (!p->first_product) {
        if (!(p->first_product = sp_keep(r, name)))
            return MB_ENOMEM;
        p->category = category;
    }
    p->nreference++;
    if (r->pass == 1) {
        if (!(f = sp_vec_push(&p->found)) || !(f->name = sp_keep(r, name)) ||
            !(f->unit = sp_keep(r, sp_field(&r->in, ucol))))
            return MB_ENOMEM;
        f->category = category;
        f->line = r->in.record_line;
        f->waste = waste;
        return 0;
    }
    if (!(e = new_exchange(p)))
        return MB_ENOMEM;
    if ((rc = amount_of(p, e, ucol, acol, 0, &unit)) < 0 ||
        (rc = sp_product_flow(r, name, waste, unit, category, &e->flow_id)) <
            0)
        return rc;
    e->flags = (waste ? MB_EXCHANGE_INPUT : 0) |
               (p->nreference == 1 ? MB_EXCHANGE_REFERENCE : 0);
    if (kind == S_WASTE_SCENARIO && !p->scenario) {
        p->scenario = (int)p->ex.n;
        if (!(p->scenario_type = sp_keep(r, sp_field(&r->in, 3))))
            return MB_ENOMEM;
    }
    if (kind == S_PRODUCTS) {
        share *s = sp_vec_push(&p->shares);

        if (!s)
            return MB_ENOMEM;
        s->flow_id = e->flow_id;
        if (!*sp_field(&r->in, 3))
            s->value = 100;
        else if ((rc = sp_amount(r, 3, "allocation %", &s->value,
                                 &s->formula)) < 0)
            return rc;
    }
    return 0;
}

/*
 * The provider of product (or waste) `name` in this file, checking that
 * it is used as what it is: a product as an input or avoided product, a
 * waste as a waste to treat.
 */
static int provider(proc *p, const char *name, int waste, const char *what,
                    const char **id)
{
    sp_reader *r = p->r;
    int64_t k, used;
    int rc;

    *id = NULL;
    if (mb_strmap_get(&r->products, name, &k)) {
        const sp_product *made = SP_AT(r->prod, sp_product, k);

        if (made->waste != waste)
            return sp_fail(r, "'%.200s' in '%s' is the %s of the process at "
                              "line %zu; expected a %s here",
                           name, what, made->waste ? "waste treated" : "product",
                           made->line, waste ? "waste to treat" : "product");
        r->stats->linked++;
        *id = made->process_id;
        return 0;
    }
    r->stats->unlinked++;
    if ((rc = mb_strmap_add(&r->techno, name, 1 + waste, NULL)) < 0)
        return mb_error_oom();
    if (rc == 1 && mb_strmap_get(&r->techno, name, &used) &&
        used != 1 + waste)
        return sp_fail(r, "'%.200s' in '%s' is a %s elsewhere in the file; "
                          "expected one kind of flow per name",
                       name, what, waste ? "product" : "waste to treat");
    return 0;
}

/* A row of Materials/fuels, Electricity/heat, Avoided products or Waste
 * to treatment. */
static int technosphere_row(proc *p, const sp_section *s)
{
    sp_reader *r = p->r;
    const char *name = sp_field(&r->in, 0), *unit;
    int waste = s->kind == S_WASTE;
    size_t ucol, acol;
    mb_lci_exchange *e;
    int rc;

    columns(r, 1, &ucol, &acol);
    if (!(e = new_exchange(p)))
        return MB_ENOMEM;
    if ((rc = amount_of(p, e, ucol, acol, 3, &unit)) < 0 ||
        (rc = provider(p, name, waste, s->name, &e->provider_id)) < 0 ||
        (rc = sp_product_flow(r, name, waste, unit, NULL, &e->flow_id)) < 0)
        return rc;
    e->flags = s->kind == S_INPUT     ? MB_EXCHANGE_INPUT
               : s->kind == S_AVOIDED ? MB_EXCHANGE_AVOIDED
                                      : 0;
    return 0;
}

static int elementary_row(proc *p, const sp_section *s)
{
    sp_reader *r = p->r;
    const char *name = sp_field(&r->in, 0), *sub = sp_field(&r->in, 1);
    const char *unit;
    size_t ucol, acol;
    mb_lci_exchange *e;
    int rc;

    if (r->pass == 1)
        return sp_subcompartment_seen(r, s->compartment, sub);
    columns(r, 2, &ucol, &acol);
    if (!(e = new_exchange(p)))
        return MB_ENOMEM;
    if ((rc = amount_of(p, e, ucol, acol, 4, &unit)) < 0 ||
        (rc = sp_elementary_flow(r, s->compartment, sub, name, unit,
                                 &e->flow_id)) < 0)
        return rc;
    e->flags = !strcmp(s->compartment, "Raw") ? MB_EXCHANGE_INPUT : 0;
    return 0;
}

static int fraction_row(proc *p, int remaining)
{
    sp_reader *r = p->r;
    fraction *f = sp_vec_push(&p->fractions);
    int rc;

    if (!f)
        return MB_ENOMEM;
    if (!(f->treatment = sp_keep(r, sp_field(&r->in, 0))) ||
        !(f->waste_type = sp_keep(r, sp_field(&r->in, 1))))
        return MB_ENOMEM;
    if ((rc = sp_amount(r, 2, "percentage", &f->percent, &f->formula)) < 0)
        return rc;
    f->line = r->in.record_line;
    f->remaining = remaining;
    return 0;
}

static int parameter_row(proc *p, int calculated)
{
    mb_lci_parameter *x = sp_vec_push(&p->par);

    return x ? sp_parameter(p->r, calculated, x) : MB_ENOMEM;
}

/* A row of section s (its first field is not empty). */
static int row(void *ctx, const sp_section *s)
{
    proc *p = ctx;
    sp_reader *r = p->r;

    switch (s->kind) {
    case S_VALUE:
        if (!strcmp(s->name, "Process identifier") && !p->identifier)
            return (p->identifier = sp_keep(r, sp_field(&r->in, 0)))
                       ? 0
                       : MB_ENOMEM;
        if (!strcmp(s->name, "Process name") && !p->name)
            return (p->name = sp_keep(r, sp_field(&r->in, 0))) ? 0
                                                               : MB_ENOMEM;
        return 0;
    case S_PRODUCTS:
    case S_WASTE_TREATMENT:
    case S_WASTE_SCENARIO:
        return reference_row(p, (section_kind)s->kind);
    case S_ELEMENTARY:
        return elementary_row(p, s);
    default:
        break;
    }
    if (r->pass == 1)
        return 0;
    switch (s->kind) {
    case S_AVOIDED:
    case S_INPUT:
    case S_WASTE:
        return technosphere_row(p, s);
    case S_SEPARATED:
    case S_REMAINING:
        return fraction_row(p, s->kind == S_REMAINING);
    case S_INPUT_PARAMETERS:
    case S_CALCULATED_PARAMETERS:
        return parameter_row(p, s->kind == S_CALCULATED_PARAMETERS);
    default:
        return 0;
    }
}

/* ---- the block's end ------------------------------------------------ */

/* The id of "simapro-process:" and the Process identifier, else the first
 * product's name. */
static const char *process_id(proc *p)
{
    sp_reader *r = p->r;
    const char *key = p->identifier && *p->identifier ? p->identifier
                                                       : p->first_product;

    if (!key) {
        sp_fail(r, "the Process block begun at line %zu has no Process "
                   "identifier and no product; expected one of them to "
                   "name the process",
                p->start);
        return NULL;
    }
    return sp_process_uuid(r, key);
}

/* First pass: the process's products into the index. */
static int index_products(proc *p, const char *id)
{
    sp_reader *r = p->r;
    const char *kept = mb_strmap_intern(&r->names, id);
    size_t k;
    int64_t line;
    int rc;

    if (!kept)
        return mb_error_oom();
    if ((rc = mb_strmap_add(&r->process_ids, id, (int64_t)p->start,
                            NULL)) < 0)
        return mb_error_oom();
    if (rc == 1 && mb_strmap_get(&r->process_ids, id, &line))
        return sp_fail(r, "the process %s begun at line %zu has the id of "
                          "the process begun at line %lld; expected one "
                          "process per Process identifier",
                       id, p->start, (long long)line);
    for (k = 0; k < p->found.n; k++) {
        const found *f = SP_AT(p->found, found, k);
        sp_product *made;
        int64_t j;

        if (mb_strmap_get(&r->products, f->name, &j)) {
            made = SP_AT(r->prod, sp_product, j);
            if (made->waste != f->waste)
                return mb_error_set(
                    MB_EFORMAT,
                    "%s: line %zu: '%.200s' is the %s of this process and "
                    "the %s of the process at line %zu; expected one kind "
                    "of flow per name",
                    r->in.name, f->line, f->name,
                    f->waste ? "waste treated" : "product",
                    made->waste ? "waste treated" : "product", made->line);
            continue; /* another maker: the first one provides */
        }
        if (mb_strmap_add(&r->products, f->name, (int64_t)r->prod.n, NULL) <
                0 ||
            !(made = sp_vec_push(&r->prod)) ||
            !(made->unit = mb_strmap_intern(&r->names, f->unit)) ||
            (f->category &&
             !(made->category = mb_strmap_intern(&r->names, f->category))))
            return mb_error_oom();
        made->process_id = kept;
        made->line = f->line;
        made->waste = f->waste;
    }
    return 0;
}

/* Whether fraction f applies to waste of type `type`. */
static int applies(const fraction *f, const char *type)
{
    return !*f->waste_type || !strcasecmp(f->waste_type, "All waste types") ||
           !strcasecmp(f->waste_type, type);
}

/* An amount "value or formula" as formula text. */
static const char *as_text(sp_reader *r, double value, const char *formula)
{
    return formula ? sp_keepf(r, "(%s)", formula) : sp_keepf(r, "%.17g", value);
}

/*
 * A waste scenario's fractions as waste outputs: a separated fraction is
 * its percentage of the scenario's waste, a remaining one its percentage
 * of what no separated fraction took. Fractions of another waste type
 * than the scenario's own do not apply (metabol's waste flows carry no
 * composition) and are counted as skipped rows.
 */
static int waste_fractions(proc *p)
{
    sp_reader *r = p->r;
    const mb_lci_exchange *ref;
    const char *rest_formula = NULL;
    double rest = 0;
    int formulas, pass, rc;
    size_t k;

    if (p->fractions.n == 0)
        return 0;
    if (!p->scenario) {
        r->in.record_line = SP_AT(p->fractions, fraction, 0)->line;
        return sp_fail(r, "a waste fraction in a process without a 'Waste "
                          "scenario' row; expected the waste it divides");
    }
    ref = SP_AT(p->ex, mb_lci_exchange, p->scenario - 1);
    formulas = ref->formula != NULL;
    for (k = 0; k < p->fractions.n; k++)
        formulas |= SP_AT(p->fractions, fraction, k)->formula != NULL;
    rest = ref->amount;
    if (formulas && !(rest_formula = as_text(r, ref->amount, ref->formula)))
        return MB_ENOMEM;
    for (pass = 0; pass < 2; pass++) /* separated, then remaining */
        for (k = 0; k < p->fractions.n; k++) {
            const fraction *f = SP_AT(p->fractions, fraction, k);
            const mb_lci_exchange *scenario;
            mb_lci_exchange *e;
            const char *total;
            double base;

            if (f->remaining != pass)
                continue;
            if (!applies(f, p->scenario_type)) {
                r->stats->skipped_rows++;
                continue;
            }
            r->in.record_line = f->line;
            if (!strcmp(f->treatment, p->first_product))
                return sp_fail(r, "the waste scenario '%.200s' sends its "
                                  "waste to itself; expected another "
                                  "waste treatment or scenario",
                               f->treatment);
            if (!(e = new_exchange(p)))
                return MB_ENOMEM;
            scenario = SP_AT(p->ex, mb_lci_exchange, p->scenario - 1);
            base = pass ? rest : scenario->amount;
            total = pass ? rest_formula
                         : formulas ? as_text(r, scenario->amount,
                                              scenario->formula)
                                    : NULL;
            e->amount = base * f->percent / 100;
            e->unit_id = scenario->unit_id;
            e->property_id = scenario->property_id;
            if (formulas &&
                !(e->formula = sp_keepf(r, "(%s)*%s/100", total,
                                        as_text(r, f->percent, f->formula))))
                return MB_ENOMEM;
            if ((rc = provider(p, f->treatment, 1, f->remaining
                                                       ? "Remaining waste"
                                                       : "Separated waste",
                               &e->provider_id)) < 0 ||
                (rc = sp_product_flow(r, f->treatment, 1, NULL, NULL,
                                      &e->flow_id)) < 0)
                return rc;
            if (!pass) {
                rest -= e->amount;
                if (formulas && !(rest_formula = sp_keepf(
                                      r, "%s - %s", rest_formula,
                                      as_text(r, 0, e->formula))))
                    return MB_ENOMEM;
            }
        }
    return 0;
}

/* Physical allocation factors from the products' allocation shares. */
static int allocation(proc *p, sp_vec *factors)
{
    size_t k;

    factors->size = sizeof(mb_lci_allocation_factor);
    if (p->shares.n < 2)
        return 0;
    for (k = 0; k < p->shares.n; k++) {
        const share *s = SP_AT(p->shares, share, k);
        mb_lci_allocation_factor *a = sp_vec_push(factors);

        if (!a)
            return MB_ENOMEM;
        a->type = MB_ALLOC_PHYSICAL;
        a->product_id = s->flow_id;
        a->exchange_internal_id = -1;
        a->value = s->value / 100;
        if (s->formula &&
            !(a->formula = sp_keepf(p->r, "(%s)/100", s->formula)))
            return MB_ENOMEM;
    }
    return 0;
}

static int emit(proc *p, const char *id)
{
    sp_reader *r = p->r;
    sp_vec factors = {0};
    mb_lci_process rec;
    int rc;

    if ((rc = waste_fractions(p)) < 0 || (rc = allocation(p, &factors)) < 0) {
        sp_vec_free(&factors);
        return rc;
    }
    memset(&rec, 0, sizeof rec);
    rec.id = id;
    rec.name = p->name && *p->name ? p->name : p->first_product;
    rec.category = p->category;
    rec.default_allocation = factors.n ? MB_ALLOC_PHYSICAL : MB_ALLOC_NONE;
    rec.exchanges = p->ex.items;
    rec.nexchanges = p->ex.n;
    rec.parameters = p->par.items;
    rec.nparameters = p->par.n;
    rec.allocation_factors = factors.items;
    rec.nallocation_factors = factors.n;
    r->stats->processes++;
    r->stats->exchanges += p->ex.n;
    r->records++;
    rc = r->sink->process ? r->sink->process(r->sink->ctx, &rec) : 0;
    sp_vec_free(&factors);
    return rc;
}

int sp_process_section(const char *name)
{
    const sp_section *s = sp_find_section(sections, name);

    return s->name && !(s->flags & SP_ONE_VALUE);
}

int sp_read_process(sp_reader *r)
{
    proc p;
    const char *id;
    int rc;

    memset(&p, 0, sizeof p);
    p.r = r;
    p.start = r->in.record_line;
    p.ex.size = sizeof(mb_lci_exchange);
    p.par.size = sizeof(mb_lci_parameter);
    p.shares.size = sizeof(share);
    p.fractions.size = sizeof(fraction);
    p.found.size = sizeof(found);
    if ((rc = sp_block_reset(r)) == 0 &&
        (rc = sp_read_sections(r, "Process", p.start, sections, row, &p)) ==
            0) {
        if (!(id = process_id(&p)))
            rc = mb_error_last()->code ? mb_error_last()->code : MB_ENOMEM;
        else
            rc = r->pass == 1 ? index_products(&p, id) : emit(&p, id);
    }
    sp_vec_free(&p.ex);
    sp_vec_free(&p.par);
    sp_vec_free(&p.shares);
    sp_vec_free(&p.fractions);
    sp_vec_free(&p.found);
    return rc;
}
