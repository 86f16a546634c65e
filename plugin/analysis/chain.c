/*
 * chain.c — assembles the analysis chain:
 *
 *   tokenize → hyphens → elision → normalize (NFKC, case, ligatures)
 *            → stopwords → stem (Snowball) → fold accents → name keys
 *            → (query side) cognates
 *
 * and pushes one token per word to the caller's callback. What does not depend
 * on a word's position is computed once per distinct word and kept in the
 * session's word cache. The terms of a word:
 *
 *   WORD    the folded surface word ("election"), unprefixed, with positions:
 *           exact and phrase matching, accents or not;
 *   STEM    "Z" + the Snowball stem of the accented word ("Zélect"); other
 *           languages' stems carry their language: "XZen:elect", "XZde:wahl";
 *   FOLDED  "XA" + a stem without accents. Index side, for words with accents:
 *           the Snowball stem folded, when the stem kept an accent ("XAelect"),
 *           and the stem of the accentless word when Snowball keeps more of it
 *           ("XAuniversit" for université). Query side: the stem of a word
 *           typed without accents. It lets "universite" or "elections" find
 *           "université" and "l'élection" although Snowball stems the
 *           accentless forms apart; the query side that sees the index's
 *           vocabulary decides when the match is too loose ("chat" is not
 *           "châtiment");
 *   NAME    "XN" + name keys of proper-noun candidates (names.c), and the
 *           exonym keys of the names of two or three words they end.
 */
#include "analysis.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "cognates.h"
#include "names.h"

extern const char frana_stopwords_french[];
extern const size_t frana_stopwords_french_len;

int frana_analyzer_new(const frana_options *opts, frana_analyzer **out, char **errmsg)
{
    if (errmsg)
        *errmsg = NULL;
    if (!out) {
        if (errmsg)
            *errmsg = frana_strdup("frana_analyzer_new: out is NULL");
        return FRANA_ERR_INVALID;
    }
    *out = NULL;
    frana_options o = FRANA_OPTIONS_INIT;
    if (opts && frana_copy_sized(&o, sizeof o, opts, FRANA_OPTIONS_V0_SIZE)) {
        if (errmsg)
            *errmsg = frana_strdup("frana_analyzer_new: frana_options.size is smaller than any version");
        return FRANA_ERR_INVALID;
    }
    opts = &o;
    if (o.flags & ~(unsigned)FRANA_FLAGS_ALL) {
        if (errmsg)
            *errmsg = frana_strdup("frana_analyzer_new: unknown flags");
        return FRANA_ERR_INVALID;
    }
    frana_analyzer *a = calloc(1, sizeof *a);
    if (!a)
        return FRANA_ERR_NOMEM;
    a->flags = opts->flags;
    int rc;
    if (opts->stopwords_path)
        rc = frana_stopwords_load(opts->stopwords_path, &a->stopwords, errmsg);
    else
        rc = frana_stopwords_parse(frana_stopwords_french, frana_stopwords_french_len,
                                   &a->stopwords, errmsg);
    if (!rc)
        rc = frana_langstop_new(a->langstop, errmsg);
    if (rc) {
        frana_stopwords_free(a->stopwords);
        free(a);
        return rc;
    }
    if (!(a->flags & FRANA_NO_NAMES)) {
        rc = frana_names_new(&a->names, errmsg);
        if (rc) {
            frana_langstop_free(a->langstop);
            frana_stopwords_free(a->stopwords);
            free(a);
            return rc;
        }
    }
    *out = a;
    return FRANA_OK;
}

void frana_analyzer_free(frana_analyzer *a)
{
    if (!a)
        return;
    frana_stopwords_free(a->stopwords);
    frana_langstop_free(a->langstop);
    frana_names_free(a->names);
    free(a);
}

/* The word cache, on cache-line boundaries: a slot is two whole lines. */
static frana_cache_slot *cache_new(void)
{
    _Static_assert(sizeof(frana_cache_slot) == 128, "a cache slot is two cache lines");
    frana_cache_slot *c = aligned_alloc(64, FRANA_CACHE_SLOTS * sizeof *c);
    if (c)
        memset(c, 0, FRANA_CACHE_SLOTS * sizeof *c);
    return c;
}

frana_session *frana_session_new(const frana_analyzer *a)
{
    if (!a)
        return NULL;
    frana_session *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->a = a;
    if (a->names) {
        s->names = frana_names_session_new(a->names);
        if (!s->names) {
            free(s);
            return NULL;
        }
    }
    if (frana_buf_reserve(&s->norm, 256) || frana_buf_reserve(&s->fold, 512) ||
        frana_buf_reserve(&s->tmp, 256) || frana_buf_reserve(&s->stem, 256) ||
        frana_buf_reserve(&s->terms.buf, 1024) ||
        !(s->cache = cache_new())) {
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
    frana_names_session_free(s->names);
    frana_buf_free(&s->norm);
    frana_buf_free(&s->fold);
    frana_buf_free(&s->tmp);
    frana_buf_free(&s->stem);
    frana_buf_free(&s->xa2);
    frana_buf_free(&s->terms.buf);
    free(s->cache);
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

/* The number of a language for the cache key, exact: 1 + its index in the
 * session's table of the language codes it has met (0 for NULL, "any"). A code
 * the table has no room for, or too long for it, gets FRANA_LANG_UNCACHED: its
 * words are analysed every time, never cached under another language's number. */
static int lang_id(frana_session *s, const char *lang)
{
    if (!lang)
        return 0;
    size_t len = strlen(lang);
    if (len >= sizeof s->langs[0])
        return FRANA_LANG_UNCACHED;
    for (int i = 0; i < s->nlangs; i++)
        if (strcmp(s->langs[i], lang) == 0)
            return 1 + i;
    if (s->nlangs == FRANA_SESSION_LANGS)
        return FRANA_LANG_UNCACHED;
    memcpy(s->langs[s->nlangs], lang, len + 1);
    return 1 + s->nlangs++;
}

/* State of one frana_analyze call. */
typedef struct run {
    frana_session *s;
    const char *text;
    const char *lang;      /* the document's language; NULL: any (query side) */
    const char *stem_lang; /* the stemmer's language */
    int french;            /* French rules apply (elision, stopwords) */
    const frana_stopwords *other_stop; /* the stopwords of the text's other language */
    const char *hint_lang; /* a query's language from its words ("en" of "?en"), or NULL */
    char stem_prefix[8];   /* "Z" for French, "XZen:" for English, … */
    int lang_id;           /* the language as a small number, for the cache */
    frana_mode mode;
    frana_token_fn cb;
    void *ctx;
    uint32_t pos;
    unsigned pending_flags; /* REPLACED, for the next token */
    frana_name_phrase phrase; /* the phrase exonyms the last words began */
    size_t phrase_end;        /* where the last word of the phrase ended */
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

/* Adds the packed name keys ([kind][len][text]…) to the token's terms. */
static int add_packed_keys(frana_session *s, const uint8_t *p, size_t n)
{
    size_t i = 0;
    while (i + 2 <= n) {
        int kind = p[i], len = p[i + 1];
        int rc = frana_termset_add(&s->terms, "XN", (const char *)p + i + 2, (size_t)len, kind);
        if (rc)
            return rc;
        i += 2 + (size_t)len;
    }
    return 0;
}

/* Name keys of a proper-noun candidate, from the slot when it holds them.
 * Returns 1 if the word has keys, 0 if not, or a negative error. */
static int add_name_keys(run *r, const char *word, size_t len, frana_cache_slot *slot, int hit)
{
    frana_session *s = r->s;
    if (!s->names)
        return 0;
    if (hit && slot->names_cached) {
        int rc = add_packed_keys(s, (const uint8_t *)slot->data + slot->names_off,
                                 slot->names_len);
        return rc ? rc : slot->names_len > 0;
    }
    frana_name_key keys[FRANA_NAME_KEYS_MAX];
    int n = frana_name_keys(s->names, word, len, r->lang, keys, FRANA_NAME_KEYS_MAX);
    if (n < 0)
        return n;
    uint8_t packed[FRANA_CACHE_DATA];
    size_t used = 0;
    int fits = 1;
    for (int i = 0; i < n; i++) {
        int kind = keys[i].kind == FRANA_NAME_KEY_EXONYM ? FRANA_TERM_EXONYM : FRANA_TERM_NAME;
        int rc = frana_termset_add(&s->terms, "XN", keys[i].text, keys[i].len, kind);
        if (rc)
            return rc;
        if (used + 2 + keys[i].len > sizeof packed) {
            fits = 0;
            continue;
        }
        packed[used] = (uint8_t)kind;
        packed[used + 1] = (uint8_t)keys[i].len;
        memcpy(packed + used + 2, keys[i].text, keys[i].len);
        used += 2 + keys[i].len;
    }
    if (slot && slot->used && fits && used <= (size_t)(FRANA_CACHE_DATA - slot->names_off)) {
        memcpy(slot->data + slot->names_off, packed, used);
        slot->names_len = (uint8_t)used;
        slot->names_cached = 1;
    }
    return n > 0;
}

/* Phrase exonyms: a word that ends a CLDR cell of 2 or 3 words with the words
 * before it ("États-Unis", "Arabie saoudite", "Afrique du Sud") gets the
 * group's canonical key, on both sides. A run is words written with a capital
 * (any word on the query side) apart from stopwords, with nothing but spaces and
 * hyphens between them; a lower-case word may end a run it continues
 * ("saoudite"). The keys of a word come from its cache slot when held there. */
static int add_phrase_keys(run *r, const char *word, size_t len, size_t start, size_t end,
                           frana_cache_slot *slot, int candidate, int stop)
{
    frana_session *s = r->s;
    if (!s->names)
        return 0;
    for (size_t i = r->phrase_end; i < start && r->phrase.nopen; i++)
        if (r->text[i] != ' ' && r->text[i] != '-')
            r->phrase.nopen = 0;
    r->phrase_end = end;
    if (stop)
        return 0;
    if (!candidate && !r->phrase.nopen)
        return 0;
    frana_name_key keys[FRANA_NAME_KEYS_MAX], out[FRANA_NAME_KEYS_MAX];
    int n = 0;
    if (slot && slot->used && slot->names_cached) {
        const uint8_t *p = (const uint8_t *)slot->data + slot->names_off;
        for (size_t i = 0; i + 2 <= slot->names_len && n < FRANA_NAME_KEYS_MAX; n++) {
            keys[n].kind = p[i] == FRANA_TERM_EXONYM ? FRANA_NAME_KEY_EXONYM : FRANA_NAME_KEY_RULE;
            keys[n].len = p[i + 1];
            memcpy(keys[n].text, p + i + 2, keys[n].len);
            i += 2 + keys[n].len;
        }
    } else {
        n = frana_name_keys(s->names, word, len, r->lang, keys, FRANA_NAME_KEYS_MAX);
        if (n < 0)
            return n;
    }
    /* On the query side a word of a place name may be declined: its keys with
     * a plural or genitive ending cut are tried too (the index side is not). */
    frana_name_key forms[2 * FRANA_NAME_KEYS_MAX];
    const frana_name_key *step = keys;
    if (r->mode == FRANA_MODE_QUERY) {
        n = frana_name_phrase_forms(keys, n, forms, 2 * FRANA_NAME_KEYS_MAX);
        step = forms;
    }
    int m = frana_name_phrase_step(s->a->names, &r->phrase, step, n, out, FRANA_NAME_KEYS_MAX);
    for (int i = 0; i < m; i++) {
        int rc = frana_termset_add(&s->terms, "XN", out[i].text, out[i].len,
                                   FRANA_TERM_NAME_PHRASE);
        if (rc)
            return rc;
    }
    return m > 0;
}

/* The analysis of one word that does not depend on its position: computed
 * once, then served from the session's cache. */
typedef struct word_info {
    const char *norm, *fold, *stem, *xa, *xa2;
    size_t nlen, flen, slen, alen, a2len;
    int stop, accented, has_stem; /* alen, a2len: 0 when there is no such XA term */
} word_info;

static int analyze_word(run *r, const char *src, size_t srclen, word_info *wi)
{
    frana_session *s = r->s;
    unsigned aflags = s->a->flags;
    int rc = frana_normalize(src, srclen, &s->norm, &s->cps, &s->cps_cap);
    if (rc)
        return rc;
    frana_cut_possessive(&s->norm); /* "Putin's" → "putin", on both sides (variants.c) */
    memset(wi, 0, sizeof *wi);
    wi->norm = s->norm.data;
    wi->nlen = s->norm.len;
    wi->accented = frana_fold(wi->norm, wi->nlen, &s->fold);
    if (wi->accented < 0)
        return FRANA_ERR_NOMEM;
    wi->fold = s->fold.data;
    wi->flen = s->fold.len;
    wi->stop = (r->french && frana_stopwords_has(s->a->stopwords, wi->fold, wi->flen)) ||
               (r->other_stop && frana_stopwords_has(r->other_stop, wi->fold, wi->flen));
    if ((wi->stop && !(aflags & FRANA_KEEP_STOPWORDS)) || (aflags & FRANA_NO_STEM) ||
        wi->nlen > FRANA_MAX_TERM)
        return 0;
    const char *st;
    size_t stlen;
    rc = frana_stem(&s->stemmers, r->stem_lang, wi->norm, wi->nlen, &st, &stlen);
    if (rc <= 0)
        return rc;
    if (frana_buf_reserve(&s->stem, stlen + 1))
        return FRANA_ERR_NOMEM;
    memcpy(s->stem.data, st, stlen);
    s->stem.len = stlen;
    wi->stem = s->stem.data;
    wi->slen = stlen;
    wi->has_stem = 1;
    int wants_xa = r->mode == FRANA_MODE_QUERY ? !wi->accented : wi->accented;
    if ((aflags & FRANA_NO_FOLD) || !r->french || !wants_xa)
        return 0;
    if (!wi->accented) { /* query side: the word as typed has no accent */
        wi->xa = wi->stem;
        wi->alen = wi->slen;
        return 0;
    }
    /* Index side: the accented stem, folded ("élect" → "elect"). When the
     * stem kept no accent ("arrivé" → "arriv") the stem term itself already
     * meets the accentless query, and no XA term is needed. */
    int folded = frana_fold(wi->stem, wi->slen, &s->tmp);
    if (folded < 0)
        return FRANA_ERR_NOMEM;
    wi->xa = s->tmp.data;
    wi->alen = folded ? s->tmp.len : 0;
    /* And the stem of the accentless word when Snowball keeps more of it
     * ("universite" → "universit" where "université" → "univers"), so that
     * "universites" meets "université". A shorter one ("marie" → "mar" where
     * "marié" → "mari") would merge unrelated words, and is left out. */
    rc = frana_stem(&s->stemmers, r->stem_lang, wi->fold, wi->flen, &st, &stlen);
    if (rc < 0)
        return rc;
    if (rc && stlen > s->tmp.len && stlen <= FRANA_CACHE_VAL) {
        if (frana_buf_reserve(&s->xa2, stlen + 1))
            return FRANA_ERR_NOMEM;
        memcpy(s->xa2.data, st, stlen);
        s->xa2.len = stlen;
        wi->xa2 = s->xa2.data;
        wi->a2len = stlen;
    }
    return 0;
}

/* Stores the analysis of the word key[0..klen) in slot, each string once
 * (FRANA_SAME_*); a word whose strings leave no room for name keys is not.
 * Returns whether it stored it. */
static int cache_store(frana_cache_slot *slot, const char *key, size_t klen, int lang,
                       int mode, const word_info *wi)
{
    unsigned same = 0;
    if (wi->nlen == klen && memcmp(wi->norm, key, klen) == 0)
        same |= FRANA_SAME_NORM;
    if (wi->flen == wi->nlen && memcmp(wi->fold, wi->norm, wi->nlen) == 0)
        same |= FRANA_SAME_FOLD;
    if (wi->slen == wi->nlen && memcmp(wi->stem, wi->norm, wi->nlen) == 0)
        same |= FRANA_SAME_STEM;
    size_t nlen = same & FRANA_SAME_NORM ? 0 : wi->nlen;
    size_t flen = same & FRANA_SAME_FOLD ? 0 : wi->flen;
    size_t slen = same & FRANA_SAME_STEM ? 0 : wi->slen;
    if (klen + nlen + flen + slen + wi->alen + wi->a2len > FRANA_CACHE_DATA - FRANA_CACHE_NAMES)
        return 0;
    slot->used = 1;
    slot->hits = 0;
    slot->names_cached = 0;
    slot->klen = (uint8_t)klen;
    slot->lang = (uint8_t)lang;
    slot->mode = (uint8_t)mode;
    slot->nlen = (uint8_t)wi->nlen;
    slot->flen = (uint8_t)wi->flen;
    slot->slen = (uint8_t)wi->slen;
    slot->alen = (uint8_t)wi->alen;
    slot->a2len = (uint8_t)wi->a2len;
    slot->stop = (uint8_t)wi->stop;
    slot->accented = (uint8_t)wi->accented;
    slot->has_stem = (uint8_t)wi->has_stem;
    slot->same = (uint8_t)same;
    char *p = slot->data;
    memcpy(p, key, klen);
    p += klen;
    if (nlen)
        memcpy(p, wi->norm, nlen);
    p += nlen;
    if (flen)
        memcpy(p, wi->fold, flen);
    p += flen;
    if (slen)
        memcpy(p, wi->stem, slen);
    p += slen;
    if (wi->alen)
        memcpy(p, wi->xa, wi->alen);
    p += wi->alen;
    if (wi->a2len)
        memcpy(p, wi->xa2, wi->a2len);
    p += wi->a2len;
    slot->names_off = (uint16_t)(p - slot->data); /* at least FRANA_CACHE_NAMES remain */
    return 1;
}

static void cache_load(const frana_cache_slot *slot, word_info *wi)
{
    const char *p = slot->data + slot->klen;
    unsigned same = slot->same;
    wi->norm = same & FRANA_SAME_NORM ? slot->data : p;
    wi->nlen = slot->nlen;
    p += same & FRANA_SAME_NORM ? 0 : slot->nlen;
    wi->fold = same & FRANA_SAME_FOLD ? wi->norm : p;
    wi->flen = slot->flen;
    p += same & FRANA_SAME_FOLD ? 0 : slot->flen;
    wi->stem = same & FRANA_SAME_STEM ? wi->norm : p;
    wi->slen = slot->slen;
    p += same & FRANA_SAME_STEM ? 0 : slot->slen;
    wi->xa = p;
    wi->alen = slot->alen;
    p += slot->alen;
    wi->xa2 = p;
    wi->a2len = slot->a2len;
    wi->stop = slot->stop;
    wi->accented = slot->accented;
    wi->has_stem = slot->has_stem;
}

/* The French candidates a German word gets through its German stem, which
 * joins its case and plural forms, the first of:
 *  - the French words of a frequent common noun (Menschen → mensch →
 *    personne, gens, homme; Jahren → an, année);
 *  - those of a compound's last noun, of 5 letters or more after 3 or more
 *    (Bundesstaaten → staat → état, Weltkrieg → guerre; England keeps its
 *    "land");
 *  - the German cognate table on the stem of the word spelled the French
 *    way, ä → e, k → c (Informationen → information, Präsidenten →
 *    president);
 *  - that stem itself when the stemmer cut an ending (not Minsk, not
 *    Lukashenko), since German and French share Latin roots (Personen →
 *    person, Kandidaten → candidat: French stems); not after -em, an ending of German adjectives rather
 *    than nouns, and of the Czech instrumental (Portem).
 * A word with a letter German does not write (é, ç: République) gets none.
 * Returns how many (at most FRANA_COGNATES_MAX), or an error. */
static int german_stem_cognates(run *r, const word_info *wi, char out[][FRANA_COGNATE_MAX])
{
    /* the word spelled the French way (Präsidenten → presidenten); none for
     * a word with a letter German does not write */
    char spelled[FRANA_COGNATE_MAX];
    size_t splen = frana_german_spelled(wi->norm, wi->nlen, spelled, sizeof spelled);
    if (!splen)
        return 0;
    const char *st;
    size_t stlen;
    int rc = frana_stem(&r->s->stemmers, "de", wi->norm, wi->nlen, &st, &stlen);
    if (rc <= 0)
        return rc;
    int n = frana_nouns_de(st, stlen, out);
    for (size_t k = 3; !n && k + 5 <= stlen && stlen < FRANA_COGNATE_MAX; k++) /* a compound's head */
        n = frana_nouns_de(st + k, stlen - k, out);
    if (n)
        return n;
    rc = frana_stem(&r->s->stemmers, "de", spelled, splen, &st, &stlen);
    if (rc <= 0)
        return rc;
    n = frana_cognates_lang("de", st, stlen, out);
    int em = splen > 2 && memcmp(spelled + splen - 2, "em", 2) == 0;
    if (!n && !em && stlen < splen && stlen < FRANA_COGNATE_MAX) {
        memcpy(out[0], st, stlen);
        out[0][stlen] = 0;
        n = 1;
    }
    return n;
}

/* A query word of English, Spanish or German (the query's language given or
 * recognised; with none, a word written with a capital, as English writes
 * Republican or Islamic, under each of the three tables): its French
 * cognates (cognates.c), with the terms a French word typed without accents
 * gets, so that they meet the index's plain and folded stems; and the French
 * word of a people or its adjective in any of the query languages (American,
 * американский, Američané → américain); a German word also gets the
 * candidates of its German stem (german_stem_cognates). They come before
 * the word's own stems, which stay the last of their kinds. */
static int add_cognates(run *r, const word_info *wi, const char *src, size_t srclen)
{
    if (r->mode != FRANA_MODE_QUERY || wi->stop || (r->s->a->flags & FRANA_NO_STEM))
        return 0;
    static const char *const capitalized[] = {"en", "es", "de"};
    const char *const *langs = capitalized;
    size_t nlangs = 3;
    if (r->lang || r->hint_lang) { /* every word of a query of that language */
        langs = r->lang ? &r->lang : &r->hint_lang;
        nlangs = 1;
    } else if (!starts_upper(src, srclen)) {
        return 0;
    }
    char cand[4 * FRANA_COGNATES_MAX + FRANA_DEMONYMS_MAX][FRANA_COGNATE_MAX];
    int n = 0;
    for (size_t l = 0; l < nlangs; l++) {
        int de = strcmp(langs[l], "de") == 0;
        n += frana_cognates_lang(langs[l], de ? wi->norm : wi->fold, de ? wi->nlen : wi->flen,
                                 cand + n);
        if (de) {
            int rc = german_stem_cognates(r, wi, cand + n);
            if (rc < 0)
                return rc;
            n += rc;
        }
    }
    if (strcmp(langs[0], "fr") != 0)
        n += frana_demonyms(wi->fold, wi->flen, cand + n);
    for (int i = 0; i < n; i++) {
        const char *st;
        size_t stlen;
        int rc = frana_stem(&r->s->stemmers, "fr", cand[i], strlen(cand[i]), &st, &stlen);
        if (rc <= 0)
            return rc;
        rc = frana_termset_add(&r->s->terms, "Z", st, stlen, FRANA_TERM_STEM);
        if (!rc)
            rc = frana_termset_add(&r->s->terms, "XA", st, stlen, FRANA_TERM_FOLDED);
        if (rc)
            return rc;
    }
    return 0;
}

/* One word (no hyphen, elisions already split off): its terms, then the token. */
/* The word src[0..srclen), which stands at text[start..end). */
static int word_token_src(run *r, size_t start, size_t end, const char *src, size_t srclen,
                          unsigned flags)
{
    frana_session *s = r->s;
    unsigned aflags = s->a->flags;
    word_info wi;
    frana_cache_slot *slot = NULL;
    int hit = 0, rc;
    if (srclen <= FRANA_CACHE_KEY && r->lang_id != FRANA_LANG_UNCACHED)
        slot = frana_cache_find(s->cache, src, srclen, r->lang_id, (int)r->mode, &hit);
    if (hit) {
        cache_load(slot, &wi);
        if (slot->hits < 3)
            slot->hits++;
    } else {
        rc = analyze_word(r, src, srclen, &wi);
        if (rc)
            return rc;
        /* A rare word must not evict a frequent one: a missing word takes a
         * slot only once the slot's count has worn down to zero. */
        if (slot && slot->used && slot->hits > 0) {
            slot->hits--;
            slot = NULL;
        }
        /* The name keys below go to the slot only if it now holds this
         * word: a slot that kept another word must not take this one's keys,
         * nor give that word's keys to this one. */
        if (slot && !cache_store(slot, src, srclen, r->lang_id, (int)r->mode, &wi))
            slot = NULL;
    }
    frana_termset_clear(&s->terms);
    if (wi.stop)
        flags |= FRANA_TOKEN_STOP;
    int nofold = (aflags & FRANA_NO_FOLD) != 0;
    rc = frana_termset_add(&s->terms, "", nofold ? wi.norm : wi.fold, nofold ? wi.nlen : wi.flen,
                           FRANA_TERM_WORD);
    if (!rc)
        rc = add_cognates(r, &wi, src, srclen);
    if (!rc && wi.has_stem)
        rc = frana_termset_add(&s->terms, r->stem_prefix, wi.stem, wi.slen, FRANA_TERM_STEM);
    if (!rc && wi.alen)
        rc = frana_termset_add(&s->terms, "XA", wi.xa, wi.alen, FRANA_TERM_FOLDED);
    if (!rc && wi.a2len)
        rc = frana_termset_add(&s->terms, "XA", wi.xa2, wi.a2len, FRANA_TERM_FOLDED);
    if (rc)
        return rc;
    if (!wi.stop && wi.nlen <= FRANA_MAX_TERM && !(aflags & FRANA_NO_NAMES)) {
        /* A word that begins with an ASCII letter or digit is not Cyrillic. */
        unsigned char c0 = wi.nlen ? (unsigned char)wi.norm[0] : 0;
        int candidate = r->mode == FRANA_MODE_QUERY || starts_upper(src, srclen) ||
                        ((c0 >= 0x80 || c0 == '\'' || c0 == '-') &&
                         frana_is_cyrillic_word(wi.norm, wi.nlen));
        if (candidate) {
            rc = add_name_keys(r, wi.norm, wi.nlen, slot, hit);
            if (rc < 0)
                return rc;
            if (rc > 0)
                flags |= FRANA_TOKEN_NAME;
        }
        rc = add_phrase_keys(r, wi.norm, wi.nlen, start, end, slot, candidate, 0);
        if (rc < 0)
            return rc;
        if (rc > 0)
            flags |= FRANA_TOKEN_NAME;
    } else if (!(aflags & FRANA_NO_NAMES)) {
        rc = add_phrase_keys(r, wi.norm, wi.nlen, start, end, slot, 0, wi.stop);
        if (rc < 0)
            return rc;
    }
    return emit(r, start, end, wi.norm, wi.nlen, flags);
}

static int word_token(run *r, size_t start, size_t end, unsigned flags)
{
    return word_token_src(r, start, end, r->text + start, end - start, flags);
}

/* A dotted acronym: the word of its letters ("S.N.C.F." is "SNCF"). */
static int acronym_token(run *r, size_t start, size_t end)
{
    char letters[FRANA_ACRONYM_MAX * 4 + 1];
    size_t n = frana_acronym_letters(r->text + start, end - start, letters, sizeof letters);
    if (n == 0)
        return word_token(r, start, end, 0);
    return word_token_src(r, start, end, letters, n, 0);
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
    /* "1939-1945" also holds each year, at the same position (variants.c). */
    if (!rc && frana_year_range(s->tmp.data, n))
        rc = frana_termset_add(&s->terms, "", s->tmp.data, 4, FRANA_TERM_WORD);
    if (!rc && frana_year_range(s->tmp.data, n))
        rc = frana_termset_add(&s->terms, "", s->tmp.data + 5, 4, FRANA_TERM_WORD);
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
        /* The elided article keeps its position (phrases stay honest) but has
         * no term: "l'" alone matches nothing, and indexing it in every
         * article would only cost postings. */
        frana_session *s = r->s;
        frana_termset_clear(&s->terms);
        memcpy(s->tmp.data, low, n);
        int rc = emit(r, start, after, s->tmp.data, n,
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
    if (!sp->joiners)
        return word_token(r, sp->start, sp->end, 0);
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
    /* A query's language as recognised from its words ("?en", querylang.c):
     * its stopwords, otherwise a query of no language. */
    char code[5];
    int is_hint = lang && lang[0] == '?' && mode == FRANA_MODE_QUERY;
    if (lang && frana_language_code(lang + is_hint, code + is_hint) != FRANA_OK) {
        snprintf(s->errmsg, sizeof s->errmsg,
                 "not a language code: want ISO 639 (\"fr\", \"en\", \"fr-CA\") or \"any\"");
        return FRANA_ERR_INVALID;
    }
    if (lang) {
        code[0] = is_hint ? '?' : code[0];
        lang = code;
    }
    run r;
    memset(&r, 0, sizeof r);
    /* Another language's stopwords: its articles', or a hinted query's. */
    const char *hinted = lang;
    int hint = 0, stop_ix = frana_langstop_index(lang, &hint);
    if (stop_ix >= 0)
        r.other_stop = s->a->langstop[stop_ix];
    if (hint) {
        r.hint_lang = lang + 1;
        lang = NULL;
    }
    r.s = s;
    r.text = text;
    r.mode = mode;
    r.cb = cb;
    r.ctx = ctx;
    r.lang = lang ? lang : (mode == FRANA_MODE_INDEX ? "fr" : NULL);
    r.stem_lang = r.lang ? r.lang : "fr";
    r.lang_id = lang_id(s, hint ? hinted : r.lang); /* a hint ("?en") is cached apart */
    r.french = r.lang == NULL || strcmp(r.lang, "fr") == 0;
    if (r.french)
        strcpy(r.stem_prefix, "Z");
    else
        snprintf(r.stem_prefix, sizeof r.stem_prefix, "XZ%s:", r.lang);
    size_t cursor = 0;
    frana_span sp;
    int rc = 0;
    while (rc == 0 && frana_next_span(text, len, &cursor, &sp, &s->stats.invalid_utf8)) {
        if (sp.replaced)
            r.pending_flags |= FRANA_TOKEN_REPLACED;
        rc = sp.kind == FRANA_SPAN_NUMBER    ? number_token(&r, sp.start, sp.end)
             : sp.kind == FRANA_SPAN_ACRONYM ? acronym_token(&r, sp.start, sp.end)
                                             : word_span(&r, &sp);
    }
    if (rc < 0 && !s->errmsg[0])
        snprintf(s->errmsg, sizeof s->errmsg, "analysis failed: %s", frana_strerror(rc));
    return rc;
}
