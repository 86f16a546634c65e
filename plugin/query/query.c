/*
 * query.c — the query language, parsed by recursive descent into an AST whose
 * leaves hold frana's query-mode terms. Xapian is not involved here: the shim
 * turns the AST into a Xapian::Query.
 *
 *   query   := seq
 *   seq     := item+                       joined by the default operator
 *   item    := or_expr
 *   or_expr := and_expr ("OR" and_expr)*
 *   and_expr:= unary ("AND" unary)*
 *   unary   := "NOT" unary | "+" primary | "-" primary | primary
 *   primary := "(" seq ")" | "title:" primary | "date:" range | '"' phrase '"' | word
 *   range   := [YYYY-MM-DD] ".." [YYYY-MM-DD] | YYYY-MM-DD
 *
 * So "a b OR c" is a AND (b OR c) with the default AND, as in web search
 * engines. With the default OR, +word is required and plain words only add
 * weight (Xapian's AND_MAYBE). Operators are upper case; "and", "or", "not"
 * are words. A word that analyzes to several tokens (Saint-Pétersbourg) is a
 * phrase of its non-stopword parts; a word that is only stopwords is dropped.
 */
#include "base.h"
#include "query.h"
#include "store.h"
#include "querylang.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct qtok {
    uint32_t pos;
    unsigned flags;
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

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int is_stop_char(char c)
{
    return is_space(c) || c == '(' || c == ')' || c == '"';
}

static void skip_space(parser *p)
{
    while (p->i < p->len && is_space(p->q[p->i]))
        p->i++;
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
    return p->i + n == p->len || is_stop_char(p->q[p->i + n]);
}

/* Whether what follows cannot be an operator's operand: the end, a closing
 * parenthesis, or another binary operator. */
static int no_operand(parser *p)
{
    return at_end(p) || p->q[p->i] == ')' || at_op(p, "AND") || at_op(p, "OR");
}

/* ---- analysis of a word or a phrase ------------------------------------- */

static int collect_token(void *ctx, const frana_token *t)
{
    parser *p = ctx;
    if (p->ntoks == p->captoks) {
        size_t cap = p->captoks ? p->captoks * 2 : 8;
        qtok *nt = realloc(p->toks, cap * sizeof *nt);
        if (!nt)
            return FRANA_ERR_NOMEM;
        p->toks = nt;
        p->captoks = cap;
    }
    qtok *q = &p->toks[p->ntoks];
    q->pos = t->pos;
    q->flags = t->flags;
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
    }
    if (n)
        n->title = p->title;
    toks_clear(p);
    return n;
}

/* ---- grammar ------------------------------------------------------------- */

static frana_qnode *parse_seq(parser *p, int in_paren, size_t open_at);
static frana_qnode *parse_unary(parser *p, int *required);

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
        } else if (or_mode && !required[i] && it->type != FRANA_Q_DATE) {
            /* A date range restricts; it never only adds weight. */
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
        pos = node_of_two(p, FRANA_Q_AND_MAYBE, at, req, opt);
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

static int parse_date(const char *s, size_t len, char out[9])
{
    out[0] = 0;
    if (len == 0)
        return 1;
    return frana_date_to_value(s, len, out) == 0;
}

static frana_qnode *parse_range(parser *p)
{
    size_t start = p->i;
    while (p->i < p->len && !is_stop_char(p->q[p->i]))
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
        if (!parse_date(r, len, lo) || !lo[0]) {
            fail(p, FRANA_ERR_SYNTAX, start, "date must be YYYY-MM-DD, YYYY-MM-DD..YYYY-MM-DD, "
                                             "YYYY-MM-DD.. or ..YYYY-MM-DD");
            return NULL;
        }
        memcpy(hi, lo, 9);
    } else {
        size_t llen = (size_t)(dots - r), hstart = llen + 2;
        if (!parse_date(r, llen, lo)) {
            fail(p, FRANA_ERR_SYNTAX, start, "bad date (YYYY-MM-DD) before '..'");
            return NULL;
        }
        if (!parse_date(r + hstart, len - hstart, hi)) {
            fail(p, FRANA_ERR_SYNTAX, start + hstart, "bad date (YYYY-MM-DD) after '..'");
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

static frana_qnode *parse_primary(parser *p)
{
    skip_space(p);
    size_t at = p->i;
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
        frana_qnode *n = parse_seq(p, 1, at);
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
    if (c == '"') {
        size_t close = p->i + 1;
        while (close < p->len && p->q[close] != '"')
            close++;
        if (close >= p->len) {
            fail(p, FRANA_ERR_SYNTAX, at, "unterminated quote");
            return NULL;
        }
        p->i = close + 1;
        return analyze_leaf(p, p->q + at + 1, close - at - 1, at, 1);
    }
    if (p->len - p->i > 6 && memcmp(p->q + p->i, "title:", 6) == 0 &&
        !is_space(p->q[p->i + 6]) && p->q[p->i + 6] != ')') {
        p->i += 6;
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
    if (p->len - p->i > 5 && memcmp(p->q + p->i, "date:", 5) == 0 &&
        !is_stop_char(p->q[p->i + 5])) {
        p->i += 5;
        return parse_range(p);
    }
    while (p->i < p->len && !is_stop_char(p->q[p->i]))
        p->i++;
    return analyze_leaf(p, p->q + at, p->i - at, at, 0);
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
        frana_qnode *n = node_new(p, FRANA_Q_NOT, at);
        if (n && add_kid(p, n, inner))
            return NULL;
        if (!n)
            frana_qnode_free(inner);
        return n;
    }
    char c = p->i < p->len ? p->q[p->i] : 0;
    if ((c == '+' || c == '-') && p->i + 1 < p->len && !is_space(p->q[p->i + 1]) &&
        p->q[p->i + 1] != ')') {
        p->i++;
        frana_qnode *inner = parse_primary(p);
        if (!inner)
            return NULL;
        if (c == '+') {
            *required = 1;
            return inner;
        }
        frana_qnode *n = node_new(p, FRANA_Q_NOT, at);
        if (n && add_kid(p, n, inner))
            return NULL;
        if (!n)
            frana_qnode_free(inner);
        return n;
    }
    return parse_primary(p);
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

/* a AND b AND c …: the operands are gathered and joined once, so a long chain
 * makes one flat AND node, not a tree as deep as the chain (which would
 * overflow the stack in every recursive walk of the tree). Dropped operands
 * (NULL) leave the others. */
static frana_qnode *parse_and(parser *p, int *required)
{
    frana_qnode **items = NULL;
    int *req = NULL;
    size_t n = 0, cap = 0;
    size_t at = p->i;
    frana_qnode *first = parse_unary(p, required);
    if (p->rc)
        return NULL;
    for (;;) {
        skip_space(p);
        if (!at_op(p, "AND"))
            break;
        size_t op_at = p->i;
        p->i += 3;
        if (no_operand(p)) {
            fail(p, FRANA_ERR_SYNTAX, op_at, "AND needs a word after it");
            break;
        }
        if (grow_items(p, &items, &req, &cap, n + 2, op_at))
            break;
        if (n == 0) {
            items[n] = first;
            req[n++] = 1;
            first = NULL;
        }
        int dummy;
        frana_qnode *rhs = parse_unary(p, &dummy);
        if (p->rc) {
            frana_qnode_free(rhs);
            break;
        }
        items[n] = rhs;
        req[n++] = 1;
    }
    frana_qnode *acc = first;
    if (!p->rc && n) {
        acc = combine(p, items, req, n, 0, at);
        *required = 1;
    }
    for (size_t i = 0; i < n; i++)
        frana_qnode_free(items[i]);
    free(items);
    free(req);
    if (p->rc) {
        frana_qnode_free(acc);
        return NULL;
    }
    return acc;
}

static frana_qnode *parse_or(parser *p, int *required)
{
    size_t at = p->i;
    frana_qnode *acc = parse_and(p, required);
    if (p->rc)
        return NULL;
    for (;;) {
        skip_space(p);
        if (!at_op(p, "OR"))
            break;
        size_t op_at = p->i;
        p->i += 2;
        if (no_operand(p)) {
            frana_qnode_free(acc);
            fail(p, FRANA_ERR_SYNTAX, op_at, "OR needs a word after it");
            return NULL;
        }
        int dummy;
        frana_qnode *rhs = parse_and(p, &dummy);
        if (p->rc) {
            frana_qnode_free(acc);
            return NULL;
        }
        frana_qnode *bad = (acc && acc->type == FRANA_Q_NOT) ? acc
                           : (rhs && rhs->type == FRANA_Q_NOT) ? rhs
                                                               : NULL;
        if (bad) {
            size_t bad_at = bad->at;
            frana_qnode_free(acc);
            frana_qnode_free(rhs);
            fail(p, FRANA_ERR_SYNTAX, bad_at, "an excluded word cannot be an OR alternative");
            return NULL;
        }
        *required = 0;
        if (!acc) {
            acc = rhs;
            continue;
        }
        if (!rhs)
            continue;
        if (acc->type != FRANA_Q_OR || acc->at != at) {
            frana_qnode *g = node_new(p, FRANA_Q_OR, at);
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

/* ---- place names of several unquoted words --------------------------------- */

/* Whether q[from..to) holds only plain words and spaces: no quote,
 * parenthesis, field, operator, or +/- prefix. */
static int plain_run(parser *p, size_t from, size_t to)
{
    size_t saved = p->i;
    int ok = 1, word_start = 1;
    for (size_t i = from; ok && i < to; i++) {
        char c = p->q[i];
        if (c == '"' || c == '(' || c == ')' || c == ':') {
            ok = 0;
        } else if (is_space(c)) {
            word_start = 1;
        } else {
            if (word_start) {
                p->i = i;
                ok = c != '+' && c != '-' && !at_op(p, "AND") && !at_op(p, "OR") &&
                     !at_op(p, "NOT");
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
    while (at < p->len && !is_stop_char(p->q[at]))
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

/* The keys of the place names that the plain words q[from..to) spell
 * together ("South Africa"), as a leaf of NAME_PHRASE terms; NULL when there
 * is none (or on an error, p->rc set). */
static frana_qnode *place_name_leaf(parser *p, size_t from, size_t to)
{
    toks_clear(p);
    int rc = frana_analyze(p->s, p->q + from, to - from, p->lang, FRANA_MODE_QUERY,
                           collect_token, p);
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

/* Place names of two or three unquoted words ("South Africa", "New York")
 * also search their name key: each run of plain words that spells one
 * becomes (run OR key), or gains the key as one more optional item with the
 * default OR. A run may hold stopwords, dropped as items ("Afrique du Sud").
 * Returns the new item count (items has room for n + n). */
/* Whether an item is a word (or a hyphenated word) outside title:, not +required. */
static int plain_leaf(const frana_qnode *it, int required)
{
    return it && !it->title && !required &&
           (it->type == FRANA_Q_WORD || it->type == FRANA_Q_PHRASE);
}

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

static frana_qnode *parse_seq(parser *p, int in_paren, size_t open_at)
{
    frana_qnode **items = NULL;
    int *req = NULL;
    size_t n = 0, cap = 0;
    frana_qnode *r = NULL;
    size_t at = p->i;
    for (;;) {
        skip_space(p);
        if (p->i >= p->len)
            break;
        if (p->q[p->i] == ')') {
            if (in_paren)
                break;
            fail(p, FRANA_ERR_SYNTAX, p->i, "unbalanced parenthesis");
            goto out;
        }
        if (at_op(p, "AND") || at_op(p, "OR")) {
            fail(p, FRANA_ERR_SYNTAX, p->i,
                 at_op(p, "AND") ? "AND needs a word before it" : "OR needs a word before it");
            goto out;
        }
        if (grow_items(p, &items, &req, &cap, n + 1, 0))
            goto out;
        int required = 0;
        frana_qnode *it = parse_or(p, &required);
        if (p->rc) {
            frana_qnode_free(it);
            goto out;
        }
        items[n] = it;
        req[n] = required;
        n++;
    }
    if (in_paren && n == 0 && p->i < p->len) {
        fail(p, FRANA_ERR_SYNTAX, open_at, "empty parentheses");
        goto out;
    }
    if (n >= 2) {
        if (grow_items(p, &items, &req, &cap, n + n, at))
            goto out;
        n = add_place_names(p, items, req, n);
        if (p->rc)
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
    frana_qnode *root = parse_seq(&p, 0, 0);
    if (!root && !p.rc && !lang && p.lang) {
        /* only the hinted language's stopwords ("and or not", "The Who"):
         * searched as a query of no language */
        p.lang = NULL;
        p.i = 0;
        root = parse_seq(&p, 0, 0);
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
    memset(v, 0, sizeof *v);
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
    static const char *names[] = {"AND", "OR", "AND_NOT", "AND_MAYBE", "", "", "", "NOT"};
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
