/*
 * layout.c — the database layout in both directions (see layout.h and the
 * layout block of frana_db.h).
 */
#include "layout.h"
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int frana_layout_check(const char *recorded, uint64_t doccount, char *err, size_t errcap)
{
    if (recorded && strcmp(recorded, FRANA_DB_LAYOUT) == 0)
        return 0;
    if ((!recorded || !*recorded) && doccount == 0)
        return 1;
    snprintf(err, errcap,
             "database layout %.20s, this frana reads %s: index the articles again into a new "
             "directory",
             recorded && *recorded ? recorded : "1", FRANA_DB_LAYOUT);
    return FRANA_ERR_DB_OPEN;
}

/* ---- index side ------------------------------------------------------------- */

size_t frana_layout_pair(const char *key, size_t klen, const char *word, size_t wlen, char *buf,
                         size_t cap)
{
    size_t n = klen + 1 + wlen;
    if (klen == 0 || wlen == 0 || n > FRANA_LAYOUT_TERM_MAX || n > cap)
        return 0;
    memcpy(buf, key, klen);
    buf[klen] = FRANA_DB_PAIR_SEP;
    memcpy(buf + klen + 1, word, wlen);
    return n;
}

/* The token's first WORD and first STEM terms (NULL when it has none). */
static void word_and_stem(const frana_token *t, const frana_term **word, const frana_term **stem)
{
    *word = *stem = NULL;
    for (size_t i = 0; i < t->nterms; i++) {
        if (t->terms[i].kind == FRANA_TERM_WORD && !*word)
            *word = &t->terms[i];
        else if (t->terms[i].kind == FRANA_TERM_STEM && !*stem)
            *stem = &t->terms[i];
    }
}

int frana_layout_token(const frana_token *t, uint32_t pos, int title,
                       const frana_layout_sink *sink)
{
    /* The token's WORD and STEM terms: what its FOLDED terms stand for. */
    const frana_term *word, *stem;
    word_and_stem(t, &word, &stem);
    const frana_term *kept_stem = stem && !frana_stem_is_word(stem, word) ? stem : NULL;
    const frana_term *folded_to = kept_stem ? kept_stem : word;
    for (size_t i = 0; i < t->nterms; i++) {
        const frana_term *ft = &t->terms[i];
        if (ft->len == 0 || (ft == stem && !kept_stem))
            continue;
        int rc = 0;
        if (ft->kind == FRANA_TERM_FOLDED) {
            char pair[FRANA_LAYOUT_TERM_MAX + 1];
            size_t n = folded_to ? frana_layout_pair(ft->text, ft->len, folded_to->text,
                                                     folded_to->len, pair, sizeof pair)
                                 : 0;
            if (n && (rc = sink->boolean(sink->ctx, pair, n)) != 0)
                return rc;
            continue;
        }
        for (int copy = 0; copy <= (title ? 1 : 0) && rc == 0; copy++) {
            const char *prefix = copy ? FRANA_LAYOUT_TITLE_PREFIX : "";
            rc = ft->kind == FRANA_TERM_WORD
                     ? sink->posting(sink->ctx, prefix, ft->text, ft->len, pos)
                     : sink->counted(sink->ctx, prefix, ft->text, ft->len);
        }
        if (rc)
            return rc;
    }
    return 0;
}

/* frana_document_terms: the analysis of a text through the layout's sink. */
typedef struct doc_run {
    frana_store_fn cb;
    void *ctx;
    const char *prefix;
    uint32_t base, last;
    char *buf; /* prefix + term */
    size_t cap;
} doc_run;

static int doc_term(doc_run *d, int role, const char *prefix, const char *t, size_t len,
                    uint32_t pos)
{
    size_t plen = strlen(d->prefix) + strlen(prefix);
    if (plen == 0)
        return d->cb(d->ctx, role, t, len, pos);
    if (plen + len + 1 > d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 512;
        while (cap < plen + len + 1)
            cap *= 2;
        char *b = realloc(d->buf, cap);
        if (!b)
            return FRANA_ERR_NOMEM;
        d->buf = b;
        d->cap = cap;
    }
    size_t p1 = strlen(d->prefix);
    memcpy(d->buf, d->prefix, p1);
    memcpy(d->buf + p1, prefix, plen - p1);
    memcpy(d->buf + plen, t, len);
    d->buf[plen + len] = 0;
    return d->cb(d->ctx, role, d->buf, plen + len, pos);
}

static int doc_posting(void *ctx, const char *prefix, const char *t, size_t len, uint32_t pos)
{
    return doc_term(ctx, FRANA_STORE_POSTING, prefix, t, len, pos);
}

static int doc_counted(void *ctx, const char *prefix, const char *t, size_t len)
{
    return doc_term(ctx, FRANA_STORE_COUNTED, prefix, t, len, 0);
}

static int doc_boolean(void *ctx, const char *t, size_t len)
{
    doc_run *d = ctx;
    return d->cb(d->ctx, FRANA_STORE_BOOLEAN, t, len, 0);
}

static int doc_token(void *ctx, const frana_token *t)
{
    doc_run *d = ctx;
    uint32_t pos = d->base + t->pos + 1;
    if (pos > d->last)
        d->last = pos;
    const frana_layout_sink sink = {d, doc_posting, doc_counted, doc_boolean};
    return frana_layout_token(t, pos, 0, &sink);
}

int frana_document_terms(frana_session *s, const char *text, size_t len, const char *lang,
                         const char *prefix, uint32_t *termpos, frana_store_fn cb, void *ctx)
{
    if (!s || (!text && len) || !cb || !termpos)
        return FRANA_ERR_INVALID;
    doc_run d = {cb, ctx, prefix ? prefix : "", *termpos, *termpos, NULL, 0};
    int rc = frana_analyze(s, text ? text : "", len, lang, FRANA_MODE_INDEX, doc_token, &d);
    free(d.buf);
    if (rc == 0)
        *termpos = d.last;
    return rc;
}

int frana_layout_article(const char *lang, const char *source, size_t source_len,
                         const frana_layout_doc_sink *sink)
{
    char term[256];
    size_t pl = strlen(FRANA_PREFIX_LANG), n = 0;
    memcpy(term, FRANA_PREFIX_LANG, pl);
    for (; lang[n] && pl + n < 64; n++)
        term[pl + n] = (char)(lang[n] >= 'A' && lang[n] <= 'Z' ? lang[n] + 32 : lang[n]);
    int rc = sink->boolean(sink->ctx, term, pl + n);
    if (rc == 0)
        rc = sink->value(sink->ctx, FRANA_DB_SLOT_LANG, term + pl, n);
    if (rc || !source || source_len == 0)
        return rc;
    pl = strlen(FRANA_PREFIX_SOURCE);
    memcpy(term, FRANA_PREFIX_SOURCE, pl);
    size_t klen = frana_source_key(source, source_len, term + pl, sizeof term - pl);
    if (klen)
        rc = sink->boolean(sink->ctx, term, pl + klen);
    size_t vlen = source_len;
    if (vlen > 1000) {
        vlen = 1000;
        while (vlen > 0 && ((unsigned char)source[vlen] & 0xC0) == 0x80)
            vlen--;
    }
    if (rc == 0)
        rc = sink->value(sink->ctx, FRANA_DB_SLOT_SOURCE, source, vlen);
    return rc;
}

/* ---- term lists --------------------------------------------------------------- */

int frana_termlist_add(frana_termlist *l, const char *prefix, const char *t, size_t len)
{
    size_t plen = strlen(prefix);
    if (l->n == l->ncap) {
        size_t ncap = l->ncap ? l->ncap * 2 : 8;
        size_t *o = realloc(l->offs, ncap * sizeof *o);
        if (!o)
            return FRANA_ERR_NOMEM;
        l->offs = o;
        size_t *ls = realloc(l->lens, ncap * sizeof *ls);
        if (!ls)
            return FRANA_ERR_NOMEM;
        l->lens = ls;
        l->ncap = ncap;
    }
    size_t need = l->used + plen + len + 1;
    if (need > l->cap) {
        size_t cap = l->cap ? l->cap : 128;
        while (cap < need)
            cap *= 2;
        char *a = realloc(l->arena, cap);
        if (!a)
            return FRANA_ERR_NOMEM;
        l->arena = a;
        l->cap = cap;
    }
    char *dst = l->arena + l->used;
    memcpy(dst, prefix, plen);
    memcpy(dst + plen, t, len);
    dst[plen + len] = 0;
    l->offs[l->n] = l->used;
    l->lens[l->n] = plen + len;
    l->n++;
    l->used = need;
    return 0;
}

int frana_termlist_has(const frana_termlist *l, const char *t, size_t len)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->lens[i] == len && memcmp(l->arena + l->offs[i], t, len) == 0)
            return 1;
    return 0;
}

void frana_termlist_clear(frana_termlist *l)
{
    l->used = 0;
    l->n = 0;
}

void frana_termlist_free(frana_termlist *l)
{
    free(l->arena);
    free(l->offs);
    free(l->lens);
    memset(l, 0, sizeof *l);
}

void frana_layout_word_free(frana_layout_word *w)
{
    frana_termlist_free(&w->word);
    frana_termlist_free(&w->stems);
    frana_termlist_free(&w->names);
}

/* ---- query side ---------------------------------------------------------------- */

/* Adds prefix+t to l unless it is there already. */
static int add_once(frana_termlist *l, const char *prefix, const char *t, size_t len)
{
    size_t plen = strlen(prefix);
    char buf[FRANA_MAX_TERM + 16];
    if (plen + len < sizeof buf) {
        memcpy(buf, prefix, plen);
        memcpy(buf + plen, t, len);
        if (frana_termlist_has(l, buf, plen + len))
            return 0;
    }
    return frana_termlist_add(l, prefix, t, len);
}

typedef struct expand_ctx {
    frana_termlist *out;
    const char *prefix;
    size_t klen; /* bytes of the pair terms' key + FRANA_DB_PAIR_SEP */
    int rc;
} expand_ctx;

/* One pair term of the key: its word, under the field prefix. */
static int expand_one(void *ctx, const char *term, size_t len)
{
    expand_ctx *e = ctx;
    if (len <= e->klen)
        return 0;
    e->rc = add_once(e->out, e->prefix, term + e->klen, len - e->klen);
    return e->rc;
}

static int termfreq_sum(const frana_vocab *v, const frana_termlist *l, uint64_t *sum)
{
    *sum = 0;
    for (size_t i = 0; i < l->n; i++) {
        uint64_t tf = 0;
        int rc = v->termfreq(v->ctx, frana_termlist_at(l, i), l->lens[i], &tf);
        if (rc)
            return rc;
        *sum += tf;
    }
    return 0;
}

static int cooccur(const frana_vocab *v, const frana_termlist *word, const frana_termlist *l,
                   int *out)
{
    *out = 0;
    if (word->n == 0 || l->n == 0)
        return 0;
    const char *bs[FRANA_LAYOUT_EXPANSION_MAX + 2];
    size_t n = l->n < FRANA_LAYOUT_EXPANSION_MAX + 2 ? l->n : FRANA_LAYOUT_EXPANSION_MAX + 2;
    for (size_t i = 0; i < n; i++)
        bs[i] = frana_termlist_at(l, i);
    return v->cooccur(v->ctx, frana_termlist_at(word, 0), word->lens[0], bs, l->lens, n, out);
}

typedef struct fixed_run {
    size_t tokens;
    int fixed;
} fixed_run;

static int fixed_token(void *ctx, const frana_token *t)
{
    fixed_run *f = ctx;
    const frana_term *word, *stem;
    word_and_stem(t, &word, &stem);
    f->tokens++;
    f->fixed = stem && frana_stem_is_word(stem, word);
    return 0;
}

/* Whether an article's word `word` stands for the stem term "Z" + word: the
 * index side analyses it to that stem and, the two being the same, stores
 * only the word (frana_layout_token). Snowball leaves "minsk" as it is; a
 * stopword ("par", "du", "le") is not stemmed at all, so its postings stand
 * for no stem, and "pare" (Zpar) must not search every article that says
 * "par". 1, 0, or FRANA_ERR_NOMEM. */
static int stem_is_fixed(frana_session *s, const char *word, size_t len)
{
    fixed_run f = {0, 0};
    int rc = frana_analyze(s, word, len, "fr", FRANA_MODE_INDEX, fixed_token, &f);
    if (rc == FRANA_ERR_NOMEM)
        return rc;
    return rc == FRANA_OK && f.tokens == 1 && f.fixed;
}

int frana_layout_query_word(frana_session *s, const frana_vocab *vocab, const char *prefix,
                            const frana_layout_qterm *terms, size_t n, frana_layout_word *out)
{
    frana_termlist_clear(&out->word);
    frana_termlist_clear(&out->stems);
    frana_termlist_clear(&out->names);
    frana_termlist plain = {0}, folded = {0};
    int has_stem = 0, has_folded = 0, rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        const frana_layout_qterm *t = &terms[i];
        switch (t->kind) {
        case FRANA_TERM_WORD:
            if (out->word.n == 0)
                rc = frana_termlist_add(&out->word, prefix, t->text, t->len);
            break;
        case FRANA_TERM_STEM:
            /* "Z" + s, and the word s when Snowball leaves it unchanged: its
             * postings stand for "Z" + s in the articles that hold s itself. */
            has_stem = 1;
            rc = add_once(&plain, prefix, t->text, t->len);
            int fixed = rc == 0 && vocab && t->len > 1 && t->text[0] == 'Z'
                            ? stem_is_fixed(s, t->text + 1, t->len - 1)
                            : 0;
            if (fixed < 0)
                rc = fixed;
            if (fixed > 0) {
                frana_termlist w = {0};
                uint64_t tf = 0;
                rc = frana_termlist_add(&w, prefix, t->text + 1, t->len - 1);
                if (rc == 0)
                    rc = vocab->termfreq(vocab->ctx, frana_termlist_at(&w, 0), w.lens[0], &tf);
                if (rc == 0 && tf > 0)
                    rc = add_once(&plain, prefix, t->text + 1, t->len - 1);
                frana_termlist_free(&w);
            }
            break;
        case FRANA_TERM_FOLDED:
            has_folded = 1;
            if (vocab && t->len + 1 < FRANA_LAYOUT_TERM_MAX) {
                /* the pair terms "key word…" of the key */
                char keysep[FRANA_LAYOUT_TERM_MAX];
                memcpy(keysep, t->text, t->len);
                keysep[t->len] = FRANA_DB_PAIR_SEP;
                expand_ctx e = {&folded, prefix, t->len + 1, 0};
                rc = vocab->expand(vocab->ctx, keysep, t->len + 1, FRANA_LAYOUT_EXPANSION_MAX,
                                   expand_one, &e);
                if (rc == 0)
                    rc = e.rc;
            }
            break;
        default:
            rc = add_once(&out->names, prefix, t->text, t->len);
            break;
        }
    }
    /* Accent resolution against the index, for a word typed without accents
     * (only those carry a FOLDED term, "XA"+s, which stands for the stems of
     * the accented words that fold to s). Its stem s has two readings: the
     * accentless word itself ("chat" → Zchat), or accented words whose stem
     * folds to s ("châtiment" → XAchat → Zchâti). The index tells which one
     * the user typed: the word as typed stands next to the plain stem in some
     * article ("chat" with Zchat), or next to an accented stem ("chatiment",
     * the folded surface of "châtiment", with Zchâti). When only one reading
     * is attested, the other is dropped. When neither is, the folded reading
     * is kept unless the plain stem is at least as frequent. */
    int drop_stem = 0, drop_folded = 0;
    /* Without an accented stem in the index (the folded reading expands to
     * nothing), there is nothing to resolve, and no match to run. */
    if (rc == 0 && has_folded && folded.n > 0) {
        int p = 0, a = 0;
        if (vocab) {
            rc = cooccur(vocab, &out->word, &plain, &p);
            if (rc == 0)
                rc = cooccur(vocab, &out->word, &folded, &a);
        }
        if (rc == 0) {
            if (p && !a) {
                drop_folded = 1;
            } else if (a && !p) {
                drop_stem = 1;
            } else if (!p && !a) {
                uint64_t tf_plain = 0, tf_folded = 0;
                if (vocab) {
                    rc = termfreq_sum(vocab, &plain, &tf_plain);
                    if (rc == 0)
                        rc = termfreq_sum(vocab, &folded, &tf_folded);
                }
                drop_folded = tf_folded == 0 || (tf_plain > 0 && tf_plain >= tf_folded);
            }
        }
    }
    if (rc == 0 && has_stem && !drop_stem)
        for (size_t i = 0; i < plain.n && rc == 0; i++) {
            const char *t = frana_termlist_at(&plain, i);
            /* the word itself is searched once, as the word */
            if (out->word.n && plain.lens[i] == out->word.lens[0] &&
                memcmp(t, frana_termlist_at(&out->word, 0), plain.lens[i]) == 0)
                continue;
            rc = add_once(&out->stems, "", t, plain.lens[i]);
        }
    if (rc == 0 && has_folded && !drop_folded)
        for (size_t i = 0; i < folded.n && rc == 0; i++)
            rc = add_once(&out->stems, "", frana_termlist_at(&folded, i), folded.lens[i]);
    frana_termlist_free(&plain);
    frana_termlist_free(&folded);
    return rc;
}
