/*
 * analysis.h — declarations shared by the stages of the analysis chain.
 * Not installed; nothing here is part of the public API.
 */
#ifndef FRANA_ANALYSIS_H
#define FRANA_ANALYSIS_H

#include <stddef.h>
#include <stdint.h>

#include "base.h"
#include "frana.h"

struct sb_stemmer;
struct frana_names;
struct frana_names_session;

/* ---- tokenize.c: spans of word characters ------------------------------ */

enum frana_span_kind { FRANA_SPAN_WORD = 0, FRANA_SPAN_NUMBER = 1, FRANA_SPAN_ACRONYM = 2 };

typedef struct frana_span {
    size_t start, end; /* bytes of the input */
    int kind;          /* enum frana_span_kind */
    int replaced;      /* invalid UTF-8 was replaced right before this span */
    int joiners;       /* the span holds an apostrophe or a hyphen */
} frana_span;

/* Finds the next span at or after *cursor. Returns 1 with *out filled, or 0 at
 * the end of the text. *invalid counts the invalid sequences stepped over. */
int frana_next_span(const char *text, size_t len, size_t *cursor, frana_span *out,
                    size_t *invalid);
/* Character classes the stages share (and base.h: word characters, group spaces). */
int frana_is_apostrophe(int32_t cp);
int frana_is_hyphen(int32_t cp);

/* Longest dotted acronym, in letters ("S.N.C.F." has 4). */
#define FRANA_ACRONYM_MAX 16

/* ---- variants.c: spellings made one term on both sides ------------------- */

/* Cuts a trailing 's from a normalized word, in place. */
void frana_cut_possessive(frana_buf *norm);
/* The letters of a dotted acronym span ("S.N.C.F" → "SNCF") into out (cap
 * bytes, NUL-terminated); returns their length, 0 when out is too small. */
size_t frana_acronym_letters(const char *text, size_t len, char *out, size_t cap);
/* Whether a number span is a range of years, "1939-1945". */
int frana_year_range(const char *num, size_t len);

/* ---- elision.c ----------------------------------------------------------- */

/* Whether the case-folded, accent-stripped word[0..len) is a French elided form
 * (l d j m n s t c qu jusqu lorsqu puisqu quoiqu) when an apostrophe follows. */
int frana_is_elision(const char *word, size_t len);

/* ---- normalize.c --------------------------------------------------------- */

/* Normalizes src[0..len) (valid UTF-8 word) into out: NFKC, case folding,
 * ligatures (œ→oe, æ→ae), every apostrophe to U+0027. Uses scratch for code points.
 * Returns 0 or FRANA_ERR_NOMEM. */
int frana_normalize(const char *src, size_t len, frana_buf *out, int32_t **scratch,
                    size_t *scratch_cap);
/* Accent folding of a normalized word: Latin diacritics removed (é→e, ß→ss,
 * ł→l, ø→o), Cyrillic ё→е; other scripts kept. Returns 1 if anything changed. */
int frana_fold(const char *src, size_t len, frana_buf *out);
/* Whether word holds a Cyrillic letter / only Cyrillic letters. */
int frana_is_cyrillic_word(const char *word, size_t len);

/* ---- stopwords.c: an immutable set ------------------------------------- */

typedef struct frana_stopwords frana_stopwords;
/* Parses a Snowball-format list (first word of each line, '|' comments). Words
 * are stored folded so matching is accent-insensitive. */
int frana_stopwords_parse(const char *text, size_t len, frana_stopwords **out, char **errmsg);
int frana_stopwords_load(const char *path, frana_stopwords **out, char **errmsg);
void frana_stopwords_free(frana_stopwords *sw);
/* Whether the folded word is a stopword. */
int frana_stopwords_has(const frana_stopwords *sw, const char *folded, size_t len);
size_t frana_stopwords_count(const frana_stopwords *sw);

/* ---- stem.c: Snowball stemmers per language, owned by a session --------- */

#define FRANA_STEM_LANGS 16
typedef struct frana_stemmers {
    struct sb_stemmer *by_lang[FRANA_STEM_LANGS];
    signed char tried[FRANA_STEM_LANGS];
} frana_stemmers;
/* Bytes of the first version of frana_options (size, stopwords_path, flags). */
#define FRANA_OPTIONS_V0_SIZE sizeof(frana_options)
/* Snowball algorithm name for an ISO 639-1 code, or NULL if Snowball has none. */
const char *frana_stem_algorithm(const char *lang);
/* Stems word with the language's stemmer. Returns 1 and sets *out and *outlen
 * (borrowed until the next stem call), 0 if the language has no stemmer, or
 * FRANA_ERR_NOMEM (nothing is remembered: the next call tries again). */
int frana_stem(frana_stemmers *st, const char *lang, const char *word, size_t len,
               const char **out, size_t *outlen);
void frana_stemmers_free(frana_stemmers *st);

/* ---- terms.c: the terms of one token ------------------------------------ */

#define FRANA_TERMS_MAX 24
typedef struct frana_termset {
    frana_term terms[FRANA_TERMS_MAX];
    size_t offsets[FRANA_TERMS_MAX]; /* into buf until finished */
    size_t n;
    frana_buf buf;
    int long_token;
} frana_termset;
void frana_termset_clear(frana_termset *ts);
/* Adds prefix+body as a term of the given kind unless already present. Terms
 * over FRANA_MAX_TERM bytes are cut at a character boundary and hashed. */
int frana_termset_add(frana_termset *ts, const char *prefix, const char *body, size_t len,
                      int kind);
/* Makes the text pointers valid (call once all terms are added). */
void frana_termset_finish(frana_termset *ts);

/* ---- cache.c: per-session cache of word analyses -------------------------- */

/* Most words of a text are frequent words: the session remembers, for a word
 * as written, its normalized and folded forms, whether it is a stopword, and its
 * stem terms, so Snowball runs once per distinct word rather than per token.
 * Two-way set-associative, fixed size (65,536 slots of 128 bytes, two cache
 * lines: 8.4 MB per session), allocated once with the session; a word whose
 * strings do not fit a slot is simply not cached. */
#define FRANA_CACHE_SLOTS 65536
#define FRANA_CACHE_WAYS 2
#define FRANA_CACHE_KEY 32
#define FRANA_CACHE_VAL 40
#define FRANA_CACHE_NAMES 48 /* room always left for name keys */
/* The strings of a slot are packed in data, in this order: the key (the word
 * as written), normalized, folded, stem, folded stem, second folded stem, name
 * keys. A string equal to the one before it (the normalized form of a word
 * written in lower-case ASCII, the folded form of a word without accents, a
 * stem that is the word) is not stored again: a bit of same says so. */
#define FRANA_CACHE_DATA 110
#define FRANA_SAME_NORM 1u /* normalized = key */
#define FRANA_SAME_FOLD 2u /* folded = normalized */
#define FRANA_SAME_STEM 4u /* stem = normalized */
typedef struct frana_cache_slot {
    uint8_t used, klen, lang, mode;
    uint8_t nlen, flen, slen, alen, a2len; /* normalized, folded, stem, folded stems */
    uint8_t stop, accented, has_stem, same;
    uint8_t names_cached, names_len; /* name keys, packed [kind][len][text]… */
    uint8_t hits;                    /* a frequency count, 0..3: see chain.c */
    uint16_t names_off;
    char data[FRANA_CACHE_DATA];
} frana_cache_slot;
frana_cache_slot *frana_cache_find(frana_cache_slot *cache, const char *key, size_t klen,
                                   int lang, int mode, int *hit);

/* ---- langstop.c: the stopwords of other languages ---------------------- */

/* Languages with a stopword list besides French: en, de, es, ru, cs, pl. */
#define FRANA_LANGSTOP_N 6
/* Parses the embedded lists into out (all or none). */
int frana_langstop_new(frana_stopwords *out[FRANA_LANGSTOP_N], char **errmsg);
void frana_langstop_free(frana_stopwords *sets[FRANA_LANGSTOP_N]);
/* The list of lang ("en", or a query hint "?en": *hint set), or -1. */
int frana_langstop_index(const char *lang, int *hint);

/* ---- chain.c ------------------------------------------------------------ */

struct frana_analyzer {
    unsigned flags;
    frana_stopwords *stopwords;
    frana_stopwords *langstop[FRANA_LANGSTOP_N]; /* langstop.c */
    struct frana_names *names; /* NULL with FRANA_NO_NAMES */
};

/* Languages a session tells apart in its cache (slot->lang is a byte). */
#define FRANA_SESSION_LANGS 64
#define FRANA_LANG_UNCACHED 255

struct frana_session {
    const frana_analyzer *a;
    char langs[FRANA_SESSION_LANGS][16]; /* the language codes met, for the cache */
    int nlangs;
    frana_stemmers stemmers;
    struct frana_names_session *names;
    frana_buf norm, fold, tmp, stem, xa2;
    int32_t *cps;
    size_t cps_cap;
    frana_termset terms;
    frana_cache_slot *cache;
    frana_stats stats;
    char errmsg[256];
};

#endif /* FRANA_ANALYSIS_H */
