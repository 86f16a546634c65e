/*
 * test_xlang.c — names and queries across languages, end to end over a real
 * Xapian database of a few articles written for the test:
 *  - a foreign name in French text is found under its own reading too
 *    (Гибсон finds Gibson, Джерри finds Jerry);
 *  - the language of a query is recognised from its function words and
 *    script, and its stopwords are stopwords ("the election" does not search
 *    French "thé"; a capital "I" marks English), French queries unchanged;
 *  - German common nouns meet their French words (Menschen, Jahren: personnes,
 *    années) through their German stem;
 *  - Belarusian and Ukrainian spellings, given names across languages and
 *    regions meet the French ones (Aliaksandr Lukashenka, Transnistria);
 *  - a word of one or two letters never links to anything through a name key
 *    (checked over every such word of the Latin and Cyrillic alphabets), and
 *    "zzzz" does not find a Russian article through its "с";
 *  - in an archive of several languages (corpus_fr.jsonl's French, English,
 *    German and Russian articles; the first FLORES sentences in eight
 *    languages), a French article that matches through a name key ranks above
 *    the articles of other languages that match the same way, and lang:fr
 *    keeps the French ones only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "frana.h"
#include "frana_db.h"
#include "cognates.h"
#include "names.h"
#include "querylang.h"

#include "check.h"

static frana_db_reader *R;

static const struct {
    const char *id, *lang, *body;
} ARTICLES[] = {
    {"fr-the", "fr", "Le thé vert est servi chaud dans les salons de Lyon."},
    {"fr-gibson", "fr", "L'acteur Mel Gibson a présenté son film à Cannes."},
    {"fr-jerry", "fr", "Le chanteur Jerry Lee a donné un concert à Nantes."},
    {"fr-elec", "fr", "L'élection présidentielle aura lieu en avril."},
    {"ru-meet", "ru", "Встреча с президентом прошла в Москве."},
    {"fr-const", "fr", "La Constitution a été adoptée par le Parlement."},
    {"fr-demo", "fr", "La démocratie de ce pays est jeune."},
    {"fr-luka", "fr", "Alexandre Loukachenko est arrivé à Sotchi."},
    {"fr-coran", "fr", "Le Coran a été traduit à Tombouctou puis à Marseille."},
    {"fr-region", "fr", "La Transnistrie et le Caucase restent des zones de tension."},
    {"fr-peoples", "fr", "Les diplomates américains et allemands sont en Europe, puis au "
                         "Moyen-Orient."},
    {"fr-afrique", "fr", "Le président tchèque a visité l'Afrique."},
    {"fr-route", "fr", "La route I/43 mène à Svitavy."},
    {"fr-or", "fr", "Le roi Louis a caché son or à Lyon."},
    {"fr-monde", "fr", "Des millions de personnes vivent depuis des années dans les villes "
                       "du monde."},
};

/* The hits of q as ",id,id,", or "ERR:n". */
static const char *hits_op(const char *q, int default_or)
{
    static char buf[1024];
    frana_search_options o = {0};
    o.limit = 100;
    o.default_or = default_or;
    frana_db_results *res = NULL;
    int rc = frana_db_search(R, q, strlen(q), &o, &res);
    if (rc) {
        snprintf(buf, sizeof buf, "ERR:%d", rc);
        return buf;
    }
    size_t n = (size_t)snprintf(buf, sizeof buf, ",");
    for (size_t i = 0; i < frana_db_results_count(res) && n < sizeof buf; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s,", frana_db_results_hit(res, i)->id);
    frana_db_results_free(res);
    return buf;
}

static const char *hits(const char *q) { return hits_op(q, 1); }

static int has(const char *h, const char *id)
{
    char pat[64];
    snprintf(pat, sizeof pat, ",%s,", id);
    return strstr(h, pat) != NULL;
}

static void test_search(void)
{
    /* (1) the name's own reading */
    static const char *const own[][2] = {
        {"Гибсон", "fr-gibson"}, {"Gibson", "fr-gibson"}, {"Джерри", "fr-jerry"},
        {"Jerry", "fr-jerry"}};
    for (size_t i = 0; i < sizeof own / sizeof own[0]; i++) {
        const char *h = hits(own[i][0]);
        check(has(h, own[i][1]), "%s finds %s: %s", own[i][0], own[i][1], h);
    }

    /* (2) the query's language. "the" alone is all stopwords in English and is
     * searched as a query of no language, where it meets "thé": the control
     * that the word would match. */
    const char *h = hits("the");
    check(has(h, "fr-the"), "the alone (no language): finds fr-the: %s", h);
    h = hits("the election");
    check(has(h, "fr-elec") && !has(h, "fr-the"), "the election: fr-elec, not fr-the: %s", h);
    h = hits("the tea of the president");
    check(strncmp(h, "ERR", 3) != 0 && !has(h, "fr-the"), "English query: not fr-the: %s", h);
    h = hits("le thé vert");
    check(has(h, "fr-the"), "le thé vert (French) finds fr-the: %s", h);
    h = hits("le the vert");
    check(has(h, "fr-the"), "le the vert (French, no accent) finds fr-the: %s", h);

    /* (6) cognates of the query's language, all words of a recognised query
     * and capitalized words of any: under AND, each word must match */
    static const char *const cog[][2] = {
        {"the presidential election", "fr-elec"},
        {"Presidential", "fr-elec"},
        {"la Constitución y el Parlamento", "fr-const"},
        {"Constitución", "fr-const"},
        {"die Demokratie", "fr-demo"},
        {"Demokratie", "fr-demo"},
        {"das Parlament", "fr-const"},
        {"Конституция была", "fr-const"},
        {"демократия", "fr-demo"},
        {"Конституція", "fr-const"},
    };
    for (size_t i = 0; i < sizeof cog / sizeof cog[0]; i++) {
        h = hits_op(cog[i][0], 0);
        check(has(h, cog[i][1]), "%s (AND) finds %s: %s", cog[i][0], cog[i][1], h);
    }
    /* German nouns, which German writes with a capital: their French words
     * through the German stem (Menschen, Jahren, Städten), or the stem (Millionen,
     * Personen), under AND */
    static const char *const nouns[] = {"Menschen Welt", "Millionen Städten",
                                        "Personen Jahren", "die Menschen in den Städten"};
    for (size_t i = 0; i < sizeof nouns / sizeof nouns[0]; i++) {
        h = hits_op(nouns[i], 0);
        check(has(h, "fr-monde"), "%s (AND) finds fr-monde: %s", nouns[i], h);
    }
    /* English "I", written with a capital, marks an English query: a stopword
     * there, so that it does not search the French "I" of a road number; alone
     * it is searched as a query of no language (the control that it matches). */
    h = hits("I");
    check(has(h, "fr-route"), "I alone (no language) finds fr-route: %s", h);
    h = hits("I Lyon");
    check(has(h, "fr-the") && !has(h, "fr-route"), "I Lyon: fr-the, not fr-route: %s", h);
    /* A French query whose words are English stopwords (I, or) loses no
     * match: under AND, what is left of it still finds the article. */
    h = hits_op("Louis I or", 0);
    check(has(h, "fr-or"), "Louis I or (AND) finds fr-or: %s", h);
    h = hits_op("Louis et son or", 0);
    check(has(h, "fr-or"), "Louis et son or (French, AND) finds fr-or: %s", h);
    h = hits_op("presidential election", 0);
    check(strncmp(h, "ERR", 3) != 0, "presidential election searches: %s", h);

    /* (3) (4) (5) Belarusian romanizations, given names, regions: under AND */
    static const char *const names[][2] = {
        {"Alexander Lukashenko", "fr-luka"}, {"Аляксандр Лукашэнка", "fr-luka"},
        {"Aliaksandr Lukashenka", "fr-luka"}, {"Олександр Лукашенко", "fr-luka"},
        {"Transnistria", "fr-region"},        {"Приднестровье Кавказ", "fr-region"},
        {"Kaukasus", "fr-region"},
        /* (7) near-cognates in Latin script */
        {"Koran", "fr-coran"}, {"der Koran", "fr-coran"}, {"Timbuktu", "fr-coran"},
        {"Marsella", "fr-coran"}, {"Marsiglia", "fr-coran"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        h = hits_op(names[i][0], 0);
        check(has(h, names[i][1]), "%s (AND) finds %s: %s", names[i][0], names[i][1], h);
    }
    /* (5) (6) continents and the Middle East; peoples and their adjectives in
     * the query languages, under AND */
    static const char *const peoples[][2] = {
        {"Američané", "fr-peoples"}, {"Amerikaner", "fr-peoples"},
        {"Американцы", "fr-peoples"}, {"Niemcy", "fr-peoples"},
        {"Alemanes", "fr-peoples"}, {"Европе", "fr-peoples"},
        {"Evropě", "fr-peoples"}, {"Ближнем Востоке", "fr-peoples"},
        {"Middle East", "fr-peoples"}, {"Afryce", "fr-afrique"},
        {"Африці", "fr-afrique"}, {"Чешский", "fr-afrique"},
    };
    for (size_t i = 0; i < sizeof peoples / sizeof peoples[0]; i++) {
        h = hits_op(peoples[i][0], 0);
        check(has(h, peoples[i][1]), "%s (AND) finds %s: %s", peoples[i][0], peoples[i][1], h);
    }
    /* Alemania is the country: it does not search the adjective (allemands) */
    h = hits_op("Alemania", 0);
    check(strncmp(h, "ERR", 3) != 0 && !has(h, "fr-peoples"), "Alemania: not fr-peoples: %s", h);
    h = hits_op("Alexei Lukashenko", 0);
    check(strncmp(h, "ERR", 3) != 0 && !has(h, "fr-luka"), "Alexei Lukashenko (AND): not fr-luka: %s", h);

    /* (8) no name key through a word of one or two letters */
    h = hits("Москва");
    check(has(h, "ru-meet"), "Москва finds ru-meet (the article is searchable): %s", h);
    h = hits("zzzz");
    check(strncmp(h, "ERR", 3) != 0 && !has(h, "ru-meet"), "zzzz: not ru-meet: %s", h);
    h = hits("ssss");
    check(strncmp(h, "ERR", 3) != 0 && !has(h, "ru-meet"), "ssss: not ru-meet: %s", h);
}

static void test_cognate_tables(void)
{
    static const char *const cases[][3] = {
        {"en", "presidential", "presidentiel"}, {"en", "annual", "annuel"},
        {"es", "constitucion", "constitution"}, {"es", "elecciones", "election"},
        {"es", "universidad", "universite"},    {"es", "presidente", "president"},
        {"de", "pr\xc3\xa4sident", "president"}, {"de", "demokratie", "democratie"},
        {"de", "universit\xc3\xa4t", "universite"}, {"de", "politik", "politique"},
        {"de", "konferenz", "conference"},
        {"es", "europea", "europeenne"},        {"es", "mediterraneo", "mediterraneen"},
        {"es", "constitucional", "constitutionnel"}, {"es", "internacional", "international"},
        {"es", "mundial", "mondial"},           {"es", "san", "saint"},
        {"es", "profesor", "professeur"},
        /* Cyrillic loanwords: an ending in any case, or the whole word spelled */
        {"ru", "конституции", "constitution"}, {"uk", "конституції", "constitution"},
        {"be", "інтэрнэт", "internet"}, {"ru", "демократической", "democratique"},
        {"uk", "демократичний", "democratique"}, {"ru", "университет", "universite"},
        {"ru", "результат", "resultat"},        {"uk", "інтернет", "internet"},
        {"ru", "мексика", "mexique"},           {"ru", "президент", "president"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[FRANA_COGNATES_MAX][FRANA_COGNATE_MAX];
        int n = frana_cognates_lang(cases[i][0], cases[i][1], strlen(cases[i][1]), out);
        int found = 0;
        for (int k = 0; k < n; k++)
            found |= strcmp(out[k], cases[i][2]) == 0;
        check(found, "%s %s -> %s (%d candidates)", cases[i][0], cases[i][1], cases[i][2], n);
    }
    char out[FRANA_COGNATES_MAX][FRANA_COGNATE_MAX];
    check(frana_cognates_lang("ru", "politik", 7, out) == 0, "ru: a Latin word, no candidate");
    check(frana_cognates_lang("pt", "politica", 8, out) == 0, "no table for pt");
    check(frana_cognates_lang("ru", "\xd0\xb4\xd0\xbe\xd0\xbc", 6, out) == 0,
          "ru: a short word (дом) with no ending, no candidate");
    check(frana_cognates_lang("de", "haus", 4, out) == 0, "de: no ending, no candidate");
}

static void test_hints(void)
{
    static const char *const cases[][2] = {
        {"the president of the republic", "?en"},
        {"Who is the new president?", "?en"},
        {"le président de la République", NULL},
        {"la the", "?en"}, /* "la" marks no language */
        {"Sotchi", NULL},
        {"die Wahl und der Präsident", "?de"},
        {"el presidente de la república y los ministros", "?es"},
        {"Путин и Лукашенко", "?ru"},
        {"Ціханоўская і Лукашэнка", "?ru"},
        {"le thé de the", NULL}, /* as French as it is English: no hint */
        {"Prezident je v Praze a vláda také", "?cs"},
        {"Prezydent jest w Warszawie, a rząd też", "?pl"},
        {"I Germany", "?en"},
        {"Kraków i Warszawa", NULL}, /* Polish "i" (and) is no English I */
        {"Louis I et Napoléon", NULL},
        {"", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = frana_query_lang_hint(cases[i][0], strlen(cases[i][0]));
        const char *want = cases[i][1];
        int ok = (!got && !want) || (got && want && strcmp(got, want) == 0);
        check(ok, "hint of '%s': %s", cases[i][0], got ? got : "(none)");
    }
}

/* The cells of one or two letters of one name table ("US", "UK", "UE", "ЕС"),
 * case-folded, appended to cells. */
static int short_cells_of(const char *path, char cells[][16], int max)
{
    FILE *f = fopen(path, "r");
    check(f != NULL, "open %s", path);
    if (!f)
        return 0;
    static char line[8192];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        char *save = NULL;
        strtok_r(line, "\t\n", &save); /* the group */
        for (char *c = strtok_r(NULL, "\t\n", &save); c; c = strtok_r(NULL, "\t\n", &save)) {
            char *v = strchr(c, ':');
            if (!v || n == max)
                continue;
            utf8proc_uint8_t *folded = NULL;
            utf8proc_ssize_t fl = utf8proc_map((const utf8proc_uint8_t *)v + 1,
                                               (utf8proc_ssize_t)strlen(v + 1), &folded,
                                               UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                                   UTF8PROC_CASEFOLD);
            size_t cps = 0;
            for (utf8proc_ssize_t i = 0; i < fl; i++)
                cps += (folded[i] & 0xc0) != 0x80;
            if (fl > 0 && cps <= 2 && (size_t)fl < sizeof cells[0])
                strcpy(cells[n++], (const char *)folded);
            free(folded);
        }
    }
    fclose(f);
    return n;
}

/* The cells of one or two letters of every name table. */
static int short_cells(char cells[][16], int max)
{
    static const char *const files[] = {"../names/exonyms.tsv", "../names/places.tsv",
                                        "../names/given_names.tsv", "../names/others.tsv"};
    int n = 0;
    for (size_t t = 0; t < sizeof files / sizeof files[0]; t++)
        n += short_cells_of(files[t], cells + n, max - n);
    return n;
}

static void test_short_words(void)
{
    frana_names *nm = NULL;
    char *err = NULL;
    if (!check(frana_names_new(&nm, &err) == 0, "frana_names_new: %s", err ? err : ""))
        return;
    frana_names_session *s = frana_names_session_new(nm);
    static char cells[96][16];
    int ncells = short_cells(cells, 96);
    check(ncells >= 3, "%d two-letter exonym cells", ncells);
    /* every letter of the Latin and Cyrillic alphabets, and some accented ones */
    int32_t letters[128];
    int nl = 0;
    for (int32_t c = 'a'; c <= 'z'; c++)
        letters[nl++] = c;
    for (int32_t c = 0x430; c <= 0x44f; c++)
        letters[nl++] = c;
    static const int32_t more[] = {0x451, 0x456, 0x457, 0x454, 0x491, 0x45e, 0xe9, 0xe8,
                                   0xe0, 0xe7, 0x161, 0x10d, 0x142, 0xfc};
    for (size_t i = 0; i < sizeof more / sizeof more[0]; i++)
        letters[nl++] = more[i];
    static const char *const langs[] = {NULL, "fr", "en", "de", "ru", "uk", "be", "pl", "cs"};
    size_t words = 0, linked = 0, bad = 0;
    for (int a = 0; a < nl; a++) {
        for (int b = -1; b < nl; b++) {
            char w[16];
            size_t n = (size_t)utf8proc_encode_char(letters[a], (utf8proc_uint8_t *)w);
            if (b >= 0)
                n += (size_t)utf8proc_encode_char(letters[b], (utf8proc_uint8_t *)w + n);
            w[n] = 0;
            int is_cell = 0;
            for (int c = 0; c < ncells && !is_cell; c++)
                is_cell = strcmp(cells[c], w) == 0;
            for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
                frana_name_key k[FRANA_NAME_KEYS_MAX];
                int nk = frana_name_keys(s, w, n, langs[l], k, FRANA_NAME_KEYS_MAX);
                words++;
                for (int i = 0; i < nk; i++) {
                    if (k[i].kind == FRANA_NAME_KEY_EXONYM && is_cell) {
                        linked++;
                        continue;
                    }
                    if (bad++ < 10)
                        check(0, "%s (%s) has name key %s", w, langs[l] ? langs[l] : "*",
                              k[i].text);
                }
            }
        }
    }
    printf("short words: %zu keyed, %zu exonym links of two-letter cells, %zu bad\n", words,
           linked, bad);
    check(bad == 0, "%zu keys of words of one or two letters", bad);
    check(linked > 0, "the two-letter cells (US, UK) keep their exonym key");
    frana_names_session_free(s);
    frana_names_free(nm);
}

/* ---- (9) multilingual archives --------------------------------------------- */

#define ML_MAX 128

typedef struct ml_db {
    frana_db_reader *r;
    char *id[ML_MAX], *lang[ML_MAX], *text[ML_MAX]; /* text: case-folded title + body */
    size_t n;
} ml_db;

static char *folded(const char *s, size_t len)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &out,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
    return n < 0 ? NULL : (char *)out;
}

static int ml_add(ml_db *m, frana_db_writer *w, const frana_db_article *art)
{
    if (!check(m->n < ML_MAX, "at most %d articles", ML_MAX))
        return 0;
    char *t = malloc(art->title_len + art->body_len + 2);
    if (!t)
        return 0;
    memcpy(t, art->title ? art->title : "", art->title_len);
    t[art->title_len] = ' ';
    memcpy(t + art->title_len + 1, art->body, art->body_len);
    m->text[m->n] = folded(t, art->title_len + 1 + art->body_len);
    free(t);
    m->id[m->n] = strndup(art->id, art->id_len);
    m->lang[m->n] = strndup(art->lang, art->lang_len);
    m->n++;
    return check(frana_db_writer_add(w, art, NULL) == 0, "add %.*s", (int)art->id_len, art->id);
}

/* Loads data/corpus_fr.jsonl (articles=1) or the FLORES lines 1-96 of
 * data/interleaved_langs.tsv (one article a sentence, id LANG-LINE) into dir. */
static int ml_open(ml_db *m, frana_analyzer *a, const char *dir, int articles)
{
    memset(m, 0, sizeof *m);
    char *err = NULL;
    frana_db_writer *w = NULL;
    if (!check(frana_db_writer_new(a, dir, &w, &err) == 0, "writer %s: %s", dir, err ? err : ""))
        return 0;
    FILE *f = fopen(articles ? "data/corpus_fr.jsonl" : "data/interleaved_langs.tsv", "r");
    int ok = check(f != NULL, "open the multilingual data");
    frana_db_record *rec = frana_db_record_new();
    static char line[16384];
    for (int ln = 1; ok && f && fgets(line, sizeof line, f); ln++) {
        size_t len = strcspn(line, "\n");
        line[len] = 0;
        if (articles) {
            ok = check(frana_db_record_parse_json(rec, line, len, NULL) == 0, "corpus_fr:%d", ln) &&
                 ml_add(m, w, frana_db_record_article(rec));
        } else if (ln <= 96) {
            char *tab = strchr(line, '\t'), id[32];
            if (!check(tab != NULL, "interleaved_langs.tsv:%d: no tab", ln))
                break;
            *tab = 0;
            snprintf(id, sizeof id, "%.8s-%d", line, ln);
            frana_db_article art = {0};
            art.id = id;
            art.id_len = strlen(id);
            art.lang = line;
            art.lang_len = strlen(line);
            art.body = tab + 1;
            art.body_len = strlen(tab + 1);
            ok = ml_add(m, w, &art);
        }
    }
    if (f)
        fclose(f);
    frana_db_record_free(rec);
    ok = ok && check(frana_db_writer_commit(w) == 0, "commit %s", dir);
    frana_db_writer_free(w);
    return ok && check(frana_db_reader_new(a, dir, &m->r, &err) == 0, "reader: %s", err ? err : "");
}

static void ml_close(ml_db *m)
{
    frana_db_reader_free(m->r);
    for (size_t i = 0; i < m->n; i++) {
        free(m->id[i]);
        free(m->lang[i]);
        free(m->text[i]);
    }
}

static size_t ml_find(const ml_db *m, const char *id)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->id[i], id) == 0)
            return i;
    return m->n;
}

/* Whether article i spells a word of q as q writes it (an exact match). */
static int ml_spells(const ml_db *m, size_t i, const char *q)
{
    char *fq = folded(q, strlen(q));
    int hit = 0;
    for (char *save = NULL, *w = fq ? strtok_r(fq, " ", &save) : NULL; w && !hit;
         w = strtok_r(NULL, " ", &save))
        hit = strstr(m->text[i], w) != NULL;
    free(fq);
    return hit;
}

/* Under OR: the first French article that matches q ranks above every
 * article of another language that does not spell a word of q (a match of
 * the same kind, through name keys). want_fr_first: the first hit is French.
 * With lang:fr, the French articles only, all of them. */
static void ml_check(const ml_db *m, const char *q, int want_fr_first)
{
    frana_search_options o = FRANA_SEARCH_OPTIONS_INIT;
    o.limit = ML_MAX;
    o.default_or = 1;
    o.no_snippets = 1;
    frana_db_results *res = NULL;
    if (!check(frana_db_search(m->r, q, strlen(q), &o, &res) == 0, "search %s", q))
        return;
    size_t n = frana_db_results_count(res), nfr = 0, first_fr = n, first_keyed_away = n;
    for (size_t k = 0; k < n; k++) {
        size_t i = ml_find(m, frana_db_results_hit(res, k)->id);
        if (!check(i < m->n, "%s: hit %s is an article", q, frana_db_results_hit(res, k)->id))
            break;
        if (strcmp(m->lang[i], "fr") == 0) {
            if (nfr++ == 0)
                first_fr = k;
        } else if (!ml_spells(m, i, q) && first_keyed_away == n) {
            first_keyed_away = k;
        }
    }
    check(nfr > 0 && n > nfr, "%s: French and other articles match (%zu of %zu)", q, nfr, n);
    check(first_fr < first_keyed_away,
          "%s: the first French article (rank %zu) above the other languages' name-key "
          "matches (the first at rank %zu)", q, first_fr + 1, first_keyed_away + 1);
    if (want_fr_first && n)
        check(strncmp(frana_db_results_hit(res, 0)->id, "fr-", 3) == 0, "%s: first hit %s is French",
              q, frana_db_results_hit(res, 0)->id);
    frana_db_results_free(res);

    char fq[256];
    snprintf(fq, sizeof fq, "lang:fr %s", q);
    if (!check(frana_db_search(m->r, fq, strlen(fq), &o, &res) == 0, "search %s", fq))
        return;
    size_t nf = frana_db_results_count(res), bad = 0;
    for (size_t k = 0; k < nf; k++)
        bad += strncmp(frana_db_results_hit(res, k)->id, "fr-", 3) != 0;
    check(nf == nfr && bad == 0, "%s: %zu hits, all French (%zu not), as the %zu French ones", fq,
          nf, bad, nfr);
    frana_db_results_free(res);
}

static void test_multilingual(frana_analyzer *a, const char *tmp)
{
    char dir[600];
    ml_db m;
    /* French, English, German and Russian articles on one meeting */
    snprintf(dir, sizeof dir, "%s/ml-news", tmp);
    if (ml_open(&m, a, dir, 1)) {
        ml_check(&m, "Lukashenko Sochi", 0);
        ml_check(&m, "Moscow", 1);
        ml_check(&m, "Putin", 0);
        ml_check(&m, "Путин", 0);
        ml_check(&m, "Loukachenko", 1);
        ml_check(&m, "Lukashenka Sochy", 1);
    }
    ml_close(&m);
    /* the first FLORES sentences in eight languages: a spelling no article
     * uses matches every one of them through the key, the French first */
    snprintf(dir, sizeof dir, "%s/ml-flores", tmp);
    if (ml_open(&m, a, dir, 0)) {
        ml_check(&m, "Siminov", 1);
        ml_check(&m, "Симинофф", 0);
        ml_check(&m, "Danius", 0);
        ml_check(&m, "Galifaks", 1);
    }
    ml_close(&m);
}

int main(void)
{
    char tmp[] = "/tmp/frana-test-xlang-XXXXXX";
    if (!mkdtemp(tmp)) {
        perror("mkdtemp");
        return 1;
    }
    frana_analyzer *a = NULL;
    char *err = NULL;
    if (!check(frana_analyzer_new(NULL, &a, &err) == 0, "analyzer: %s", err ? err : "")) {
        check_rm_rf(tmp);
        return check_report();
    }
    char db[600];
    snprintf(db, sizeof db, "%s/db", tmp);
    frana_db_writer *w = NULL;
    int ok = check(frana_db_writer_new(a, db, &w, &err) == 0, "writer: %s", err ? err : "");
    for (size_t i = 0; ok && i < sizeof ARTICLES / sizeof ARTICLES[0]; i++) {
        frana_db_article art = {0};
        art.id = ARTICLES[i].id;
        art.id_len = strlen(art.id);
        art.body = ARTICLES[i].body;
        art.body_len = strlen(art.body);
        art.lang = ARTICLES[i].lang;
        art.lang_len = strlen(art.lang);
        ok = check(frana_db_writer_add(w, &art, NULL) == 0, "add %s", art.id);
    }
    ok = ok && check(frana_db_writer_commit(w) == 0, "commit");
    frana_db_writer_free(w);
    if (ok && check(frana_db_reader_new(a, db, &R, &err) == 0, "reader: %s", err ? err : ""))
        test_search();
    frana_db_reader_free(R);
    test_multilingual(a, tmp);
    frana_analyzer_free(a);
    test_hints();
    test_cognate_tables();
    test_short_words();
    check_rm_rf(tmp);
    return check_report();
}
