/*
 * names_rules.h — the transliteration tables of the name-key stage (names.c).
 *
 * One table per romanization convention. A rule rewrites a source spelling (UTF-8,
 * lower case) into key letters; where several rules match at a position the
 * longest wins, a convention's own table before the shared table of its script,
 * and a letter no rule covers falls back to its accent-stripped ASCII base.
 *
 * The key alphabet: vowels a e i o u, consonants b d f g h k l m n p r s t v,
 * and three sibilant classes: c (ч: ch, tch, tsch, cz, č), x (ш: sh, ch, sch, sz,
 * š) and j (ж: zh, j, ż, ž). ц is "ts", щ "xc", дж "dj"; з and с both give s.
 * Key normalization (names.c) then folds j into x, since German writes both
 * ш and ж as "sch", and xc into x, since English writes both ш and щ as "sh".
 */
#ifndef FRANA_NAMES_RULES_H
#define FRANA_NAMES_RULES_H

#include <stddef.h>
#include <stdint.h>

/* Context a rule needs (a bitmask); letters are those of the source word. */
enum frana_name_ctx {
    FRANA_CTX_START = 1u << 0,       /* the match starts the word */
    FRANA_CTX_END = 1u << 1,         /* the match ends the word */
    FRANA_CTX_FRONT = 1u << 2,       /* a front vowel (e, i, y) follows */
    FRANA_CTX_VOWEL = 1u << 3,       /* a vowel follows */
    FRANA_CTX_NOVOWEL = 1u << 4,     /* no vowel follows (consonant or end) */
    FRANA_CTX_AFTER_VOWEL = 1u << 5, /* a vowel precedes */
    FRANA_CTX_NOT_START = 1u << 6,   /* the match does not start the word */
    FRANA_CTX_AFTER_VC = 1u << 7     /* one consonant after a vowel precedes (ch, ph,
                                        th, qu count as one): Mich|eline, Jacqu|eline */
};

enum frana_name_script { FRANA_SCRIPT_LATIN = 1, FRANA_SCRIPT_CYRILLIC = 2 };

/* Convention flags. */
enum frana_name_conv_flag {
    FRANA_CONV_GENITIVE_S = 1u << 0, /* a final -s may be a genitive (German): also key without it */
    FRANA_CONV_ANY = 1u << 1,        /* tried when the language is unknown (query side) */
    FRANA_CONV_NEEDS_ENDING = 1u << 2, /* keys only a word that ends in one of its endings */
    FRANA_CONV_NEEDS_RULE = 1u << 3  /* keys only a word one of its own rules applies to */
};

typedef struct frana_name_rule {
    const char *from; /* UTF-8, lower case */
    const char *to;   /* key letters */
    unsigned ctx;     /* enum frana_name_ctx */
} frana_name_rule;

/* A romanization convention: the rules of one language (or of one script). */
typedef struct frana_name_convention {
    const char *lang;                /* ISO 639-1 code */
    int script;                      /* enum frana_name_script */
    const frana_name_rule *rules;
    size_t nrules;
    const char *const *endings;      /* case endings cut from the word (NULL-terminated) */
    const char *snowball;            /* Snowball stemmer run before keying, or NULL */
    unsigned flags;                  /* enum frana_name_conv_flag */
    const char *also;                /* conventions whose keys a word also gets (codes
                                        separated by spaces), or NULL: French text quotes
                                        foreign names as they are spelled (Gibson, Jerry),
                                        not as French reads them */
    int (*applies)(const int32_t *cp, size_t n); /* when the language is unknown, the
                                        convention keys only a word (lower-case code
                                        points) this accepts; NULL: every word */
} frana_name_convention;

/* Every convention, in the order tried when the language is unknown. */
extern const frana_name_convention frana_name_conventions[];
extern const size_t frana_name_nconventions;
/* Rules every convention of a script shares (its own table is tried first). */
extern const frana_name_rule frana_name_latin_common[];
extern const size_t frana_name_latin_ncommon;
extern const frana_name_rule frana_name_cyrillic_common[];
extern const size_t frana_name_cyrillic_ncommon;
/* Language codes keyed with another language's convention ("sk" → "cs"). */
extern const char *const frana_name_lang_aliases[][2];

#endif /* FRANA_NAMES_RULES_H */
