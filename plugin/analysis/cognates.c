/*
 * cognates.c — French forms of English query words (see cognates.h).
 *
 * One table of English endings and the French endings they become. The
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
};

/* The row whose ending (or whole word) w[0..n) ends with, the longest one. */
static const cognate_row *find_row(const char *w, size_t n)
{
    const cognate_row *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        size_t e = strlen(rows[i].en);
        if (rows[i].flags & WHOLE) {
            if (e != n || memcmp(w, rows[i].en, n) != 0)
                continue;
        } else if (e + MIN_ROOT > n || memcmp(w + n - e, rows[i].en, e) != 0) {
            continue;
        }
        if (e > best_len) {
            best = &rows[i];
            best_len = e;
        }
    }
    return best;
}

int frana_cognates(const char *word, size_t len, char out[][FRANA_COGNATE_MAX])
{
    for (size_t i = 0; i < len; i++)
        if (word[i] < 'a' || word[i] > 'z')
            return 0;
    const cognate_row *row = find_row(word, len);
    if (!row && len > MIN_ROOT + 1 && word[len - 1] == 's' && word[len - 2] != 's') {
        len--; /* a plural: Americans, States */
        row = find_row(word, len);
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
