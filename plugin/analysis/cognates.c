/*
 * cognates.c — French forms of English, Spanish and German query words (see
 * cognates.h).
 *
 * One table per language of endings and the French endings they become. The
 * longest ending that matches wins; what precedes it (at least MIN_ROOT
 * letters) is kept as written: "republican" → "republic" + "ain". A plural
 * "s" is taken off first when the word as written matches no ending
 * ("americans" → "americain"; the French stem drops the plural anyway). Rows
 * marked WHOLE are whole words whose French form no ending predicts
 * ("states" → "etat"). Candidates that are no French word cost a query term
 * and match nothing.
 */
#include "cognates.h"

#include <string.h>

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
    {"french", {"francais", NULL}, WHOLE},
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
 * ß → ss, k → c (ck → c). Returns the length written to out, or 0. */
static size_t german_letters(const char *w, size_t n, char *out, size_t cap)
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

int frana_cognates(const char *word, size_t len, char out[][FRANA_COGNATE_MAX])
{
    return frana_cognates_lang("en", word, len, out);
}

int frana_cognates_lang(const char *lang, const char *word, size_t len,
                        char out[][FRANA_COGNATE_MAX])
{
    const cognate_table *t = NULL;
    for (size_t i = 0; i < sizeof tables / sizeof tables[0] && lang; i++)
        if (strcmp(tables[i].lang, lang) == 0)
            t = &tables[i];
    if (!t)
        return 0;
    char spelled[FRANA_COGNATE_MAX];
    if (t->rows == rows_de) {
        len = german_letters(word, len, spelled, sizeof spelled);
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
