/*
 * names_rules.c — transliteration tables of the name-key stage, one per
 * romanization convention. See names_rules.h for the key alphabet.
 *
 * A table undoes how a language writes foreign (mostly Slavic) names and how it
 * spells its own: French "ou" is u and "tch" is ч, German "sch" is ш and "w" is v,
 * Polish "sz" is ш. Names are never special-cased here: only spellings.
 */
#include "names_rules.h"

#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define START FRANA_CTX_START
#define END FRANA_CTX_END
#define FRONT FRANA_CTX_FRONT
#define VOWEL FRANA_CTX_VOWEL
#define NOVOWEL FRANA_CTX_NOVOWEL
#define AFTERV FRANA_CTX_AFTER_VOWEL
#define NOT_START FRANA_CTX_NOT_START

/* Letters whose reading hardly depends on the language (tried after a
 * convention's own rules). Other accented letters fall back to their base. */
const frana_name_rule frana_name_latin_common[] = {
    {"shch", "xc", 0}, {"sh", "x", 0}, {"zh", "j", 0}, {"kh", "h", 0},
    {"ph", "f", 0},    {"th", "t", 0}, {"gh", "g", 0}, {"x", "ks", 0},
    {"š", "x", 0},     {"ș", "x", 0},  {"ş", "x", 0},  {"č", "c", 0},
    {"ć", "c", 0},     {"ž", "j", 0},  {"ż", "j", 0},  {"ź", "j", 0},
    {"ř", "rj", 0},    {"ě", "ie", 0}, {"ł", "l", 0},  {"ñ", "ni", 0},
    {"ö", "e", 0},     {"ő", "e", 0},  {"ø", "e", 0},  {"ä", "e", 0},
    {"æ", "e", 0},     {"œ", "e", 0},  {"ü", "iu", 0}, {"ű", "iu", 0},
    {"ß", "s", 0},     {"ą", "on", 0}, {"ę", "en", 0}, {"ț", "ts", 0},
    {"đ", "dj", 0},    {"ð", "d", 0},  {"þ", "t", 0},  {"ı", "i", 0},
    /* patronymics and surnames in -вич: Marković, Markovic, Deresiewicz */
    {"vic", "vic", END}, {"wic", "vic", END}, {"wicz", "vic", END}, {"mc", "mak", START},
    {"ç", "s", 0},     {"å", "o", 0},  {"ŝ", "xc", 0},
};
const size_t frana_name_latin_ncommon = N(frana_name_latin_common);

/* Russian, and the letters of Ukrainian and Belarusian read the Russian way. */
const frana_name_rule frana_name_cyrillic_common[] = {
    {"а", "a", 0},     {"б", "b", 0},  {"в", "v", 0},  {"г", "g", 0},
    {"ґ", "g", 0},     {"д", "d", 0},  {"дж", "dj", 0}, {"е", "e", 0},
    {"ё", "io", 0},    {"є", "ie", 0}, {"ж", "j", 0},  {"з", "s", 0},
    {"и", "i", 0},     {"і", "i", 0},  {"ї", "ii", 0}, {"й", "i", 0},
    {"к", "k", 0},     {"л", "l", 0},  {"м", "m", 0},  {"н", "n", 0},
    {"о", "o", 0},     {"п", "p", 0},  {"р", "r", 0},  {"с", "s", 0},
    {"т", "t", 0},     {"у", "u", 0},  {"ў", "v", 0},  {"ф", "f", 0},
    {"х", "h", 0},     {"ц", "ts", 0}, {"ч", "c", 0},  {"ш", "x", 0},
    {"щ", "xc", 0},    {"ъ", "i", VOWEL}, {"ъ", "", 0}, {"ы", "i", 0},
    {"ь", "i", VOWEL}, {"ь", "", 0},   {"э", "e", 0},  {"ю", "iu", 0},
    {"я", "ia", 0},    {"офф", "ov", END}, /* Smirnoff, Симинофф: -off as English writes -ов */
    /* English w before a vowel: Уинфри, Уінфры (Winfrey), Уэмбли (Wembley) */
    {"уи", "vi", START}, {"уі", "vi", START}, {"уэ", "ve", START},
};
const size_t frana_name_cyrillic_ncommon = N(frana_name_cyrillic_common);

/* Whether cp[0..n) holds the ASCII spelling m at i. */
static int at(const int32_t *cp, size_t n, size_t i, const char *m)
{
    for (; *m; m++, i++)
        if (i >= n || cp[i] != (unsigned char)*m)
            return 0;
    return 1;
}

/* French: Loukachenko, Gorbatchev, Khrouchtchev, Jirinovski, Poutine, Sergueï. */
static const frana_name_rule fr_rules[] = {
    {"ou", "u", 0},   {"où", "u", 0},  {"oû", "u", 0},    {"eau", "o", 0},
    {"au", "o", 0},   {"oi", "ua", 0}, {"oï", "oi", 0},   {"aï", "ai", 0},
    {"eï", "ei", 0},  {"ï", "i", 0},   {"ë", "e", 0},     {"ch", "x", 0},
    {"sch", "x", 0},  {"tch", "c", 0}, {"dj", "dj", 0},   {"j", "j", 0},
    {"g", "j", FRONT}, {"ge", "j", VOWEL}, {"gu", "g", FRONT}, {"qu", "k", 0},
    {"c", "s", FRONT}, {"c", "k", 0},  {"ck", "k", 0},    {"gn", "ni", 0},
    {"y", "i", 0},    {"w", "v", 0},   {"z", "s", 0},     {"off", "ov", END},
    {"eff", "ev", END}, {"ff", "f", 0},
    /* silent final letters, as Russian writes French names by ear: Gadbois,
     * Гадбуа; Laurent Blanc, Лоран Блан; Renaud, Рено; Dupont, Дюпон; Olivier, Оливье */
    {"ois", "ua", END}, {"oix", "ua", END}, {"ais", "e", END},  {"ait", "e", END},
    {"ault", "o", END}, {"aud", "o", END},  {"aut", "o", END},  {"aux", "o", END},
    {"eaux", "o", END}, {"ent", "an", END}, {"ant", "an", END}, {"and", "an", END},
    {"anc", "an", END}, {"ont", "on", END}, {"ond", "on", END}, {"ier", "ie", END},
    {"oux", "u", END},  {"ous", "u", END},  {"ard", "ar", END}, {"ert", "er", END},
    {"ay", "e", END},   {"emb", "amb", 0},  {"emp", "amp", 0},
    /* the mute e of -eline, -elyne, -erine after a consonant: Micheline, Мишлин;
     * Jacqueline, Жаклин; Catherine, Катрин; Jocelyne, Жослин (Céline keeps it) */
    {"eline", "lin", FRANA_CTX_AFTER_VC}, {"elyne", "lin", FRANA_CTX_AFTER_VC},
    {"erine", "rin", FRANA_CTX_AFTER_VC}, {"érine", "rin", FRANA_CTX_AFTER_VC},
    /* Savard, Савар; Lambert, Ламбер; Tremblay, Трамбле; Lempereur, Лампрёр */
};

/* English: Lukashenko, Khrushchev, Zhirinovsky, Yeltsin, Sochi. */
#define EN_RULES \
    {"ch", "c", 0},  {"tch", "c", 0}, {"j", "dj", 0},  {"dj", "dj", 0}, \
    {"dzh", "dj", 0}, {"c", "s", FRONT}, {"c", "k", 0}, {"ck", "k", 0}, \
    {"qu", "kv", 0}, {"ee", "i", 0},  {"oo", "u", 0},  {"y", "i", 0}, \
    {"w", "v", 0},   {"z", "s", 0},   {"off", "ov", END}, {"ff", "f", 0}, \
    /* -ов, -ев, -евский as the emigration wrote them: Chermayeff, Чермаев; Petrof, \
     * Петров; Leontief, Леонтьев; Yanofsky, Яновский */ \
    {"eff", "ev", END}, {"of", "ov", END}, {"ief", "iev", END}, {"ofsk", "ovsk", 0}, \
    {"efsk", "evsk", 0}, \
    /* ea and a final -lene as English says them: Deakin, Дикин; Pearson, Пирсон; \
     * Darlene, Дарлин; Dean, Дин; McLean, Маклин. A final -jean and -sean keep \
     * their vowels (French Jean is Жан, Irish Sean Шон) */ \
    {"ea", "i", 0},  {"jean", "djean", END}, {"sean", "sean", END}, {"lene", "lin", END}
static const frana_name_rule en_rules[] = {EN_RULES};

/* English as Russian hears it, a second reading of the English spelling: ai
 * and ay before a consonant are эй (Kaylin, Кейлин; Taylor, Тейлор; Caidin,
 * Кейдин) where the plain reading keeps ай (Jaitugi, Джайтуги; a final -ail
 * too: Mikhail), and w between a consonant and e, i, y is у (Godwin, Годуин;
 * Corwin, Коруин), where the plain reading keeps в (Edwin, Эдвин). Only a word
 * one of these spellings is in is keyed so. */
static const frana_name_rule en_ear_rules[] = {
    {"ai", "ei", NOVOWEL}, {"ay", "ei", NOVOWEL}, {"ail", "ail", END},
    {"w", "u", NOT_START | FRONT}, EN_RULES,
};
static int en_ear_applies(const int32_t *cp, size_t n)
{
    for (size_t i = 0; i + 2 < n; i++)
        if (cp[i] == 'a' && (cp[i + 1] == 'i' || cp[i + 1] == 'y') &&
            !strchr("aeiouy", (int)(cp[i + 2] < 0x80 ? cp[i + 2] : 'a')))
            return 1;
    for (size_t i = 1; i + 1 < n; i++)
        if (cp[i] == 'w' && !strchr("aeiouy", (int)(cp[i - 1] < 0x80 ? cp[i - 1] : 'a')) &&
            strchr("eiy", (int)(cp[i + 1] < 0x80 ? cp[i + 1] : 'b')))
            return 1;
    return 0;
}

/* German: Lukaschenko, Chruschtschow, Jelzin, Sotschi, Moskau. */
static const frana_name_rule de_rules[] = {
    {"tsch", "c", 0}, {"dsch", "dj", 0}, {"sch", "x", 0}, {"ch", "h", 0},
    {"ck", "k", 0},   {"tz", "ts", 0},   {"z", "ts", 0},  {"w", "v", 0},
    {"j", "i", 0},    {"ie", "i", 0},    {"ei", "ai", 0}, {"eu", "oi", 0},
    {"äu", "oi", 0},  {"qu", "kv", 0},   {"y", "i", 0},   {"c", "ts", FRONT},
    /* ä, ö and ü written without their dots: Kraepelin, Крепелин; Roerich,
     * Goethe; Mueller, Мюллер */
    {"ae", "e", 0}, {"oe", "e", 0}, {"ue", "iu", 0},
    {"c", "k", 0},    {"h", "", AFTERV | NOVOWEL},
};

/* German st and sp at the start are шт and шп (Stierlin, Штирлин; Strölin,
 * Штрёлин; Stechow, Штехов). Only a word in st or sp with a German spelling
 * besides (ä ö ü ß, ie, ei, tz, a final -ich or -ow) is keyed so: Stone and
 * Stalin keep their с. */
static const frana_name_rule de_st_rules[] = {
    {"st", "xt", START}, {"sp", "xp", START}, {"tsch", "c", 0}, {"sch", "x", 0},
    {"ch", "h", 0},      {"ck", "k", 0},      {"tz", "ts", 0},  {"z", "ts", 0},
    {"w", "v", 0},       {"j", "i", 0},       {"ie", "i", 0},   {"ei", "ai", 0},
    {"eu", "oi", 0},     {"äu", "oi", 0},     {"y", "i", 0},    {"ow", "ov", END},
};
static int de_st_applies(const int32_t *cp, size_t n)
{
    if (n < 4 || !(at(cp, n, 0, "st") || at(cp, n, 0, "sp")))
        return 0;
    for (size_t i = 2; i < n; i++)
        if (cp[i] == 0xe4 || cp[i] == 0xf6 || cp[i] == 0xfc || cp[i] == 0xdf || /* ä ö ü ß */
            at(cp, n, i, "ie") || at(cp, n, i, "ei") || at(cp, n, i, "tz"))
            return 1;
    return at(cp, n, n - 3, "ich") || at(cp, n, n - 2, "ow");
}

/* Polish: Łukaszenka, Chruszczow, Moskwa, Warszawa, Putinowi. */
static const frana_name_rule pl_rules[] = {
    {"szcz", "xc", 0}, {"sz", "x", 0},   {"cz", "c", 0},   {"rz", "j", 0},
    {"ch", "h", 0},    {"dż", "dj", 0},  {"dź", "ds", 0},  {"dz", "ds", 0},
    {"ów", "ov", END}, {"c", "ts", 0},   {"w", "v", 0},    {"j", "i", 0},
    {"y", "i", 0},     {"ó", "u", 0},    {"ą", "a", END},  {"ę", "e", END},
    {"ś", "s", 0},     {"ń", "n", 0},
    /* l is soft before a, o, u (ł is the hard one): Bielawski, Белявский */
    {"la", "lia", 0},  {"lo", "lio", 0},  {"lu", "liu", 0},  {"ló", "liu", 0},
    /* ą and ę before b and p are om, em: Dąbrowski, Домбровский; Zarębski, Зарембский */
    {"ąb", "omb", 0},  {"ąp", "omp", 0},  {"ęb", "emb", 0},  {"ęp", "emp", 0},
};

/* Polish surnames as the Russian tradition writes them: rz is рж
 * (Krzyżanowski, Кржижановский; Przebendowski, Пржебендовский) and ó is о
 * (Skórzewski, Скоржевский). Only a word that holds rz or ó is keyed so. */
static const frana_name_rule pl_ru_rules[] = {
    {"szcz", "xc", 0}, {"sz", "x", 0},   {"cz", "c", 0},   {"rz", "rj", 0},
    {"ch", "h", 0},    {"dż", "dj", 0},  {"dź", "ds", 0},  {"dz", "ds", 0},
    {"ów", "ov", END}, {"c", "ts", 0},   {"w", "v", 0},    {"j", "i", 0},
    {"y", "i", 0},     {"ó", "o", 0},    {"ą", "a", END},  {"ę", "e", END},
    {"ś", "s", 0},     {"ń", "n", 0},    {"la", "lia", 0}, {"lo", "lio", 0},
    {"lu", "liu", 0},  {"ąb", "omb", 0}, {"ąp", "omp", 0}, {"ęb", "emb", 0},
    {"ęp", "emp", 0},
};
static int pl_ru_applies(const int32_t *cp, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (at(cp, n, i, "rz") || cp[i] == 0xf3) /* ó */
            return 1;
    return 0;
}

/* Czech and Slovak: Lukašenko, Chruščov, Moskva, Soči, Jelcin. */
static const frana_name_rule cs_rules[] = {
    {"ch", "h", 0}, {"c", "ts", 0}, {"dž", "dj", 0}, {"j", "i", 0},
    {"y", "i", 0},  {"ý", "i", 0},  {"ů", "u", 0},   {"w", "v", 0},
    {"ť", "ti", 0}, {"ď", "di", 0}, {"ň", "ni", 0},   {"ĺ", "l", 0},
    {"ľ", "l", 0},  {"ô", "uo", 0}, {"ä", "e", 0},
    /* Serbian and Croatian lj and nj before a consonant are ль, нь (Miljković,
     * Милькович; Ilovanjski) */
    {"lj", "l", NOVOWEL}, {"nj", "n", NOVOWEL},
    /* ISO 9 (GOST 7.79) letters: щ ŝ, ю û, я â, э è */
    {"â", "ia", 0}, {"û", "iu", 0}, {"è", "e", 0},
};

/* Spanish: Jruschov, Chéjov, Sevilla, Moscú. */
static const frana_name_rule es_rules[] = {
    {"ch", "c", 0},   {"sch", "xc", 0}, {"j", "h", 0}, {"ll", "li", 0}, {"qu", "k", 0},
    {"gu", "g", FRONT}, {"gü", "gu", 0}, {"g", "h", FRONT}, {"c", "s", FRONT},
    {"c", "k", 0},    {"z", "s", 0},  {"h", "", 0},    {"y", "i", 0},
    {"w", "v", 0},
};

/* Italian: Gorbaciov, Krusciov, Soci, Giorgio. */
static const frana_name_rule it_rules[] = {
    {"sci", "x", VOWEL}, {"sc", "x", FRONT}, {"ci", "c", VOWEL}, {"c", "c", FRONT},
    {"cc", "c", FRONT},  {"ch", "k", 0},     {"cch", "k", 0},    {"c", "k", 0},
    {"gi", "dj", VOWEL}, {"g", "dj", FRONT}, {"gh", "g", 0},     {"gli", "li", 0},
    {"gn", "ni", 0},     {"z", "ts", 0},     {"zz", "ts", 0},    {"j", "i", 0},
    {"y", "i", 0},       {"h", "", 0},       {"qu", "kv", 0},    {"w", "v", 0},
};

/* Dutch: Chroesjtsjov, Jeltsin, Moskou. */
static const frana_name_rule nl_rules[] = {
    {"tsj", "c", 0}, {"sj", "x", 0},  {"zj", "j", 0},  {"dzj", "dj", 0},
    {"ch", "h", 0},  {"oe", "u", 0},  {"j", "i", 0},   {"ij", "ei", 0},
    {"w", "v", 0},   {"z", "s", 0},   {"c", "s", FRONT}, {"c", "k", 0},
    {"y", "i", 0},   {"ou", "au", 0}, {"ui", "ai", 0},
};


/* The spellings only Dutch gives a Russian name (Chroesjtsjov, Petrovitsj,
 * Zjoekov) and its own (Mastenbroek, Hoek): with the language unknown, only a
 * word that holds tsj, sj, zj, or oe before a consonant other than l (Noel,
 * Joe are no Dutch u) is keyed the Dutch way. */
static int nl_applies(const int32_t *cp, size_t n)
{
    static const char *const marks[] = {"tsj", "sj", "zj", NULL};
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; marks[k]; k++)
            if (at(cp, n, i, marks[k]))
                return 1;
        if (at(cp, n, i, "oe") && i + 2 < n && cp[i + 2] != 'l' &&
            !strchr("aeiouy", (int)(cp[i + 2] < 0x80 ? cp[i + 2] : 'a')))
            return 1;
    }
    return 0;
}

/* Whether cp[i..n) splits into syllables of inits × finals (a syllable at
 * each step, depth of them so far; a word of one syllable does not count).
 * dead[j] marks a position j > 0 from which no split was found, so that each
 * position is walked once: the walk is linear in the word, not exponential. */
static int split_from(const int32_t *cp, size_t n, size_t i, const char *const *inits,
                      const char *const *finals, int depth, uint8_t *dead)
{
    if (i == n)
        return depth >= 2;
    if (i > 0 && dead[i])
        return 0;
    for (size_t a = 0; inits[a]; a++) {
        if (!at(cp, n, i, inits[a]))
            continue;
        size_t j = i + strlen(inits[a]);
        for (size_t b = 0; finals[b]; b++)
            if (at(cp, n, j, finals[b]) &&
                split_from(cp, n, j + strlen(finals[b]), inits, finals, depth + 1, dead))
                return 1;
    }
    if (i > 0)
        dead[i] = 1; /* from here the walk is at depth >= 1, so depth no longer matters */
    return 0;
}

/* Whether cp[0..n) is two or more syllables of inits × finals. */
static int syllables(const int32_t *cp, size_t n, const char *const *inits,
                     const char *const *finals)
{
    uint8_t dead[65] = {0};
    return n > 0 && n < sizeof dead && split_from(cp, n, 0, inits, finals, 0, dead);
}

/* Chinese names in pinyin as Russian writes them (the Palladius system):
 * Jinping, Цзиньпин; Zhongqing, Чжунцин; Xiaoding, Сяодин. A final -ng is н,
 * -ong ун; zh is чж, j and z цз, q and c ц, x с, r ж, uo о, hui хуэй; u after
 * j, q, x, y is ю. Only a word of two or more pinyin syllables is keyed so. */
static const frana_name_rule zh_rules[] = {
    {"zh", "cj", 0},  {"ch", "c", 0},    {"sh", "x", 0},    {"j", "ts", 0},
    {"q", "ts", 0},   {"x", "s", 0},     {"z", "ts", 0},    {"c", "ts", 0},
    {"r", "j", 0},    {"ng", "n", NOVOWEL}, {"ong", "un", NOVOWEL}, {"uo", "o", 0},
    {"hui", "huei", 0}, {"ju", "tsiu", 0}, {"qu", "tsiu", 0}, {"xu", "siu", 0},
    {"yu", "iui", NOVOWEL}, {"yu", "iu", VOWEL}, {"yun", "iun", 0}, {"yi", "i", 0},
    {"you", "iu", 0}, {"ye", "e", 0},    {"ngy", "ni", 0},  {"ongy", "uni", 0},
    {"y", "i", 0},    {"wu", "u", 0},    {"w", "v", 0},     {"ie", "e", 0},
    {"ü", "iu", 0},
};
static int zh_applies(const int32_t *cp, size_t n)
{
    static const char *const inits[] = {"zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n",
                                        "l",  "g",  "k",  "h", "j", "q", "x", "r", "z", "c",
                                        "s",  "y",  "w",  "",  NULL};
    static const char *const finals[] = {
        "iang", "iong", "uang", "ang", "eng", "ong", "iao", "ian", "uai", "uan", "ing", "ai",
        "ei",   "ao",   "ou",   "an",  "en",  "er",  "ia",  "ie",  "iu",  "in",  "ua",  "uo",
        "ui",   "un",   "ue",   "a",   "o",   "e",   "i",   "u",   NULL};
    /* or one pinyin syllable in -ng: Ming, Мин; Zhang, Чжан; Wang, Ван (King,
     * Ring, Sing are no pinyin) */
    static const char *const ng[][2] = {
        {"ing", " b p m d t n l j q x y "},
        {"eng", " b p m f d t n l g k h zh ch sh r z c s w "},
        {"ang", " b p m f d t n l g k h zh ch sh r z c s y w "},
        {"ong", " d t n l g k h zh ch r z c s y "},
        {"iang", " n l j q x "}, {"iong", " j q x "}, {"uang", " g k h zh ch sh "}};
    for (size_t b = 0; b < sizeof ng / sizeof ng[0]; b++) {
        size_t m = strlen(ng[b][0]), j = n - m;
        if (n < m + 1 || n > m + 2 || !at(cp, n, j, ng[b][0]))
            continue;
        char init[5] = {' ', (char)cp[0], j == 2 ? (char)cp[1] : ' ', j == 2 ? ' ' : '\0', '\0'};
        if (cp[0] < 0x80 && cp[j - 1] < 0x80 && strstr(ng[b][1], init))
            return 1;
    }
    return syllables(cp, n, inits, finals);
}

/* Japanese names in Hepburn as Russian writes them (the Polivanov system):
 * Eishin, Эйсин; Kyōjin, Кёдзин; Tōshin, Тосин; Chōshin, Тёсин. sh is с, ch т,
 * j and z дз, ts ц, y й, n before b, m, p м, and long ō ū are o u. Only a word of two
 * or more Hepburn syllables, one of them a syllable only Japanese has, is keyed so. */
static const frana_name_rule ja_rules[] = {
    {"sh", "s", 0},  {"sha", "sia", 0}, {"shu", "siu", 0}, {"sho", "sio", 0},
    {"ch", "t", 0},  {"cha", "tia", 0}, {"chu", "tiu", 0}, {"cho", "tio", 0},
    {"j", "ds", 0},  {"ja", "dsia", 0}, {"ju", "dsiu", 0}, {"jo", "dsio", 0},
    {"z", "ds", 0},  {"ts", "ts", 0},   {"y", "i", 0},
    {"nm", "m", 0},  {"nb", "mb", 0},   {"np", "mp", 0},   {"ō", "o", 0},
    {"ū", "u", 0},   {"ou", "o", 0},    {"w", "v", 0},
};
static int ja_applies(const int32_t *cp, size_t n)
{
    static const char *const inits[] = {
        "ssh", "tch", "ky", "gy", "ny", "hy", "my", "ry", "by", "py", "sh", "ch", "ts",
        "kk",  "ss",  "tt", "pp", "k",  "s",  "t",  "n",  "h",  "m",  "y",  "r",  "w",
        "g",   "z",   "d",  "b",  "p",  "f",  "j",  "",   NULL}; /* ssh, tch: Tesshin, Тэссин */
    static const char *const finals[] = {"an", "in", "un", "en", "on", "a",
                                         "i",  "u",  "e",  "o",  NULL};
    /* and a syllable only Japanese has (Sochi, Sasha parse too) */
    static const char *const marks[] = {"shi", "ji", "tsu", "fu", "zu", "sho", "shu", "kyo",
                                        "kyu", "ryo", "ryu", "gyo", "hyo", "nyo", "myo", NULL};
    int32_t plain[64]; /* the long vowels ā ō ū as a o u */
    int marked = 0;
    if (n > sizeof plain / sizeof plain[0])
        return 0;
    for (size_t i = 0; i < n; i++) {
        int macron = cp[i] == 0x101 || cp[i] == 0x14d || cp[i] == 0x16b;
        plain[i] = cp[i] == 0x101 ? 'a' : cp[i] == 0x14d ? 'o' : cp[i] == 0x16b ? 'u' : cp[i];
        marked |= macron;
    }
    for (size_t i = 0; i < n && !marked; i++) {
        for (size_t k = 0; marks[k] && !marked; k++)
            marked = at(plain, n, i, marks[k]);
        marked |= i + 3 < n && at(plain, n, i, "chi"); /* not a final -chi: Sochi */
    }
    return marked && syllables(plain, n, inits, finals);
}

/* Azerbaijani, Turkish and Turkmen names as Russian writes them: ə is а
 * (Səfərov, Сафаров), x х, h г (Hümbətov, Гумбатов), q к, c дж (Cabbarov,
 * Джаббаров), ç ч, ş ш, ı ы, Turkmen ý й and w в (Annagurbanow, Аннакурбанов).
 * Only a word that holds ə, ı, ğ, ş, ç, ý or ň is keyed so. */
static const frana_name_rule tr_rules[] = {
    {"ə", "a", 0}, {"x", "h", 0}, {"h", "g", 0}, {"q", "k", 0}, {"c", "dj", 0},
    {"ç", "c", 0}, {"ş", "x", 0}, {"ğ", "g", 0}, {"ı", "i", 0}, {"ö", "e", 0},
    {"ü", "iu", 0}, {"j", "j", 0}, {"y", "i", 0}, {"w", "v", 0}, {"ý", "i", 0},
    {"ň", "n", 0}, {"ä", "a", 0},
};
static int tr_applies(const int32_t *cp, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (cp[i] == 0x259 || cp[i] == 0x131 || cp[i] == 0x11f || cp[i] == 0x15f ||
            cp[i] == 0xe7 || cp[i] == 0xfd || cp[i] == 0x148) /* ə ı ğ ş ç ý ň */
            return 1;
    return 0;
}

/* A surname of the Russian pattern (-ov, -ev, -ova, -eva) whose stem holds a
 * letter English and French spell no Russian name with: a c not in ch, ck, cz
 * or cs, a q not in qu, or an x first or before a consonant. Azerbaijani and
 * Uzbek names written in plain letters (Cabbarov, Джаббаров; Qodirov, Кадыров;
 * Xanlarov, Ханларов; Axmedov, Ахмедов). */
static int turkic_plain_applies(const int32_t *cp, size_t n)
{
    static const char *const ends[] = {"ov", "ev", "ova", "eva", NULL};
    int end = 0;
    for (size_t k = 0; ends[k] && !end; k++) {
        size_t m = strlen(ends[k]);
        end = n >= m + 3 && at(cp, n, n - m, ends[k]);
    }
    if (!end)
        return 0;
    for (size_t i = 0; i + 2 < n; i++) {
        int32_t c = cp[i], d = cp[i + 1];
        if ((c == 'c' && d != 'h' && d != 'k' && d != 'z' && d != 's') ||
            (c == 'q' && d != 'u') ||
            (c == 'x' && (i == 0 || !strchr("aeiouy", (int)(d < 0x80 ? d : 'a')))))
            return 1; /* an x between vowels is English too (Maximov) */
    }
    return 0;
}

/* Uzbek in its Latin letters: o is а, q к, x х, j дж (Qodirov, Кадыров;
 * Xoshimov, Хашимов), and the Russian surname ending keeps its о. */
static const frana_name_rule uz_rules[] = {
    {"o", "a", 0},     {"ov", "ov", END}, {"ova", "ova", END}, {"q", "k", 0},
    {"x", "h", 0},     {"j", "dj", 0},    {"y", "i", 0},       {"w", "v", 0},
    {"c", "dj", 0},
};

/* Serbian, Croatian and Bosnian surnames written without their letters: the
 * s, z and c before -ević, -ović are mostly š, ž and č (Knezevic, Кнежевич;
 * Bozovic, Божович; Kovacevic, Ковачевич). Only a word in -vic, -vich, -vić or
 * -vič with s, z or c before the vowel is keyed so. */
#define SH_PLAIN(l, to) \
    {l "evic", to "evic", END}, {l "evich", to "evic", END}, {l "ević", to "evic", END}, \
    {l "evič", to "evic", END}, {l "ovic", to "ovic", END}, {l "ovich", to "ovic", END}, \
    {l "ović", to "ovic", END}, {l "ovič", to "ovic", END}
static const frana_name_rule sh_plain_rules[] = {
    SH_PLAIN("s", "x"), SH_PLAIN("z", "j"), SH_PLAIN("c", "c"),
};

/* Germanic names in -ric as Russian renders the Gothic and Vandal kings:
 * Theodoric, Теодорих; Genseric, Гейзерих; Athalaric, Аталарих. Only a word
 * in -ric is keyed so. */
static const frana_name_rule got_rules[] = {
    {"ric", "rih", END}, {"th", "t", 0}, {"w", "v", 0}, {"y", "i", 0}, {"j", "i", 0},
};
static int got_applies(const int32_t *cp, size_t n)
{
    return n >= 5 && at(cp, n, n - 3, "ric");
}

/* Slavic surnames as Lithuanian and Latvian write them (Novickis, Новицкий;
 * Ruseckas, Русецкий; Višņakovs, Вишняков; Merzļikins, Мерзликин): with the
 * language unknown, only a word with such an ending is keyed so. */
static int baltic_applies(const int32_t *cp, size_t n)
{
    static const char *const ends[] = {"skis", "ckis", "skas", "ckas", "ovs", "evs", "ins",
                                       "ijs", NULL};
    for (size_t k = 0; ends[k]; k++) {
        size_t m = strlen(ends[k]);
        if (n >= m + 3 && at(cp, n, n - m, ends[k]))
            return 1;
    }
    return 0;
}

/* Lithuanian and Latvian: Maskva, Minskas, Varšuva. */
static const frana_name_rule baltic_rules[] = {
    {"ch", "h", 0}, {"c", "ts", 0}, {"dž", "dj", 0}, {"j", "i", 0},
    {"y", "i", 0},  {"w", "v", 0},  {"ģ", "g", 0},   {"ķ", "k", 0},
    {"ļ", "li", VOWEL}, {"ņ", "ni", VOWEL}, {"ļ", "l", 0},  {"ņ", "n", 0}, /* Višņakovs, Вишняков */
};

/* Russian: the shared Cyrillic table; г is g (Gorbachev). */
static const frana_name_rule ru_rules[] = {
    {"г", "g", 0},
};

/* Ukrainian and Belarusian read г as h (Kharkiv, Hrodna); the rest is shared. */
static const frana_name_rule uk_rules[] = {
    {"г", "h", 0},
};

/* Belarusian also writes т and д before a soft vowel as ц and дз (Ціханоўская,
 * Тихановская; Кенэдзі, Kennedy). */
static const frana_name_rule be_rules[] = {
    {"г", "h", 0},      {"ці", "ti", 0},    {"це", "te", 0},   {"ця", "tia", 0},
    {"цё", "tio", 0},   {"цю", "tiu", 0},   {"ць", "t", 0},    {"дзі", "di", 0},
    {"дзе", "de", 0},   {"дзя", "dia", 0},  {"дзё", "dio", 0}, {"дзю", "diu", 0},
    {"дзь", "d", 0},
};

/* Belarusian names romanized (BGN/PCGN, passports): Tsikhanouskaya,
 * Lukashenka, Dzmitry — ts and dz before a soft vowel are т and д, and ou
 * before s is ўс (-ouski, -ouskaya: -овский, -овская). */
static const frana_name_rule be_latin_rules[] = {
    {"ts", "t", FRONT}, {"dz", "d", FRONT}, {"ous", "ovs", 0},    {"ch", "c", 0},
    {"y", "i", 0},      {"j", "i", 0},      {"w", "v", 0},         {"z", "s", 0},
    {"c", "ts", 0},
    /* ў is ŭ, and a final -аў, -оў, -еў is Russian -ов, -ев (Kabašnikaŭ,
     * Кабашников; Laskoŭ, Ласков; Paŭliukievič, Павлюкевич) */
    {"ŭ", "v", 0},      {"aŭ", "ov", END},  {"oŭ", "ov", END},  {"eŭ", "ev", END},
    /* passports: Siarheyeu, Сергеев; Yakau, Яков; Maksimava, Максимова (a
     * French -eau is о: Rousseau) */
    {"eu", "ev", END},  {"au", "ov", END},  {"eau", "o", END},  {"ava", "ova", END},
};

/* Russian э after a consonant is mostly English a: Гэвин, Лэндин, Мэннинг,
 * Кэрин (Gavin, Landin, Manning, Caryn); the word is also keyed so. */
static const frana_name_rule ru_en_rules[] = {
    {"э", "a", FRANA_CTX_NOT_START},
};

/* Latin names as Russian renders them: -ius is -ий (Pierius, Пиерий), -us is
 * dropped (Taurinus, Таврин), ti and ci before the ending are ц (Lactantius,
 * Лактанций), au is ав (Pausanias, Павсаний), a first h is г (Hirtius, Гирций).
 * Only a word in -us, -as or -os is keyed so. */
static const frana_name_rule la_rules[] = {
    {"ti", "tsi", END}, {"ci", "tsi", END}, {"au", "av", 0}, {"ae", "e", 0},
    {"oe", "e", 0},     {"c", "ts", FRONT}, {"c", "k", 0},  {"h", "g", START},
    {"cae", "tse", 0},  {"coe", "tse", 0}, /* Caecilius, Цецилий: ae is e */
    {"cj", "tsi", END}, /* Polish Terencjusz, Теренций */
    {"y", "i", 0},      {"j", "i", 0},      {"qu", "kv", 0}, {"w", "v", 0},
};
static const char *const la_endings[] = {"us", "as", "os", "usz", NULL}; /* Polish Terencjusz */

/* Greek names in their Latin spelling as Russian renders them through the
 * Greek: th is ф (Theodosius, Феодосий; Athanasius, Афанасий), b is в and
 * eu is ев (Eusebius, Евсевий; Basilius, Василий), c is к, and ti before the
 * ending stays ти (Laurentius, Лаврентий). Only a word in -us, -as or -os. */
static const frana_name_rule la_gr_rules[] = {
    {"th", "f", 0}, {"eu", "ev", 0}, {"au", "av", 0}, {"b", "v", 0},  {"ae", "e", 0},
    {"oe", "e", 0}, {"y", "i", 0},   {"c", "k", 0},   {"ch", "h", 0}, {"j", "i", 0},
    {"qu", "kv", 0}, {"w", "v", 0},
};

/* Hungarian: s is ш and sz с, cs ч, zs ж, gy дь, ny нь, ly й (Sinkovics,
 * Шинкович; Gyurkovics, Дьюркович; Fruzsina, Фружина). Only a word that holds
 * cs, zs or gy is keyed so. */
static const frana_name_rule hu_rules[] = {
    {"s", "x", 0},   {"sz", "s", 0},  {"ssz", "s", 0}, {"cs", "c", 0},  {"ccs", "c", 0},
    {"zs", "j", 0},  {"gy", "d", 0},  {"ggy", "d", 0}, {"ny", "n", 0},  {"ly", "i", 0},
    {"c", "ts", 0},  {"j", "i", 0},   {"y", "i", 0},   {"w", "v", 0},
};
static int hu_applies(const int32_t *cp, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++)
        if (at(cp, n, i, "cs") || at(cp, n, i, "zs") || at(cp, n, i, "gy"))
            return 1;
    return 0;
}

/* Greek and Latin names as the Russian church tradition writes them: au and
 * eu before a consonant are ав and ев (Augustine, Августин; Aurelius,
 * Аврелий; Eugeniy, Евгений; Eupaty, Евпатий). Only a word that holds one. */
static const frana_name_rule la_ch_rules[] = {
    {"au", "av", NOVOWEL}, {"eu", "ev", NOVOWEL},
};

static const char *const pl_endings[] = {"owi", "ewi", NULL};
/* "+": the word is keyed as written too (a feminine -ová is Russian -ова);
 * -ův makes a name possessive (Novákův, Jedličkův: Novák's, Jedlička's). */
static const char *const cs_endings[] = {"ovou", "+ová", "ové", "ovi", "evi", "ův", NULL};
static const char *const uk_endings[] = {"ові", "еві", "єві", "ого", "ому", NULL};
static const char *const be_endings[] = {"ага", "аму", NULL};
static const char *const lt_endings[] = {"ius", "as", "is", "ys", "us", "ų", NULL};
static const char *const lv_endings[] = {"s", "š", NULL};

#define CONV(lang, script, rules, endings, snowball, flags) \
    {lang, script, rules, N(rules), endings, snowball, flags, NULL, NULL}
#define CONV_ALSO(lang, script, rules, endings, snowball, flags, also) \
    {lang, script, rules, N(rules), endings, snowball, flags, also, NULL}
#define CONV_IFE(lang, script, rules, endings, flags, applies) \
    {lang, script, rules, N(rules), endings, NULL, flags, NULL, applies}
#define CONV_IF(lang, script, rules, flags, applies) \
    {lang, script, rules, N(rules), NULL, NULL, flags, NULL, applies}
#define LAT FRANA_SCRIPT_LATIN
#define CYR FRANA_SCRIPT_CYRILLIC
#define ANY FRANA_CONV_ANY

const frana_name_convention frana_name_conventions[] = {
    CONV_ALSO("fr", LAT, fr_rules, NULL, NULL, ANY, "en"),
    CONV("en", LAT, en_rules, NULL, NULL, ANY),
    CONV_IF("en-ear", LAT, en_ear_rules, ANY, en_ear_applies),
    CONV("de", LAT, de_rules, NULL, NULL, ANY | FRANA_CONV_GENITIVE_S),
    CONV_IF("de-st", LAT, de_st_rules, ANY, de_st_applies),
    CONV("pl", LAT, pl_rules, pl_endings, NULL, ANY),
    CONV_IF("pl-ru", LAT, pl_ru_rules, ANY, pl_ru_applies),
    CONV("cs", LAT, cs_rules, cs_endings, NULL, ANY),
    CONV("es", LAT, es_rules, NULL, NULL, ANY),
    CONV("it", LAT, it_rules, NULL, NULL, ANY),
    CONV_IF("nl", LAT, nl_rules, ANY, nl_applies),
    CONV_IFE("lt", LAT, baltic_rules, lt_endings, ANY, baltic_applies),
    CONV_IFE("lv", LAT, baltic_rules, lv_endings, ANY, baltic_applies),
    CONV_ALSO("ru", CYR, ru_rules, NULL, "russian", ANY, "uk ru-en"), /* г for h: Гейдрих */
    CONV("ru-en", CYR, ru_en_rules, NULL, NULL, ANY | FRANA_CONV_NEEDS_RULE),
    CONV("la", LAT, la_rules, la_endings, NULL, ANY | FRANA_CONV_NEEDS_ENDING),
    CONV("la-ch", LAT, la_ch_rules, NULL, NULL, ANY | FRANA_CONV_NEEDS_RULE),
    CONV("la-gr", LAT, la_gr_rules, la_endings, NULL, ANY | FRANA_CONV_NEEDS_ENDING),
    CONV("uk", CYR, uk_rules, uk_endings, NULL, ANY),
    CONV("be", CYR, be_rules, be_endings, NULL, ANY),
    CONV("be-Latn", LAT, be_latin_rules, NULL, NULL, ANY),
    CONV_IF("zh", LAT, zh_rules, ANY, zh_applies),
    CONV("sh-plain", LAT, sh_plain_rules, NULL, NULL, ANY | FRANA_CONV_NEEDS_RULE),
    CONV_IF("hu", LAT, hu_rules, ANY, hu_applies),
    CONV_IF("tr", LAT, tr_rules, ANY, tr_applies),
    CONV_IF("az", LAT, tr_rules, ANY, turkic_plain_applies),
    CONV_IF("uz", LAT, uz_rules, ANY, turkic_plain_applies),
    CONV_IF("got", LAT, got_rules, ANY, got_applies),
    CONV_IF("ja", LAT, ja_rules, ANY, ja_applies),
};
const size_t frana_name_nconventions = N(frana_name_conventions);

const char *const frana_name_lang_aliases[][2] = {
    {"sk", "cs"}, {"hr", "cs"}, {"sr", "cs"}, {"bs", "cs"}, {"sl", "cs"},
    {"pt", "es"}, {"ca", "es"}, {NULL, NULL},
};
