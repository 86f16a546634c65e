/*
 * plan.h — the query plan: what a parsed query searches in the database
 * layout, as a tree of Xapian-shaped operators over complete index terms. It is
 * built once from the query tree (which it does not modify) and the index's
 * vocabulary (layout.h's frana_vocab), and then only read: the Xapian shim turns
 * it into a Xapian::Query node for node, the snippets take their highlight
 * terms from it. Not installed; nothing here is public API.
 */
#ifndef FRANA_PLAN_H
#define FRANA_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "layout.h"
#include "query.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum frana_pop {
    FRANA_P_TERM = 0,  /* one index term */
    FRANA_P_AND,       /* all kids */
    FRANA_P_OR,        /* any kid */
    FRANA_P_AND_NOT,   /* kids[0] and not kids[1] */
    FRANA_P_AND_MAYBE, /* kids[0]; kids[1] only adds weight */
    FRANA_P_SYNONYM,   /* kids weighted as one term */
    FRANA_P_PHRASE,    /* kids (terms) in order within window positions */
    FRANA_P_SCALE,     /* kids[0], its weight times scale */
    FRANA_P_XOR,       /* an odd number of kids */
    FRANA_P_NEAR,      /* kids (terms) in any order within window positions */
    FRANA_P_FILTER,    /* kids[0], restricted to kids[1] (which adds no weight) */
    FRANA_P_VALUE_RANGE, /* value slot between lo and hi (inclusive) */
    FRANA_P_VALUE_GE,    /* value slot >= lo */
    FRANA_P_VALUE_LE,    /* value slot <= hi */
    FRANA_P_WILDCARD     /* the terms that start with term (the whole term, field
                            prefix included, is the prefix), at most
                            window of them: more is an error */
} frana_pop;

typedef struct frana_plan {
    frana_pop op;
    const char *term; /* TERM: NUL-terminated, borrowed from the plan's arena */
    size_t len;
    size_t plen; /* TERM: bytes of the field prefix at its start */
    struct frana_plan **kids;
    size_t nkids;
    uint32_t window; /* PHRASE */
    double scale;    /* SCALE */
    unsigned slot;   /* VALUE_* */
    char lo[9], hi[9];
} frana_plan;

/* A field a query may name (name:word), and the prefix of its terms. */
typedef struct frana_plan_field {
    const char *name;
    const char *prefix;
} frana_plan_field;

/* Weight of a match on name keys only, next to a match on the word or its stems. */
#define FRANA_PLAN_NAME_WEIGHT 0.5
/* In an index of several languages: the weight of that match in an article
 * not in FRANA_PLAN_HOME_LANG, the language frana analyzes in full. */
#define FRANA_PLAN_NAME_WEIGHT_AWAY 0.25
#define FRANA_PLAN_HOME_LANG "fr"

/* Builds the plan of a parsed query. When vocab holds French articles and
 * articles of another language frana analyzes (en, de, es, ru, …), name-key
 * matches weigh by the article's language (FRANA_PLAN_NAME_WEIGHT_AWAY).
 * body_prefix: the prefix of unfielded
 * terms ("" in frana's own layout); title_prefix: that of title: leaves
 * (FRANA_LAYOUT_TITLE_PREFIX). vocab may be NULL (see frana_layout_query_word).
 * Returns FRANA_OK and *out (free with frana_plan_free), or an error code with a
 * message in err. */
int frana_plan_build(frana_session *s, const frana_qnode *root, const frana_vocab *vocab,
                     const char *body_prefix, const char *title_prefix, frana_plan **out,
                     char *err, size_t errcap);

/* Options of frana_plan_build_opts; zero-initialize. */
typedef struct frana_plan_opts {
    size_t wildcard_max; /* terms a wildcard may match; 0 means FRANA_PLAN_WILDCARD_MAX */
    /* the number of index terms that start with prefix, counting no further
     * than max + 1; NULL: wildcards are not checked against the index (Xapian
     * still refuses one past the bound while matching) */
    int (*prefix_count)(void *ctx, const char *prefix, size_t len, size_t max, size_t *out);
    void *prefix_ctx;
} frana_plan_opts;
#define FRANA_PLAN_WILDCARD_MAX 1000

/* frana_plan_build with options (opts may be NULL). A wildcard that matches
 * more than wildcard_max terms of the index (opts->prefix_count) fails with
 * FRANA_ERR_SYNTAX and its byte position. */
int frana_plan_build_opts(frana_session *s, const frana_qnode *root, const frana_vocab *vocab,
                          const char *body_prefix, const char *title_prefix,
                          const frana_plan_opts *opts, frana_plan **out, char *err,
                          size_t errcap);
void frana_plan_free(frana_plan *p);

/* The terms a snippet should highlight: every term the plan searches, without
 * its field prefix, except those under the excluded side of an AND_NOT. A
 * sorted set, borrowed from the plan. */
int frana_plan_highlight_terms(const frana_plan *p, frana_termset_view *out);

/* A rendering of the plan for tests: (OR election (SYN Zélect)) … */
int frana_plan_describe(const frana_plan *p, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif

#endif /* FRANA_PLAN_H */
