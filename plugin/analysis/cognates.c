/*
 * cognates.c — French forms of English, Spanish, German and Russian, Ukrainian
 * and Belarusian query words (see cognates.h).
 *
 * One table per language of endings and the French endings they become. The
 * longest ending that matches wins; what precedes it (at least MIN_ROOT
 * letters) is kept as written: "republican" → "republic" + "ain". A plural
 * "s" is taken off first when the word as written matches no ending
 * ("americans" → "americain"; the French stem drops the plural anyway). Rows
 * marked WHOLE are whole words whose French form no ending predicts
 * ("states" → "etat"). Candidates that are no French word cost a query term
 * and match nothing. German common nouns, which German writes with a capital,
 * get their French words from a table keyed by their German stem.
 */
#include "cognates.h"

#include <stdint.h>

#include <string.h>

#include "base.h"

#define MIN_ROOT 3 /* letters kept before an ending: "plan" is no "plain" */
#define WHOLE 1u   /* the row is a whole word, not an ending */

typedef struct cognate_row {
    const char *en;
    const char *fr[FRANA_COGNATES_MAX + 1]; /* NULL-terminated */
    unsigned flags;
} cognate_row;

static const cognate_row rows[] = {
    /* adjectives of places, parties and creeds */
    {"ican", {"icain", NULL}, 0},          /* Republican, American, Mexican */
    {"ian", {"ien", NULL}, 0},             /* Canadian, Egyptian, Christian */
    {"ean", {"een", NULL}, 0},             /* European, Korean */
    {"an", {"ain", NULL}, 0},              /* Roman, Cuban */
    {"ese", {"ais", "ois", NULL}, 0},      /* Senegalese, Chinese */
    {"ic", {"ique", NULL}, 0},             /* Islamic, Catholic, Democratic */
    {"ics", {"ique", NULL}, 0},            /* Politics, Olympics */
    {"ical", {"ique", NULL}, 0},           /* Political, Historical */
    {"ica", {"ique", NULL}, 0},            /* America, Africa */
    {"ist", {"iste", NULL}, 0},            /* Socialist, Communist */
    {"ism", {"isme", NULL}, 0},            /* Communism, Islamism */
    {"tial", {"tiel", NULL}, 0},           /* Presidential, Essential */
    {"ual", {"uel", NULL}, 0},             /* Annual, Individual */
    {"ive", {"if", NULL}, 0},              /* Executive, Active */
    /* nouns */
    {"ity", {"ite", NULL}, 0},             /* University, Security */
    {"ety", {"iete", NULL}, 0},            /* Society */
    {"ary", {"aire", NULL}, 0},            /* Military, Secretary */
    {"ory", {"oire", NULL}, 0},            /* History, Territory */
    {"ous", {"eux", NULL}, 0},             /* Religious, Famous */
    {"or", {"eur", NULL}, 0},              /* Professor, Senator, Director */
    {"ate", {"at", NULL}, 0},              /* Senate, Candidate */
    {"ter", {"tre", NULL}, 0},             /* Minister, Center, October */
    {"ber", {"bre", NULL}, 0},             /* Member, November */
    {"ogy", {"ogie", NULL}, 0},            /* Technology */
    {"omy", {"omie", NULL}, 0},            /* Economy */
    {"acy", {"atie", NULL}, 0},            /* Democracy */
    {"ization", {"isation", NULL}, 0},     /* Organization */
    /* whole words */
    {"state", {"etat", NULL}, WHOLE},
    {"united", {"unis", "uni", NULL}, WHOLE},
    {"kingdom", {"royaume", NULL}, WHOLE},
    {"soviet", {"sovietique", NULL}, WHOLE},
    {"saudi", {"saoudite", "saoudien", NULL}, WHOLE},
    {"russian", {"russe", NULL}, WHOLE},
    {"french", {"francais", "francaise", NULL}, WHOLE}, /* française stems apart */
    {"german", {"allemand", NULL}, WHOLE},
    {"english", {"anglais", NULL}, WHOLE},
    {"japanese", {"japonais", NULL}, WHOLE},
    {"british", {"britannique", NULL}, WHOLE},
    {"spanish", {"espagnol", NULL}, WHOLE},
    {"jewish", {"juif", NULL}, WHOLE},
    {"czech", {"tcheque", NULL}, WHOLE},
    {"arab", {"arabe", NULL}, WHOLE},
    {"muslim", {"musulman", NULL}, WHOLE},
    {"government", {"gouvernement", NULL}, WHOLE},
    {"parliament", {"parlement", NULL}, WHOLE},
    {"koran", {"coran", NULL}, WHOLE},
    {"quran", {"coran", NULL}, WHOLE},
};

/* Spanish: Constitución, Universidad, Democracia, Política, Presidente. */
static const cognate_row rows_es[] = {
    {"cion", {"tion", NULL}, 0},       {"ccion", {"ction", NULL}, 0},
    {"ciones", {"tion", NULL}, 0},     {"cciones", {"ction", NULL}, 0},
    {"idad", {"ite", NULL}, 0},        {"tad", {"te", NULL}, 0},
    {"cia", {"ce", "tie", NULL}, 0},   {"ia", {"ie", NULL}, 0},
    {"encia", {"ence", NULL}, 0},      {"ancia", {"ance", NULL}, 0},
    {"ico", {"ique", NULL}, 0},        {"ica", {"ique", NULL}, 0},
    {"ano", {"ain", NULL}, 0},         {"ana", {"aine", NULL}, 0},
    {"ista", {"iste", NULL}, 0},       {"ismo", {"isme", NULL}, 0},
    {"ario", {"aire", NULL}, 0},       {"aria", {"aire", NULL}, 0},
    {"orio", {"oire", NULL}, 0},       {"oria", {"oire", NULL}, 0},
    {"oso", {"eux", NULL}, 0},         {"osa", {"euse", NULL}, 0},
    {"ivo", {"if", NULL}, 0},          {"iva", {"ive", NULL}, 0},
    {"ente", {"ent", NULL}, 0},        {"ura", {"ure", NULL}, 0},
    {"amento", {"ement", NULL}, 0},    {"emento", {"ement", NULL}, 0},
    {"ea", {"eenne", NULL}, 0},        {"eo", {"een", NULL}, 0}, /* Europea, Mediterráneo */
    {"cional", {"tionnel", "tional", NULL}, 0}, /* Constitucional, Nacional */
    {"gobierno", {"gouvernement", NULL}, WHOLE},
    {"mundial", {"mondial", NULL}, WHOLE},
    {"san", {"saint", NULL}, WHOLE},   {"santa", {"sainte", NULL}, WHOLE}, /* San Petersburgo */
    {"profesor", {"professeur", NULL}, WHOLE},
    {"naciones", {"nation", NULL}, WHOLE}, {"nacion", {"nation", NULL}, WHOLE},
};

/* German, after its letters are spelled the French way (k → c, ä → e):
 * Präsident, Universität, Politik, Demokratie, Kommission, Konferenz. */
static const cognate_row rows_de[] = {
    {"itet", {"ite", NULL}, 0},   {"ic", {"ique", NULL}, 0},     {"isch", {"ique", NULL}, 0},
    {"ismus", {"isme", NULL}, 0}, {"ist", {"iste", NULL}, 0},    {"enz", {"ence", NULL}, 0},
    {"anz", {"ance", NULL}, 0},   {"ur", {"ure", NULL}, 0},      {"ie", {"ie", NULL}, 0},
    {"ion", {"ion", NULL}, 0},    {"ent", {"ent", NULL}, 0},     {"ament", {"ement", NULL}, 0},
    {"regierung", {"gouvernement", NULL}, WHOLE},
    {"coran", {"coran", NULL}, WHOLE}, /* Koran, spelled the French way */
};

typedef struct cognate_table {
    const char *lang;
    const cognate_row *rows;
    size_t n;
} cognate_table;

#define TABLE(l, r) {l, r, sizeof r / sizeof r[0]}
static const cognate_table tables[] = {TABLE("en", rows), TABLE("es", rows_es),
                                       TABLE("de", rows_de)};

/* The row of t whose ending (or whole word) w[0..n) ends with, the longest one. */
static const cognate_row *find_row_in(const cognate_table *t, const char *w, size_t n)
{
    const cognate_row *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < t->n; i++) {
        const cognate_row *row = &t->rows[i];
        size_t e = strlen(row->en);
        if (row->flags & WHOLE) {
            if (e != n || memcmp(w, row->en, n) != 0)
                continue;
        } else if (e + MIN_ROOT > n || memcmp(w + n - e, row->en, e) != 0) {
            continue;
        }
        if (e > best_len) {
            best = row;
            best_len = e;
        }
    }
    return best;
}

/* German letters spelled as French spells the same root: ä ö → e, ü → u,
 * ß → ss, k → c (ck → c). Returns the length written to out, or 0 for a
 * word with a letter German does not write (or too long for out). */
size_t frana_german_spelled(const char *w, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        const char *to = NULL;
        char one[2] = {(char)c, 0};
        if (c == 0xc3 && i + 1 < n) {
            unsigned char d = (unsigned char)w[++i];
            to = d == 0xa4 || d == 0xb6 ? "e" : d == 0xbc ? "u" : d == 0x9f ? "ss" : NULL;
            if (!to)
                return 0;
        } else if (c == 'c' && i + 1 < n && w[i + 1] == 'k') {
            to = "c";
            i++;
        } else if (c == 'k') {
            to = "c";
        } else if (c >= 'a' && c <= 'z') {
            to = one;
        } else {
            return 0;
        }
        size_t tl = strlen(to);
        if (o + tl >= cap)
            return 0;
        memcpy(out + o, to, tl);
        o += tl;
    }
    return o;
}

/* Russian, Ukrainian and Belarusian: the loanwords of Latin and Greek roots
 * that French shares (конституции → constitution, демократической →
 * démocratique, університет → université). The ending is matched in Cyrillic
 * (its case forms listed), the root before it spelled the way French spells
 * such roots (к → c, кс → x, х → ch, ц → c, з between vowels s); a word of at least
 * CYR_BARE_MIN letters that no ending matches is also spelled whole
 * (интернет → internet, проблема → problema, whose French stem is
 * problème's). */
#define CYR_BARE_MIN 6
typedef struct cyr_row {
    const char *const *endings; /* Cyrillic, NULL-terminated */
    const char *fr[FRANA_COGNATES_MAX + 1];
} cyr_row;
static const char *const cyr_tion[] = {"ция", "ции", "цию", "цией", "ций", "циях", "циям",
                                       "ція", "ції", "цію", "цією", "цій", "цыя", "цыі",
                                       "цыю", "цый", NULL};
static const char *const cyr_isme[] = {"изм", "изма", "изму", "измом", "изме", "ізм", "ізму",
                                       "ізмі", "ізма", NULL};
static const char *const cyr_iste[] = {"ист", "иста", "исты", "истов", "істи", "іст", "іста",
                                       "істы", NULL};
static const char *const cyr_ique_adj[] = {
    "ический", "ическая", "ическое", "ические", "ического", "ической", "ическим",
    "ических", "ическую", "ичний", "ічний", "ічна", "ічне", "ічні", "ічного", "ічної",
    "ічних", "ічним", "ічну", "ічны", "ічная", "ічнае", "ічныя", "ічнага", "ічнай",
    "ічных", "ічным", NULL};
static const char *const cyr_ique[] = {"ика", "ики", "ике", "ику", "икой", "іка", "іки",
                                       "іці", "іку", "ікі", "іцы", NULL};
static const char *const cyr_ie[] = {"ия", "ии", "ию", "ией", "ія", "ії", "ію", "ією", "іі",
                                     NULL};
static const char *const cyr_ite[] = {"итет", "итета", "итете", "итеты", "ітет", "ітету",
                                      "ітэт", "ітэта", NULL};
static const char *const cyr_ent[] = {"ент", "ента", "енты", "енту", "ентом", "енте",
                                      "энт", "энта", NULL};
static const char *const cyr_al[] = {"альный", "альная", "альное", "альные", "ального",
                                     "альной", "альных", "альным", "альний", "альна",
                                     "альне", "альні", "альних", "альны", "альнае",
                                     "альныя", "альнага", "альнай", NULL};
static const char *const cyr_if[] = {"ивный", "ивная", "ивное", "ивные", "ивного", "ивной",
                                     "івний", "івна", "івне", "івны", NULL};
static const char *const cyr_eur[] = {"ор", "ора", "ору", "ором", "оры", NULL};
static const char *const cyr_ateur[] = {"атор", "атора", "атору", "атором", "аторы", NULL};
static const char *const cyr_ure[] = {"ура", "уры", "уру", "урой", "ури", NULL};
static const char *const cyr_at[] = {"ат", "ата", "ату", "атом", "аты", NULL};
static const cyr_row cyr_rows[] = {
    {cyr_tion, {"tion", NULL}},      {cyr_isme, {"isme", NULL}},
    {cyr_iste, {"iste", NULL}},      {cyr_ique_adj, {"ique", NULL}},
    {cyr_ique, {"ique", NULL}},      {cyr_ie, {"ie", NULL}},
    {cyr_ite, {"ite", NULL}},        {cyr_ent, {"ent", NULL}},
    {cyr_al, {"al", "el", NULL}},    {cyr_if, {"if", "ive", NULL}},
    {cyr_eur, {"eur", NULL}},        {cyr_ateur, {"ateur", NULL}},
    {cyr_ure, {"ure", NULL}},        {cyr_at, {"at", NULL}},
};

/* One Cyrillic letter as French spells the root (0 for a letter it drops,
 * NULL for a letter of no table); *skip: a following letter it also took. */
static int cyr_vowel(int32_t c)
{
    static const int32_t v[] = {0x430, 0x435, 0x438, 0x43e, 0x443, 0x44b, 0x44d, 0x44e,
                                0x44f, 0x451, 0x454, 0x456, 0x457};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (c == v[i])
            return 1;
    return 0;
}

static const char *cyr_letter(int32_t prev, int32_t c, int32_t next, int *skip)
{
    static const char *const lower[32] = {
        "a", "b", "v", "g", "d", "e", "j", "z", "i", "i", "c", "l", "m", "n", "o", "p",
        "r", "s", "t", "u", "f", "ch", "c", "ch", "ch", "ch", "", "i", "", "e", "u", "ia"};
    *skip = 0;
    if (c == 0x43a && next == 0x441) { /* кс */
        *skip = 1;
        return "x";
    }
    if (c == 0x437 && cyr_vowel(prev) && cyr_vowel(next))
        return "s"; /* результат: résultat */
    if (c >= 0x430 && c <= 0x44f)
        return lower[c - 0x430];
    switch (c) {
    case 0x451: /* ё */
    case 0x454: /* є */
        return "e";
    case 0x456: /* і */
    case 0x457: /* ї */
        return "i";
    case 0x491: /* ґ */
        return "g";
    case 0x45e: /* ў */
        return "u";
    default:
        return NULL;
    }
}

static int cyr_ends_with(const int32_t *w, size_t n, const char *ending, size_t *elen)
{
    int32_t e[12];
    size_t m = 0, i = 0, len = strlen(ending);
    int bad = 0;
    while (i < len && m < 12)
        e[m++] = frana_utf8_next((const uint8_t *)ending, len, &i, &bad);
    if (m > n)
        return 0;
    for (size_t k = 0; k < m; k++)
        if (w[n - m + k] != e[k])
            return 0;
    *elen = m;
    return 1;
}

static int cyrillic_cognates(const char *word, size_t len, char out[][FRANA_COGNATE_MAX])
{
    int32_t w[FRANA_COGNATE_MAX];
    size_t n = 0, i = 0;
    int bad = 0;
    while (i < len) {
        if (n == FRANA_COGNATE_MAX)
            return 0;
        w[n++] = frana_utf8_next((const uint8_t *)word, len, &i, &bad);
    }
    if (bad)
        return 0;
    const cyr_row *best = NULL;
    size_t best_len = 0;
    for (size_t r = 0; r < sizeof cyr_rows / sizeof cyr_rows[0]; r++)
        for (size_t e = 0; cyr_rows[r].endings[e]; e++) {
            size_t el;
            if (cyr_ends_with(w, n, cyr_rows[r].endings[e], &el) && el > best_len &&
                n >= el + MIN_ROOT) {
                best = &cyr_rows[r];
                best_len = el;
            }
        }
    if (!best && n < CYR_BARE_MIN)
        return 0;
    size_t root = n - best_len;
    char spelled[FRANA_COGNATE_MAX];
    size_t o = 0;
    for (size_t k = 0; k < root; k++) {
        int skip;
        const char *to = cyr_letter(k ? w[k - 1] : 0, w[k], k + 1 < n ? w[k + 1] : 0, &skip);
        if (!to)
            return 0;
        size_t tl = strlen(to);
        if (o + tl >= sizeof spelled)
            return 0;
        memcpy(spelled + o, to, tl);
        o += tl;
        k += (size_t)skip;
    }
    if (!best) {
        spelled[o] = '\0';
        memcpy(out[0], spelled, o + 1);
        return 1;
    }
    int m = 0;
    for (int k = 0; best->fr[k] && m < FRANA_COGNATES_MAX; k++) {
        size_t fl = strlen(best->fr[k]);
        if (o + fl >= FRANA_COGNATE_MAX)
            continue;
        memcpy(out[m], spelled, o);
        memcpy(out[m] + o, best->fr[k], fl + 1);
        m++;
    }
    return m;
}

/* Peoples and their adjectives (American, amerikanisch, американский, americký,
 * amerykański, Američané, Amerikaner, estadounidense → américain): the French
 * word of each, from the stems the query languages write (folded: accents
 * removed, ł → l, ß → ss). A word is a stem and at most DEMONYM_TAIL more
 * letters (its case or gender ending); the longest stem wins, and a stem with
 * no French word (Alemania, Deutschland: the country, an exonym) gives none. No rule predicts
 * these: the French word often has another root (niemiecki, deutsch →
 * allemand). */
#define DEMONYM_TAIL 4
typedef struct demonym_row {
    const char *stem;
    const char *fr; /* NULL: no French word (the stem names a country) */
} demonym_row;
static const demonym_row demonyms[] = {
    {"американ", "americain"},   {"американск", "americain"}, {"американськ", "americain"},
    {"амерыкан", "americain"},   {"амерыканск", "americain"}, {"americk", "americain"},
    {"american", "americain"},   {"amerykan", "americain"},   {"amerykansk", "americain"},
    {"amerikanisch", "americain"}, {"amerikaner", "americain"},
    {"estadounidense", "americain"},
    {"европейск", "europeen"},   {"европейц", "europeen"},    {"європейськ", "europeen"},
    {"європейц", "europeen"},    {"еўрапейск", "europeen"},   {"evropsk", "europeen"},
    {"evropan", "europeen"},     {"europejsk", "europeen"},   {"europaisch", "europeen"},
    {"europaer", "europeen"},
    {"африканск", "africain"},   {"африканськ", "africain"},  {"африканц", "africain"},
    {"афрыканск", "africain"},   {"africk", "africain"},      {"afrycan", "africain"},
    {"afrykansk", "africain"},   {"afrikanisch", "africain"}, {"african", "africain"},
    {"азиатск", "asiatique"},    {"азійськ", "asiatique"},    {"азіяцк", "asiatique"},
    {"asijsk", "asiatique"},     {"azjatyck", "asiatique"},   {"asiatisch", "asiatique"},
    {"мексиканск", "mexicain"},  {"мексиканськ", "mexicain"}, {"мексиканц", "mexicain"},
    {"мексіканск", "mexicain"},  {"mexick", "mexicain"},      {"mexican", "mexicain"},
    {"meksykan", "mexicain"},    {"meksykansk", "mexicain"},  {"mexikanisch", "mexicain"},
    {"mexikaner", "mexicain"},
    {"канадск", "canadien"},     {"канадськ", "canadien"},    {"канадц", "canadien"},
    {"kanadsk", "canadien"},     {"kanadan", "canadien"},     {"kanadyjsk", "canadien"},
    {"kanadisch", "canadien"},   {"kanadier", "canadien"},
    {"чешск", "tcheque"},        {"чеськ", "tcheque"},        {"чэшск", "tcheque"},
    {"cesk", "tcheque"},         {"czesk", "tcheque"},        {"tschechisch", "tcheque"},
    {"немецк", "allemand"},      {"немц", "allemand"},        {"німецьк", "allemand"},
    {"німц", "allemand"},        {"нямецк", "allemand"},      {"nemeck", "allemand"},
    {"nemc", "allemand"},        {"niemc", "allemand"},       {"niemieck", "allemand"},    {"deutsch", "allemand"},
    {"aleman", "allemand"},      {"alemania", NULL},          {"deutschland", NULL},
    {"француз", "francais"},     {"французск", "francais"},   {"французьк", "francais"},
    {"francouz", "francais"},    {"francouzsk", "francais"},  {"francusk", "francais"},
    {"francuz", "francais"},     {"franzosisch", "francais"}, {"franzose", "francais"},
    {"francesa", "francais"},    {"francese", "francais"},
    {"русск", "russe"},          {"российск", "russe"},       {"россиян", "russe"},
    {"російськ", "russe"},       {"расійск", "russe"},        {"rusk", "russe"},
    {"rosyjsk", "russe"},        {"russisch", "russe"},
    {"британск", "britannique"}, {"британськ", "britannique"}, {"брытанск", "britannique"},
    {"britsk", "britannique"},   {"brytyjsk", "britannique"}, {"britisch", "britannique"},
    {"britanic", "britannique"},
    {"японск", "japonais"},      {"японськ", "japonais"},     {"японц", "japonais"},
    {"japonsk", "japonais"},     {"japonc", "japonais"},      {"japanisch", "japonais"},
    {"japones", "japonais"},
    {"китайск", "chinois"},      {"китайськ", "chinois"},     {"китайц", "chinois"},
    {"кітайск", "chinois"},      {"cinsk", "chinois"},        {"cinan", "chinois"},
    {"chinsk", "chinois"},       {"chinczyk", "chinois"},     {"chinesisch", "chinois"},
    {"израильск", "israelien"},  {"израильтян", "israelien"}, {"ізраїльськ", "israelien"},
    {"ізраільск", "israelien"},  {"izraelsk", "israelien"},   {"izraelc", "israelien"},
    {"izraelczyk", "israelien"}, {"israelisch", "israelien"}, {"israeli", "israelien"},
    {"палестинск", "palestinien"}, {"палестинськ", "palestinien"}, {"палестинц", "palestinien"},
    {"палестынск", "palestinien"}, {"palestinsk", "palestinien"}, {"palestinc", "palestinien"},
    {"palestynsk", "palestinien"}, {"palestynczyk", "palestinien"},
    {"palastinensisch", "palestinien"}, {"palestino", "palestinien"},
    {"украинск", "ukrainien"},   {"украинц", "ukrainien"},    {"українськ", "ukrainien"},
    {"українц", "ukrainien"},    {"украінск", "ukrainien"},   {"ukrajinsk", "ukrainien"},
    {"ukrajinc", "ukrainien"},   {"ukrainsk", "ukrainien"},   {"ukrainisch", "ukrainien"},
    {"польск", "polonais"},      {"польськ", "polonais"},     {"поляк", "polonais"},
    {"polsk", "polonais"},       {"polnisch", "polonais"},    {"polac", "polonais"},
    {"итальянск", "italien"},    {"итальянц", "italien"},     {"італійськ", "italien"},
    {"італьянск", "italien"},    {"italsk", "italien"},       {"wlosk", "italien"},
    {"italienisch", "italien"},
    {"испанск", "espagnol"},     {"испанц", "espagnol"},      {"іспанськ", "espagnol"},
    {"іспанск", "espagnol"},     {"spanelsk", "espagnol"},    {"hiszpansk", "espagnol"},
    {"spanisch", "espagnol"},
    {"греческ", "grec"},         {"грецьк", "grec"},          {"грэчаск", "grec"},
    {"greck", "grec"},           {"griechisch", "grec"},
    {"турецк", "turc"},          {"турецьк", "turc"},         {"турэцк", "turc"},
    {"tureck", "turc"},          {"turkisch", "turc"},
    {"арабск", "arabe"},         {"арабськ", "arabe"},        {"arabsk", "arabe"},
    {"arabisch", "arabe"},
    {"иранск", "iranien"},       {"іранськ", "iranien"},      {"iransk", "iranien"},
    {"iranisch", "iranien"},
    {"индийск", "indien"},       {"індійськ", "indien"},      {"indick", "indien"},
    {"indyjsk", "indien"},       {"indisch", "indien"},
    {"советск", "sovietique"},   {"радянськ", "sovietique"},  {"савецк", "sovietique"},
    {"sovetsk", "sovietique"},   {"radzieck", "sovietique"},  {"sowjetisch", "sovietique"},
    {"sovietic", "sovietique"},
    {"еврейск", "juif"},         {"евре", "juif"},            {"єврейськ", "juif"},
    {"яўрэйск", "juif"},         {"zidovsk", "juif"},         {"zydowsk", "juif"},
    {"zydzi", "juif"},           {"zydow", "juif"},           {"judisch", "juif"},
    {"judio", "juif"},           {"judia", "juif"},
    {"христианск", "chretien"},  {"християнськ", "chretien"}, {"хрысціянск", "chretien"},
    {"krestansk", "chretien"},   {"chrzescijansk", "chretien"}, {"christlich", "chretien"},
    {"christian", "chretien"},   {"cristian", "chretien"},
    {"мусульман", "musulman"},   {"мусульманск", "musulman"}, {"мусульманськ", "musulman"},
    {"muslimsk", "musulman"},    {"muzulmansk", "musulman"},  {"muslimisch", "musulman"},
    {"исламск", "islamique"},    {"ісламськ", "islamique"},   {"islamsk", "islamique"},
    {"islamisch", "islamique"},
    {"белорусск", "bielorusse"}, {"білоруськ", "bielorusse"}, {"беларуск", "bielorusse"},
    {"belorusk", "bielorusse"},  {"bialorusk", "bielorusse"}, {"belarussisch", "bielorusse"},
    {"weissrussisch", "bielorusse"},
    /* nouns French writes in lower case, so no name key meets them */
    {"aids", "sida"},            {"спид", "sida"},            {"снід", "sida"},
};

int frana_demonyms(const char *word, size_t len, char out[][FRANA_COGNATE_MAX])
{
    const demonym_row *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < sizeof demonyms / sizeof demonyms[0]; i++) {
        size_t e = strlen(demonyms[i].stem);
        if (e > len || e <= best_len || memcmp(word, demonyms[i].stem, e) != 0)
            continue;
        size_t tail = 0; /* letters after the stem: UTF-8 lead bytes */
        for (size_t k = e; k < len; k++)
            tail += ((unsigned char)word[k] & 0xc0) != 0x80;
        if (tail <= DEMONYM_TAIL) {
            best = &demonyms[i];
            best_len = e;
        }
    }
    if (!best || !best->fr)
        return 0;
    memcpy(out[0], best->fr, strlen(best->fr) + 1);
    if (strcmp(best->fr, "francais") != 0)
        return 1;
    /* française stems to français, français to franc: both are searched */
    memcpy(out[1], "francaise", sizeof "francaise");
    return 2;
}

/* German nouns, which German writes with a capital, so that a query of them
 * reads as a query of names: the French word of each frequent common noun
 * (Menschen → personne, Jahren → an, année, Länder → pays), keyed by the
 * noun's German Snowball stem, which joins its case and plural forms (Jahr,
 * Jahre, Jahren, Jahres → jahr; Länder → land). A translation, not a
 * spelling: no rule predicts these. Nouns that also name people or things
 * in other languages (Stein, Berg, Bild, Kraft, Zug), or that are French
 * words (Auto), are left out. */
typedef struct noun_row {
    const char *stem;
    const char *fr[FRANA_COGNATES_MAX + 1]; /* NULL-terminated */
} noun_row;
static const noun_row nouns_de[] = {
    {"abend", {"soir", "soiree", NULL}}, /* Abend */
    {"anfang", {"debut", NULL}}, /* Anfang */
    {"angriff", {"attaque", NULL}}, /* Angriff */
    {"arbeit", {"travail", "travailleur", "ouvrier", NULL}}, /* Arbeit, Arbeiter */
    {"arzt", {"medecin", NULL}}, /* Arzt */
    {"aug", {"oeil", "yeux", NULL}}, /* Auge */
    {"ausland", {"etranger", "etrangers", NULL}}, /* Ausländer */
    {"baum", {"arbre", NULL}}, /* Baum */
    {"beginn", {"debut", NULL}}, /* Beginn */
    {"behandl", {"traitement", NULL}}, /* Behandlung */
    {"beispiel", {"exemple", NULL}}, /* Beispiel */
    {"bericht", {"rapport", NULL}}, /* Bericht */
    {"bevolker", {"population", NULL}}, /* Bevölkerung */
    {"bod", {"sol", NULL}}, /* Boden */
    {"bruck", {"pont", NULL}}, /* Brücke */
    {"brud", {"frere", NULL}}, /* Bruder */
    {"buch", {"livre", NULL}}, /* Buch */
    {"burg", {"citoyen", NULL}}, /* Bürger */
    {"einwohn", {"habitant", NULL}}, /* Einwohner */
    {"elt", {"parents", NULL}}, /* Eltern */
    {"end", {"fin", NULL}}, /* Ende */
    {"entscheid", {"decision", NULL}}, /* Entscheidung */
    {"entwickl", {"developpement", NULL}}, /* Entwicklung */
    {"erfahr", {"experience", NULL}}, /* Erfahrung */
    {"erfolg", {"succes", NULL}}, /* Erfolg */
    {"ergebnis", {"resultat", NULL}}, /* Ergebnis */
    {"fall", {"cas", NULL}}, /* Fall */
    {"famili", {"famille", NULL}}, /* Familie */
    {"feu", {"feu", "feux", NULL}}, /* Feuer */
    {"film", {"film", NULL}}, /* Film */
    {"firma", {"entreprise", NULL}}, /* Firma */
    {"fluchtling", {"refugie", NULL}}, /* Flüchtling */
    {"flughaf", {"aeroport", NULL}}, /* Flughafen */
    {"flugzeug", {"avion", NULL}}, /* Flugzeug */
    {"fluss", {"fleuve", "riviere", NULL}}, /* Fluss */
    {"forschung", {"recherche", NULL}}, /* Forschung */
    {"frag", {"question", NULL}}, /* Frage */
    {"frau", {"femme", NULL}}, /* Frau */
    {"freiheit", {"liberte", NULL}}, /* Freiheit */
    {"freund", {"ami", "amis", NULL}}, /* Freund */
    {"fried", {"paix", NULL}}, /* Frieden */
    {"gebaud", {"batiment", NULL}}, /* Gebäude */
    {"gebiet", {"region", "territoire", NULL}}, /* Gebiet */
    {"gefahr", {"danger", "dangers", NULL}}, /* Gefahr */
    {"gefangnis", {"prison", NULL}}, /* Gefängnis */
    {"geld", {"argent", NULL}}, /* Geld */
    {"gericht", {"tribunal", "cour", NULL}}, /* Gericht */
    {"geschicht", {"histoire", NULL}}, /* Geschichte */
    {"gesellschaft", {"societe", NULL}}, /* Gesellschaft */
    {"gesetz", {"loi", "lois", NULL}}, /* Gesetz */
    {"gesund", {"sante", NULL}}, /* Gesundheit */
    {"gewalt", {"violence", NULL}}, /* Gewalt */
    {"grenz", {"frontiere", NULL}}, /* Grenze */
    {"grund", {"raison", NULL}}, /* Grund */
    {"grupp", {"groupe", NULL}}, /* Gruppe */
    {"hand", {"main", NULL}}, /* Hand */
    {"haus", {"maison", NULL}}, /* Haus */
    {"herz", {"coeur", NULL}}, /* Herz */
    {"hilf", {"aide", NULL}}, /* Hilfe */
    {"himmel", {"ciel", NULL}}, /* Himmel */
    {"ide", {"idee", NULL}}, /* Idee */
    {"insel", {"ile", NULL}}, /* Insel */
    {"jahr", {"an", "annee", NULL}}, /* Jahr */
    {"jahrhundert", {"siecle", NULL}}, /* Jahrhundert */
    {"kampf", {"combat", "lutte", NULL}}, /* Kampf */
    {"kind", {"enfant", NULL}}, /* Kind */
    {"kirch", {"eglise", NULL}}, /* Kirche */
    {"kopf", {"tete", NULL}}, /* Kopf */
    {"korp", {"corps", NULL}}, /* Körper */
    {"kost", {"cout", NULL}}, /* Kosten */
    {"krankenhaus", {"hopital", NULL}}, /* Krankenhaus */
    {"krankheit", {"maladie", NULL}}, /* Krankheit */
    {"krieg", {"guerre", NULL}}, /* Krieg */
    {"kultur", {"culture", NULL}}, /* Kultur */
    {"kund", {"client", NULL}}, /* Kunde */
    {"kunst", {"art", NULL}}, /* Kunst */
    {"lag", {"situation", NULL}}, /* Lage */
    {"land", {"pays", NULL}}, /* Land */
    {"leb", {"vie", NULL}}, /* Leben */
    {"lehr", {"enseignant", "professeur", NULL}}, /* Lehrer */
    {"leut", {"gens", NULL}}, /* Leute */
    {"luft", {"air", NULL}}, /* Luft */
    {"macht", {"pouvoir", NULL}}, /* Macht */
    {"mann", {"homme", NULL}}, /* Mann */
    {"mannschaft", {"equipe", NULL}}, /* Mannschaft */
    {"markt", {"marche", NULL}}, /* Markt */
    {"meer", {"mer", NULL}}, /* Meer */
    {"meinung", {"opinion", "avis", NULL}}, /* Meinung */
    {"mensch", {"personne", "gens", "homme", NULL}}, /* Mensch */
    {"milliard", {"milliard", NULL}}, /* Milliarde */
    {"mitglied", {"membre", NULL}}, /* Mitglied */
    {"moglich", {"possibilite", NULL}}, /* Möglichkeit */
    {"monat", {"mois", NULL}}, /* Monat */
    {"morg", {"matin", NULL}}, /* Morgen */
    {"musik", {"musique", NULL}}, /* Musik */
    {"mutt", {"mere", NULL}}, /* Mutter */
    {"nachricht", {"nouvelle", NULL}}, /* Nachricht */
    {"nacht", {"nuit", NULL}}, /* Nacht */
    {"nam", {"nom", NULL}}, /* Name */
    {"opf", {"victime", NULL}}, /* Opfer */
    {"ort", {"lieu", "lieux", "endroit", NULL}}, /* Ort */
    {"partei", {"parti", NULL}}, /* Partei */
    {"pflanz", {"plante", NULL}}, /* Pflanze */
    {"platz", {"place", NULL}}, /* Platz */
    {"polizei", {"police", NULL}}, /* Polizei */
    {"preis", {"prix", NULL}}, /* Preis */
    {"prozent", {"pourcent", NULL}}, /* Prozent */
    {"punkt", {"point", NULL}}, /* Punkt */
    {"recht", {"droit", NULL}}, /* Recht */
    {"reis", {"voyage", NULL}}, /* Reise */
    {"richt", {"juge", NULL}}, /* Richter */
    {"roll", {"role", NULL}}, /* Rolle */
    {"schiff", {"navire", "bateau", NULL}}, /* Schiff */
    {"schul", {"ecole", "eleve", NULL}}, /* Schule, Schüler */
    {"schuld", {"dette", "faute", NULL}}, /* Schuld */
    {"schutz", {"protection", NULL}}, /* Schutz */
    {"seit", {"cote", "page", NULL}}, /* Seite */
    {"sich", {"securite", NULL}}, /* Sicherheit */
    {"sieg", {"victoire", NULL}}, /* Sieg */
    {"sohn", {"fils", NULL}}, /* Sohn */
    {"soldat", {"soldat", NULL}}, /* Soldat */
    {"somm", {"ete", NULL}}, /* Sommer */
    {"spiel", {"match", "jeu", "joueur", NULL}}, /* Spiel, Spieler */
    {"sprach", {"langue", NULL}}, /* Sprache */
    {"staat", {"etat", NULL}}, /* Staat */
    {"stadt", {"ville", NULL}}, /* Stadt */
    {"steu", {"impot", NULL}}, /* Steuer */
    {"stimm", {"voix", NULL}}, /* Stimme */
    {"straf", {"peine", NULL}}, /* Strafe */
    {"strass", {"rue", "route", NULL}}, /* Strasse */
    {"student", {"etudiant", NULL}}, /* Student */
    {"studi", {"etude", NULL}}, /* Studie */
    {"stund", {"heure", NULL}}, /* Stunde */
    {"tag", {"jour", "journee", NULL}}, /* Tag */
    {"teil", {"partie", NULL}}, /* Teil */
    {"tier", {"animal", NULL}}, /* Tier */
    {"tocht", {"fille", NULL}}, /* Tochter */
    {"tod", {"mort", "deces", NULL}}, /* Tod */
    {"umwelt", {"environnement", NULL}}, /* Umwelt */
    {"unternehm", {"entreprise", "societe", NULL}}, /* Unternehmen */
    {"vat", {"pere", NULL}}, /* Vater */
    {"verbrech", {"crime", NULL}}, /* Verbrechen */
    {"verhandl", {"negociation", NULL}}, /* Verhandlung */
    {"versuch", {"tentative", "essai", NULL}}, /* Versuch */
    {"vertrag", {"traite", "contrat", NULL}}, /* Vertrag */
    {"volk", {"peuple", NULL}}, /* Volk */
    {"waff", {"arme", NULL}}, /* Waffe */
    {"wahl", {"election", "vote", NULL}}, /* Wahl */
    {"wass", {"eau", NULL}}, /* Wasser */
    {"weg", {"chemin", "voie", NULL}}, /* Weg */
    {"weis", {"maniere", "facon", NULL}}, /* Weise */
    {"welt", {"monde", "mondial", NULL}}, /* Welt */
    {"wett", {"temps", "meteo", NULL}}, /* Wetter */
    {"wint", {"hiver", NULL}}, /* Winter */
    {"wirtschaft", {"economie", NULL}}, /* Wirtschaft */
    {"wiss", {"savoir", "connaissance", NULL}}, /* Wissen */
    {"wissenschaft", {"science", NULL}}, /* Wissenschaft */
    {"woch", {"semaine", NULL}}, /* Woche */
    {"wort", {"mot", "parole", NULL}}, /* Wort */
    {"zahl", {"nombre", "chiffre", NULL}}, /* Zahl */
    {"zeit", {"temps", "epoque", NULL}}, /* Zeit */
    {"zeitung", {"journal", NULL}}, /* Zeitung */
    {"ziel", {"objectif", "but", NULL}}, /* Ziel */
    {"zukunft", {"avenir", NULL}}, /* Zukunft */
};

int frana_nouns_de(const char *stem, size_t len, char out[][FRANA_COGNATE_MAX])
{
    for (size_t i = 0; i < sizeof nouns_de / sizeof nouns_de[0]; i++) {
        const noun_row *row = &nouns_de[i];
        if (strlen(row->stem) != len || memcmp(row->stem, stem, len) != 0)
            continue;
        int n = 0;
        for (; n < FRANA_COGNATES_MAX && row->fr[n]; n++)
            memcpy(out[n], row->fr[n], strlen(row->fr[n]) + 1);
        return n;
    }
    return 0;
}

int frana_cognates(const char *word, size_t len, char out[][FRANA_COGNATE_MAX])
{
    return frana_cognates_lang("en", word, len, out);
}

int frana_cognates_lang(const char *lang, const char *word, size_t len,
                        char out[][FRANA_COGNATE_MAX])
{
    if (lang && (!strcmp(lang, "ru") || !strcmp(lang, "uk") || !strcmp(lang, "be")))
        return cyrillic_cognates(word, len, out);
    const cognate_table *t = NULL;
    for (size_t i = 0; i < sizeof tables / sizeof tables[0] && lang; i++)
        if (strcmp(tables[i].lang, lang) == 0)
            t = &tables[i];
    if (!t)
        return 0;
    char spelled[FRANA_COGNATE_MAX];
    if (t->rows == rows_de) {
        len = frana_german_spelled(word, len, spelled, sizeof spelled);
        word = spelled;
    }
    for (size_t i = 0; i < len; i++)
        if (word[i] < 'a' || word[i] > 'z')
            return 0;
    if (len == 0)
        return 0;
    const cognate_row *row = find_row_in(t, word, len);
    if (!row && len > MIN_ROOT + 1 && word[len - 1] == 's' && word[len - 2] != 's') {
        len--; /* a plural: Americans, States */
        row = find_row_in(t, word, len);
    }
    if (!row)
        return 0;
    size_t root = (row->flags & WHOLE) ? 0 : len - strlen(row->en);
    int n = 0;
    for (int k = 0; row->fr[k] && n < FRANA_COGNATES_MAX; k++) {
        size_t fl = strlen(row->fr[k]);
        if (root + fl >= FRANA_COGNATE_MAX)
            continue;
        memcpy(out[n], word, root);
        memcpy(out[n] + root, row->fr[k], fl + 1);
        n++;
    }
    return n;
}
