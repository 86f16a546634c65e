/*
 * plan.c — query tree + the index's vocabulary → query plan (see plan.h).
 * The policy of a frana search lives here and in the layout: a word searches
 * its WORD term and its stems (one SYNONYM) OR its name keys (one SYNONYM
 * at FRANA_PLAN_NAME_WEIGHT); a phrase searches its WORD terms in order, OR the
 * keys of the place names it spells.
 */
#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct builder {
    frana_session *s;
    const frana_vocab *vocab;
    const char *body_prefix, *title_prefix;
    frana_layout_word word; /* scratch, reused by every leaf */
    size_t wildcard_max;
    int (*prefix_count)(void *ctx, const char *prefix, size_t len, size_t max, size_t *out);
    void *prefix_ctx;
    int multilingual; /* the index holds articles of more than one language */
    char *err;
    size_t errcap;
} builder;

static frana_plan *node(frana_pop op)
{
    frana_plan *p = calloc(1, sizeof *p);
    if (p)
        p->op = op;
    return p;
}

/* A TERM node; the term is stored right after the node. */
static frana_plan *term_node(const char *t, size_t len, size_t plen)
{
    frana_plan *p = calloc(1, sizeof *p + len + 1);
    if (!p)
        return NULL;
    char *dst = (char *)(p + 1);
    memcpy(dst, t, len);
    dst[len] = 0;
    p->op = FRANA_P_TERM;
    p->term = dst;
    p->len = len;
    p->plen = plen;
    return p;
}

void frana_plan_free(frana_plan *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nkids; i++)
        frana_plan_free(p->kids[i]);
    free(p->kids);
    free(p);
}

/* Appends kid to p (kid may be NULL: out of memory). Frees kid on failure. */
static int add_kid(frana_plan *p, frana_plan *kid)
{
    if (!kid)
        return FRANA_ERR_NOMEM;
    frana_plan **k = realloc(p->kids, (p->nkids + 1) * sizeof *k);
    if (!k) {
        frana_plan_free(kid);
        return FRANA_ERR_NOMEM;
    }
    p->kids = k;
    p->kids[p->nkids++] = kid;
    return 0;
}

/* The node itself when it has one kid, else op over the kids; NULL with none. */
static frana_plan *collapse(frana_plan *p)
{
    if (p && p->nkids == 1 && p->op != FRANA_P_SCALE && p->op != FRANA_P_PHRASE) {
        frana_plan *k = p->kids[0];
        free(p->kids);
        free(p);
        return k;
    }
    if (p && p->nkids == 0 && p->op != FRANA_P_TERM && p->op < FRANA_P_VALUE_RANGE) {
        frana_plan_free(p);
        return NULL;
    }
    return p;
}

/* A SYNONYM of the list's terms (one term: the term itself). */
static int list_group(const frana_termlist *l, size_t plen, frana_plan **out)
{
    *out = NULL;
    if (l->n == 0)
        return 0;
    frana_plan *syn = node(FRANA_P_SYNONYM);
    if (!syn)
        return FRANA_ERR_NOMEM;
    for (size_t i = 0; i < l->n; i++) {
        int rc = add_kid(syn, term_node(frana_termlist_at(l, i), l->lens[i], plen));
        if (rc) {
            frana_plan_free(syn);
            return rc;
        }
    }
    *out = collapse(syn);
    return 0;
}

/* A node of op over a and b; NULL when memory runs out or a or b is NULL
 * (both are then freed). */
static frana_plan *pair(frana_pop op, frana_plan *a, frana_plan *b)
{
    frana_plan *n = a && b ? node(op) : NULL;
    if (n)
        n->kids = malloc(2 * sizeof *n->kids);
    if (!n || !n->kids) {
        frana_plan_free(n);
        frana_plan_free(a);
        frana_plan_free(b);
        return NULL;
    }
    n->kids[0] = a;
    n->kids[1] = b;
    n->nkids = 2;
    return n;
}

/* kid at weight w; NULL when memory runs out or kid is NULL (freed). */
static frana_plan *scaled(double w, frana_plan *kid)
{
    frana_plan *sc = kid ? node(FRANA_P_SCALE) : NULL;
    if (!sc) {
        frana_plan_free(kid);
        return NULL;
    }
    sc->scale = w;
    if (add_kid(sc, kid)) {
        frana_plan_free(sc);
        return NULL;
    }
    return sc;
}

/* The name group: one SYNONYM of the name keys, at FRANA_PLAN_NAME_WEIGHT. In
 * an index of several languages, a match through the keys weighs that in a
 * French article and FRANA_PLAN_NAME_WEIGHT_AWAY in an article of another
 * language: a French article is longer in terms than the same text in
 * another language (stems, accent vocabulary, two readings of a name), so the
 * same key match would otherwise rank it below a translation. */
static int names_group(const builder *b, const frana_termlist *l, size_t plen, frana_plan **out)
{
    frana_plan *syn, *syn2 = NULL;
    int rc = list_group(l, plen, &syn);
    *out = NULL;
    if (rc || !syn)
        return rc;
    if (!b->multilingual) {
        *out = scaled(FRANA_PLAN_NAME_WEIGHT, syn);
        return *out ? 0 : FRANA_ERR_NOMEM;
    }
    rc = list_group(l, plen, &syn2);
    if (rc) {
        frana_plan_free(syn);
        return rc;
    }
    static const char home[] = FRANA_PREFIX_LANG FRANA_PLAN_HOME_LANG;
    frana_plan *in_home = pair(FRANA_P_FILTER, syn, term_node(home, sizeof home - 1, 0));
    frana_plan *away = pair(FRANA_P_AND_NOT, syn2, term_node(home, sizeof home - 1, 0));
    *out = pair(FRANA_P_OR, scaled(FRANA_PLAN_NAME_WEIGHT, in_home),
                scaled(FRANA_PLAN_NAME_WEIGHT_AWAY, away));
    return *out ? 0 : FRANA_ERR_NOMEM;
}

/* The prefix followed by the term t, in buf of cap bytes: its length, or 0
 * when it does not fit. */
static size_t prefixed_term(char *buf, size_t cap, const char *prefix, size_t plen,
                            const frana_qterm *t)
{
    if (plen + t->len >= cap)
        return 0;
    memcpy(buf, prefix, plen);
    memcpy(buf + plen, t->text, t->len);
    return plen + t->len;
}

static int word_plan(builder *b, const frana_qnode *n, frana_plan **out)
{
    const char *prefix = n->title ? b->title_prefix : b->body_prefix;
    size_t plen = strlen(prefix);
    *out = NULL;
    frana_layout_qterm stack[32] = {{0}};
    frana_layout_qterm *qt = n->nterms <= 32 ? stack : malloc(n->nterms * sizeof *qt);
    if (!qt)
        return FRANA_ERR_NOMEM;
    for (size_t i = 0; i < n->nterms; i++) {
        qt[i].text = n->terms[i].text;
        qt[i].len = n->terms[i].len;
        qt[i].kind = n->terms[i].kind;
    }
    int rc = frana_layout_query_word(b->s, b->vocab, prefix, qt, n->nterms, &b->word);
    if (qt != stack)
        free(qt);
    if (rc)
        return rc;
    frana_plan *any = node(FRANA_P_OR), *g = NULL;
    if (!any)
        return FRANA_ERR_NOMEM;
    /* The word and its stems are one SYNONYM: the same evidence, weighed once
     * (an OR of the two counted an exact match twice, and a common word typed
     * as the article spells it outranked a name met through its key). */
    frana_plan *same = node(FRANA_P_SYNONYM);
    if (!same)
        rc = FRANA_ERR_NOMEM;
    if (rc == 0 && b->word.word.n)
        rc = add_kid(same, term_node(frana_termlist_at(&b->word.word, 0), b->word.word.lens[0],
                                     plen));
    for (size_t i = 0; rc == 0 && i < b->word.stems.n; i++)
        rc = add_kid(same, term_node(frana_termlist_at(&b->word.stems, i),
                                     b->word.stems.lens[i], plen));
    frana_plan *one = rc == 0 ? collapse(same) : NULL;
    if (rc)
        frana_plan_free(same);
    else if (one)
        rc = add_kid(any, one);
    if (rc == 0)
        rc = names_group(b, &b->word.names, plen, &g);
    if (rc == 0 && g)
        rc = add_kid(any, g);
    if (rc) {
        frana_plan_free(any);
        return rc;
    }
    *out = collapse(any);
    return 0;
}

static int phrase_plan(builder *b, const frana_qnode *n, frana_plan **out)
{
    const char *prefix = n->title ? b->title_prefix : b->body_prefix;
    size_t plen = strlen(prefix);
    *out = NULL;
    frana_plan *ph = node(FRANA_P_PHRASE);
    if (!ph)
        return FRANA_ERR_NOMEM;
    frana_termlist *names = &b->word.names;
    frana_termlist_clear(names);
    int rc = 0;
    char buf[FRANA_MAX_TERM + 64];
    for (size_t i = 0; i < n->nterms && rc == 0; i++) {
        const frana_qterm *t = &n->terms[i];
        if (t->kind != FRANA_TERM_WORD) {
            rc = frana_termlist_add(names, prefix, t->text, t->len);
            continue;
        }
        size_t len = prefixed_term(buf, sizeof buf, prefix, plen, t);
        if (!len) {
            rc = FRANA_ERR_INVALID;
            break;
        }
        rc = add_kid(ph, term_node(buf, len, plen));
        if (t->pos + 1 > ph->window)
            ph->window = t->pos + 1;
    }
    frana_plan *q = NULL;
    if (rc == 0) {
        if (ph->nkids == 1) {
            q = ph->kids[0];
            ph->nkids = 0;
            frana_plan_free(ph);
        } else {
            q = ph;
        }
        ph = NULL;
    }
    frana_plan *g = NULL;
    if (rc == 0)
        rc = names_group(b, names, plen, &g);
    if (rc == 0 && g) {
        frana_plan *any = node(FRANA_P_OR);
        rc = any ? add_kid(any, q) : FRANA_ERR_NOMEM;
        q = NULL;
        if (rc == 0)
            rc = add_kid(any, g);
        else
            frana_plan_free(g);
        q = any;
    }
    if (rc) {
        frana_plan_free(ph);
        frana_plan_free(q);
        return rc;
    }
    *out = q;
    return 0;
}

static int build(builder *b, const frana_qnode *n, frana_plan **out);

/* op over the plans of n's kids from `from` on. */
static int kids_plan(builder *b, const frana_qnode *n, frana_pop op, size_t from,
                     frana_plan **out)
{
    *out = NULL;
    frana_plan *p = node(op);
    if (!p)
        return FRANA_ERR_NOMEM;
    for (size_t i = from; i < n->nkids; i++) {
        frana_plan *k;
        int rc = build(b, n->kids[i], &k);
        if (rc == 0)
            rc = k ? add_kid(p, k) : 0;
        if (rc) {
            frana_plan_free(p);
            return rc;
        }
    }
    *out = collapse(p);
    return 0;
}

/* op(kids[0], OR of kids[1..]): AND_NOT and AND_MAYBE. */
static int two_plan(builder *b, const frana_qnode *n, frana_pop op, frana_plan **out)
{
    *out = NULL;
    frana_plan *p = node(op), *l = NULL, *r = NULL;
    if (!p)
        return FRANA_ERR_NOMEM;
    int rc = build(b, n->kids[0], &l);
    if (rc == 0)
        rc = kids_plan(b, n, FRANA_P_OR, 1, &r);
    if (rc == 0 && (!l || !r))
        rc = FRANA_ERR_INVALID;
    if (rc == 0) {
        rc = add_kid(p, l);
        l = NULL;
    }
    if (rc == 0) {
        rc = add_kid(p, r);
        r = NULL;
    }
    frana_plan_free(l);
    frana_plan_free(r);
    if (rc) {
        frana_plan_free(p);
        return rc;
    }
    *out = p;
    return 0;
}

static int date_plan(const frana_qnode *n, frana_plan **out)
{
    frana_pop op = n->date_lo[0] && n->date_hi[0] ? FRANA_P_VALUE_RANGE
                   : n->date_lo[0]                ? FRANA_P_VALUE_GE
                                                  : FRANA_P_VALUE_LE;
    frana_plan *p = node(op);
    if (!p)
        return FRANA_ERR_NOMEM;
    p->slot = FRANA_DB_SLOT_DATE;
    memcpy(p->lo, n->date_lo, sizeof p->lo);
    memcpy(p->hi, n->date_hi, sizeof p->hi);
    *out = p;
    return 0;
}

/* Whether a query node only restricts: a date, a field filter, or AND / OR
 * of those. */
static int only_filters(const frana_qnode *n)
{
    if (n->type == FRANA_Q_DATE || n->type == FRANA_Q_FILTER)
        return 1;
    if ((n->type != FRANA_Q_AND && n->type != FRANA_Q_OR) || n->nkids == 0)
        return 0;
    for (size_t i = 0; i < n->nkids; i++)
        if (!only_filters(n->kids[i]))
            return 0;
    return 1;
}

/* An AND whose kids include filters: FILTER(AND of the others, AND of the
 * filters), so that filters narrow the matches without weighing in (as
 * Xapian's QueryParser does with boolean prefixes). */
static int and_plan(builder *b, const frana_qnode *n, frana_plan **out)
{
    *out = NULL;
    frana_plan *scored = node(FRANA_P_AND), *filters = node(FRANA_P_AND);
    int rc = scored && filters ? 0 : FRANA_ERR_NOMEM;
    for (size_t i = 0; i < n->nkids && rc == 0; i++) {
        frana_plan *k;
        rc = build(b, n->kids[i], &k);
        if (rc == 0 && k)
            rc = add_kid(only_filters(n->kids[i]) ? filters : scored, k);
    }
    if (rc) {
        frana_plan_free(scored);
        frana_plan_free(filters);
        return rc;
    }
    scored = collapse(scored);
    filters = collapse(filters);
    if (!scored || !filters) {
        *out = scored ? scored : filters;
        return 0;
    }
    frana_plan *f = node(FRANA_P_FILTER);
    rc = f ? add_kid(f, scored) : FRANA_ERR_NOMEM;
    if (rc == 0)
        rc = add_kid(f, filters);
    else
        frana_plan_free(filters);
    if (rc) {
        if (!f)
            frana_plan_free(scored);
        frana_plan_free(f);
        return rc;
    }
    *out = f;
    return 0;
}

/* a NEAR b, a ADJ b: NEAR or PHRASE over the WORD terms, Xapian's window. */
static int window_plan(builder *b, const frana_qnode *n, frana_plan **out)
{
    const char *prefix = n->title ? b->title_prefix : b->body_prefix;
    size_t plen = strlen(prefix);
    char buf[FRANA_MAX_TERM + 64];
    *out = NULL;
    frana_plan *p = node(n->type == FRANA_Q_NEAR ? FRANA_P_NEAR : FRANA_P_PHRASE);
    if (!p)
        return FRANA_ERR_NOMEM;
    p->window = n->window;
    int rc = 0;
    for (size_t i = 0; i < n->nterms && rc == 0; i++) {
        const frana_qterm *t = &n->terms[i];
        size_t len = prefixed_term(buf, sizeof buf, prefix, plen, t);
        if (!len) {
            rc = FRANA_ERR_INVALID;
            break;
        }
        rc = add_kid(p, term_node(buf, len, plen));
    }
    if (rc) {
        frana_plan_free(p);
        return rc;
    }
    *out = p;
    return 0;
}

/* word*: the index terms that start with the WORD term, bounded. */
static int wildcard_plan(builder *b, const frana_qnode *n, frana_plan **out)
{
    const char *prefix = n->title ? b->title_prefix : b->body_prefix;
    size_t plen = strlen(prefix);
    char buf[FRANA_MAX_TERM + 64];
    *out = NULL;
    const frana_qterm *t = &n->terms[0];
    size_t len = prefixed_term(buf, sizeof buf, prefix, plen, t);
    if (!len)
        return FRANA_ERR_INVALID;
    if (b->prefix_count) {
        size_t count = 0;
        int rc = b->prefix_count(b->prefix_ctx, buf, len, b->wildcard_max, &count);
        if (rc)
            return rc;
        if (count > b->wildcard_max) {
            snprintf(b->err, b->errcap,
                     "syntax error at %zu: the wildcard %.*s* matches more than %zu words "
                     "(give more letters)",
                     n->at, (int)(t->len > 60 ? 60 : t->len), t->text, b->wildcard_max);
            return FRANA_ERR_SYNTAX;
        }
    }
    frana_plan *p = term_node(buf, len, plen);
    if (!p)
        return FRANA_ERR_NOMEM;
    p->op = FRANA_P_WILDCARD;
    p->window = (uint32_t)b->wildcard_max;
    *out = p;
    return 0;
}

/* lang:, source:, id: — the boolean term at weight 0. */
static int filter_plan(const frana_qnode *n, frana_plan **out)
{
    *out = NULL;
    frana_plan *sc = node(FRANA_P_SCALE);
    if (!sc)
        return FRANA_ERR_NOMEM;
    sc->scale = 0;
    int rc = add_kid(sc, term_node(n->terms[0].text, n->terms[0].len, 0));
    if (rc) {
        frana_plan_free(sc);
        return rc;
    }
    *out = sc;
    return 0;
}

static int build(builder *b, const frana_qnode *n, frana_plan **out)
{
    switch (n->type) {
    case FRANA_Q_AND:
        return and_plan(b, n, out);
    case FRANA_Q_XOR:
        return kids_plan(b, n, FRANA_P_XOR, 0, out);
    case FRANA_Q_NEAR:
    case FRANA_Q_ADJ:
        return window_plan(b, n, out);
    case FRANA_Q_WILDCARD:
        return wildcard_plan(b, n, out);
    case FRANA_Q_FILTER:
        return filter_plan(n, out);
    case FRANA_Q_OR:
        return kids_plan(b, n, FRANA_P_OR, 0, out);
    case FRANA_Q_AND_NOT:
        return two_plan(b, n, FRANA_P_AND_NOT, out);
    case FRANA_Q_AND_MAYBE:
        return two_plan(b, n, FRANA_P_AND_MAYBE, out);
    case FRANA_Q_WORD:
        return word_plan(b, n, out);
    case FRANA_Q_PHRASE:
        return phrase_plan(b, n, out);
    case FRANA_Q_DATE:
        return date_plan(n, out);
    case FRANA_Q_NOT:
        break;
    }
    snprintf(b->err, b->errcap, "unexpected node in a query tree");
    return FRANA_ERR_INVALID;
}

int frana_plan_build(frana_session *s, const frana_qnode *root, const frana_vocab *vocab,
                     const char *body_prefix, const char *title_prefix, frana_plan **out,
                     char *err, size_t errcap)
{
    return frana_plan_build_opts(s, root, vocab, body_prefix, title_prefix, NULL, out, err,
                                 errcap);
}

/* The languages other than French whose articles frana analyzes. */
static const char *const other_langs[] = {"en", "de", "es", "it", "pt", "nl", "pl", "cs",
                                          "sk", "ru", "uk", "be", "lt", "lv", NULL};

/* At most this many XL terms are walked; an index of more asks term by term. */
#define LANG_WALK_MAX 64

/* What the walk of the XL terms saw. */
typedef struct lang_walk {
    size_t n;
    int home, other;
} lang_walk;

static int lang_seen(void *ctx, const char *term, size_t len)
{
    lang_walk *w = ctx;
    size_t plen = strlen(FRANA_PREFIX_LANG);
    w->n++;
    if (len < plen || memcmp(term, FRANA_PREFIX_LANG, plen) != 0)
        return 0;
    const char *code = term + plen;
    size_t clen = len - plen;
    if (clen == strlen(FRANA_PLAN_HOME_LANG) && memcmp(code, FRANA_PLAN_HOME_LANG, clen) == 0)
        w->home = 1;
    for (size_t i = 0; other_langs[i]; i++)
        if (clen == strlen(other_langs[i]) && memcmp(code, other_langs[i], clen) == 0)
            w->other = 1;
    return 0;
}

/* Whether the index holds French articles and articles of another language
 * frana analyzes: one walk of the "XL" terms (Xapian's allterms_begin("XL"),
 * one request per remote shard), the index holding a term exactly when some
 * article does; without an expand callback, or past LANG_WALK_MAX terms, the
 * term frequency of XLfr and of each other language, a lookup each. */
static int multilingual(const frana_vocab *vocab, int *out)
{
    *out = 0;
    if (!vocab)
        return 0;
    if (vocab->expand) {
        lang_walk w = {0, 0, 0};
        int rc = vocab->expand(vocab->ctx, FRANA_PREFIX_LANG, strlen(FRANA_PREFIX_LANG),
                               LANG_WALK_MAX, lang_seen, &w);
        if (rc || w.n < LANG_WALK_MAX) {
            *out = w.home && w.other;
            return rc;
        }
    }
    if (!vocab->termfreq)
        return 0;
    char t[16];
    uint64_t n = 0;
    int rc = vocab->termfreq(vocab->ctx, FRANA_PREFIX_LANG FRANA_PLAN_HOME_LANG,
                             strlen(FRANA_PREFIX_LANG FRANA_PLAN_HOME_LANG), &n);
    for (size_t i = 0; rc == 0 && n > 0 && other_langs[i] && !*out; i++) {
        uint64_t m = 0;
        int len = snprintf(t, sizeof t, "%s%s", FRANA_PREFIX_LANG, other_langs[i]);
        rc = vocab->termfreq(vocab->ctx, t, (size_t)len, &m);
        *out = m > 0;
    }
    return rc;
}

int frana_plan_build_opts(frana_session *s, const frana_qnode *root, const frana_vocab *vocab,
                          const char *body_prefix, const char *title_prefix,
                          const frana_plan_opts *opts, frana_plan **out, char *err,
                          size_t errcap)
{
    *out = NULL;
    builder b;
    memset(&b, 0, sizeof b);
    b.wildcard_max = opts && opts->wildcard_max ? opts->wildcard_max : FRANA_PLAN_WILDCARD_MAX;
    b.prefix_count = opts ? opts->prefix_count : NULL;
    b.prefix_ctx = opts ? opts->prefix_ctx : NULL;
    b.s = s;
    b.vocab = vocab;
    b.body_prefix = body_prefix ? body_prefix : "";
    b.title_prefix = title_prefix ? title_prefix : FRANA_LAYOUT_TITLE_PREFIX;
    b.err = err;
    b.errcap = errcap;
    if (errcap)
        err[0] = 0;
    int rc = multilingual(vocab, &b.multilingual);
    if (rc == 0)
        rc = build(&b, root, out);
    frana_layout_word_free(&b.word);
    if (rc == 0 && !*out) {
        snprintf(err, errcap, "the query searches nothing");
        rc = FRANA_ERR_EMPTY;
    }
    if (rc && err[0] == 0)
        snprintf(err, errcap, "query: %s", frana_strerror(rc));
    return rc;
}

/* ---- highlight terms and description ---------------------------------------- */

static int collect(const frana_plan *p, frana_termset_view *v, size_t *cap)
{
    if (p->op == FRANA_P_WILDCARD) {
        const char **t = realloc(v->prefixes, (v->nprefixes + 1) * sizeof *t);
        if (!t)
            return FRANA_ERR_NOMEM;
        v->prefixes = t;
        size_t *l = realloc(v->plens, (v->nprefixes + 1) * sizeof *l);
        if (!l)
            return FRANA_ERR_NOMEM;
        v->plens = l;
        v->prefixes[v->nprefixes] = p->term + p->plen;
        v->plens[v->nprefixes++] = p->len - p->plen;
        return 0;
    }
    if (p->op == FRANA_P_TERM) {
        if (v->n == *cap) {
            size_t ncap = *cap ? *cap * 2 : 16;
            const char **t = realloc(v->terms, ncap * sizeof *t);
            if (!t)
                return FRANA_ERR_NOMEM;
            v->terms = t;
            size_t *l = realloc(v->lens, ncap * sizeof *l);
            if (!l)
                return FRANA_ERR_NOMEM;
            v->lens = l;
            *cap = ncap;
        }
        v->terms[v->n] = p->term + p->plen;
        v->lens[v->n] = p->len - p->plen;
        v->n++;
        return 0;
    }
    if (p->op == FRANA_P_SCALE && p->scale == 0)
        return 0; /* a filter term */
    size_t nk = p->op == FRANA_P_AND_NOT || p->op == FRANA_P_FILTER ? 1 : p->nkids;
    for (size_t i = 0; i < nk; i++) {
        int rc = collect(p->kids[i], v, cap);
        if (rc)
            return rc;
    }
    return 0;
}

int frana_plan_highlight_terms(const frana_plan *p, frana_termset_view *out)
{
    memset(out, 0, sizeof *out);
    size_t cap = 0;
    int rc = p ? collect(p, out, &cap) : 0;
    if (rc == 0)
        rc = frana_termset_view_sort(out);
    if (rc)
        frana_termset_view_free(out);
    return rc;
}

static const char *const op_names[] = {"TERM",  "AND", "OR",     "AND_NOT", "AND_MAYBE",
                                       "SYN",   "PHRASE", "SCALE", "XOR",  "NEAR",
                                       "FILTER", "RANGE", "GE",    "LE",   "WILDCARD"};

static size_t describe(const frana_plan *p, char *buf, size_t cap, size_t at)
{
#define PUT(...)                                                                       \
    do {                                                                               \
        int w_ = snprintf(buf + (at < cap ? at : cap), at < cap ? cap - at : 0, __VA_ARGS__); \
        at += w_ > 0 ? (size_t)w_ : 0;                                                 \
    } while (0)
    if (p->op == FRANA_P_TERM) {
        PUT("%s", p->term);
        return at;
    }
    if (p->op == FRANA_P_WILDCARD) {
        PUT("%s*", p->term);
        return at;
    }
    PUT("(%s", op_names[p->op]);
    if (p->op == FRANA_P_PHRASE || p->op == FRANA_P_NEAR)
        PUT("/%u", (unsigned)p->window);
    if (p->op == FRANA_P_SCALE)
        PUT("*%.2f", p->scale);
    if (p->op >= FRANA_P_VALUE_RANGE && p->op <= FRANA_P_VALUE_LE)
        PUT(" %u %s..%s", p->slot, p->lo, p->hi);
    for (size_t i = 0; i < p->nkids; i++) {
        PUT(" ");
        at = describe(p->kids[i], buf, cap, at);
    }
    PUT(")");
    return at;
#undef PUT
}

int frana_plan_describe(const frana_plan *p, char *buf, size_t cap)
{
    if (!cap)
        return FRANA_ERR_INVALID;
    buf[0] = 0;
    size_t n = describe(p, buf, cap, 0);
    return n < cap ? 0 : FRANA_ERR_NOMEM;
}
