/*
 * simapro.h - the state the parts of the SimaPro CSV reader share
 * (simapro_csv.c: the file and its blocks; simapro_process.c, process
 * blocks; simapro_method.c, method blocks; simapro_values.c, numbers,
 * formulas and uncertainty; simapro_flows.c, flows and their ids;
 * simapro_units.c, units; simapro_ids.c, process ids). Internal to formats/; docs/simapro-csv.md.
 *
 * The file is read twice. The first pass indexes what later records
 * refer to: the product of each process (so an input links to the process
 * that makes it, wherever that process is in the file), the units of the
 * Units blocks and the substances of the substance blocks, which SimaPro
 * writes after the processes. The second pass hands the records to the
 * sink, one block at a time.
 */
#ifndef MB_FORMATS_SIMAPRO_H
#define MB_FORMATS_SIMAPRO_H

#include "core/core.h"
#include "formats/simapro_lines.h"
#include "metabol/lci.h"
#include "metabol/simapro_csv.h"

#define SP_PRODUCT_PREFIX "simapro-product:"
#define SP_ELEMENTARY_PREFIX "simapro-elementary:"

/* A product (or a waste to treat) that a process of the file makes. */
typedef struct sp_product {
    const char *process_id;
    const char *unit;     /* as the making process gives it */
    const char *category; /* "/" separated */
    size_t line;
    int waste; /* the reference of a waste treatment or waste scenario */
} sp_product;

/* A substance of a substance block: its unit, CAS number, formula. */
typedef struct sp_substance {
    const char *unit, *cas, *formula;
} sp_substance;

/* A unit of a Units block: 1 unit = factor reference units. */
typedef struct sp_unit_def {
    const char *reference;
    double factor;
} sp_unit_def;

/* How amounts in a unit are given: in unit_id, times factor. */
typedef struct sp_unit {
    const char *unit_id, *property_id;
    double factor;
} sp_unit;

/* A subcompartment the file uses. */
typedef struct sp_subcompartment {
    const char *compartment, *sub;
} sp_subcompartment;

/* A growable array of records of one size. */
typedef struct sp_vec {
    void *items;
    size_t n, cap, size;
} sp_vec;

typedef struct sp_reader {
    const mb_lci_sink *sink;
    mb_simapro_csv_stats *stats;
    sp_lines in;
    int pass;         /* 1: index, 2: records */
    mb_strmap names;  /* strings kept for the whole reading */
    mb_strmap seen;   /* unit groups and flows handed over */
    mb_strmap scratch; /* groups of units tried by name, never handed over */
    mb_strmap products; /* product name -> index in prod */
    sp_vec prod;        /* sp_product */
    mb_strmap process_ids; /* process id -> line of its block */
    mb_strmap techno;   /* product flow id not made here -> 1 + waste */
    mb_strmap substances; /* "compartment|name" -> index in subst */
    sp_vec subst;         /* sp_substance */
    mb_strmap unit_defs;  /* unit name -> index in defs */
    sp_vec defs;          /* sp_unit_def */
    mb_strmap units;      /* unit name -> index in unit_cache */
    sp_vec unit_cache;    /* sp_unit */
    mb_strmap subcompartments; /* "compartment|sub" met in the file */
    sp_vec subs;               /* sp_subcompartment, in that order */
    mb_strmap block;      /* strings of the current block */
    size_t records;       /* processes, methods, parameters handed over */
} sp_reader;

/* ---- simapro_csv.c: blocks ---------------------------------------- */

/* A section of a block: its name and what its rows are. */
typedef struct sp_section {
    const char *name;        /* NULL ends a table: a section passed over */
    int kind;                /* the block's own code */
    const char *compartment; /* of an elementary section */
    unsigned flags;
} sp_section;

#define SP_ONE_VALUE 1u /* one value: on the next line, or after the
                         * separator on the name's line (old exports) */
#define SP_ONE_ROW 2u   /* one row, then the section is closed */

/* The section of `table` named `name`, else its closing entry. */
const sp_section *sp_find_section(const sp_section *table, const char *name);

/*
 * The sections of a block up to its "End": each row of a section of
 * `table` goes to row(ctx, section), with the value of a one-value
 * section in field 0 wherever the file puts it. Rows of other sections
 * and rows with an empty first field (the next lines of a comment) are
 * passed over; a "Process" or "Method" line is an error.
 */
int sp_read_sections(sp_reader *r, const char *what, size_t start,
                     const sp_section *table,
                     int (*row)(void *ctx, const sp_section *s), void *ctx);

/*
 * The next record of the block `what` begun at line `start`: 1, 0 at its
 * "End" line, or an error (the end of the file before "End").
 */
int sp_block_next(sp_reader *r, const char *what, size_t start);

/*
 * An error when the record is a line "Process" or "Method": a block that
 * did not end with "End" (exports written by hand, or cut and joined).
 */
int sp_block_intruder(const sp_reader *r, const char *what, size_t start);

/* Skip the rest of the block; an error at the end of the file. */
int sp_block_skip(sp_reader *r, const char *what, size_t start);

/* An error naming the file and the current record's line. */
int sp_fail(const sp_reader *r, const char *fmt, ...) MB_PRINTF(2, 3);

/* Forget the strings of the last block. */
int sp_block_reset(sp_reader *r);

/* s kept until the block ends (NULL on out of memory, error set). */
const char *sp_keep(sp_reader *r, const char *s);

/* A formatted string kept until the block ends. */
const char *sp_keepf(sp_reader *r, const char *fmt, ...) MB_PRINTF(2, 3);

/* Field k, shown quoted and cut for a message. */
const char *sp_shown(const sp_reader *r, size_t k, char *buf, size_t size);

/* A zeroed new item at the end of v, or NULL (error set). */
void *sp_vec_push(sp_vec *v);
void sp_vec_free(sp_vec *v);
#define SP_AT(v, type, k) (&((type *)(v).items)[k])

/* ---- simapro_process.c ---------------------------------------------- */

/* A Process block, its "Process" line just read. */
int sp_read_process(sp_reader *r);

/* Whether name is a section of rows of a process ("Products", ...). */
int sp_process_section(const char *name);

/* ---- simapro_method.c ----------------------------------------------- */

/* A Method block, its "Method" line just read. */
int sp_read_method(sp_reader *r);

/* ---- simapro_values.c ----------------------------------------------- */

/* A number written with the file's decimal separator: 0, or 1 if not. */
int sp_number(const sp_reader *r, const char *s, double *out);

/*
 * Field k as an amount: a number, or an expression (translated, checked;
 * one without names is evaluated). *formula is NULL for a number, else
 * kept until the block ends. `what` names the field in messages.
 */
int sp_amount(sp_reader *r, size_t k, const char *what, double *value,
              const char **formula);

/*
 * A parameter row into p: name; value; uncertainty (4) for an input
 * parameter, name; expression for a calculated one. Strings are kept
 * until the block ends.
 */
int sp_parameter(sp_reader *r, int calculated, mb_lci_parameter *p);

/* Field k as a finite number ("" is `empty`). */
int sp_real(sp_reader *r, size_t k, const char *what, double empty,
            double *out);

/*
 * The uncertainty of fields k..k+3 (distribution; SimaPro's squared
 * geometric sd for a lognormal or 2 sd for a normal; minimum; maximum)
 * around `amount`. Undefined, and distributions whose parameters make no
 * distribution (a lognormal with sd^2 <= 1, a minimum over the maximum),
 * give none.
 */
int sp_uncertainty(sp_reader *r, size_t k, double amount,
                   mb_lci_uncertainty *u);

/* Scale a distribution by f (a change of unit). */
void sp_uncertainty_scale(mb_lci_uncertainty *u, double f);

/* The formula f times k, kept until the block ends. */
const char *sp_formula_times(sp_reader *r, const char *f, double k);

/* ---- simapro_ids.c -------------------------------------------------- */

/* The id of the process known by key: a version 5 UUID, kept until the
 * block ends. */
const char *sp_process_uuid(sp_reader *r, const char *key);

/* ---- simapro_units.c ------------------------------------------------ */

/* A unit row of a Units block (first pass). */
int sp_units_row(sp_reader *r);

/* How to give amounts in unit `name` (unit groups handed over once). */
int sp_unit_of(sp_reader *r, const char *name, sp_unit *out);

/* ---- simapro_flows.c ------------------------------------------------ */

/* The canonical compartment of a name ("air" -> "Air"), or NULL. */
const char *sp_compartment(const char *name);

/*
 * The subcompartments a compartment's "(unspecified)" factor stands for
 * (SimaPro's list, and those the file uses) into out (const char *).
 */
int sp_subcompartments(const sp_reader *r, const char *compartment,
                       sp_vec *out);

/* Remember that the file uses compartment/sub (first pass). */
int sp_subcompartment_seen(sp_reader *r, const char *compartment,
                           const char *sub);

/* A substance block (first pass): its rows are substances of `comp`. */
int sp_substance_row(sp_reader *r, const char *compartment);

/*
 * The id of the elementary flow compartment/sub/name (sub "" is
 * "(unspecified)"), handed over the first time with its unit and CAS.
 */
int sp_elementary_flow(sp_reader *r, const char *compartment,
                       const char *sub, const char *name, const char *unit,
                       const char **id);

/* The id of an elementary flow, without handing it over. */
const char *sp_elementary_id(sp_reader *r, const char *compartment,
                             const char *sub, const char *name);

/*
 * The id of the product or waste flow `name`, handed over the first time
 * (in the unit and category of the process making it, when the file has
 * it).
 */
int sp_product_flow(sp_reader *r, const char *name, int waste,
                    const char *unit, const char *category, const char **id);

#endif
