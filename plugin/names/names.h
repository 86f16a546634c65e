/*
 * names.h — proper-noun name keys and exonyms (internal stage of the chain).
 *
 * A name key is a language-neutral spelling of a proper noun: the romanization
 * conventions of the word's language are undone (French "ou", "tch", "-ine";
 * English "sh", "kh"; German "sch", "w"; Polish "sz", "cz"; Czech "š", "č";
 * Cyrillic letters) so that Loukachenko, Lukashenko, Lukaschenko, Lukašenko and
 * Лукашенко share one key. Exonyms that no rule links (Moscou / Moscow / Moskau /
 * Москва) share the key of their CLDR group.
 *
 * frana_names is immutable once built and thread-shareable; frana_names_session
 * holds per-thread state (Snowball stemmers of other languages).
 */
#ifndef FRANA_NAMES_H
#define FRANA_NAMES_H

#include <stddef.h>

/** Longest name key in bytes, NUL included. Longer keys are not emitted. */
#define FRANA_NAME_KEY_MAX 64
/** Most keys frana_name_keys writes for one word. */
#define FRANA_NAME_KEYS_MAX 8

enum frana_name_key_kind {
    FRANA_NAME_KEY_RULE = 0,  /* from the transliteration rules */
    FRANA_NAME_KEY_EXONYM = 1 /* the canonical key of a CLDR exonym group */
};

typedef struct frana_name_key {
    char text[FRANA_NAME_KEY_MAX]; /* NUL-terminated, lowercase ASCII */
    size_t len;
    int kind; /* enum frana_name_key_kind */
} frana_name_key;

typedef struct frana_names frana_names;
typedef struct frana_names_session frana_names_session;

/** Builds the immutable name tables (exonym index from the embedded CLDR table).
 *  Returns 0, or a negative frana_error with *errmsg (caller frees with free()). */
int frana_names_new(frana_names **out, char **errmsg);
void frana_names_free(frana_names *n);

/** Per-thread state over n. NULL when memory runs out. */
frana_names_session *frana_names_session_new(const frana_names *n);
void frana_names_session_free(frana_names_session *s);

/**
 * Name keys of one word. word[0..len): case-folded NFC UTF-8 with its accents
 * (e.g. "loukachenko", "lukašenko", "лукашенко", "путина", "poutine").
 * lang: ISO 639-1 code of the word's language ("fr", "en", "de", "pl", "cs",
 * "es", "it", "ru", "uk", "be", …), or NULL for "every convention" (the query
 * side, where the language is unknown): then keys from each plausible
 * convention are returned, duplicates removed.
 * Writes at most max keys into keys and returns how many, or FRANA_ERR_NOMEM
 * when a Snowball stemmer failed (its buffer did not grow). Allocates nothing
 * itself.
 */
int frana_name_keys(frana_names_session *s, const char *word, size_t len, const char *lang,
                    frana_name_key *keys, int max);

/** Phrase starts a run of words may be inside at once. */
#define FRANA_NAME_PHRASE_OPEN 4

/** The phrase exonyms ("États-Unis", "Arabie saoudite", "United Kingdom") a
 *  run of words is inside: the joined keys of its last words that begin a
 *  CLDR cell of 2 or 3 words. Zeroed, it is the start of a run. */
typedef struct frana_name_phrase {
    char open[FRANA_NAME_PHRASE_OPEN][FRANA_NAME_KEY_MAX];
    unsigned char len[FRANA_NAME_PHRASE_OPEN];
    int nopen;
} frana_name_phrase;

/**
 * The rule keys of keys[0..nkeys) and, after each, the key with a plural or
 * genitive ending of the key space cut (-ov -ev -iv -av, -ix -ih -ic -ik, -ex
 * -eh -ec -ek, -en, -ah -ax), the stem keeping at least 3 letters, into out (at
 * most max). A word inside a place name of several words is declined where a
 * lone name is not cut (Ivanov is no Ivan): Соединённых Штатов, Spojených
 * států, Stanów Zjednoczonych, Vereinigten Staaten. For the query side's
 * frana_name_phrase_step. Returns the number written.
 */
int frana_name_phrase_forms(const frana_name_key *keys, int nkeys, frana_name_key *out, int max);

/**
 * Steps ph over the next word of the run, given the word's keys from
 * frana_name_keys (the rule keys are used). When the word ends a phrase exonym
 * (its joined key with the words before is a cell's), writes the group's
 * canonical key(s) into out (kind FRANA_NAME_KEY_EXONYM) and returns how many
 * (at most max). A key of each word is tried with each open start, so a run
 * keyed under every convention still meets the cell keyed under its language.
 * Allocates nothing; n is only read.
 */
int frana_name_phrase_step(const frana_names *n, frana_name_phrase *ph, const frana_name_key *keys,
                           int nkeys, frana_name_key *out, int max);

#endif /* FRANA_NAMES_H */
