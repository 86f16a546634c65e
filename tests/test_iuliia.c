/*
 * test_iuliia.c — romanizations of Russian meet their Cyrillic source.
 *
 * The files tests/data/iuliia/NAME.json are romanization schemes of the iuliia project (MIT,
 * see tests/data/iuliia/LICENSE); each holds "samples": [[cyrillic, latin], …].
 * Every sample is split into words; where both sides have as many words, each
 * Latin word (language unknown, as a query) must share a name key with its
 * Cyrillic word (indexed as "ru"). A scheme passes when its share of meeting
 * words reaches its floor in SCHEMES (the measured rate, rounded down).
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "names.h"

#include "check.h"

/* Scheme file and its floor (percent of the words of three letters or more
 * that meet; shorter words have no name key and are checked to have none). */
static const struct {
    const char *file;
    double floor;
} SCHEMES[] = {
    {"wikipedia.json", 100},  {"bgn_pcgn.json", 100},  {"ala_lc.json", 100},
    {"mvd_310_fr.json", 100}, {"mvd_782.json", 100},   {"icao_doc_9303.json", 100},
    {"gost_779.json", 100},   {"scientific.json", 75}, {"telegram.json", 91},
    {"yandex_maps.json", 100}, {"ungegn_1987.json", 100}, {"mosmetro.json", 100},
};

#define MAXW 64

/* Splits s into words (runs of letters, marks and primes) into w; returns the count. */
static int words(const char *s, char w[][128], int max)
{
    int n = 0;
    size_t len = strlen(s), i = 0, o = 0;
    while (i <= len) {
        utf8proc_int32_t c = 0;
        utf8proc_ssize_t k = 1;
        if (i < len) {
            k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
            if (k <= 0)
                k = 1;
        }
        utf8proc_category_t cat = i < len ? utf8proc_category(c) : UTF8PROC_CATEGORY_ZS;
        int inword = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_ME) || c == '\'' ||
                     c == 0x2019;
        if (inword && o + (size_t)k < 127) {
            memcpy(w[n] + o, s + i, (size_t)k);
            o += (size_t)k;
        } else if (!inword && o) {
            w[n][o] = '\0';
            o = 0;
            if (++n == max)
                return n;
        }
        i += (size_t)k;
    }
    return n;
}

static size_t utf8_letters(const char *w)
{
    size_t n = 0;
    for (; *w; w++)
        n += ((unsigned char)*w & 0xc0) != 0x80;
    return n;
}

static int meet(frana_names_session *s, const char *cyr, const char *lat)
{
    frana_name_key a[FRANA_NAME_KEYS_MAX], b[FRANA_NAME_KEYS_MAX];
    int na = frana_name_keys(s, cyr, strlen(cyr), "ru", a, FRANA_NAME_KEYS_MAX);
    int nb = frana_name_keys(s, lat, strlen(lat), NULL, b, FRANA_NAME_KEYS_MAX);
    for (int i = 0; i < na; i++)
        for (int j = 0; j < nb; j++)
            if (strcmp(a[i].text, b[j].text) == 0)
                return 1;
    return 0;
}

int main(void)
{
    frana_names *nm = NULL;
    char *err = NULL;
    if (frana_names_new(&nm, &err)) {
        check(0, "frana_names_new: %s", err ? err : "");
        return check_report();
    }
    frana_names_session *s = frana_names_session_new(nm);
    static char cw[MAXW][128], lw[MAXW][128];
    for (size_t f = 0; s && f < sizeof SCHEMES / sizeof SCHEMES[0]; f++) {
        char path[256];
        snprintf(path, sizeof path, "data/iuliia/%s", SCHEMES[f].file);
        json_error_t jerr;
        json_t *root = json_load_file(path, 0, &jerr);
        check(root != NULL, "%s: %s", path, jerr.text);
        json_t *samples = root ? json_object_get(root, "samples") : NULL;
        check(json_is_array(samples), "%s: no samples", path);
        size_t total = 0, met = 0, idx;
        json_t *pair;
        json_array_foreach(samples, idx, pair) {
            const char *cyr = json_string_value(json_array_get(pair, 0));
            const char *lat = json_string_value(json_array_get(pair, 1));
            if (!cyr || !lat)
                continue;
            int nc = words(cyr, cw, MAXW), nl = words(lat, lw, MAXW);
            if (nc != nl)
                continue;
            for (int i = 0; i < nc; i++) {
                if (utf8_letters(cw[i]) <= 2) {
                    /* a word of one or two letters has no name key, by design */
                    frana_name_key k[FRANA_NAME_KEYS_MAX];
                    check(frana_name_keys(s, cw[i], strlen(cw[i]), "ru", k,
                                          FRANA_NAME_KEYS_MAX) == 0,
                          "%s: %s has a name key", SCHEMES[f].file, cw[i]);
                    continue;
                }
                total++;
                if (meet(s, cw[i], lw[i]))
                    met++;
                else if (getenv("IULIIA_VERBOSE"))
                    printf("  apart (%s): %s ~ %s\n", SCHEMES[f].file, cw[i], lw[i]);
            }
        }
        double rate = total ? 100.0 * (double)met / (double)total : 0.0;
        printf("%-20s %4zu of %4zu words meet (%5.1f%%), floor %.0f%%\n", SCHEMES[f].file, met,
               total, rate, SCHEMES[f].floor);
        check(total > 0 && rate >= SCHEMES[f].floor, "%s: %.1f%% below its floor %.0f%%",
              SCHEMES[f].file, rate, SCHEMES[f].floor);
        json_decref(root);
    }
    frana_names_session_free(s);
    frana_names_free(nm);
    return check_report();
}
