/*
 * query.c — the query language, parsed by recursive descent into an AST whose
 * leaves hold frana's query-mode terms. Xapian is not involved here: plan.c
 * turns the AST into a plan, the shim the plan into a Xapian::Query.
 *
 * The grammar is Xapian's QueryParser's, with its precedence (see the
 * grammar section below): "a b OR c" is (a b) OR c. With the default OR,
 * +word is required and plain words only add weight (Xapian's AND_MAYBE).
 * Operators are upper case; "and", "or", "not" are words. A word that
 * analyzes to several tokens (Saint-Pétersbourg) is a phrase of its
 * non-stopword parts; a word that is only stopwords is dropped. Unicode
 * spaces and quotation marks: query_lex.c.
 */
#include "base.h"
#include "query.h"
#include "layout.h"
#include "store.h"
#include "querylang.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct qtok {
    uint32_t pos;
    unsigned flags;
    size_t start, end; /* byte offsets in the analyzed text */
    frana_qterm *terms;
    size_t nterms;
} qtok;

typedef struct parser {
    frana_session *s;
    const char *q;
    size_t len, i;
    const char *lang;
    int default_or;
    int depth;
    int title; /* inside title: */
    char *err;
    size_t errcap;
    int rc;
    qtok *toks; /* tokens of the word being analyzed */
    size_t ntoks, captoks;
    size_t words, max_words; /* searched words so far, and the limit (0: none) */
} parser;

static int fail(parser *p, int rc, size_t at, const char *msg)
{
    if (p->rc == 0) {
        p->rc = rc;
        if (rc == FRANA_ERR_SYNTAX)
            snprintf(p->err, p->errcap, "syntax error at %zu: %s", at, msg);
        else
            snprintf(p->err, p->errcap, "%s", msg);
    }
    return rc;
}

static frana_qnode *node_new(parser *p, frana_qtype type, size_t at)
{
    frana_qnode *n = calloc(1, sizeof *n);
    if (!n) {
        fail(p, FRANA_ERR_NOMEM, at, "out of memory");
        return NULL;
    }
    n->type = type;
    n->at = at;
    return n;
}

static void qterms_free(frana_qterm *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(t[i].text);
    free(t);
}

void frana_qnode_free(frana_qnode *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->nkids; i++)
        frana_qnode_free(n->kids[i]);
    free(n->kids);
    qterms_free(n->terms, n->nterms);
    free(n);
}

static int add_kid(parser *p, frana_qnode *n, frana_qnode *kid)
{
    frana_qnode **k = realloc(n->kids, (n->nkids + 1) * sizeof *k);
    if (!k) {
        frana_qnode_free(kid);
        return fail(p, FRANA_ERR_NOMEM, 0, "out of memory");
    }
    n->kids = k;
    n->kids[n->nkids++] = kid;
    return 0;
}

/* ---- lexing helpers ------------------------------------------------------ */

/* Byte length of the space (ASCII or Unicode: query_lex.c) at q[i], or 0. */
static size_t space_at(const parser *p, size_t i)
{
    return frana_qlex_space(p->q, p->len, i);
}

/* Whether q[i] ends a word: a space, a parenthesis, a quotation mark. */
static int stop_at(const parser *p, size_t i)
{
    char c = p->q[i];
    return c == '(' || c == ')' || space_at(p, i) || frana_qlex_is_quote(p->q, p->len, i);
}

static void skip_space(parser *p)
{
    size_t n;
    while ((n = space_at(p, p->i)) > 0)
        p->i += n;
}

static int at_end(parser *p)
{
    skip_space(p);
    return p->i >= p->len;
}

/* Whether the operator op (upper case) stands alone at the cursor. */
static int at_op(parser *p, const char *op)
{
    size_t n = strlen(op);
    if (p->len - p->i < n || memcmp(p->q + p->i, op, n) != 0)
        return 0;
    return p->i + n == p->len || stop_at(p, p->i + n);
}

/* Whether NEAR, NEAR/n, ADJ or ADJ/n stands at the cursor: its length in
 * *oplen, n in *width (0 when not given), 1 in *adj for ADJ. */
static int at_window_op(parser *p, size_t *oplen, unsigned long *width, int *adj)
{
    size_t i = p->i, n;
    if (p->len - i >= 4 && memcmp(p->q + i, "NEAR", 4) == 0) {
        n = 4;
        *adj = 0;
    } else if (p->len - i >= 3 && memcmp(p->q + i, "ADJ", 3) == 0) {
        n = 3;
        *adj = 1;
    } else {
        return 0;
    }
    *width = 0;
    if (i + n < p->len && p->q[i + n] == '/') {
        size_t d = i + n + 1;
        unsigned long w = 0;
        while (d < p->len && p->q[d] >= '0' && p->q[d] <= '9' && w < 1000000)
            w = w * 10 + (unsigned long)(p->q[d++] - '0');
        if (d == i + n + 1)
            return 0; /* "NEAR/" and no number: a word */
        n = d - i;
        *width = w;
    }
    if (i + n != p->len && !stop_at(p, i + n))
        return 0;
    *oplen = n;
    return 1;
}

/* Whether what follows cannot be an operator's operand: the end, a closing
 * parenthesis, or another binary operator. */
static int no_operand(parser *p)
{
    if (at_end(p) || p->q[p->i] == ')' || at_op(p, "AND") || at_op(p, "OR") || at_op(p, "XOR"))
        return 1;
    /* A lone + or - ("a AND -") is no word either. */
    char c = p->q[p->i];
    return (c == '+' || c == '-') && (p->i + 1 == p->len || space_at(p, p->i + 1));
}

/* ---- analysis of a word or a phrase ------------------------------------- */

static int collect_token(void *ctx, const frana_token *t)
{
    parser *p = ctx;
    qtok *nt = frana_grow(p->toks, &p->captoks, p->ntoks, sizeof *nt, 8);
    if (!nt)
        return FRANA_ERR_NOMEM;
    p->toks = nt;
    qtok *q = &p->toks[p->ntoks];
    q->pos = t->pos;
    q->flags = t->flags;
    q->start = t->start;
    q->end = t->end;
    q->nterms = 0;
    q->terms = calloc(t->nterms ? t->nterms : 1, sizeof *q->terms);
    if (!q->terms)
        return FRANA_ERR_NOMEM;
    p->ntoks++;
    for (size_t k = 0; k < t->nterms; k++) {
        char *s = malloc(t->terms[k].len + 1);
        if (!s)
            return FRANA_ERR_NOMEM;
        memcpy(s, t->terms[k].text, t->terms[k].len);
        s[t->terms[k].len] = 0;
        q->terms[k].text = s;
        q->terms[k].len = t->terms[k].len;
        q->terms[k].kind = t->terms[k].kind;
        q->nterms++;
    }
    return 0;
}

static void toks_clear(parser *p)
{
    for (size_t i = 0; i < p->ntoks; i++)
        qterms_free(p->toks[i].terms, p->toks[i].nterms);
    p->ntoks = 0;
}

/* Moves the WORD term of token t into terms[k] with a relative position. */
static int take_word_term(qtok *t, frana_qterm *dst, uint32_t base)
{
    for (size_t k = 0; k < t->nterms; k++) {
        if (t->terms[k].kind == FRANA_TERM_WORD) {
            *dst = t->terms[k];
            dst->pos = t->pos - base;
            t->terms[k].text = NULL;
            return 1;
        }
    }
    return 0;
}

/* Moves the NAME_PHRASE terms of token t (the key of a place name of several
 * words ending there: "United States") to dst; returns how many. */
static size_t take_phrase_keys(qtok *t, frana_qterm *dst)
{
    size_t n = 0;
    for (size_t k = 0; k < t->nterms; k++) {
        if (t->terms[k].kind == FRANA_TERM_NAME_PHRASE && t->terms[k].text) {
            dst[n] = t->terms[k];
            dst[n++].pos = 0;
            t->terms[k].text = NULL;
        }
    }
    return n;
}

static frana_qnode *keys_of(parser *p, const char *text, size_t len, size_t from);
static int has_term(const frana_qnode *n, const char *t, size_t len);

/* Drops from n (a phrase, or the keys of a run of words) the keys of a
 * place name that its words text[0..len) also spell without the first one,
 * text[front..len), or without the last one, text[0..back): that name is
 * shorter than the phrase or the run ("aux États-Unis", "président des
 * États-Unis", "jamais South Africa"), and its key, with no positions, would
 * stand for all their words. Words that are the name ("United States",
 * "Afrique du Sud", the word États-Unis) keep its key. at: text's byte
 * offset in the query. */
static void drop_shorter_keys(parser *p, frana_qnode *n, const char *text, size_t len,
                              size_t front, size_t back, size_t at)
{
    frana_qnode *side[2] = {keys_of(p, text + front, len - front, at + front), NULL};
    if (!p->rc)
        side[1] = keys_of(p, text, back, at);
    size_t keep = 0;
    for (size_t k = 0; !p->rc && k < n->nterms; k++) {
        frana_qterm t = n->terms[k];
        int shorter = t.kind == FRANA_TERM_NAME_PHRASE &&
                      ((side[0] && has_term(side[0], t.text, t.len)) ||
                       (side[1] && has_term(side[1], t.text, t.len)));
        if (shorter)
            free(t.text);
        else
            n->terms[keep++] = t;
    }
    if (!p->rc)
        n->nterms = keep;
    frana_qnode_free(side[0]);
    frana_qnode_free(side[1]);
}

/* Analyzes text[0..len) into a leaf: a WORD node, a PHRASE node, or NULL when
 * nothing is searchable. quoted: the user's phrase (stopwords kept, exact). */
static frana_qnode *analyze_leaf(parser *p, const char *text, size_t len, size_t at, int quoted)
{
    toks_clear(p);
    int rc = frana_analyze(p->s, text, len, p->lang, FRANA_MODE_QUERY, collect_token, p);
    if (rc) {
        toks_clear(p);
        fail(p, rc == FRANA_ERR_NOMEM ? FRANA_ERR_NOMEM : rc, at, frana_session_errmsg(p->s));
        return NULL;
    }
    /* Keep the tokens that count: all of a quoted phrase, the non-stopwords of a word. */
    size_t keep = 0;
    for (size_t i = 0; i < p->ntoks; i++) {
        if (quoted || !(p->toks[i].flags & FRANA_TOKEN_STOP)) {
            qtok t = p->toks[i];
            p->toks[i] = p->toks[keep];
            p->toks[keep++] = t;
        }
    }
    p->words += keep;
    if (p->max_words && p->words > p->max_words) {
        char msg[160];
        snprintf(msg, sizeof msg,
                 "query over the limit of %zu words (at byte %zu; max_query_terms)",
                 p->max_words, at);
        toks_clear(p);
        fail(p, FRANA_ERR_LIMIT, at, msg);
        return NULL;
    }
    frana_qnode *n = NULL;
    if (keep == 1 && !quoted) {
        n = node_new(p, FRANA_Q_WORD, at);
        if (n) {
            n->terms = p->toks[0].terms;
            n->nterms = p->toks[0].nterms;
            p->toks[0].terms = NULL;
            p->toks[0].nterms = 0;
        }
    } else if (keep >= 1) {
        size_t keys = 0;
        for (size_t i = 0; keep > 1 && i < keep; i++)
            for (size_t k = 0; k < p->toks[i].nterms; k++)
                keys += p->toks[i].terms[k].kind == FRANA_TERM_NAME_PHRASE;
        n = node_new(p, keep == 1 ? FRANA_Q_WORD : FRANA_Q_PHRASE, at);
        if (n) {
            n->terms = calloc(keep + keys, sizeof *n->terms);
            if (!n->terms) {
                free(n);
                n = NULL;
                fail(p, FRANA_ERR_NOMEM, at, "out of memory");
            } else {
                uint32_t base = p->toks[0].pos;
                for (size_t i = 0; i < keep; i++)
                    if (take_word_term(&p->toks[i], &n->terms[n->nterms], base))
                        n->nterms++;
                for (size_t i = 0; keys && i < keep; i++)
                    n->nterms += take_phrase_keys(&p->toks[i], &n->terms[n->nterms]);
            }
        }
        if (n && keys) {
            size_t front = p->toks[1].start, back = p->toks[keep - 2].end;
            toks_clear(p);
            drop_shorter_keys(p, n, text, len, front, back, at);
            if (p->rc) {
                frana_qnode_free(n);
                n = NULL;
            }
        }
    }
    if (n)
        n->title = p->title;
    toks_clear(p);
    return n;
}

/* ---- grammar -------------------------------------------------------------
 *
 * Xapian's QueryParser grammar and precedence (queryparser.lemony), loosest
 * first; each level is a flat node, so a long chain never makes a deep tree:
 *
 *   query   := or
 *   or      := xor ("OR" xor)*
 *   xor     := andnot ("XOR" andnot)*
 *   andnot  := seq (("AND" | "AND NOT" | "NOT") seq)*     left to right
 *   seq     := item+                     joined by the default operator
 *   item    := "NOT" item | "+" primary | "-" primary | near
 *   near    := primary (("NEAR"|"NEAR/n"|"ADJ"|"ADJ/n") primary)*   words only
 *   primary := "(" or ")" | FIELD ":" value | QUOTE phrase QUOTE | word | word"*"
 *
 * So "a b OR c" is (a b) OR c, "a OR b NOT c" is a OR (b NOT c), and with
 * the default OR "a AND b c" is a AND (b OR c), as in Xapian. A leading NOT
 * (no left operand) excludes like "-": Xapian refuses it without
 * FLAG_PURE_NOT; frana keeps it an exclusion, never "everything but".
 */

static frana_qnode *parse_or(parser *p);
/* A NOT node over inner (a negation an AND absorbs); inner is freed on failure. */
static frana_qnode *negation(parser *p, frana_qnode *inner, size_t at)
{
    frana_qnode *n = node_new(p, FRANA_Q_NOT, at);
    if (n && add_kid(p, n, inner))
        return NULL;
    if (!n)
        frana_qnode_free(inner);
    return n;
}

static frana_qnode *parse_unary(parser *p, int *required);

/* Whether a node only restricts: a date range, a field filter, or an OR of
 * those made by group_filters() (its field set). */
static int is_filter(const frana_qnode *n)
{
    return n && (n->type == FRANA_Q_DATE || n->type == FRANA_Q_FILTER ||
                 (n->type == FRANA_Q_OR && n->field));
}

/* Whether a node only restricts: a filter, or an AND of filters. */
static int only_filters(const frana_qnode *n)
{
    if (is_filter(n))
        return 1;
    if (!n || n->type != FRANA_Q_AND || n->nkids == 0)
        return 0;
    for (size_t i = 0; i < n->nkids; i++)
        if (!only_filters(n->kids[i]))
            return 0;
    return 1;
}

/* A new node of the given type with the kids a (when not NULL) and b. Takes
 * both; on failure frees them and returns NULL with p->rc set. */
static frana_qnode *node_of_two(parser *p, frana_qtype type, size_t at, frana_qnode *a,
                                frana_qnode *b)
{
    frana_qnode *n = node_new(p, type, at);
    if (!n) {
        frana_qnode_free(a);
        frana_qnode_free(b);
        return NULL;
    }
    if (a && add_kid(p, n, a)) {
        frana_qnode_free(n);
        frana_qnode_free(b);
        return NULL;
    }
    if (add_kid(p, n, b)) {
        frana_qnode_free(n);
        return NULL;
    }
    return n;
}

/* Joins items (a NULL item was dropped; a NOT item is a negation). required[i]
 * marks +items; with or_mode the others only add weight. */
static frana_qnode *combine(parser *p, frana_qnode **items, const int *required, size_t n,
                            int or_mode, size_t at)
{
    frana_qnode *req = NULL, *opt = NULL, *neg = NULL;
    for (size_t i = 0; i < n; i++) {
        frana_qnode *it = items[i];
        items[i] = NULL;
        if (!it)
            continue;
        frana_qnode **dst;
        frana_qtype type;
        if (it->type == FRANA_Q_NOT) {
            frana_qnode *inner = it->kids[0];
            it->nkids = 0;
            frana_qnode_free(it);
            it = inner;
            dst = &neg;
            type = FRANA_Q_OR;
        } else if (or_mode && !required[i] && !is_filter(it)) {
            /* A filter restricts; it never only adds weight. */
            dst = &opt;
            type = FRANA_Q_OR;
        } else {
            dst = &req;
            type = FRANA_Q_AND;
        }
        if (!*dst) {
            *dst = it;
        } else {
            if ((*dst)->type != type || (*dst)->at != (size_t)-1) {
                frana_qnode *g = node_new(p, type, at);
                if (!g) {
                    frana_qnode_free(it);
                    goto fail;
                }
                if (add_kid(p, g, *dst)) { /* add_kid freed *dst */
                    *dst = NULL;
                    frana_qnode_free(g);
                    frana_qnode_free(it);
                    goto fail;
                }
                g->at = (size_t)-1; /* marks a group made here, open to more kids */
                *dst = g;
            }
            if (add_kid(p, *dst, it))
                goto fail;
        }
    }
    {
        frana_qnode *groups[3] = {req, opt, neg};
        for (int g = 0; g < 3; g++)
            if (groups[g] && groups[g]->at == (size_t)-1)
                groups[g]->at = at;
    }
    frana_qnode *pos = req ? req : opt;
    if (req && opt) {
        /* Filters alone beside optional words restrict them (Xapian's
         * QueryParser: FILTER), they do not match on their own. */
        pos = node_of_two(p, only_filters(req) ? FRANA_Q_AND : FRANA_Q_AND_MAYBE, at, req, opt);
        req = opt = NULL;
        if (!pos)
            goto fail;
    }
    if (!neg)
        return pos;
    return node_of_two(p, pos ? FRANA_Q_AND_NOT : FRANA_Q_NOT, at, pos, neg);
fail:
    frana_qnode_free(req);
    frana_qnode_free(opt);
    frana_qnode_free(neg);
    return NULL;
}

/* One side of a date range: YYYY, YYYY-MM or YYYY-MM-DD (empty: open), as
 * the first (hi = 0) or last (hi = 1) YYYYMMDD it covers. */
static int parse_date(const char *s, size_t len, int hi, char out[9])
{
    out[0] = 0;
    if (len == 0)
        return 1;
    if (len == 10)
        return frana_date_to_value(s, len, out) == 0;
    for (size_t k = 0; k < 4 && k < len; k++)
        if (s[k] < '0' || s[k] > '9')
            return 0;
    if (len == 4 && memcmp(s, "0000", 4) != 0) {
        memcpy(out, s, 4);
        memcpy(out + 4, hi ? "1231" : "0101", 5);
        return 1;
    }
    if (len == 7 && s[4] == '-' && s[5] >= '0' && s[5] <= '1' && s[6] >= '0' && s[6] <= '9' &&
        memcmp(s, "0000", 4) != 0) {
        int m = (s[5] - '0') * 10 + (s[6] - '0');
        if (m < 1 || m > 12)
            return 0;
        memcpy(out, s, 4);
        memcpy(out + 4, s + 5, 2);
        memcpy(out + 6, hi ? "31" : "01", 3);
        return 1;
    }
    return 0;
}

static frana_qnode *parse_range(parser *p)
{
    size_t start = p->i;
    while (p->i < p->len && !stop_at(p, p->i))
        p->i++;
    const char *r = p->q + start;
    size_t len = p->i - start;
    const char *dots = NULL;
    for (size_t k = 0; k + 1 < len; k++)
        if (r[k] == '.' && r[k + 1] == '.') {
            dots = r + k;
            break;
        }
    char lo[9], hi[9];
    if (!dots) {
        if (!parse_date(r, len, 0, lo) || !lo[0] || !parse_date(r, len, 1, hi)) {
            fail(p, FRANA_ERR_SYNTAX, start,
                 "date must be YYYY, YYYY-MM or YYYY-MM-DD, or a range of those "
                 "(2020..2021-03, 2020-09-01.., ..2020-09-30)");
            return NULL;
        }
    } else {
        size_t llen = (size_t)(dots - r), hstart = llen + 2;
        if (!parse_date(r, llen, 0, lo)) {
            fail(p, FRANA_ERR_SYNTAX, start, "bad date (YYYY, YYYY-MM or YYYY-MM-DD) before '..'");
            return NULL;
        }
        if (!parse_date(r + hstart, len - hstart, 1, hi)) {
            fail(p, FRANA_ERR_SYNTAX, start + hstart,
                 "bad date (YYYY, YYYY-MM or YYYY-MM-DD) after '..'");
            return NULL;
        }
        if (!lo[0] && !hi[0]) {
            fail(p, FRANA_ERR_SYNTAX, start, "date range open on both sides");
            return NULL;
        }
        if (lo[0] && hi[0] && strcmp(lo, hi) > 0) {
            fail(p, FRANA_ERR_SYNTAX, start, "date range ends before it starts");
            return NULL;
        }
    }
    frana_qnode *n = node_new(p, FRANA_Q_DATE, start);
    if (n) {
        memcpy(n->date_lo, lo, 9);
        memcpy(n->date_hi, hi, 9);
    }
    return n;
}

/* A leaf holding one term it owns: prefix + text[0..len). */
static frana_qnode *term_leaf(parser *p, frana_qtype type, size_t at, const char *prefix,
                              const char *text, size_t len)
{
    frana_qnode *n = node_new(p, type, at);
    if (!n)
        return NULL;
    size_t pl = strlen(prefix);
    n->terms = calloc(1, sizeof *n->terms);
    char *t = malloc(pl + len + 1);
    if (!n->terms || !t) {
        free(t);
        frana_qnode_free(n);
        fail(p, FRANA_ERR_NOMEM, at, "out of memory");
        return NULL;
    }
    memcpy(t, prefix, pl);
    memcpy(t + pl, text, len);
    t[pl + len] = 0;
    n->terms[0].text = t;
    n->terms[0].len = pl + len;
    n->terms[0].kind = FRANA_TERM_WORD;
    n->nterms = 1;
    return n;
}

/* The value of a field at the cursor: a quoted phrase or a run of non-space
 * characters. Sets *v, *vlen; returns 0, or fails the parse. */
static int field_value(parser *p, const char *field, const char **v, size_t *vlen)
{
    size_t at = p->i, qn, cn;
    int kind = frana_qlex_quote_open(p->q, p->len, p->i, &qn);
    if (kind) {
        size_t close = p->i + qn;
        while (close < p->len && !frana_qlex_quote_close(p->q, p->len, close, kind, &cn))
            close++;
        if (close >= p->len)
            return fail(p, FRANA_ERR_SYNTAX, at, "unterminated quote");
        *v = p->q + at + qn;
        *vlen = close - at - qn;
        p->i = close + cn;
    } else {
        while (p->i < p->len && !stop_at(p, p->i))
            p->i++;
        *v = p->q + at;
        *vlen = p->i - at;
    }
    if (*vlen == 0) {
        char msg[64];
        snprintf(msg, sizeof msg, "%s: needs a value", field);
        return fail(p, FRANA_ERR_SYNTAX, at, msg);
    }
    return 0;
}

/* lang:fr, source:"La Gazette", id:fr-001 — boolean filter terms. */
static frana_qnode *parse_filter(parser *p, int field, size_t at)
{
    static const char *names[] = {"", "lang", "source", "id"};
    const char *v;
    size_t vlen;
    if (field_value(p, names[field], &v, &vlen))
        return NULL;
    char key[256];
    size_t klen = 0;
    const char *prefix = FRANA_PREFIX_LANG;
    if (field == FRANA_FIELD_LANG) {
        if (vlen < 2 || vlen > 8) {
            fail(p, FRANA_ERR_SYNTAX, at, "lang: wants a language code such as fr");
            return NULL;
        }
        for (size_t k = 0; k < vlen; k++) {
            char c = v[k];
            if (c >= 'A' && c <= 'Z')
                c = (char)(c + 32);
            if (!((c >= 'a' && c <= 'z') || c == '-')) {
                fail(p, FRANA_ERR_SYNTAX, at, "lang: wants a language code such as fr");
                return NULL;
            }
            key[klen++] = c;
        }
    } else if (field == FRANA_FIELD_SOURCE) {
        prefix = FRANA_PREFIX_SOURCE;
        klen = frana_source_key(v, vlen, key, sizeof key);
    } else {
        prefix = FRANA_PREFIX_ID;
        if (vlen > 240) {
            fail(p, FRANA_ERR_SYNTAX, at, "id: longer than 240 bytes");
            return NULL;
        }
    }
    frana_qnode *n = field == FRANA_FIELD_ID ? term_leaf(p, FRANA_Q_FILTER, at, prefix, v, vlen)
                                             : term_leaf(p, FRANA_Q_FILTER, at, prefix, key, klen);
    if (n)
        n->field = field;
    return n;
}

/* elect* — a trailing wildcard over the index's WORD terms (folded, so
 * accent-insensitive). text[0..len) is the word without its '*'. */
static frana_qnode *wildcard_leaf(parser *p, const char *text, size_t len, size_t at)
{
    toks_clear(p);
    int rc = frana_analyze(p->s, text, len, p->lang, FRANA_MODE_QUERY, collect_token, p);
    if (rc) {
        toks_clear(p);
        fail(p, rc, at, frana_session_errmsg(p->s));
        return NULL;
    }
    frana_qnode *n = NULL;
    if (p->ntoks != 1) {
        fail(p, FRANA_ERR_SYNTAX, at,
             p->ntoks ? "a wildcard applies to one word (no hyphen or apostrophe inside)"
                      : "a wildcard needs letters or digits before the *");
    } else {
        for (size_t k = 0; k < p->toks[0].nterms; k++) {
            frana_qterm *t = &p->toks[0].terms[k];
            if (t->kind == FRANA_TERM_WORD) {
                n = term_leaf(p, FRANA_Q_WILDCARD, at, "", t->text, t->len);
                break;
            }
        }
        if (!n && !p->rc)
            fail(p, FRANA_ERR_SYNTAX, at, "a wildcard needs letters or digits before the *");
    }
    if (n)
        n->title = p->title;
    toks_clear(p);
    return n;
}

static frana_qnode *parse_primary(parser *p)
{
    skip_space(p);
    size_t at = p->i, qn, cn;
    if (p->i >= p->len) {
        fail(p, FRANA_ERR_SYNTAX, at, "a word is missing at the end");
        return NULL;
    }
    char c = p->q[p->i];
    if (c == '(') {
        if (++p->depth > FRANA_QUERY_MAX_DEPTH) {
            fail(p, FRANA_ERR_SYNTAX, at, "parentheses nested too deep (limit 100)");
            return NULL;
        }
        p->i++;
        if (!at_end(p) && p->q[p->i] == ')') {
            fail(p, FRANA_ERR_SYNTAX, at, "empty parentheses");
            return NULL;
        }
        frana_qnode *n = parse_or(p);
        p->depth--;
        if (p->rc) {
            frana_qnode_free(n);
            return NULL;
        }
        if (p->i >= p->len || p->q[p->i] != ')') {
            frana_qnode_free(n);
            fail(p, FRANA_ERR_SYNTAX, at, "unbalanced parenthesis");
            return NULL;
        }
        p->i++;
        return n;
    }
    if (c == ')') {
        fail(p, FRANA_ERR_SYNTAX, at, "unbalanced parenthesis");
        return NULL;
    }
    int kind = frana_qlex_quote_open(p->q, p->len, p->i, &qn);
    if (kind) {
        size_t close = p->i + qn;
        while (close < p->len && !frana_qlex_quote_close(p->q, p->len, close, kind, &cn))
            close++;
        if (close >= p->len) {
            fail(p, FRANA_ERR_SYNTAX, at, "unterminated quote");
            return NULL;
        }
        p->i = close + cn;
        return analyze_leaf(p, p->q + at + qn, close - at - qn, at, 1);
    }
    if (frana_qlex_is_quote(p->q, p->len, p->i)) {
        /* A closing mark with no opening one ("unmatched”"): punctuation. */
        size_t n = 1;
        while (p->i + n < p->len && ((unsigned char)p->q[p->i + n] & 0xC0) == 0x80)
            n++;
        p->i += n;
        return NULL;
    }
    /* FIELD:value — the name is ASCII letters, the value follows at once. */
    size_t f = p->i;
    while (f < p->len && ((p->q[f] >= 'a' && p->q[f] <= 'z') || (p->q[f] >= 'A' && p->q[f] <= 'Z')))
        f++;
    if (f > p->i && f + 1 < p->len && p->q[f] == ':' && !space_at(p, f + 1) &&
        p->q[f + 1] != ')') {
        const char *name = p->q + p->i;
        size_t nlen = f - p->i;
        p->i = f + 1;
        if (nlen == 5 && memcmp(name, "title", 5) == 0) {
            int saved = p->title;
            p->title = 1;
            if (++p->depth > FRANA_QUERY_MAX_DEPTH) {
                fail(p, FRANA_ERR_SYNTAX, at, "query nested too deep (limit 100)");
                return NULL;
            }
            frana_qnode *n = parse_primary(p);
            p->depth--;
            p->title = saved;
            return n;
        }
        if (nlen == 4 && memcmp(name, "date", 4) == 0)
            return parse_range(p);
        if (nlen == 4 && memcmp(name, "lang", 4) == 0)
            return parse_filter(p, FRANA_FIELD_LANG, at);
        if (nlen == 6 && memcmp(name, "source", 6) == 0)
            return parse_filter(p, FRANA_FIELD_SOURCE, at);
        if (nlen == 2 && memcmp(name, "id", 2) == 0)
            return parse_filter(p, FRANA_FIELD_ID, at);
        char msg[160];
        snprintf(msg, sizeof msg,
                 "unknown field '%.*s:' (the fields are title: date: lang: source: id:)",
                 (int)(nlen > 40 ? 40 : nlen), name);
        fail(p, FRANA_ERR_SYNTAX, at, msg);
        return NULL;
    }
    while (p->i < p->len && !stop_at(p, p->i))
        p->i++;
    const char *w = p->q + at;
    size_t wlen = p->i - at;
    const char *star = memchr(w, '*', wlen);
    if (star) {
        if (star != w + wlen - 1 || wlen == 1) {
            fail(p, FRANA_ERR_SYNTAX, at + (size_t)(star - w),
                 wlen == 1 ? "a wildcard needs letters or digits before the *"
                           : "a wildcard * goes at the end of a word");
            return NULL;
        }
        return wildcard_leaf(p, w, wlen - 1, at);
    }
    if (wlen > 0 && w[0] == '~') {
        fail(p, FRANA_ERR_SYNTAX, at, "~ (Xapian's synonym operator) is not supported");
        return NULL;
    }
    return analyze_leaf(p, w, wlen, at, 0);
}

/* The WORD term of a NEAR / ADJ operand; fails the parse when it is not one
 * plain word. */
static const frana_qterm *window_operand(parser *p, const frana_qnode *n, size_t at,
                                         const char *op)
{
    char msg[120];
    if (n && n->type == FRANA_Q_WORD)
        for (size_t k = 0; k < n->nterms; k++)
            if (n->terms[k].kind == FRANA_TERM_WORD)
                return &n->terms[k];
    snprintf(msg, sizeof msg,
             n ? "%s joins single words (not phrases, groups, fields or wildcards)"
               : "%s needs a word here, not a stopword",
             op);
    fail(p, FRANA_ERR_SYNTAX, at, msg);
    return NULL;
}

/* a NEAR b NEAR/3 c, a ADJ b: Xapian's OP_NEAR and OP_PHRASE over the words,
 * with Xapian's window (the largest n given, 10 by default, minus one, plus
 * the number of words). */
static frana_qnode *parse_near(parser *p)
{
    size_t at = p->i, oplen;
    unsigned long width;
    int adj;
    frana_qnode *first = parse_primary(p);
    if (p->rc)
        return NULL;
    skip_space(p);
    if (!at_window_op(p, &oplen, &width, &adj))
        return first;
    const char *op = adj ? "ADJ" : "NEAR";
    frana_qnode *n = node_new(p, adj ? FRANA_Q_ADJ : FRANA_Q_NEAR, at);
    frana_qnode *operand = first;
    size_t operand_at = at;
    unsigned long w = 0;
    int title = first ? first->title : 0;
    while (n) {
        const frana_qterm *t = window_operand(p, operand, operand_at, op);
        if (t && operand->title != title)
            fail(p, FRANA_ERR_SYNTAX, operand_at, "NEAR and ADJ do not mix title: and other words");
        if (p->rc)
            break;
        frana_qterm *nt = realloc(n->terms, (n->nterms + 1) * sizeof *nt);
        if (!nt) {
            fail(p, FRANA_ERR_NOMEM, at, "out of memory");
            break;
        }
        n->terms = nt;
        nt[n->nterms] = *t;
        nt[n->nterms].text = malloc(t->len + 1);
        if (!nt[n->nterms].text) {
            fail(p, FRANA_ERR_NOMEM, at, "out of memory");
            break;
        }
        memcpy(nt[n->nterms].text, t->text, t->len + 1);
        nt[n->nterms].pos = 0;
        n->nterms++;
        frana_qnode_free(operand);
        operand = NULL;
        skip_space(p);
        int this_adj;
        size_t op_at = p->i;
        if (!at_window_op(p, &oplen, &width, &this_adj))
            break;
        if (this_adj != adj) {
            fail(p, FRANA_ERR_SYNTAX, op_at, "NEAR and ADJ cannot be mixed in one chain");
            break;
        }
        if (width > w)
            w = width;
        p->i += oplen;
        if (no_operand(p)) {
            char msg[64];
            snprintf(msg, sizeof msg, "%s needs a word after it", op);
            fail(p, FRANA_ERR_SYNTAX, op_at, msg);
            break;
        }
        operand_at = p->i;
        operand = parse_primary(p);
        if (p->rc)
            break;
    }
    frana_qnode_free(operand);
    if (p->rc) {
        frana_qnode_free(n);
        return NULL;
    }
    if (w == 0)
        w = 10;
    if (w > 1000)
        w = 1000;
    n->window = (uint32_t)(w - 1 + n->nterms);
    n->title = title;
    return n;
}

static frana_qnode *parse_unary(parser *p, int *required)
{
    skip_space(p);
    size_t at = p->i;
    *required = 0;
    if (at_op(p, "NOT")) {
        p->i += 3;
        if (no_operand(p)) {
            fail(p, FRANA_ERR_SYNTAX, at, "NOT needs a word after it");
            return NULL;
        }
        if (++p->depth > FRANA_QUERY_MAX_DEPTH) {
            fail(p, FRANA_ERR_SYNTAX, at, "query nested too deep (limit 100)");
            return NULL;
        }
        int dummy;
        frana_qnode *inner = parse_unary(p, &dummy);
        p->depth--;
        if (!inner)
            return NULL;
        if (inner->type == FRANA_Q_NOT) { /* NOT NOT x: x */
            frana_qnode *x = inner->kids[0];
            inner->nkids = 0;
            frana_qnode_free(inner);
            return x;
        }
        return negation(p, inner, at);
    }
    char c = p->i < p->len ? p->q[p->i] : 0;
    if ((c == '+' || c == '-') && p->i + 1 < p->len && !space_at(p, p->i + 1) &&
        p->q[p->i + 1] != ')') {
        p->i++;
        frana_qnode *inner = parse_primary(p);
        if (!inner)
            return NULL;
        if (c == '+') {
            *required = 1;
            return inner;
        }
        return negation(p, inner, at);
    }
    return parse_near(p);
}

/* Makes room for `need` operands in the parallel arrays items and req (an
 * operand and whether it is required), doubling them. Returns 0, or fails the
 * parse at `at` when memory runs out. */
static int grow_items(parser *p, frana_qnode ***items, int **req, size_t *cap, size_t need,
                      size_t at)
{
    if (need <= *cap)
        return 0;
    size_t nc = *cap ? *cap * 2 : 8;
    while (nc < need)
        nc *= 2;
    frana_qnode **ni = realloc(*items, nc * sizeof *ni);
    if (!ni)
        return fail(p, FRANA_ERR_NOMEM, at, "out of memory");
    *items = ni;
    int *nr = realloc(*req, nc * sizeof *nr);
    if (!nr)
        return fail(p, FRANA_ERR_NOMEM, at, "out of memory");
    *req = nr;
    *cap = nc;
    return 0;
}

/* ---- place names of several unquoted words --------------------------------- */

/* Whether q[from..to) holds only plain words and spaces: no quote,
 * parenthesis, field, operator, or +/- prefix. */
static int plain_run(parser *p, size_t from, size_t to)
{
    size_t saved = p->i;
    int ok = 1, word_start = 1;
    for (size_t i = from; ok && i < to; i++) {
        char c = p->q[i];
        if (c == '(' || c == ')' || c == ':' || c == '*' || frana_qlex_is_quote(p->q, p->len, i)) {
            ok = 0;
        } else if (space_at(p, i)) {
            word_start = 1;
        } else {
            if (word_start) {
                p->i = i;
                size_t ol;
                unsigned long w;
                int adj;
                ok = c != '+' && c != '-' && !at_op(p, "AND") && !at_op(p, "OR") &&
                     !at_op(p, "NOT") && !at_op(p, "XOR") && !at_window_op(p, &ol, &w, &adj);
            }
            word_start = 0;
        }
    }
    p->i = saved;
    return ok;
}

/* End of the plain word that starts at `at`. */
static size_t word_end(const parser *p, size_t at)
{
    while (at < p->len && !stop_at(p, at))
        at++;
    return at;
}

static int has_term(const frana_qnode *n, const char *t, size_t len)
{
    for (size_t i = 0; i < n->nterms; i++)
        if (n->terms[i].len == len && memcmp(n->terms[i].text, t, len) == 0)
            return 1;
    return 0;
}

/* The keys of the place names that text[0..len) spells ("South Africa"),
 * as a leaf of NAME_PHRASE terms; NULL when there is none (or on an error,
 * p->rc set). from: the text's byte offset in the query. Clears p->toks. */
static frana_qnode *keys_of(parser *p, const char *text, size_t len, size_t from)
{
    toks_clear(p);
    int rc = frana_analyze(p->s, text, len, p->lang, FRANA_MODE_QUERY, collect_token, p);
    if (rc) {
        toks_clear(p);
        fail(p, rc == FRANA_ERR_NOMEM ? FRANA_ERR_NOMEM : rc, from, frana_session_errmsg(p->s));
        return NULL;
    }
    size_t keys = 0;
    for (size_t i = 0; i < p->ntoks; i++)
        for (size_t k = 0; k < p->toks[i].nterms; k++)
            keys += p->toks[i].terms[k].kind == FRANA_TERM_NAME_PHRASE;
    frana_qnode *n = NULL;
    if (keys)
        n = node_new(p, FRANA_Q_WORD, from);
    if (n) {
        n->terms = calloc(keys, sizeof *n->terms);
        if (!n->terms) {
            free(n);
            n = NULL;
            fail(p, FRANA_ERR_NOMEM, from, "out of memory");
        }
    }
    for (size_t i = 0; n && i < p->ntoks; i++) {
        qtok *t = &p->toks[i];
        for (size_t k = 0; k < t->nterms; k++) {
            frana_qterm *q = &t->terms[k];
            if (q->kind != FRANA_TERM_NAME_PHRASE || !q->text)
                continue;
            if (has_term(n, q->text, q->len))
                continue;
            n->terms[n->nterms] = *q;
            n->terms[n->nterms++].pos = 0;
            q->text = NULL;
        }
    }
    toks_clear(p);
    if (n && n->nterms == 0) {
        frana_qnode_free(n);
        n = NULL;
    }
    return n;
}

/* The keys of the place names that the plain words q[from..to) spell. */
static frana_qnode *place_name_leaf(parser *p, size_t from, size_t to)
{
    return keys_of(p, p->q + from, to - from, from);
}

/* (items[i..j] AND-ed) OR key, taking all of them; NULL (and p->rc set) when
 * memory runs out, everything freed. */
static frana_qnode *run_or_key(parser *p, frana_qnode **items, size_t i, size_t j,
                               frana_qnode *key)
{
    size_t at = items[i]->at;
    frana_qnode *run = node_new(p, FRANA_Q_AND, at);
    for (size_t k = i; k <= j; k++) {
        frana_qnode *it = items[k];
        items[k] = NULL;
        if (!it)
            continue;
        if (!run)
            frana_qnode_free(it);
        else if (add_kid(p, run, it)) { /* add_kid freed it */
            frana_qnode_free(run);
            run = NULL;
        }
    }
    if (!run) {
        frana_qnode_free(key);
        return NULL;
    }
    return node_of_two(p, FRANA_Q_OR, at, run, key);
}

/* Whether an item is a word (or a hyphenated word) outside title:, not +required. */
static int plain_leaf(const frana_qnode *it, int required)
{
    return it && !it->title && !required &&
           (it->type == FRANA_Q_WORD || it->type == FRANA_Q_PHRASE);
}

/* Place names of two or three unquoted words ("South Africa", "New York")
 * also search their name key: each run of plain words that spells one
 * becomes (run OR key), or gains the key as one more optional item with the
 * default OR. A run may hold stopwords, dropped as items ("Afrique du Sud").
 * Returns the new item count (items has room for n + n). */
static size_t add_place_names(parser *p, frana_qnode **items, int *req, size_t n)
{
    size_t out = n;
    for (size_t i = 0; i < n && !p->rc; i++) {
        frana_qnode *it = items[i];
        if (!plain_leaf(it, req[i]))
            continue;
        for (size_t want = 3; want >= 2; want--) {
            /* items i..j: `want` words that are not dropped */
            size_t j = i, got = 1;
            while (got < want && j + 1 < n) {
                j++;
                if (items[j])
                    got++;
            }
            frana_qnode *last = items[j];
            if (got < want || !plain_leaf(last, req[j]))
                continue;
            size_t to = word_end(p, last->at);
            if (!plain_run(p, it->at, to))
                continue;
            frana_qnode *key = place_name_leaf(p, it->at, to);
            if (key) {
                /* the run's own name only ("jamais États-Unis" keys États-Unis alone) */
                size_t next = i + 1, prev = j - 1;
                while (!items[next])
                    next++;
                while (!items[prev])
                    prev--;
                drop_shorter_keys(p, key, p->q + it->at, to - it->at, items[next]->at - it->at,
                                  word_end(p, items[prev]->at) - it->at, it->at);
            }
            if (p->rc || (key && key->nterms == 0)) {
                frana_qnode_free(key);
                key = NULL;
            }
            if (p->rc)
                return out;
            if (!key)
                continue;
            if (p->default_or) {
                items[out] = key;
                req[out++] = 0;
            } else {
                items[i] = run_or_key(p, items, i, j, key);
                if (!items[i])
                    return out;
            }
            i = j;
            break;
        }
    }
    return out;
}

/* Filters of one field in one sequence are alternatives, as Xapian's
 * boolean prefixes: "lang:fr lang:en" is either language. Each field's
 * filters become one OR node (its `field` set: is_filter()), in place of the
 * first of them. */
static int group_filters(parser *p, frana_qnode **items, const int *req, size_t n)
{
    size_t first[5] = {(size_t)-1, (size_t)-1, (size_t)-1, (size_t)-1, (size_t)-1};
    for (size_t i = 0; i < n; i++) {
        frana_qnode *it = items[i];
        if (!it || req[i] || (it->type != FRANA_Q_FILTER && it->type != FRANA_Q_DATE))
            continue;
        int key = it->type == FRANA_Q_DATE ? 4 : it->field;
        if (first[key] == (size_t)-1) {
            first[key] = i;
            continue;
        }
        frana_qnode *g = items[first[key]];
        if (g->type != FRANA_Q_OR) {
            frana_qnode *ng = node_new(p, FRANA_Q_OR, g->at);
            if (!ng || add_kid(p, ng, g)) {
                if (ng)
                    items[first[key]] = NULL; /* add_kid freed g */
                frana_qnode_free(ng);
                return p->rc;
            }
            ng->field = key;
            items[first[key]] = g = ng;
        }
        items[i] = NULL;
        if (add_kid(p, g, it))
            return p->rc;
    }
    return 0;
}

/* A sequence of items joined by the default operator; it ends at a binary
 * operator, a closing parenthesis or the end. */
static frana_qnode *parse_seq(parser *p)
{
    frana_qnode **items = NULL;
    int *req = NULL;
    size_t n = 0, cap = 0;
    frana_qnode *r = NULL;
    size_t at = p->i;
    for (;;) {
        skip_space(p);
        if (p->i >= p->len || p->q[p->i] == ')')
            break;
        const char *op = at_op(p, "AND") ? "AND" : at_op(p, "OR") ? "OR"
                         : at_op(p, "XOR")                        ? "XOR"
                                                                  : NULL;
        size_t ol;
        unsigned long w;
        int adj;
        if (!op && at_window_op(p, &ol, &w, &adj))
            op = adj ? "ADJ" : "NEAR";
        if (op) {
            int window_op = op[0] == 'N' || (op[0] == 'A' && op[1] == 'D');
            if (n > 0 && !window_op)
                break;
            char msg[64];
            snprintf(msg, sizeof msg, "%s needs a word before it", op);
            fail(p, FRANA_ERR_SYNTAX, p->i, msg);
            goto out;
        }
        if (n > 0 && at_op(p, "NOT"))
            break; /* a binary NOT: parse_andnot */
        if (grow_items(p, &items, &req, &cap, n + 1, 0))
            goto out;
        int required = 0;
        size_t item_at = p->i;
        frana_qnode *it = parse_unary(p, &required);
        if (!p->rc && p->i == item_at) /* a guard: every item consumes input */
            fail(p, FRANA_ERR_SYNTAX, item_at, "unexpected character");
        if (p->rc) {
            frana_qnode_free(it);
            goto out;
        }
        items[n] = it;
        req[n] = required;
        n++;
    }
    if (n >= 2) {
        if (grow_items(p, &items, &req, &cap, n + n, at))
            goto out;
        n = add_place_names(p, items, req, n);
        if (p->rc || group_filters(p, items, req, n))
            goto out;
    }
    if (n == 1 && items[0] && items[0]->type != FRANA_Q_NOT && !req[0]) {
        r = items[0];
        items[0] = NULL;
    } else {
        r = combine(p, items, req, n, p->default_or, at);
    }
out:
    for (size_t i = 0; i < n; i++)
        frana_qnode_free(items ? items[i] : NULL);
    free(items);
    free(req);
    if (p->rc) {
        frana_qnode_free(r);
        return NULL;
    }
    return r;
}

/* seq (AND seq | AND NOT seq | NOT seq)*: the kept operands AND'ed, the
 * excluded ones taken out of them; flat however long the chain. Since
 * AND_NOT weighs its left side only, (a NOT b) AND c is (a AND c) NOT b. */
static frana_qnode *parse_andnot(parser *p)
{
    size_t at = p->i;
    frana_qnode *pos = NULL, *neg = NULL;
    frana_qnode *operand = parse_seq(p);
    int excluded = 0;
    for (;;) {
        if (p->rc)
            break;
        if (operand && operand->type == FRANA_Q_NOT) {
            frana_qnode *inner = operand->kids[0];
            operand->nkids = 0;
            frana_qnode_free(operand);
            operand = inner;
            excluded = !excluded;
        }
        if (operand) {
            frana_qnode **dst = excluded ? &neg : &pos;
            frana_qtype type = excluded ? FRANA_Q_OR : FRANA_Q_AND;
            if (!*dst) {
                *dst = operand;
            } else {
                if ((*dst)->type != type || (*dst)->at != (size_t)-1) {
                    frana_qnode *g = node_new(p, type, at);
                    if (!g || add_kid(p, g, *dst)) {
                        if (g)
                            *dst = NULL;
                        frana_qnode_free(g);
                        break;
                    }
                    g->at = (size_t)-1; /* a group made here, open to more kids */
                    *dst = g;
                }
                if (add_kid(p, *dst, operand)) {
                    operand = NULL;
                    break;
                }
            }
            operand = NULL;
        }
        skip_space(p);
        size_t op_at = p->i;
        const char *op;
        if (at_op(p, "AND")) {
            p->i += 3;
            skip_space(p);
            excluded = at_op(p, "NOT");
            if (excluded)
                p->i += 3;
            op = excluded ? "AND NOT" : "AND";
        } else if (at_op(p, "NOT")) {
            p->i += 3;
            excluded = 1;
            op = "NOT";
        } else {
            break;
        }
        if (no_operand(p)) {
            char msg[64];
            snprintf(msg, sizeof msg, "%s needs a word after it", op);
            fail(p, FRANA_ERR_SYNTAX, op_at, msg);
            break;
        }
        operand = parse_seq(p);
    }
    frana_qnode_free(operand);
    if (pos && pos->at == (size_t)-1)
        pos->at = at;
    if (neg && neg->at == (size_t)-1)
        neg->at = at;
    if (p->rc) {
        frana_qnode_free(pos);
        frana_qnode_free(neg);
        return NULL;
    }
    if (!neg)
        return pos;
    return node_of_two(p, pos ? FRANA_Q_AND_NOT : FRANA_Q_NOT, at, pos, neg);
}

/* One flat node of `type` (OR, XOR) over operands of `next`; an excluded
 * operand is an error, a dropped one (stopwords only) is left out. */
static frana_qnode *parse_chain(parser *p, const char *op, frana_qtype type,
                                frana_qnode *(*next)(parser *))
{
    size_t at = p->i;
    frana_qnode *acc = next(p);
    if (p->rc)
        return NULL;
    for (;;) {
        skip_space(p);
        if (!at_op(p, op))
            break;
        size_t op_at = p->i;
        p->i += strlen(op);
        if (no_operand(p)) {
            char msg[64];
            snprintf(msg, sizeof msg, "%s needs a word after it", op);
            frana_qnode_free(acc);
            fail(p, FRANA_ERR_SYNTAX, op_at, msg);
            return NULL;
        }
        frana_qnode *rhs = next(p);
        if (p->rc) {
            frana_qnode_free(acc);
            return NULL;
        }
        frana_qnode *bad = (acc && acc->type == FRANA_Q_NOT) ? acc
                           : (rhs && rhs->type == FRANA_Q_NOT) ? rhs
                                                               : NULL;
        if (bad) {
            char msg[80];
            size_t bad_at = bad->at;
            frana_qnode_free(acc);
            frana_qnode_free(rhs);
            snprintf(msg, sizeof msg, "an excluded word cannot be an %s alternative", op);
            fail(p, FRANA_ERR_SYNTAX, bad_at, msg);
            return NULL;
        }
        if (!acc) {
            acc = rhs;
            continue;
        }
        if (!rhs)
            continue;
        if (acc->type != type || acc->at != at || acc->field) {
            frana_qnode *g = node_new(p, type, at);
            if (!g || add_kid(p, g, acc)) {
                frana_qnode_free(g);
                frana_qnode_free(rhs);
                return NULL;
            }
            acc = g;
        }
        if (add_kid(p, acc, rhs)) {
            frana_qnode_free(acc);
            return NULL;
        }
    }
    return acc;
}

static frana_qnode *parse_xor(parser *p)
{
    return parse_chain(p, "XOR", FRANA_Q_XOR, parse_andnot);
}

static frana_qnode *parse_or(parser *p)
{
    return parse_chain(p, "OR", FRANA_Q_OR, parse_xor);
}

int frana_query_parse(frana_session *s, const char *query, size_t len, const char *lang,
                      int default_or, frana_qnode **out, char *err, size_t errcap)
{
    return frana_query_parse_limited(s, query, len, lang, default_or, 0, out, err, errcap);
}

int frana_query_parse_limited(frana_session *s, const char *query, size_t len, const char *lang,
                              int default_or, size_t max_words, frana_qnode **out, char *err,
                              size_t errcap)
{
    *out = NULL;
    if (errcap)
        err[0] = 0;
    if (!s || (!query && len))
        return FRANA_ERR_INVALID;
    parser p;
    memset(&p, 0, sizeof p);
    p.s = s;
    p.q = query ? query : "";
    p.len = len;
    p.lang = lang ? lang : frana_query_lang_hint(p.q, len); /* querylang.c */
    p.default_or = default_or;
    p.err = err;
    p.errcap = errcap;
    p.max_words = max_words;
    frana_qnode *root = parse_or(&p);
    if (!p.rc && !at_end(&p))
        fail(&p, FRANA_ERR_SYNTAX, p.i, "unbalanced parenthesis");
    if (!root && !p.rc && !lang && p.lang) {
        /* only the hinted language's stopwords ("and or not", "The Who"):
         * searched as a query of no language */
        p.lang = NULL;
        p.i = 0;
        p.words = 0;
        root = parse_or(&p);
        if (!p.rc && !at_end(&p))
            fail(&p, FRANA_ERR_SYNTAX, p.i, "unbalanced parenthesis");
    }
    toks_clear(&p);
    free(p.toks);
    if (p.rc) {
        frana_qnode_free(root);
        return p.rc;
    }
    if (!root) {
        snprintf(err, errcap, "nothing to search for: the query holds no searchable word "
                              "(stopwords and punctuation are not searched)");
        return FRANA_ERR_EMPTY;
    }
    if (root->type == FRANA_Q_NOT) {
        frana_qnode_free(root);
        snprintf(err, errcap, "nothing to search for: the query only excludes words");
        return FRANA_ERR_EMPTY;
    }
    *out = root;
    return FRANA_OK;
}

/* ---- highlight terms ------------------------------------------------------ */

static int cmp_term(const char *a, size_t al, const char *b, size_t bl)
{
    int c = memcmp(a, b, al < bl ? al : bl);
    return c ? c : (al < bl ? -1 : al > bl);
}

typedef struct term_ref {
    const char *t;
    size_t l;
} term_ref;

static int cmp_ref(const void *a, const void *b)
{
    const term_ref *x = a, *y = b;
    return cmp_term(x->t, x->l, y->t, y->l);
}

int frana_termset_view_sort(frana_termset_view *v)
{
    /* Sorted through an index array: a 10,000-word query must not be quadratic. */
    if (v->n > 1) {
        term_ref *refs = malloc(v->n * sizeof *refs);
        if (!refs)
            return FRANA_ERR_NOMEM;
        for (size_t i = 0; i < v->n; i++) {
            refs[i].t = v->terms[i];
            refs[i].l = v->lens[i];
        }
        qsort(refs, v->n, sizeof *refs, cmp_ref);
        for (size_t i = 0; i < v->n; i++) {
            v->terms[i] = refs[i].t;
            v->lens[i] = refs[i].l;
        }
        free(refs);
    }
    size_t u = 0;
    for (size_t i = 0; i < v->n; i++)
        if (u == 0 || cmp_term(v->terms[u - 1], v->lens[u - 1], v->terms[i], v->lens[i]) != 0) {
            v->terms[u] = v->terms[i];
            v->lens[u++] = v->lens[i];
        }
    v->n = u;
    return 0;
}

void frana_termset_view_free(frana_termset_view *v)
{
    if (!v)
        return;
    free(v->terms);
    free(v->lens);
    free(v->prefixes);
    free(v->plens);
    memset(v, 0, sizeof *v);
}

int frana_termset_view_has_prefix(const frana_termset_view *v, const char *t, size_t len)
{
    for (size_t i = 0; i < v->nprefixes; i++)
        if (v->plens[i] <= len && memcmp(v->prefixes[i], t, v->plens[i]) == 0)
            return 1;
    return 0;
}

int frana_termset_view_has(const frana_termset_view *v, const char *t, size_t len)
{
    size_t lo = 0, hi = v->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_term(v->terms[mid], v->lens[mid], t, len);
        if (c == 0)
            return 1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* ---- description for tests ------------------------------------------------ */

typedef struct sbuf {
    char *b;
    size_t cap, n;
} sbuf;

static void put(sbuf *s, const char *t, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s->n + 1 < s->cap)
            s->b[s->n] = t[i];
        s->n++;
    }
    if (s->cap)
        s->b[s->n < s->cap ? s->n : s->cap - 1] = 0;
}

static void puts_(sbuf *s, const char *t)
{
    put(s, t, strlen(t));
}

static void describe(const frana_qnode *n, sbuf *s)
{
    static const char *names[] = {"AND", "OR", "AND_NOT", "AND_MAYBE", "", "", "", "NOT", "XOR"};
    if (n->title)
        puts_(s, "title:");
    switch (n->type) {
    case FRANA_Q_WORD:
        for (size_t i = 0; i < n->nterms; i++) {
            if (i)
                puts_(s, "|");
            put(s, n->terms[i].text, n->terms[i].len);
        }
        break;
    case FRANA_Q_PHRASE:
        puts_(s, "\"");
        for (size_t i = 0; i < n->nterms; i++) {
            if (i)
                puts_(s, " ");
            put(s, n->terms[i].text, n->terms[i].len);
        }
        puts_(s, "\"");
        break;
    case FRANA_Q_NEAR:
    case FRANA_Q_ADJ: {
        char w[32];
        snprintf(w, sizeof w, "(%s/%u", n->type == FRANA_Q_NEAR ? "NEAR" : "ADJ",
                 (unsigned)n->window);
        puts_(s, w);
        for (size_t i = 0; i < n->nterms; i++) {
            puts_(s, " ");
            put(s, n->terms[i].text, n->terms[i].len);
        }
        puts_(s, ")");
        break;
    }
    case FRANA_Q_WILDCARD:
        put(s, n->terms[0].text, n->terms[0].len);
        puts_(s, "*");
        break;
    case FRANA_Q_FILTER:
        puts_(s, "filter:");
        put(s, n->terms[0].text, n->terms[0].len);
        break;
    case FRANA_Q_DATE:
        puts_(s, "date:");
        puts_(s, n->date_lo);
        puts_(s, "..");
        puts_(s, n->date_hi);
        break;
    default:
        puts_(s, "(");
        puts_(s, names[n->type]);
        for (size_t i = 0; i < n->nkids; i++) {
            puts_(s, " ");
            describe(n->kids[i], s);
        }
        puts_(s, ")");
    }
}

int frana_query_describe(const frana_qnode *n, char *buf, size_t cap)
{
    sbuf s = {buf, cap, 0};
    if (cap)
        buf[0] = 0;
    if (n)
        describe(n, &s);
    return s.n < cap ? 0 : FRANA_ERR_NOMEM;
}
