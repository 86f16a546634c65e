/*
 * cognates.h — French forms of English query words (internal stage).
 *
 * English writes many adjectives and nouns with a Latin root that French
 * writes as a common word with another ending: Republican / républicain,
 * Islamic / islamique, University / université, Professor / professeur.
 * A table of endings (cognates.c) spells the French candidates of an English
 * word without accents; the chain searches each candidate as a French word
 * typed without accents would be searched.
 */
#ifndef FRANA_COGNATES_H
#define FRANA_COGNATES_H

#include <stddef.h>

/** Longest candidate in bytes, NUL included. */
#define FRANA_COGNATE_MAX 48
/** Most candidates frana_cognates writes for one word. */
#define FRANA_COGNATES_MAX 3

/**
 * French candidates of an English word. word[0..len): case-folded, accents
 * removed (the chain's folded form). Writes at most FRANA_COGNATES_MAX
 * NUL-terminated candidates into out and returns how many (0 when no ending
 * of the table applies, or the word is not plain ASCII letters). Allocates
 * nothing; the table is constant, so any thread may call it.
 */
int frana_cognates(const char *word, size_t len, char out[][FRANA_COGNATE_MAX]);

/**
 * The same for a word of lang ("en", "es", "de", "ru", "uk", "be"; 0 for
 * another language). English and Spanish take the folded word; German the
 * lower-case word with its umlauts (Präsident → president), whose letters are
 * first spelled the French way (k → c, ä → e) and, when no ending applies,
 * are no candidate. Russian, Ukrainian and Belarusian share one table of
 * Cyrillic endings (конституции → constitution); their word, when no ending
 * applies, is spelled whole from 6 letters on (интернет → internet).
 */
int frana_cognates_lang(const char *lang, const char *word, size_t len,
                        char out[][FRANA_COGNATE_MAX]);

/**
 * The French word of a people or its adjective as the query languages write
 * it (amerikanisch, американский, Američané, niemiecki → americain, allemand).
 * word[0..len): the chain's folded form (case-folded, accents removed), in any
 * script. Writes at most FRANA_DEMONYMS_MAX NUL-terminated candidates into out
 * and returns how many (français also as française, whose stem differs). Allocates nothing; any thread may call it.
 */
#define FRANA_DEMONYMS_MAX 2
int frana_demonyms(const char *word, size_t len, char out[][FRANA_COGNATE_MAX]);

/**
 * The French words of a frequent German common noun (Menschen → personne,
 * gens, homme). stem[0..len): the noun's German Snowball stem (jahr of Jahren,
 * land of Länder). Writes at most FRANA_COGNATES_MAX NUL-terminated
 * candidates into out and returns how many (0: no noun of the table).
 * Allocates nothing; any thread may call it.
 */
int frana_nouns_de(const char *stem, size_t len, char out[][FRANA_COGNATE_MAX]);

/**
 * A German word spelled as French spells the same root: ä ö → e, ü → u,
 * ß → ss, k → c (Präsident → president, Kandidat → candidat). w[0..n): lower
 * case, umlauts as written. Writes the spelling into out (cap bytes, not
 * NUL-terminated) and returns its length, or 0 when the word holds another
 * letter or does not fit. Allocates nothing; any thread may call it.
 */
size_t frana_german_spelled(const char *w, size_t n, char *out, size_t cap);

#endif /* FRANA_COGNATES_H */
