/*
 * test_snowball.c — libstemmer reproduces Snowball's French vocabulary
 * (tests/data/snowball: french_voc.txt → french_output.txt, the 2023 snapshot
 * that matches libstemmer 2.2.0), through frana's own stemming stage.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "analysis.h"

int main(void)
{
    FILE *voc = fopen("data/snowball/french_voc.txt", "r");
    FILE *out = fopen("data/snowball/french_output.txt", "r");
    if (!check(voc && out, "cannot open data/snowball/french_{voc,output}.txt"))
        return check_report();
    frana_stemmers st = {0};
    char w[512], e[512];
    int line = 0, mismatches = 0;
    while (fgets(w, sizeof w, voc)) {
        line++;
        if (!fgets(e, sizeof e, out)) {
            check(0, "french_output.txt is shorter than french_voc.txt at line %d", line);
            break;
        }
        w[strcspn(w, "\r\n")] = 0;
        e[strcspn(e, "\r\n")] = 0;
        const char *s;
        size_t n;
        int ok = frana_stem(&st, "fr", w, strlen(w), &s, &n) && n == strlen(e) &&
                 memcmp(s, e, n) == 0;
        if (!ok && mismatches++ < 10)
            check(0, "line %d: stem(%s) = %.*s, expected %s", line, w, (int)n, s, e);
    }
    check(line == 20805, "vocabulary has %d words, expected 20805", line);
    check(mismatches == 0, "%d of %d stems differ from Snowball's output", mismatches, line);
    frana_stemmers_free(&st);
    fclose(voc);
    fclose(out);
    return check_report();
}
