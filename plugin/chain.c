/*
 * chain.c — assembles the analysis chain:
 *
 *   tokenize → hyphens → elision → normalize (NFKC, case, ligatures)
 *            → stopwords → stem (Snowball) → fold accents → name keys
 *
 * and pushes one token per word to the caller's callback. The terms of a word:
 *
 *   WORD    the folded surface word ("election"), unprefixed, with positions:
 *           exact and phrase matching, accents or not;
 *   STEM    "Z" + the Snowball stem of the accented word ("Zélect"); other
 *           languages' stems carry their language: "XZen:elect", "XZde:wahl";
 *   FOLDED  "XA" + the stem of the accent-stripped word: on the index side for
 *           words with accents, on the query side for words typed without.
 *           It lets "universite" or "elections" find "université" and
 *           "l'élection" although Snowball stems the accentless forms apart;
 *           the query side that sees the index's vocabulary decides when the
 *           match is too loose ("chat" is not "châtiment");
 *   NAME    "XN" + name keys of proper-noun candidates (names.c).
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#ifdef FRANA_HAVE_NAMES
#include "names.h"
#endif

extern const char frana_stopwords_french[];
extern const size_t frana_stopwords_french_len;

static char *dupmsg(const char *msg)
{
    char *p = malloc(strlen(msg) + 1);
    if (p)
        strcpy(p, msg);
    return p;
}

int frana_analyzer_new(const frana_options *opts, frana_analyzer **out, char **errmsg)
{
    if (errmsg)
        *errmsg = NULL;
    if (!out) {
        if (errmsg)
            *errmsg = dupmsg("frana_analyzer_new: out is NULL");
        return FRANA_ERR_INVALID;
    }
    *out = NULL;
    frana_analyzer *a = calloc(1, sizeof *a);
    if (!a)
        return FRANA_ERR_NOMEM;
    a->flags = opts ? opts->flags : 0;
    int rc;
    if (opts && opts->stopwords_path)
        rc = frana_stopwords_load(opts->stopwords_path, &a->stopwords, errmsg);
    else
        rc = frana_stopwords_parse(frana_stopwords_french, frana_stopwords_french_len,
                                   &a->stopwords, errmsg);
    if (rc) {
        free(a);
        return rc;
    }
#ifdef FRANA_HAVE_NAMES
    if (!(a->flags & FRANA_NO_NAMES)) {
        rc = frana_names_new(&a->names, errmsg);
        if (rc) {
            frana_stopwords_free(a->stopwords);
            free(a);
            return rc;
        }
    }
#endif
    *out = a;
    return FRANA_OK;
}

void frana_analyzer_free(frana_analyzer *a)
{
    if (!a)
        return;
    frana_stopwords_free(a->stopwords);
#ifdef FRANA_HAVE_NAMES
    frana_names_free(a->names);
#endif
    free(a);
}

frana_session *frana_session_new(const frana_analyzer *a)
{
    if (!a)
        return NULL;
    frana_session *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->a = a;
#ifdef FRANA_HAVE_NAMES
    if (a->names) {
        s->names = frana_names_session_new(a->names);
        if (!s->names) {
            free(s);
            return NULL;
        }
    }
#endif
    if (frana_buf_reserve(&s->norm, 256) || frana_buf_reserve(&s->fold, 512) ||
        frana_buf_reserve(&s->tmp, 256) || frana_buf_reserve(&s->terms.buf, 1024)) {
        frana_session_free(s);
        return NULL;
    }
    return s;
}

void frana_session_free(frana_session *s)
{
    if (!s)
        return;
    frana_stemmers_free(&s->stemmers);
#ifdef FRANA_HAVE_NAMES
    frana_names_session_free(s->names);
#endif
    frana_buf_free(&s->norm);
    frana_buf_free(&s->fold);
    frana_buf_free(&s->tmp);
    frana_buf_free(&s->terms.buf);
    free(s->cps);
    free(s);
}

const char *frana_session_errmsg(const frana_session *s)
{
    return s ? s->errmsg : "no session";
}

void frana_session_stats(const frana_session *s, frana_stats *out)
{
    if (s && out)
        *out = s->stats;
}

/* State of one frana_analyze call. */
typedef struct run {
    frana_session *s;
    const char *text;
    const char *lang;      /* the document's language; NULL: any (query side) */
    const char *stem_lang; /* the stemmer's language */
    int french;            /* French rules apply (elision, stopwords) */
    char stem_prefix[8];   /* "Z" for French, "XZen:" for English, … */
    frana_mode mode;
    frana_token_fn cb;
    void *ctx;
    uint32_t pos;
    unsigned pending_flags; /* REPLACED, for the next token */
} run;

static int emit(run *r, size_t start, size_t end, const char *surface, size_t slen,
                unsigned flags)
{
    frana_termset_finish(&r->s->terms);
    frana_token tok;
    tok.pos = r->pos++;
    tok.start = start;
    tok.end = end;
    tok.surface = surface;
    tok.surface_len = slen;
    tok.terms = r->s->terms.terms;
    tok.nterms = r->s->terms.n;
    tok.flags = flags | r->pending_flags;
    if (r->s->terms.long_token) {
        tok.flags |= FRANA_TOKEN_LONG;
        r->s->stats.long_tokens++;
    }
    r->pending_flags = 0;
    r->s->stats.tokens++;
    return r->cb(r->ctx, &tok);
}

/* Whether the original bytes start with an upper-case letter. */
static int starts_upper(const char *p, size_t len)
{
    size_t i = 0;
    int bad = 0;
    int32_t c = frana_utf8_next((const uint8_t *)p, len, &i, &bad);
    if (c < 0x80)
        return c >= 'A' && c <= 'Z';
    utf8proc_category_t cat = utf8proc_category(c);
    return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
}

static int add_name_keys(run *r, const char *word, size_t len)
{
#ifdef FRANA_HAVE_NAMES
    frana_session *s = r->s;
    if (!s->names)
        return 0;
    frana_name_key keys[FRANA_NAME_KEYS_MAX];
    int n = frana_name_keys(s->names, word, len, r->lang, keys, FRANA_NAME_KEYS_MAX);
    for (int i = 0; i < n; i++) {
        int rc = frana_termset_add(&s->terms, "XN", keys[i].text, keys[i].len,
                                   keys[i].kind == FRANA_NAME_KEY_EXONYM ? FRANA_TERM_EXONYM
                                                                         : FRANA_TERM_NAME);
        if (rc)
            return rc;
    }
    return n > 0;
#else
    (void)r;
    (void)word;
    (void)len;
    return 0;
#endif
}

/* One word (no hyphen, elisions already split off): its terms, then the token. */
static int word_token(run *r, size_t start, size_t end, unsigned flags)
{
    frana_session *s = r->s;
    unsigned aflags = s->a->flags;
    const char *src = r->text + start;
    size_t srclen = end - start;
    int rc = frana_normalize(src, srclen, &s->norm, &s->cps, &s->cps_cap);
    if (rc)
        return rc;
    /* English possessive: "Putin's" → "putin". */
    if ((r->lang == NULL || strcmp(r->lang, "en") == 0) && s->norm.len > 2 &&
        s->norm.data[s->norm.len - 1] == 's' && s->norm.data[s->norm.len - 2] == '\'') {
        s->norm.len -= 2;
        s->norm.data[s->norm.len] = 0;
    }
    const char *w = s->norm.data;
    size_t wlen = s->norm.len;
    int accented = frana_fold(w, wlen, &s->fold);
    if (accented < 0)
        return FRANA_ERR_NOMEM;
    const char *f = s->fold.data;
    size_t flen = s->fold.len;
    frana_termset_clear(&s->terms);
    int stop = r->french && frana_stopwords_has(s->a->stopwords, f, flen);
    if (stop)
        flags |= FRANA_TOKEN_STOP;
    int nofold = (aflags & FRANA_NO_FOLD) != 0;
    rc = frana_termset_add(&s->terms, "", nofold ? w : f, nofold ? wlen : flen, FRANA_TERM_WORD);
    if (rc)
        return rc;
    int long_word = wlen > FRANA_MAX_TERM;
    if ((!stop || (aflags & FRANA_KEEP_STOPWORDS)) && !(aflags & FRANA_NO_STEM) && !long_word) {
        const char *st;
        size_t stlen;
        if (frana_stem(&s->stemmers, r->stem_lang, w, wlen, &st, &stlen)) {
            rc = frana_termset_add(&s->terms, r->stem_prefix, st, stlen, FRANA_TERM_STEM);
            if (rc)
                return rc;
            if (!nofold && r->french && (r->mode == FRANA_MODE_QUERY ? !accented : accented)) {
                /* Index side: the accented stem, folded ("élect" → "elect"). */
                if (accented) {
                    if (frana_fold(st, stlen, &s->tmp) < 0)
                        return FRANA_ERR_NOMEM;
                    st = s->tmp.data;
                    stlen = s->tmp.len;
                }
                {
                    rc = frana_termset_add(&s->terms, "XA", st, stlen, FRANA_TERM_FOLDED);
                    if (rc)
                        return rc;
                }
            }
        }
    }
    if (!stop && !long_word && !(aflags & FRANA_NO_NAMES)) {
        int candidate = r->mode == FRANA_MODE_QUERY || frana_is_cyrillic_word(w, wlen) ||
                        starts_upper(src, srclen);
        if (candidate) {
            rc = add_name_keys(r, w, wlen);
            if (rc < 0)
                return rc;
            if (rc > 0)
                flags |= FRANA_TOKEN_NAME;
        }
    }
    return emit(r, start, end, w, wlen, flags);
}

/* A number span: the grouping spaces of "100 000" go, separators stay. */
static int number_token(run *r, size_t start, size_t end)
{
    frana_session *s = r->s;
    if (frana_buf_reserve(&s->tmp, end - start + 1))
        return FRANA_ERR_NOMEM;
    size_t n = 0, i = start;
    while (i < end) {
        unsigned char c = (unsigned char)r->text[i];
        if (c >= '0' && c <= '9') {
            s->tmp.data[n++] = (char)c;
            i++;
        } else if (c == ' ') {
            i++;
        } else if (c < 0x80) {
            s->tmp.data[n++] = (char)c;
            i++;
        } else {
            int bad = 0;
            frana_utf8_next((const uint8_t *)r->text, end, &i, &bad); /* a no-break space */
        }
    }
    s->tmp.data[n] = 0;
    frana_termset_clear(&s->terms);
    int rc = frana_termset_add(&s->terms, "", s->tmp.data, n, FRANA_TERM_WORD);
    if (rc)
        return rc;
    return emit(r, start, end, s->tmp.data, n, FRANA_TOKEN_NUMBER);
}

/* A piece between hyphens: split elided articles off the front, then the word. */
static int piece(run *r, size_t start, size_t end, unsigned flags)
{
    const uint8_t *t = (const uint8_t *)r->text;
    while (r->french) {
        size_t i = start, ap = 0, after = 0;
        while (i < end) {
            size_t at = i;
            int bad = 0;
            int32_t c = frana_utf8_next(t, end, &i, &bad);
            if (frana_is_apostrophe(c)) {
                ap = at;
                after = i;
                break;
            }
        }
        if (!after || ap == start || after >= end)
            break;
        /* Elided forms are ASCII letters: compare case-folded. */
        char low[8];
        size_t n = ap - start;
        if (n >= sizeof low)
            break;
        for (size_t k = 0; k < n; k++) {
            char c = r->text[start + k];
            low[k] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
        }
        if (!frana_is_elision(low, n))
            break;
        frana_session *s = r->s;
        frana_termset_clear(&s->terms);
        int rc = frana_termset_add(&s->terms, "", low, n, FRANA_TERM_WORD);
        if (rc)
            return rc;
        memcpy(s->tmp.data, low, n);
        rc = emit(r, start, after, s->tmp.data, n,
                  flags | FRANA_TOKEN_STOP | FRANA_TOKEN_ELIDED);
        if (rc)
            return rc;
        start = after;
    }
    return word_token(r, start, end, flags);
}

/* A word span: split at hyphens; each part is searchable on its own. */
static int word_span(run *r, const frana_span *sp)
{
    const uint8_t *t = (const uint8_t *)r->text;
    size_t i = sp->start, part = sp->start;
    int hyphenated = 0;
    while (i < sp->end) {
        size_t at = i;
        int bad = 0;
        int32_t c = frana_utf8_next(t, sp->end, &i, &bad);
        if (frana_is_hyphen(c)) {
            int rc = piece(r, part, at, FRANA_TOKEN_HYPHEN);
            if (rc)
                return rc;
            part = i;
            hyphenated = 1;
        }
    }
    return piece(r, part, sp->end, hyphenated ? FRANA_TOKEN_HYPHEN : 0);
}

int frana_analyze(frana_session *s, const char *text, size_t len, const char *lang,
                  frana_mode mode, frana_token_fn cb, void *ctx)
{
    if (!s || (!text && len) || !cb || (mode != FRANA_MODE_INDEX && mode != FRANA_MODE_QUERY))
        return FRANA_ERR_INVALID;
    memset(&s->stats, 0, sizeof s->stats);
    s->errmsg[0] = 0;
    if (lang && (lang[0] == 0 || strcmp(lang, "any") == 0))
        lang = NULL;
    run r;
    memset(&r, 0, sizeof r);
    r.s = s;
    r.text = text;
    r.mode = mode;
    r.cb = cb;
    r.ctx = ctx;
    r.lang = lang ? lang : (mode == FRANA_MODE_INDEX ? "fr" : NULL);
    r.stem_lang = r.lang ? r.lang : "fr";
    r.french = r.lang == NULL || strcmp(r.lang, "fr") == 0;
    if (r.french)
        strcpy(r.stem_prefix, "Z");
    else
        snprintf(r.stem_prefix, sizeof r.stem_prefix, "XZ%.2s:", r.lang);
    size_t cursor = 0;
    frana_span sp;
    int rc = 0;
    while (rc == 0 && frana_next_span(text, len, &cursor, &sp, &s->stats.invalid_utf8)) {
        if (sp.replaced)
            r.pending_flags |= FRANA_TOKEN_REPLACED;
        rc = sp.kind == FRANA_SPAN_NUMBER ? number_token(&r, sp.start, sp.end)
                                          : word_span(&r, &sp);
    }
    if (rc < 0 && !s->errmsg[0])
        snprintf(s->errmsg, sizeof s->errmsg, "analysis failed: %s", frana_strerror(rc));
    return rc;
}
