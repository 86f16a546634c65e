/*
 * layout.h — the database layout (frana_db.h), owned in one place for both
 * directions: which terms an analyzed article becomes (postings with
 * positions, counted terms, vocabulary pairs), and what a query word must
 * search in that layout. The Xapian shim only carries out what these functions
 * decide. Not installed; nothing here is public API.
 */
#ifndef FRANA_LAYOUT_H
#define FRANA_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "frana.h"
#include "frana_db.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Metadata key holding FRANA_DB_LAYOUT. */
#define FRANA_LAYOUT_KEY "frana:layout"
/* Metadata key holding the number of frana's commits that wrote articles (in
 * decimal): a reader of several connections to one remote database compares
 * it to know they read the same revision (Xapian 1.4's remote backend gives
 * no revision number). */
#define FRANA_COMMITS_KEY "frana:commits"
/* Prefix of the title's copy of every term (Xapian's convention). */
#define FRANA_LAYOUT_TITLE_PREFIX FRANA_DB_TITLE_PREFIX

/* Checks the layout recorded in a database (NULL or "" when none) that holds
 * doccount documents. Returns 0 when it is this frana's layout, 1 when the
 * database is empty and unmarked (a writer marks it), or FRANA_ERR_DB_OPEN
 * with the message "database layout N, this frana reads M: index …" in err. */
int frana_layout_check(const char *recorded, uint64_t doccount, char *err, size_t errcap);

/* ---- index side ----------------------------------------------------------- */

/* Where the terms of a token go. prefix is "" for the body and also "S" for
 * the title; term is not NUL-terminated. Each returns 0 or an error code. */
typedef struct frana_layout_sink {
    void *ctx;
    /* a posting at pos (WORD terms) */
    int (*posting)(void *ctx, const char *prefix, const char *term, size_t len, uint32_t pos);
    /* a term counted once per occurrence, without position (STEM and NAME terms) */
    int (*counted)(void *ctx, const char *prefix, const char *term, size_t len);
    /* a term without wdf or position (Xapian's boolean terms): the accent
     * vocabulary's pair terms (frana_layout_pair) */
    int (*boolean)(void *ctx, const char *term, size_t len);
} frana_layout_sink;

/* The accent vocabulary as index terms. A FOLDED term key ("XAelect") that
 * stands for the index term word ("Zélect") becomes the pair term key +
 * FRANA_DB_PAIR_SEP + word ("XAelect Zélect"), a boolean term of each article
 * whose word emitted it: it changes no weight (wdf 0, no document length), it
 * goes and comes with the article, and the term list, which Xapian serves over
 * its remote protocol and merges across shards, holds the whole vocabulary.
 * Writes the pair term to buf (cap bytes) and returns its length, or 0 when it
 * would be longer than FRANA_LAYOUT_TERM_MAX (such a pair is not stored). */
#define FRANA_LAYOUT_TERM_MAX 245
size_t frana_layout_pair(const char *key, size_t klen, const char *word, size_t wlen, char *buf,
                         size_t cap);

/* Sends the terms of one analyzed token, at position pos of the document, to
 * the sink, as the layout stores them. title: the token is in the title (its
 * terms are stored a second time under FRANA_LAYOUT_TITLE_PREFIX). */
int frana_layout_token(const frana_token *t, uint32_t pos, int title,
                       const frana_layout_sink *sink);

/* Prefixes of the boolean filter terms (layout 3): language, source, id. */
#define FRANA_PREFIX_LANG "XL"
#define FRANA_PREFIX_SOURCE "XS"
#define FRANA_PREFIX_ID "Q"

/* Where an article's filter terms and facet values go. Each returns 0 or an
 * error code. */
typedef struct frana_layout_doc_sink {
    void *ctx;
    /* a boolean term (no position, no weight) */
    int (*boolean)(void *ctx, const char *term, size_t len);
    /* a value in a slot */
    int (*value)(void *ctx, unsigned slot, const char *v, size_t len);
} frana_layout_doc_sink;

/* Sends the filter terms and values of an article's language (lang, NUL-
 * terminated) and source to the sink: "XL" + lang and the lang value; when
 * there is a source, "XS" + frana_source_key() and the source value as given
 * (cut to 1,000 bytes at a character boundary). */
int frana_layout_article(const char *lang, const char *source, size_t source_len,
                         const frana_layout_doc_sink *sink);

/* ---- query side ------------------------------------------------------------ */

/* At most this many index terms stand for one FOLDED term in a query (the
 * first pair terms of the key, in term order). */
#define FRANA_LAYOUT_EXPANSION_MAX 64

/* A list of terms, each NUL-terminated, in one growing arena. */
typedef struct frana_termlist {
    char *arena;
    size_t used, cap;
    size_t *offs, *lens;
    size_t n, ncap;
} frana_termlist;
int frana_termlist_add(frana_termlist *l, const char *prefix, const char *t, size_t len);
int frana_termlist_has(const frana_termlist *l, const char *t, size_t len);
static inline const char *frana_termlist_at(const frana_termlist *l, size_t i)
{
    return l->arena + l->offs[i];
}
void frana_termlist_clear(frana_termlist *l);
void frana_termlist_free(frana_termlist *l);

/* What one query word searches, in the layout: its WORD term (empty when it
 * has none), the stem group (its stems, and the accented stems its accentless
 * reading stands for, after accent resolution against the index), and its name
 * keys. Every term carries the field prefix. */
typedef struct frana_layout_word {
    frana_termlist word, stems, names;
} frana_layout_word;
void frana_layout_word_free(frana_layout_word *w);

/* One query term as the query layer holds it (no prefix). */
typedef struct frana_layout_qterm {
    const char *text;
    size_t len;
    int kind; /* a frana_term_kind */
} frana_layout_qterm;

/* Fills *out (cleared first) with what the query word of terms[0..n) searches
 * under the field prefix. vocab may be NULL (no index to ask: no expansion, and
 * the accentless reading is dropped). s stems the fixed-stem check. */
int frana_layout_query_word(frana_session *s, const frana_vocab *vocab, const char *prefix,
                            const frana_layout_qterm *terms, size_t n, frana_layout_word *out);

#ifdef __cplusplus
}
#endif

#endif /* FRANA_LAYOUT_H */
