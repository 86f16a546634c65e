/*
 * query.h — the query layer: query text → query tree (query.c), the terms a
 * snippet highlights, snippets and result sets (snippet.c). It uses frana's
 * public analysis API and the store layer (dates); it knows nothing of Xapian.
 * Not installed; nothing here is public API.
 */
#ifndef FRANA_QUERY_H
#define FRANA_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "frana.h"
#include "frana_db.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- query.c: query string → AST ---------------------------------------- */

/* Nesting limit of parentheses and NOT chains. */
#define FRANA_QUERY_MAX_DEPTH 100

typedef enum frana_qtype {
    FRANA_Q_AND = 0,   /* all kids */
    FRANA_Q_OR,        /* any kid */
    FRANA_Q_AND_NOT,   /* kids[0], none of kids[1..] */
    FRANA_Q_AND_MAYBE, /* kids[0]; kids[1..] only add weight */
    FRANA_Q_WORD,      /* one word: its alternatives (terms) */
    FRANA_Q_PHRASE,    /* WORD terms at relative positions, then NAME_PHRASE
                          keys of the place names it spells ("United States") */
    FRANA_Q_DATE,      /* a date range on FRANA_DB_SLOT_DATE */
    FRANA_Q_NOT,       /* transient: a negation waiting for an AND to absorb it */
    FRANA_Q_XOR,       /* an odd number of kids */
    FRANA_Q_NEAR,      /* WORD terms within `window` positions, any order */
    FRANA_Q_ADJ,       /* WORD terms within `window` positions, in order */
    FRANA_Q_WILDCARD,  /* terms[0]: a WORD term, matched as a prefix */
    FRANA_Q_FILTER     /* terms[0]: a boolean term (lang:, source:, id:); no weight */
} frana_qtype;

/* The field of a FILTER node (dates are DATE nodes). */
enum { FRANA_FIELD_LANG = 1, FRANA_FIELD_SOURCE, FRANA_FIELD_ID };

typedef struct frana_qterm {
    char *text; /* NUL-terminated; no "S" prefix even in title: leaves */
    size_t len;
    int kind;     /* a frana_term_kind */
    uint32_t pos; /* phrase: position relative to the first word */
} frana_qterm;

typedef struct frana_qnode {
    frana_qtype type;
    int title; /* leaf under title: — terms are searched with the "S" prefix */
    struct frana_qnode **kids;
    size_t nkids;
    frana_qterm *terms;
    size_t nterms;
    char date_lo[9], date_hi[9]; /* "YYYYMMDD" or "" when open */
    size_t at;                    /* byte offset in the query, for messages */
    uint32_t window;              /* NEAR, ADJ: Xapian's window */
    int field;                    /* FILTER: a FRANA_FIELD_* */
} frana_qnode;

/* ---- query_lex.c: Unicode spaces and quotation marks in queries ------------ */

/* Byte length of the space at q[i] (ASCII white space or a Unicode space;
 * a no-break space between digits is not one), or 0. */
size_t frana_qlex_space(const char *q, size_t len, size_t i);
/* Whether q[i] opens a phrase: returns its kind (> 0) and byte length in *n. */
int frana_qlex_quote_open(const char *q, size_t len, size_t i, size_t *n);
/* Whether q[i] closes a phrase opened by a mark of that kind (length in *n). */
int frana_qlex_quote_close(const char *q, size_t len, size_t i, int kind, size_t *n);
/* Whether q[i] is any quotation mark of the query language. */
int frana_qlex_is_quote(const char *q, size_t len, size_t i);

/* Parses query[0..len) and analyzes its words with s in query mode. On success
 * *out holds the root (free with frana_qnode_free). On failure returns
 * FRANA_ERR_SYNTAX, FRANA_ERR_EMPTY or FRANA_ERR_NOMEM with a message in err. */
int frana_query_parse(frana_session *s, const char *query, size_t len, const char *lang,
                      int default_or, frana_qnode **out, char *err, size_t errcap);
/* The same, stopping with FRANA_ERR_LIMIT as soon as the query has searched
 * more than max_words words (0: no limit). */
int frana_query_parse_limited(frana_session *s, const char *query, size_t len, const char *lang,
                              int default_or, size_t max_words, frana_qnode **out, char *err,
                              size_t errcap);
void frana_qnode_free(frana_qnode *n);

/* A sorted set of terms (the highlight terms of a plan: plan.h). */
typedef struct frana_termset_view {
    const char **terms; /* borrowed */
    size_t *lens;
    size_t n;
    const char **prefixes; /* borrowed: WORD terms that match as prefixes (word*) */
    size_t *plens;
    size_t nprefixes;
} frana_termset_view;
/* Sorts v's terms and removes duplicates, in place. */
int frana_termset_view_sort(frana_termset_view *v);
void frana_termset_view_free(frana_termset_view *v);
int frana_termset_view_has(const frana_termset_view *v, const char *t, size_t len);
/* Whether a WORD term t starts with one of v's prefixes. */
int frana_termset_view_has_prefix(const frana_termset_view *v, const char *t, size_t len);

/* A rendering of the AST for tests: (AND election (OR chat chien)) … */
int frana_query_describe(const frana_qnode *n, char *buf, size_t cap);

/* ---- snippet.c: result sets -------------------------------------------- */

typedef struct frana_snippet_ctx {
    frana_session *s;
    const frana_termset_view *terms;
    const char *hl_open, *hl_close;
    size_t words;
} frana_snippet_ctx;

/* A new, empty result set; its total is exact until set_bounds says otherwise. */
frana_db_results *frana_results_new(size_t total);
void frana_results_set_bounds(frana_db_results *res, int exact, size_t lower, size_t upper);
/* Appends a value of a facet (a FRANA_FACET_* bit). FRANA_OK or FRANA_ERR_NOMEM. */
int frana_results_add_facet(frana_db_results *res, unsigned kind, const char *value, size_t len,
                            size_t count);
/* Appends a hit from its stored document data: parses the data, makes the
 * snippet from the body (ctx NULL: no snippet). Returns FRANA_OK or FRANA_ERR_NOMEM. */
int frana_results_add(frana_db_results *res, frana_snippet_ctx *ctx, size_t rank, double weight,
                      int percent, const char *data, size_t datalen);

/* Writes into *out (malloc'd) the snippet of text: the densest window of
 * ctx->words words around the matched words, matches wrapped in hl_open /
 * hl_close, "…" where text was cut, whitespace runs made single spaces. */
int frana_snippet(frana_snippet_ctx *ctx, const char *text, size_t len, const char *lang,
                  char **out);

#ifdef __cplusplus
}
#endif

#endif /* FRANA_QUERY_H */
