/*
 * test_fastpaths — the shortcuts of the hot path change no result.
 *
 * The word cache (two-way sets, strings stored once, slots that decline a
 * word too long for them), the ASCII paths of normalization and folding and
 * the term set's short-term path must give every token exactly the terms the
 * general path gives. A word's terms may not depend on what the session met
 * before: each word of Snowball's French vocabulary (tests/data/snowball) as
 * written and capitalized (name keys), the sentences of tests/data/
 * interleaved_langs.tsv in their language, and tricky cases (mixed case,
 * ligatures, apostrophes, digits, combining marks, invalid UTF-8, words longer
 * than a slot or than a term) are analysed by two sessions that meet them in
 * opposite orders, twice over (the second time from the cache), and by a
 * fresh session; all three must agree, in both modes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "check.h"
#include "dump.h"

typedef struct item {
    char *text;
    char lang[8];
} item;

typedef struct items {
    item *v;
    size_t n, cap;
} items;

static void add(items *it, const char *text, size_t len, const char *lang)
{
    if (it->n == it->cap) {
        it->cap = it->cap ? it->cap * 2 : 1024;
        it->v = realloc(it->v, it->cap * sizeof *it->v);
        if (!it->v) {
            printf("out of memory\n");
            exit(1);
        }
    }
    item *x = &it->v[it->n++];
    x->text = malloc(len + 1);
    if (!x->text) {
        printf("out of memory\n");
        exit(1);
    }
    memcpy(x->text, text, len);
    x->text[len] = 0;
    snprintf(x->lang, sizeof x->lang, "%s", lang);
}

/* The analysis of one item in mode m by session s, as text (caller frees). */
static char *analyse(frana_session *s, const item *x, frana_mode m)
{
    dump d = {0};
    int rc = frana_analyze(s, x->text, strlen(x->text), x->lang, m, on_token, &d);
    char tail[32];
    snprintf(tail, sizeof tail, "= %d\n", rc);
    put(&d, tail, strlen(tail));
    return d.data;
}

static const char *const tricky[] = {
    "L'ÉLECTION de l’Élection, L’Œuvre et l'œuvre, ÆSOP Cæsar, ﬁnancement ﬂeuve",
    "e\xcc\x81lection Ele\xcc\x81""ment cafe\xcc\x81 re\xcc\x81""fugie\xcc\x81",
    "aujourd'hui Aujourd’hui jusqu'à lorsqu'il qu'ils c'est ʼimport ＇apostrophe",
    "3,5 % le 2020-09-14 à 14:30, 100 000 et 100\xc2\xa0""000 habitants, 1939-1945, 2e 3ème",
    "MiXeD CaSe WoRdS, iPhone eBay McDonald's O'Neill Putin's S.N.C.F. U.S.A",
    "bad \xff\xfe bytes \xc3 truncated \xe2\x80 and \xed\xa0\x80 surrogate caf\xc3",
    "Saint-Pétersbourg États-Unis Arabie saoudite Afrique du Sud ‐ ‑ -tiret",
    "Лукашенко летний дыназаўраў предотвратил Гибсон Тихановская Київ Киев",
    "Anticonstitutionnellement anticonstitutionnellement INTERGOUVERNEMENTALISATIONS",
    "Ünïcödé Straße ŁÓDŹ øresund þorn ĳssel İstanbul ǅemal Ǆ",
};

int main(void)
{
    items it = {0};
    size_t vlen = 0;
    char *voc = slurp("data/snowball/french_voc.txt", &vlen);
    if (!check(voc != NULL, "cannot read data/snowball/french_voc.txt"))
        return check_report();
    for (char *p = voc, *e; p < voc + vlen; p = e + 1) {
        e = memchr(p, '\n', (size_t)(voc + vlen - p));
        if (!e)
            e = voc + vlen;
        if (e == p)
            continue;
        add(&it, p, (size_t)(e - p), "fr");
        /* Capitalized: a name candidate, whose keys the cache holds too. */
        char cap[256];
        size_t n = (size_t)(e - p) < sizeof cap - 1 ? (size_t)(e - p) : sizeof cap - 1;
        memcpy(cap, p, n);
        cap[n] = 0;
        if (cap[0] >= 'a' && cap[0] <= 'z')
            cap[0] = (char)(cap[0] - 32);
        else if ((unsigned char)cap[0] == 0xC3 && (unsigned char)cap[1] >= 0xA0 &&
                 (unsigned char)cap[1] <= 0xBE)
            cap[1] = (char)(cap[1] - 0x20); /* é → É and the other Latin-1 letters */
        add(&it, cap, n, "fr");
    }
    free(voc);
    size_t tlen = 0;
    char *tsv = slurp("data/interleaved_langs.tsv", &tlen);
    if (!check(tsv != NULL, "cannot read data/interleaved_langs.tsv"))
        return check_report();
    for (char *p = tsv, *e; p < tsv + tlen; p = e + 1) {
        e = memchr(p, '\n', (size_t)(tsv + tlen - p));
        if (!e)
            e = tsv + tlen;
        char *tab = memchr(p, '\t', (size_t)(e - p));
        if (!tab || tab - p >= 8 || *p == '#')
            continue;
        char lang[8];
        memcpy(lang, p, (size_t)(tab - p));
        lang[tab - p] = 0;
        add(&it, tab + 1, (size_t)(e - tab - 1), lang);
    }
    free(tsv);
    for (size_t i = 0; i < sizeof tricky / sizeof *tricky; i++) {
        add(&it, tricky[i], strlen(tricky[i]), "fr");
        add(&it, tricky[i], strlen(tricky[i]), "en");
    }
    /* Words over a slot's key (32 bytes) and over a term (245 bytes, folded too). */
    char longw[600];
    memset(longw, 'a', sizeof longw - 1);
    longw[sizeof longw - 1] = 0;
    add(&it, longw, 40, "fr");
    add(&it, longw, 300, "fr");
    for (int k = 0; k < 250; k++) {
        memcpy(longw + 2 * k, "\xc3\xa9", 2); /* é: a cut at a character boundary */
    }
    add(&it, longw, 501, "fr");
    check(it.n > 40000, "%zu items (want the whole vocabulary)", it.n);

    frana_analyzer *a = NULL;
    char *err = NULL;
    if (!check(frana_analyzer_new(NULL, &a, &err) == FRANA_OK, "analyzer: %s", err ? err : ""))
        return check_report();
    for (int m = 0; m < 2; m++) {
        frana_mode mode = m ? FRANA_MODE_QUERY : FRANA_MODE_INDEX;
        frana_session *fwd = frana_session_new(a), *rev = frana_session_new(a);
        if (!check(fwd && rev, "sessions"))
            return check_report();
        char **out = calloc(it.n, sizeof *out);
        size_t bad = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (size_t i = 0; i < it.n; i++) {
                char *f = analyse(fwd, &it.v[i], mode);
                if (pass == 0) {
                    out[i] = f;
                } else {
                    if (strcmp(f, out[i]) != 0 && bad++ < 5)
                        check(0, "mode %d, [%s] %.60s: the cache's second pass differs:\n%s---\n%s",
                              m, it.v[i].lang, it.v[i].text, out[i], f);
                    free(f);
                }
            }
            for (size_t j = it.n; j-- > 0;) {
                char *r = analyse(rev, &it.v[j], mode);
                if (strcmp(r, out[j]) != 0 && bad++ < 5)
                    check(0, "mode %d, [%s] %.60s: another order differs:\n%s---\n%s", m,
                          it.v[j].lang, it.v[j].text, out[j], r);
                free(r);
            }
        }
        /* A fresh session for every 97th item and for the tricky ones. */
        for (size_t i = 0; i < it.n; i++) {
            if (i % 97 && i + 2 * sizeof tricky / sizeof *tricky + 3 < it.n)
                continue;
            frana_session *fresh = frana_session_new(a);
            if (!check(fresh != NULL, "fresh session"))
                break;
            char *f = analyse(fresh, &it.v[i], mode);
            if (strcmp(f, out[i]) != 0 && bad++ < 5)
                check(0, "mode %d, [%s] %.60s: a fresh session differs:\n%s---\n%s", m,
                      it.v[i].lang, it.v[i].text, out[i], f);
            free(f);
            frana_session_free(fresh);
        }
        check(bad == 0, "mode %d: %zu analyses depend on the session's history", m, bad);
        for (size_t i = 0; i < it.n; i++)
            free(out[i]);
        free(out);
        frana_session_free(fwd);
        frana_session_free(rev);
    }
    /* The tricky cases did reach the paths they are for. */
    frana_session *s = frana_session_new(a);
    char *t = analyse(s, &it.v[it.n - 1], FRANA_MODE_INDEX);
    check(strstr(t, "#") != NULL, "a 501-byte word gets a cut, hashed term: %s", t);
    free(t);
    item lig = {(char *)"L’Œuvre ﬁnancement e\xcc\x81lection", "fr"};
    t = analyse(s, &lig, FRANA_MODE_INDEX);
    check(strstr(t, " 0:oeuvre") && strstr(t, " 0:financement") && strstr(t, " 0:election") &&
              strstr(t, " 1:Zélect"),
          "ligatures and a combining mark normalize: %s", t);
    free(t);
    frana_session_free(s);
    frana_analyzer_free(a);
    for (size_t i = 0; i < it.n; i++)
        free(it.v[i].text);
    free(it.v);
    return check_report();
}
