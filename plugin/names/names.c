/*
 * names.c — proper-noun name keys (see names.h).
 *
 * A word becomes a key in four steps:
 *  1. forms: the word itself, without a possessive 's; a case ending of its
 *     convention's table cut (Polish -owi, Czech -ovi, Lithuanian -as…); for
 *     Russian also the Snowball stem, unless Snowball cut a name suffix
 *     (-ов, -ев, -ин: Медведев must not become Медвед);
 *  2. transliteration of each form by the convention's rule table
 *     (names_rules.c) into the coarse key alphabet;
 *  3. normalization of the key: doubled letters collapse; the glide i between
 *     vowels, ж and щ join ш, initial ie/io, i after a sibilant before a vowel, and io/ie after
 *     a consonant (ё: Semyonov, Semjonow, Семенов) are evened out; o after a
 *     sibilant is e (Gorbachev, Gorbatschow);
 *  4. a case ending is cut in the key space: -mi/-m after a vowel, -go/-mu of
 *     -ogo/-omu, then the trailing vowels (Москва, Москве, Moskwy → moskv;
 *     Путина, Путиным → putin). A stem shorter than 3 letters is not cut. A
 *     patronymic's ending is then evened out (-ovic/-evic, -ovn/-evn/-ivn).
 * With no language, every convention of the word's script is tried and the
 * keys deduplicated; a French word also gets the English reading (the
 * convention's "also"). A key of one letter is dropped, and a word of one or
 * two letters (с, в, of) gets no rule key: only a cell of the exonym table
 * spelled exactly so (US, UK) gives it its group's key. Exonyms: the keys of
 * the cells of names/exonyms.tsv (CLDR), names/places.tsv (regions and cities
 * CLDR lacks), names/given_names.tsv (Alexandre, Аляксандр, Олександр) and
 * names/others.tsv (organizations and their acronyms: ONU, ООН, UNO; a few
 * people and bodies whose names languages spell apart: Morsi, Mursi) index
 * their group's canonical key (the key of the English name). A key of two groups
 * (a city and its country: Alger, Algérie) gives both canonical keys; a key of
 * three or more is dropped (4 keys today). A cell of 2 or 3 words ("États-Unis",
 * "Arabie saoudite", "Afrique du Sud" without its "du") goes into a phrase
 * index under the joined keys of its words ("etats_unis"), its first words
 * marked as phrase starts; frana_name_phrase_step walks a run of words over it.
 * A group with no one-word English cell takes its English phrase as canonical.
 */
#include "names.h"

#include <libstemmer.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base.h"
#include "frana.h"
#include "names_rules.h"

extern const char frana_exonyms_tsv[], frana_places_tsv[], frana_given_names_tsv[],
    frana_others_tsv[];
extern const size_t frana_exonyms_tsv_len, frana_places_tsv_len, frana_given_names_tsv_len,
    frana_others_tsv_len;
#define NTABLES 4

#define WORD_MAX 64      /* code points of the longest word keyed */
#define RAW_MAX 192      /* bytes of a key before normalization */
#define CAND_MAX 24      /* keys gathered before the cut to max */
#define FORMS_MAX 4      /* forms of one word under one convention */
#define FROM_MAX 6       /* code points of a rule's source */
#define MIN_STEM 3       /* shortest key a case ending is cut to */
#define CONV_MAX 32 /* conventions (names_rules.c); frana_names_new refuses more */
#define SHORT_CELLS_MAX 32

typedef struct crule {
    int32_t from[FROM_MAX];
    uint8_t nfrom;
    const char *to;
    unsigned ctx;
} crule;

typedef struct ctable {
    crule *rules;
    size_t n;
    uint16_t ascii[129]; /* ascii[c]: the first rule whose first letter is >= c (c < 128) */
} ctable;

typedef struct cending {
    int32_t cp[FROM_MAX];
    uint8_t n;
    uint8_t keep; /* "+ová": the word as written is keyed too (Šubrtová, Шубертова) */
} cending;

typedef struct cconv {
    const frana_name_convention *def;
    ctable own;
    const ctable *common;
    cending endings[8];
    size_t nendings;
} cconv;

typedef struct index_entry {
    uint32_t hash;
    uint32_t off; /* key text in keys */
    uint8_t len;
    uint8_t prefix; /* phrase index: the key begins a longer phrase */
    int32_t group, group2; /* the groups of the key (group2 -1 if one); group -1:
                              more than two groups share it, and it is dropped;
                              -2: no group (only the start of a phrase) */
} index_entry;

/* A hash index of keys: open addressing over entries, slot = entry index + 1. */
typedef struct kindex {
    index_entry *entries;
    size_t nentries, capentries;
    uint32_t *slots;
    size_t nslots; /* a power of two */
} kindex;

struct frana_names {
    cconv conv[CONV_MAX];
    size_t nconv;
    ctable latin, cyrillic;
    kindex exo;    /* the key of a one-word cell → its groups */
    kindex phrase; /* the joined keys of a cell of 2 or 3 words ("etats_unis") */
    char *keys;    /* arena of key texts */
    size_t keys_len, keys_cap;
    uint32_t *canon_off; /* per group: canonical key in keys, or UINT32_MAX */
    uint8_t *canon_len;
    size_t ngroups;
    size_t nambiguous;
    /* cells of one or two letters (US, UK, ЕС): the only link such a word has */
    struct {
        int32_t cp[2];
        uint8_t n;
        int32_t group;
    } short_cells[SHORT_CELLS_MAX];
    size_t nshort;
};

/* A word decoded for keying. */
typedef struct word {
    int32_t cp[WORD_MAX];
    uint8_t vowel[WORD_MAX], front[WORD_MAX];
    size_t n;
} word;

struct frana_names_session {
    const frana_names *names;
    struct sb_stemmer *stemmer[CONV_MAX]; /* per convention that asks for one */
    int failed;                           /* a stemmer failed during this word */
    word w, form;
    char utf8[WORD_MAX * 4 + 1];
    frana_name_key cand[CAND_MAX], exo[CAND_MAX];
    int own_only; /* keys under the word's own convention only (the exonym cells) */
};

/* ---- letters -------------------------------------------------------------- */

static int is_cyrillic(int32_t c) { return c >= 0x400 && c <= 0x52f; }

static int is_latin(int32_t c)
{
    return (c < 0x250 && c >= 'A') || c == 0x259 /* ə, Azerbaijani */ ||
           (c >= 0x1e00 && c <= 0x1eff);
}

/* The letter without its accents (é → e); Cyrillic and ASCII unchanged. */
static int32_t base_letter(int32_t c)
{
    if (c < 0x80 || is_cyrillic(c))
        return c;
    utf8proc_int32_t buf[4];
    int last = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(c, buf, 4, UTF8PROC_DECOMPOSE, &last);
    return n > 0 ? buf[0] : c;
}

static int is_vowel_letter(int32_t c)
{
    static const int32_t cyr[] = {0x430, 0x435, 0x451, 0x438, 0x43e, 0x443, 0x44b, 0x44d,
                                  0x44e, 0x44f, 0x456, 0x457, 0x454};
    int32_t b = base_letter(c);
    if (b < 0x80)
        return b && strchr("aeiouy", (int)b) != NULL;
    for (size_t i = 0; i < sizeof cyr / sizeof cyr[0]; i++)
        if (b == cyr[i])
            return 1;
    return b == 0xf8 || b == 0xe6 || b == 0x153 || b == 0x131; /* ø æ œ ı */
}

static int is_front_letter(int32_t c)
{
    int32_t b = base_letter(c);
    return b == 'e' || b == 'i' || b == 'y' || b == 0xe6 || b == 0x153;
}

/* Decodes word[0..len) into w: lower case, marks and punctuation dropped.
 * Returns the script, or 0 when the word gets no key (invalid UTF-8, a digit,
 * a letter of another script, too long). */
static int decode_word(const char *s, size_t len, word *w)
{
    utf8proc_ssize_t i = 0;
    int script = 0;
    w->n = 0;
    while ((size_t)i < len) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - (size_t)i), &c);
        if (k <= 0)
            return 0;
        i += k;
        utf8proc_category_t cat = utf8proc_category(c);
        if (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO)
            return 0;
        if (cat < UTF8PROC_CATEGORY_LU || cat > UTF8PROC_CATEGORY_LO || cat == UTF8PROC_CATEGORY_LM)
            continue; /* marks, apostrophes, primes (ʹ ʺ), hyphens */
        int sc = is_cyrillic(c) ? FRANA_SCRIPT_CYRILLIC : is_latin(c) ? FRANA_SCRIPT_LATIN : 0;
        if (!sc)
            return 0;
        if (!script)
            script = sc;
        if (w->n == WORD_MAX)
            return 0;
        w->cp[w->n++] = utf8proc_tolower(c);
    }
    return w->n ? script : 0;
}

static void classify(word *w)
{
    for (size_t i = 0; i < w->n; i++) {
        w->vowel[i] = (uint8_t)is_vowel_letter(w->cp[i]);
        w->front[i] = (uint8_t)is_front_letter(w->cp[i]);
    }
}

/* ---- compiled tables ------------------------------------------------------ */

/* Decodes a NUL-terminated UTF-8 literal into cp; returns the count or -1. */
static int decode_literal(const char *s, int32_t *cp, size_t max)
{
    size_t n = 0, len = strlen(s);
    utf8proc_ssize_t i = 0;
    while ((size_t)i < len) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - (size_t)i), &c);
        if (k <= 0 || n == max)
            return -1;
        cp[n++] = c;
        i += k;
    }
    return (int)n;
}

static int compile_table(const frana_name_rule *src, size_t n, ctable *out)
{
    out->rules = calloc(n ? n : 1, sizeof *out->rules);
    if (!out->rules)
        return FRANA_ERR_NOMEM;
    out->n = n;
    for (size_t i = 0; i < n; i++) {
        int k = decode_literal(src[i].from, out->rules[i].from, FROM_MAX);
        if (k <= 0)
            return FRANA_ERR_INVALID;
        out->rules[i].nfrom = (uint8_t)k;
        out->rules[i].to = src[i].to;
        out->rules[i].ctx = src[i].ctx;
    }
    /* Sort by first letter so match() looks only at the rules that can start
     * here, the longest first, so that the first rule that matches is the
     * longest. Insertion sort is stable: among rules of the same length, the
     * one written first in the table still wins. */
    for (size_t i = 1; i < n; i++) {
        crule r = out->rules[i];
        size_t j = i;
        while (j > 0 && (out->rules[j - 1].from[0] > r.from[0] ||
                         (out->rules[j - 1].from[0] == r.from[0] &&
                          out->rules[j - 1].nfrom < r.nfrom))) {
            out->rules[j] = out->rules[j - 1];
            j--;
        }
        out->rules[j] = r;
    }
    if (n > UINT16_MAX)
        return FRANA_ERR_INVALID;
    for (size_t c = 0, r = 0; c <= 128; c++) {
        while (r < n && out->rules[r].from[0] < (int32_t)c)
            r++;
        out->ascii[c] = (uint16_t)r;
    }
    return FRANA_OK;
}

/* Whether one consonant after a vowel precedes i (ch, ph, th, qu, ck, cqu
 * count as one): Mich|eline, Jacqu|eline, Cath|erine, but not Marcheline. */
static int after_vc(const word *w, size_t i)
{
    if (i < 2)
        return 0;
    size_t c = i - 1; /* the consonant's first letter */
    int32_t p = w->cp[c - 1], l = w->cp[c];
    if ((l == 'h' && (p == 'c' || p == 'p' || p == 't')) || (l == 'u' && p == 'q'))
        c--;
    else if (w->vowel[c])
        return 0;
    if (c > 0 && w->cp[c - 1] == 'c' && (w->cp[c] == 'k' || w->cp[c] == 'q'))
        c--;
    return c > 0 && w->vowel[c - 1];
}

/* The longest rule of t matching w at i (of those as long, the first written), or NULL. */
static const crule *match(const ctable *t, const word *w, size_t i)
{
    int32_t c = w->cp[i];
    size_t lo = 0, hi = t->n; /* the first rule whose first letter is >= c */
    if (c >= 0 && c < 128) {
        lo = t->ascii[c];
        hi = t->ascii[c + 1];
    } else {
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (t->rules[mid].from[0] < c)
                lo = mid + 1;
            else
                hi = mid;
        }
        hi = t->n;
    }
    for (size_t r = lo; r < hi && t->rules[r].from[0] == c; r++) {
        const crule *ru = &t->rules[r];
        if (i + ru->nfrom > w->n)
            continue;
        size_t k = 1;
        while (k < ru->nfrom && ru->from[k] == w->cp[i + k])
            k++;
        if (k < ru->nfrom)
            continue;
        size_t j = i + ru->nfrom;
        int next_vowel = j < w->n && w->vowel[j];
        unsigned ctx = ru->ctx;
        if ((ctx & FRANA_CTX_START) && i != 0)
            continue;
        if ((ctx & FRANA_CTX_NOT_START) && i == 0)
            continue;
        if ((ctx & FRANA_CTX_END) && j != w->n)
            continue;
        if ((ctx & FRANA_CTX_FRONT) && !(j < w->n && w->front[j]))
            continue;
        if ((ctx & FRANA_CTX_VOWEL) && !next_vowel)
            continue;
        if ((ctx & FRANA_CTX_NOVOWEL) && next_vowel)
            continue;
        if ((ctx & FRANA_CTX_AFTER_VOWEL) && !(i > 0 && w->vowel[i - 1]))
            continue;
        if ((ctx & FRANA_CTX_AFTER_VC) && !after_vc(w, i))
            continue;
        return ru; /* the rules run longest first (compile_table) */
    }
    return NULL;
}

/* match(), without the call for an ASCII letter no rule of t starts with (most
 * letters in the shared tables, every one in the other script's). */
static inline const crule *match_at(const ctable *t, const word *w, size_t i)
{
    int32_t c = w->cp[i];
    if (c >= 0 && c < 128 && t->ascii[c] == t->ascii[c + 1])
        return NULL;
    return match(t, w, i);
}

/* ---- keys ------------------------------------------------------------------ */

static int key_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }
static int key_sibilant(char c) { return c == 'c' || c == 'x'; }

static size_t collapse(char *k, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++)
        if (o == 0 || k[o - 1] != k[i])
            k[o++] = k[i];
    return o;
}

/* Step 3 of the file comment, in place. Returns the new length. */
static size_t normalize_key(char *k, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (k[i] == 'j')
            k[i] = 'x'; /* ж joins ш: German writes both "sch" (Schirinowski, Breschnew) */
    n = collapse(k, n);
    size_t i = 0, o = 0;
    if (n >= 2 && k[0] == 'i' && (k[1] == 'e' || k[1] == 'o')) {
        k[o++] = 'e';
        i = 2;
    }
    for (; i < n; i++) {
        char c = k[i];
        int next_vowel = i + 1 < n && key_vowel(k[i + 1]);
        if (c == 'i' && o > 0 && next_vowel && (key_vowel(k[o - 1]) || key_sibilant(k[o - 1])))
            continue; /* a glide: Andreyevich, Andreevich; Schübler, Шюблер */
        if (c == 'i' && o > 0 && !key_vowel(k[o - 1]) && i + 1 < n &&
            (k[i + 1] == 'o' || k[i + 1] == 'e')) {
            k[o++] = 'e'; /* ё and its spellings: Fyodor, Fiodor, Фёдор, Федор */
            i++;
            continue;
        }
        if (c == 'i' && o > 0 && !key_vowel(k[o - 1]) && i + 1 < n && k[i + 1] == 'u')
            continue; /* ю after a consonant: Lyubov, Lubow, Любовь; Müller, Мюллер */
        if (c == 'c' && o > 0 && k[o - 1] == 'x')
            continue; /* щ joins ш: English writes both "sh" (Sharansky, Щаранский) */
        if (c == 'o' && o > 0 && key_sibilant(k[o - 1]))
            c = 'e'; /* Gorbachev, Gorbatschow, Gorbaczow */
        k[o++] = c;
    }
    return collapse(k, o);
}

static int ends_with(const char *k, size_t n, const char *s)
{
    size_t m = strlen(s);
    return n >= m && memcmp(k + n - m, s, m) == 0;
}

/* Step 4 of the file comment: the length of k once a case ending is cut. */
static size_t cut_ending(const char *k, size_t n)
{
    size_t m = n;
    if (ends_with(k, m, "mi") && m >= 3 && key_vowel(k[m - 3]))
        m -= 2;
    else if (ends_with(k, m, "m") && m >= 2 && key_vowel(k[m - 2]))
        m -= 1;
    else if (ends_with(k, m, "ogo") || ends_with(k, m, "ego") || ends_with(k, m, "omu") ||
             ends_with(k, m, "emu"))
        m -= 2;
    size_t v = m;
    while (v > 0 && key_vowel(k[v - 1]))
        v--;
    if (v >= MIN_STEM)
        return v;
    v = n;
    while (v > 0 && key_vowel(k[v - 1]))
        v--;
    return v >= MIN_STEM ? v : n;
}

/* A patronymic's ending evened out: -ович and -евич (Igorovich, Игоревич) are
 * one, and -овна, -евна, Ukrainian -івна (Ihorivna, Игоревна) one; -eivich is
 * -еевич (Andreivich, Андреевич). Returns the new length. */
static size_t even_patronymic(char *k, size_t n)
{
    if (n < MIN_STEM + 3)
        return n;
    if (k[n - 1] == 'c' && k[n - 2] == 'i' && k[n - 3] == 'v' && n >= MIN_STEM + 4) {
        if (k[n - 4] == 'o') {
            k[n - 4] = 'e';
        } else if (k[n - 4] == 'i' && n >= MIN_STEM + 5 && k[n - 5] == 'e') {
            memmove(k + n - 4, k + n - 3, 3);
            n--;
        }
    } else if (k[n - 1] == 'n' && k[n - 2] == 'v' && (k[n - 3] == 'o' || k[n - 3] == 'i')) {
        k[n - 3] = 'e';
    }
    return n;
}

/* Key of one form under convention cv into out (FRANA_NAME_KEY_MAX bytes).
 * Returns its length, or 0 when the form gets no key. */
static size_t key_of(const frana_names *nm, const cconv *cv, word *w, char *out)
{
    static const char *const ascii[26] = {"a", "b", "k", "d", "e", "f", "g", "h", "i",
                                          "i", "k", "l", "m", "n", "o", "p", "k", "r",
                                          "s", "t", "u", "v", "v", "ks", "i", "s"};
    char raw[RAW_MAX];
    size_t n = 0;
    classify(w);
    for (size_t i = 0; i < w->n;) {
        const crule *r = match_at(&cv->own, w, i), *rc = match_at(cv->common, w, i);
        if (rc && (!r || rc->nfrom > r->nfrom))
            r = rc; /* the longest match; the convention's own rule on a tie */
        if (!r) /* a letter of the other script (BGN/PCGN writes "Yёdva") */
            r = match_at(cv->common == &nm->latin ? &nm->cyrillic : &nm->latin, w, i);
        const char *to;
        if (r) {
            to = r->to;
            i += r->nfrom;
        } else {
            int32_t b = base_letter(w->cp[i]);
            to = (b >= 'a' && b <= 'z') ? ascii[b - 'a'] : "";
            i++;
        }
        size_t tl = strlen(to);
        if (n + tl >= RAW_MAX)
            return 0;
        memcpy(raw + n, to, tl);
        n += tl;
    }
    n = normalize_key(raw, n);
    n = cut_ending(raw, n);
    n = even_patronymic(raw, n);
    if (n == 0 || n >= FRANA_NAME_KEY_MAX)
        return 0;
    memcpy(out, raw, n);
    out[n] = '\0';
    return n;
}

/* Adds key text[0..len) to list (n entries, at most cap) unless it is there. */
static void add_key(frana_name_key *list, int *n, int cap, const char *text, size_t len, int kind)
{
    for (int i = 0; i < *n; i++)
        if (list[i].len == len && memcmp(list[i].text, text, len) == 0)
            return;
    if (*n >= cap)
        return;
    memcpy(list[*n].text, text, len);
    list[*n].text[len] = '\0';
    list[*n].len = len;
    list[*n].kind = kind;
    (*n)++;
}

static int word_ends_with(const word *w, const int32_t *cp, size_t n)
{
    if (w->n < n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (w->cp[w->n - n + i] != cp[i])
            return 0;
    return 1;
}

/* Encodes w as UTF-8 into buf (room for WORD_MAX*4+1). Returns the byte length. */
static size_t encode_word(const word *w, char *buf)
{
    size_t n = 0;
    for (size_t i = 0; i < w->n; i++)
        n += (size_t)utf8proc_encode_char(w->cp[i], (utf8proc_uint8_t *)buf + n);
    buf[n] = '\0';
    return n;
}

/* The Snowball stem of w into *form, unless Snowball cut a name suffix or left
 * fewer than MIN_STEM letters. Returns 1 when form holds a new form, -1 when
 * Snowball failed (memory: its only failure). */
static int snowball_form(struct sb_stemmer *st, const word *w, char *buf, word *form)
{
    static const char *const name_suffixes[] = {"ов", "ев", "ёв", "ин", "ын", "ий", NULL};
    size_t len = encode_word(w, buf);
    const sb_symbol *stem = sb_stemmer_stem(st, (const sb_symbol *)buf, (int)len);
    if (!stem)
        return -1;
    size_t slen = (size_t)sb_stemmer_length(st);
    if (slen >= len)
        return 0;
    for (size_t i = 0; name_suffixes[i]; i++)
        if (strcmp(buf + slen, name_suffixes[i]) == 0)
            return 0;
    if (decode_word((const char *)stem, slen, form) == 0 || form->n < MIN_STEM)
        return 0;
    return 1;
}

/* Gathers the rule keys of w under convention c into the session's candidates;
 * any: the language is unknown, and c is one of the conventions tried. */
static void keys_under(const frana_names *nm, frana_names_session *s, size_t c, const word *w,
                       int any, frana_name_key *cand, int *ncand)
{
    const cconv *cv = &nm->conv[c];
    word *form = &s->form;
    char key[FRANA_NAME_KEY_MAX];

    /* the word, with a case ending of the convention's table cut */
    *form = *w;
    int keep = 0, cut = 0;
    for (size_t e = 0; e < cv->nendings; e++)
        if (word_ends_with(w, cv->endings[e].cp, cv->endings[e].n) &&
            w->n >= (size_t)cv->endings[e].n + MIN_STEM) {
            form->n -= cv->endings[e].n;
            keep = cv->endings[e].keep;
            cut = 1;
            break;
        }
    if ((cv->def->flags & FRANA_CONV_NEEDS_ENDING) && (!cut || form->n <= MIN_STEM))
        return; /* Linus is no Лин */
    if (any && cv->def->applies && !cv->def->applies(w->cp, w->n))
        return; /* Joe is no Dutch word */
    if (cv->def->flags & FRANA_CONV_NEEDS_RULE) {
        classify(form);
        size_t i = 0;
        while (i < form->n && !match(&cv->own, form, i))
            i++;
        if (i == form->n)
            return;
    }
    size_t len = key_of(nm, cv, form, key);
    if (len)
        add_key(cand, ncand, CAND_MAX, key, len, FRANA_NAME_KEY_RULE);
    if (keep) {
        *form = *w;
        len = key_of(nm, cv, form, key);
        if (len)
            add_key(cand, ncand, CAND_MAX, key, len, FRANA_NAME_KEY_RULE);
    }

    /* German genitive: Putins */
    if ((cv->def->flags & FRANA_CONV_GENITIVE_S) && w->n > MIN_STEM + 1 &&
        w->cp[w->n - 1] == 's' && w->cp[w->n - 2] != 's') {
        *form = *w;
        form->n--;
        len = key_of(nm, cv, form, key);
        if (len)
            add_key(cand, ncand, CAND_MAX, key, len, FRANA_NAME_KEY_RULE);
    }

    int sf = s->stemmer[c] ? snowball_form(s->stemmer[c], w, s->utf8, form) : 0;
    if (sf < 0)
        s->failed = 1;
    if (sf > 0) {
        len = key_of(nm, cv, form, key);
        if (len)
            add_key(cand, ncand, CAND_MAX, key, len, FRANA_NAME_KEY_RULE);
    }
}

/* Cuts a possessive 's (Putin's, Poutine’s) or a final apostrophe. */
static void cut_possessive(const char *word_s, size_t *len)
{
    static const char *const tails[] = {"'s", "\xe2\x80\x99s", "'", "\xe2\x80\x99", NULL};
    for (size_t i = 0; tails[i]; i++) {
        size_t t = strlen(tails[i]);
        if (*len > t && memcmp(word_s + *len - t, tails[i], t) == 0) {
            *len -= t;
            return;
        }
    }
}

static int find_convention(const frana_names *nm, const char *lang)
{
    if (!lang)
        return -1;
    for (size_t i = 0; frana_name_lang_aliases[i][0]; i++)
        if (strcmp(lang, frana_name_lang_aliases[i][0]) == 0) {
            lang = frana_name_lang_aliases[i][1];
            break;
        }
    for (size_t i = 0; i < nm->nconv; i++)
        if (strcmp(nm->conv[i].def->lang, lang) == 0)
            return (int)i;
    return -1;
}

/* Rule keys of a decoded word: under lang's convention when it writes the
 * word's script, else under every ANY convention of that script. */
static int rule_keys(const frana_names *nm, frana_names_session *s, const word *w, int script,
                     const char *lang, frana_name_key *cand)
{
    int ncand = 0;
    int c = find_convention(nm, lang);
    if (c >= 0 && nm->conv[c].def->script == script) {
        keys_under(nm, s, (size_t)c, w, 0, cand, &ncand);
        for (const char *a = s->own_only ? NULL : nm->conv[c].def->also; a && *a;) {
            char code[8];
            size_t k = strcspn(a, " ");
            int also = -1;
            if (k < sizeof code) {
                memcpy(code, a, k);
                code[k] = '\0';
                also = find_convention(nm, code);
            }
            if (also >= 0 && nm->conv[also].def->script == script)
                keys_under(nm, s, (size_t)also, w, 0, cand, &ncand);
            a += k + (a[k] == ' ');
        }
        return ncand;
    }
    /* the conventions that key only the words they recognise first: their key
     * is the likelier one when the word gets more keys than are kept */
    for (int narrow = 1; narrow >= 0; narrow--)
        for (size_t i = 0; i < nm->nconv; i++) {
            const frana_name_convention *d = nm->conv[i].def;
            int is_narrow = d->applies != NULL ||
                            (d->flags & (FRANA_CONV_NEEDS_ENDING | FRANA_CONV_NEEDS_RULE)) != 0;
            if (d->script == script && (d->flags & FRANA_CONV_ANY) && is_narrow == narrow)
                keys_under(nm, s, i, w, 1, cand, &ncand);
        }
    return ncand;
}

/* ---- exonym index ------------------------------------------------------- */

static uint32_t hash_key(const char *k, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)k[i]) * 16777619u;
    return h;
}

static const index_entry *index_find(const frana_names *nm, const kindex *ix, const char *k,
                                     size_t n)
{
    if (!ix->nslots)
        return NULL;
    uint32_t h = hash_key(k, n);
    for (size_t i = h & (ix->nslots - 1);; i = (i + 1) & (ix->nslots - 1)) {
        uint32_t e = ix->slots[i];
        if (!e)
            return NULL;
        const index_entry *en = &ix->entries[e - 1];
        if (en->hash == h && en->len == n && memcmp(nm->keys + en->off, k, n) == 0)
            return en;
    }
}

static int arena_add(frana_names *nm, const char *k, size_t n, uint32_t *off)
{
    if (nm->keys_len + n > nm->keys_cap) {
        size_t cap = nm->keys_cap ? nm->keys_cap * 2 : 4096;
        while (cap < nm->keys_len + n)
            cap *= 2;
        char *p = realloc(nm->keys, cap);
        if (!p)
            return FRANA_ERR_NOMEM;
        nm->keys = p;
        nm->keys_cap = cap;
    }
    memcpy(nm->keys + nm->keys_len, k, n);
    *off = (uint32_t)nm->keys_len;
    nm->keys_len += n;
    return FRANA_OK;
}

static int index_rehash(kindex *ix, size_t nslots)
{
    uint32_t *slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return FRANA_ERR_NOMEM;
    for (size_t e = 0; e < ix->nentries; e++) {
        size_t i = ix->entries[e].hash & (nslots - 1);
        while (slots[i])
            i = (i + 1) & (nslots - 1);
        slots[i] = (uint32_t)(e + 1);
    }
    free(ix->slots);
    ix->slots = slots;
    ix->nslots = nslots;
    return FRANA_OK;
}

/* Links key k to group g (g -2: only marks k as the start of a phrase); a
 * key of three groups is marked ambiguous. */
static int index_add(frana_names *nm, kindex *ix, const char *k, size_t n, int32_t g,
                     int prefix)
{
    index_entry *found = (index_entry *)index_find(nm, ix, k, n);
    if (found) {
        if (prefix)
            found->prefix = 1;
        if (g == -2 || found->group == -1 || found->group == g || found->group2 == g)
            return FRANA_OK;
        if (found->group == -2) {
            found->group = g;
        } else if (found->group2 < 0) {
            found->group2 = g; /* a city and its country (Alger, Algérie → alger) */
        } else {
            found->group = -1;
            nm->nambiguous++;
        }
        return FRANA_OK;
    }
    index_entry *ne = frana_grow(ix->entries, &ix->capentries, ix->nentries, sizeof *ne, 1024);
    if (!ne)
        return FRANA_ERR_NOMEM;
    ix->entries = ne;
    index_entry *en = &ix->entries[ix->nentries];
    int rc = arena_add(nm, k, n, &en->off);
    if (rc)
        return rc;
    en->hash = hash_key(k, n);
    en->len = (uint8_t)n;
    en->prefix = (uint8_t)(prefix != 0);
    en->group = g;
    en->group2 = -1;
    ix->nentries++;
    if (ix->nentries * 2 > ix->nslots)
        return index_rehash(ix, ix->nslots ? ix->nslots * 2 : 2048);
    size_t i = en->hash & (ix->nslots - 1);
    while (ix->slots[i])
        i = (i + 1) & (ix->nslots - 1);
    ix->slots[i] = (uint32_t)ix->nentries;
    return FRANA_OK;
}

#define CELL_MAX 256 /* code points of the longest table cell folded */

/* A table cell case-folded (NFC) into buf, as UTF-8, without allocating.
 * Returns its length in bytes, or -1 (a cell too long, or invalid). */
static utf8proc_ssize_t fold_cell(const char *name, size_t len, utf8proc_int32_t buf[CELL_MAX])
{
    const utf8proc_option_t opts = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD;
    utf8proc_ssize_t n = utf8proc_decompose((const utf8proc_uint8_t *)name,
                                            (utf8proc_ssize_t)len, buf, CELL_MAX, opts);
    if (n < 0 || n > CELL_MAX)
        return -1;
    return utf8proc_reencode(buf, n, opts);
}

/* The one word a CLDR cell names ("Le Caire" → "caire"), case-folded, into w.
 * Returns the script, or 0 for a name of several words (or a cell too long). */
static int cell_word(const char *name, size_t len, word *w)
{
    static const char *const articles[] = {"le ", "la ", "les ", "l'", "el ", "al-", "the ", NULL};
    utf8proc_int32_t folded[CELL_MAX];
    utf8proc_ssize_t n = fold_cell(name, len, folded);
    if (n < 0)
        return 0;
    const char *p = (const char *)folded;
    size_t plen = (size_t)n;
    for (size_t i = 0; articles[i]; i++) {
        size_t a = strlen(articles[i]);
        if (plen > a && memcmp(p, articles[i], a) == 0) {
            p += a;
            plen -= a;
            break;
        }
    }
    int script = 0;
    if (!memchr(p, ' ', plen) && !memchr(p, '-', plen) && !memchr(p, '(', plen) &&
        !memchr(p, '.', plen))
        script = decode_word(p, plen, w);
    return script;
}

/* Words a phrase cell drops, as the chain drops stopwords: "Afrique du Sud". */
static int phrase_filler(const char *w, size_t n)
{
    static const char *const fillers[] = {"de", "du", "des", "d", "la", "le", "les", "l",
                                          "of", "the", "and", "et", NULL};
    for (size_t i = 0; fillers[i]; i++)
        if (strlen(fillers[i]) == n && memcmp(fillers[i], w, n) == 0)
            return 1;
    return 0;
}

/* The joined key of a CLDR cell of 2 or 3 words ("États-Unis" → "etats_unis")
 * under lang's convention into out (FRANA_NAME_KEY_MAX bytes), each word by its
 * first rule key. ends[i]: the length of the join of the first i+1 words.
 * Returns the number of words, or 0 when the cell is no such phrase. */
static int cell_phrase(const frana_names *nm, frana_names_session *tmp, const char *name,
                       size_t len, const char *lang, char *out, size_t ends[3])
{
    utf8proc_int32_t folded[CELL_MAX];
    utf8proc_ssize_t fl = fold_cell(name, len, folded);
    if (fl < 0)
        return 0;
    const char *p = (const char *)folded, *end = p + fl;
    int nwords = 0;
    size_t o = 0;
    frana_name_key cand[CAND_MAX];
    if (memchr(p, '(', (size_t)fl) || memchr(p, '.', (size_t)fl) || memchr(p, ',', (size_t)fl))
        goto done;
    while (p < end) {
        const char *q = p;
        while (q < end && *q != ' ' && *q != '-' && *q != '\'')
            q++;
        size_t wl = (size_t)(q - p);
        if (wl && !phrase_filler(p, wl)) {
            int script = nwords < 3 ? decode_word(p, wl, &tmp->w) : 0;
            int n = script ? rule_keys(nm, tmp, &tmp->w, script, lang, cand) : 0;
            if (n == 0 || o + cand[0].len + 1 >= FRANA_NAME_KEY_MAX) {
                nwords = 0;
                goto done;
            }
            if (nwords)
                out[o++] = '_';
            memcpy(out + o, cand[0].text, cand[0].len);
            o += cand[0].len;
            ends[nwords++] = o;
        }
        p = q < end ? q + 1 : end;
    }
done:
    if (nwords < 2)
        return 0;
    out[o] = '\0';
    return nwords;
}

/* A cell of 2 or 3 words into the phrase index: the whole joined key links
 * to group g; its first word (and first two) are marked as phrase starts. On
 * the first pass, an English phrase is the group's canonical key when the
 * group has none yet. */
static int add_phrase(frana_names *nm, frana_names_session *tmp, const char *name, size_t len,
                      const char *lang, int32_t g, int pass)
{
    char key[FRANA_NAME_KEY_MAX];
    size_t ends[3];
    int nw = cell_phrase(nm, tmp, name, len, lang, key, ends);
    if (nw < 0)
        return nw;
    if (nw < 2)
        return FRANA_OK;
    if (pass == 0) {
        if (nm->canon_off[g] != UINT32_MAX)
            return FRANA_OK;
        nm->canon_len[g] = (uint8_t)ends[nw - 1];
        return arena_add(nm, key, ends[nw - 1], &nm->canon_off[g]);
    }
    int rc = index_add(nm, &nm->phrase, key, ends[nw - 1], g, 0);
    for (int i = 0; i < nw - 1 && rc == FRANA_OK; i++)
        rc = index_add(nm, &nm->phrase, key, ends[i], -2, 1);
    return rc;
}

/* Parses the embedded tables (names/exonyms.tsv, places.tsv, given_names.tsv,
 * others.tsv) into the index. */
static int build_index(frana_names *nm, char **errmsg)
{
    const char *const tables[NTABLES] = {frana_exonyms_tsv, frana_places_tsv,
                                         frana_given_names_tsv, frana_others_tsv};
    const size_t lens[NTABLES] = {frana_exonyms_tsv_len, frana_places_tsv_len,
                                  frana_given_names_tsv_len, frana_others_tsv_len};
    size_t lines = 0;
    for (size_t t = 0; t < NTABLES; t++)
        for (size_t q = 0; q < lens[t]; q++)
            lines += tables[t][q] == '\n';
    lines += NTABLES; /* a last line without its newline */
    nm->canon_off = malloc((lines + 1) * sizeof *nm->canon_off);
    nm->canon_len = malloc(lines + 1);
    /* a session without stemmers: the cells are nominatives */
    frana_names_session *tmp = calloc(1, sizeof *tmp);
    if (!nm->canon_off || !nm->canon_len || !tmp) {
        free(tmp);
        return FRANA_ERR_NOMEM;
    }
    tmp->names = nm;
    tmp->own_only = 1;
    word *w = &tmp->w;
    frana_name_key cand[CAND_MAX];
    int rc = FRANA_OK;
    for (size_t t = 0; t < NTABLES && rc == FRANA_OK; t++) {
        const char *p = tables[t], *end = tables[t] + lens[t];
        while (p < end && rc == FRANA_OK) {
            const char *eol = memchr(p, '\n', (size_t)(end - p));
            if (!eol)
                eol = end;
            int32_t g = (int32_t)nm->ngroups;
            nm->canon_off[g] = UINT32_MAX;
            nm->canon_len[g] = 0;
            /* two passes over the cells: the English key first, as the canonical one */
            for (int pass = 0; pass < 2 && rc == FRANA_OK; pass++) {
                const char *f = memchr(p, '\t', (size_t)(eol - p));
                while (f && f < eol && rc == FRANA_OK) {
                    const char *cell = f + 1;
                    const char *ce = memchr(cell, '\t', (size_t)(eol - cell));
                    if (!ce)
                        ce = eol;
                    f = ce < eol ? ce : NULL;
                    const char *colon = memchr(cell, ':', (size_t)(ce - cell));
                    if (!colon || colon - cell > 7)
                        continue;
                    char lang[8];
                    memcpy(lang, cell, (size_t)(colon - cell));
                    lang[colon - cell] = '\0';
                    if (pass == 0 && strcmp(lang, "en") != 0)
                        continue;
                    int script = cell_word(colon + 1, (size_t)(ce - colon - 1), w);
                    if (script < 0) {
                        rc = script;
                        continue;
                    }
                    if (!script) {
                        rc = add_phrase(nm, tmp, colon + 1, (size_t)(ce - colon - 1), lang, g, pass);
                        continue;
                    }
                    if (pass == 1 && w->n <= 2 && nm->nshort < SHORT_CELLS_MAX) {
                        size_t k = nm->nshort++;
                        nm->short_cells[k].n = (uint8_t)w->n;
                        nm->short_cells[k].cp[0] = w->cp[0];
                        nm->short_cells[k].cp[1] = w->n > 1 ? w->cp[1] : 0;
                        nm->short_cells[k].group = g;
                        continue;
                    }
                    int n = rule_keys(nm, tmp, w, script, lang, cand);
                    for (int i = 0; i < n && rc == FRANA_OK; i++) {
                        if (nm->canon_off[g] == UINT32_MAX) {
                            rc = arena_add(nm, cand[i].text, cand[i].len, &nm->canon_off[g]);
                            nm->canon_len[g] = (uint8_t)cand[i].len;
                        }
                        if (pass == 1 && rc == FRANA_OK)
                            rc = index_add(nm, &nm->exo, cand[i].text, cand[i].len, g, 0);
                    }
                }
            }
            nm->ngroups++;
            p = eol + 1;
        }
    }
    free(tmp);
    if (rc && errmsg)
        *errmsg = frana_strdup("names: out of memory building the exonym index");
    return rc;
}

/* ---- public ---------------------------------------------------------------- */

int frana_names_new(frana_names **out, char **errmsg)
{
    if (errmsg)
        *errmsg = NULL;
    if (!out)
        return FRANA_ERR_INVALID;
    *out = NULL;
    if (frana_name_nconventions > CONV_MAX) { /* names_rules.c grew past it */
        if (errmsg)
            *errmsg = frana_strdup("names: more conventions than CONV_MAX (names.c)");
        return FRANA_ERR_INVALID;
    }
    frana_names *nm = calloc(1, sizeof *nm);
    if (!nm)
        return FRANA_ERR_NOMEM;
    int rc = compile_table(frana_name_latin_common, frana_name_latin_ncommon, &nm->latin);
    if (!rc)
        rc = compile_table(frana_name_cyrillic_common, frana_name_cyrillic_ncommon, &nm->cyrillic);
    for (size_t i = 0; !rc && i < frana_name_nconventions; i++) {
        const frana_name_convention *def = &frana_name_conventions[i];
        cconv *cv = &nm->conv[nm->nconv++];
        cv->def = def;
        cv->common = def->script == FRANA_SCRIPT_CYRILLIC ? &nm->cyrillic : &nm->latin;
        rc = compile_table(def->rules, def->nrules, &cv->own);
        for (size_t e = 0; !rc && def->endings && def->endings[e] && e < 8; e++) {
            const char *lit = def->endings[e];
            cv->endings[e].keep = lit[0] == '+';
            int k = decode_literal(lit + cv->endings[e].keep, cv->endings[e].cp, FROM_MAX);
            if (k <= 0)
                rc = FRANA_ERR_INVALID;
            cv->endings[e].n = (uint8_t)k;
            cv->nendings = e + 1;
        }
    }
    if (rc) {
        if (errmsg)
            *errmsg = frana_strdup("names: a rule table does not compile");
    } else {
        rc = build_index(nm, errmsg);
    }
    if (rc) {
        frana_names_free(nm);
        return rc;
    }
    *out = nm;
    return FRANA_OK;
}

void frana_names_free(frana_names *nm)
{
    if (!nm)
        return;
    for (size_t i = 0; i < nm->nconv; i++)
        free(nm->conv[i].own.rules);
    free(nm->latin.rules);
    free(nm->cyrillic.rules);
    free(nm->exo.entries);
    free(nm->exo.slots);
    free(nm->phrase.entries);
    free(nm->phrase.slots);
    free(nm->keys);
    free(nm->canon_off);
    free(nm->canon_len);
    free(nm);
}

frana_names_session *frana_names_session_new(const frana_names *nm)
{
    if (!nm)
        return NULL;
    frana_names_session *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->names = nm;
    for (size_t i = 0; i < nm->nconv; i++) {
        if (!nm->conv[i].def->snowball)
            continue;
        s->stemmer[i] = sb_stemmer_new(nm->conv[i].def->snowball, "UTF_8");
        if (!s->stemmer[i]) {
            frana_names_session_free(s);
            return NULL;
        }
    }
    return s;
}

void frana_names_session_free(frana_names_session *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < CONV_MAX; i++)
        sb_stemmer_delete(s->stemmer[i]);
    free(s);
}

int frana_name_keys(frana_names_session *s, const char *word_s, size_t len, const char *lang,
                    frana_name_key *keys, int max)
{
    if (!s || !word_s || !keys || max <= 0 || len > WORD_MAX * 4)
        return 0;
    const frana_names *nm = s->names;
    cut_possessive(word_s, &len);
    int script = decode_word(word_s, len, &s->w);
    if (!script)
        return 0;
    s->failed = 0;
    int ncand = rule_keys(nm, s, &s->w, script, lang, s->cand);
    if (s->failed)
        return FRANA_ERR_NOMEM;
    /* A key of one letter says nothing ("zzzz" → "s"); a word of one or two
     * letters (с, в, of, da) keys to one of the few keys every language has, and
     * only its exonym cell (US, UK) speaks for it. */
    int o = 0;
    for (int i = 0; i < ncand; i++)
        if (s->cand[i].len >= 2)
            s->cand[o++] = s->cand[i];
    ncand = o;
    int short_word = s->w.n <= 2;
    int nexo = 0;
    for (int i = 0; i < ncand; i++) {
        const index_entry *en = index_find(nm, &nm->exo, s->cand[i].text, s->cand[i].len);
        if (!en || en->group < 0 || short_word)
            continue;
        for (int t = 0; t < 2; t++) {
            int32_t g = t ? en->group2 : en->group;
            if (g < 0 || nm->canon_off[g] == UINT32_MAX)
                continue;
            const char *ck = nm->keys + nm->canon_off[g];
            size_t cl = nm->canon_len[g];
            int dup = 0;
            for (int j = 0; j < ncand && !dup; j++)
                dup = s->cand[j].len == cl && memcmp(s->cand[j].text, ck, cl) == 0;
            if (!dup)
                add_key(s->exo, &nexo, CAND_MAX, ck, cl, FRANA_NAME_KEY_EXONYM);
        }
    }
    for (size_t i = 0; short_word && i < nm->nshort; i++) {
        int32_t g = nm->short_cells[i].group;
        if (nm->short_cells[i].n != s->w.n || nm->short_cells[i].cp[0] != s->w.cp[0] ||
            (s->w.n > 1 && nm->short_cells[i].cp[1] != s->w.cp[1]) ||
            nm->canon_off[g] == UINT32_MAX)
            continue;
        add_key(s->exo, &nexo, CAND_MAX, nm->keys + nm->canon_off[g], nm->canon_len[g],
                FRANA_NAME_KEY_EXONYM);
    }
    int reserve = nexo < max / 2 ? nexo : max / 2;
    int n = 0;
    for (int i = 0; i < ncand && n < max - reserve && !short_word; i++)
        keys[n++] = s->cand[i];
    for (int i = 0; i < nexo && n < max; i++)
        keys[n++] = s->exo[i];
    return n;
}

/* Adds the canonical keys of en's groups to out (n entries, at most max). */
static void add_groups(const frana_names *nm, const index_entry *en, frana_name_key *out, int *n,
                       int max)
{
    for (int t = 0; t < 2 && en->group >= 0; t++) {
        int32_t g = t ? en->group2 : en->group;
        if (g >= 0 && nm->canon_off[g] != UINT32_MAX)
            add_key(out, n, max, nm->keys + nm->canon_off[g], nm->canon_len[g],
                    FRANA_NAME_KEY_EXONYM);
    }
}

int frana_name_phrase_forms(const frana_name_key *keys, int nkeys, frana_name_key *out, int max)
{
    static const char *const endings[] = {"ov", "ev", "iv", "av", "ix", "ih", "ic", "ik", "ex",
                                          "eh", "ec", "ek", "en", "ah", "ax", NULL};
    int n = 0;
    for (int k = 0; k < nkeys && n < max; k++) {
        if (keys[k].kind != FRANA_NAME_KEY_RULE)
            continue;
        out[n++] = keys[k];
        for (size_t e = 0; endings[e] && n < max; e++) {
            size_t m = keys[k].len;
            if (m < MIN_STEM + 2 || !ends_with(keys[k].text, m, endings[e]))
                continue;
            size_t v = m - 2;
            while (v > MIN_STEM && key_vowel(keys[k].text[v - 1]))
                v--; /* the vowels before it go as cut_ending takes them: Штатах, xtat */
            add_key(out, &n, max, keys[k].text, v, FRANA_NAME_KEY_RULE);
            break;
        }
    }
    return n;
}

int frana_name_phrase_step(const frana_names *nm, frana_name_phrase *ph, const frana_name_key *keys,
                           int nkeys, frana_name_key *out, int max)
{
    frana_name_phrase next;
    next.nopen = 0;
    int n = 0;
    char joined[FRANA_NAME_KEY_MAX];
    for (int k = 0; k < nkeys; k++) {
        if (keys[k].kind != FRANA_NAME_KEY_RULE)
            continue;
        for (int o = -1; o < ph->nopen; o++) {
            const char *text = keys[k].text;
            size_t len = keys[k].len;
            if (o >= 0) { /* the open start, "_", the word's key */
                size_t ol = ph->len[o];
                if (ol + 1 + len >= FRANA_NAME_KEY_MAX)
                    continue;
                memcpy(joined, ph->open[o], ol);
                joined[ol] = '_';
                memcpy(joined + ol + 1, text, len);
                text = joined;
                len += ol + 1;
            }
            const index_entry *en = index_find(nm, &nm->phrase, text, len);
            if (!en)
                continue;
            if (o >= 0)
                add_groups(nm, en, out, &n, max);
            if (en->prefix && next.nopen < FRANA_NAME_PHRASE_OPEN) {
                memcpy(next.open[next.nopen], text, len);
                next.len[next.nopen++] = (unsigned char)len;
            }
        }
    }
    *ph = next;
    return n;
}
