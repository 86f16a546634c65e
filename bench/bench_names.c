/*
 * bench_names.c — recall and precision of the name keys (plugin/names.c).
 *
 * Usage: bench_names [DATA_DIR] [NEARMISS_TSV]
 *   DATA_DIR     defaults to ../shared/data (run from the repository root)
 *   NEARMISS_TSV defaults to tests/data/names_nearmiss.tsv
 *
 * Two words "meet" when they share a key (a RULE or an EXONYM key: both are
 * "XN" terms). Measured:
 *  - recall on the Wikidata English↔Russian name pairs
 *    (DATA_DIR/names/amazon_wd_en-ru/wd_russian_20 and _80, "english<TAB>c y r<TAB>n"),
 *    in both directions: the Latin word as a query (language unknown) against the
 *    Cyrillic word indexed as "ru", and the Cyrillic word as a query against the
 *    Latin word indexed as "en";
 *  - the same on the Russian-origin subset: pairs whose Cyrillic form ends in a
 *    Russian, Ukrainian or Belarusian name ending (RU_ENDINGS below);
 *  - near-miss precision: the share of the near-miss pairs kept apart;
 *  - false-meet rate: the share of random pairs of distinct Wikidata entries
 *    (English of one, Russian of another; fixed seed) that meet.
 * With BENCH_NAMES_MISSES=N in the environment, the first N Russian-origin
 * pairs that do not meet are listed, and the random pairs that meet.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "names.h"

#define KMAX FRANA_NAME_KEYS_MAX

/* Cyrillic endings of the Russian-origin subset (surnames, patronymics, -enko). */
static const char *const RU_ENDINGS[] = {
    "ов",   "ев",   "ёв",   "ова",  "ева",  "ёва",  "ин",   "ина",  "ын",   "ына",
    "ский", "ская", "цкий", "цкая", "ской", "ович", "евич", "овна", "евна", "енко",
    "чук",  "юк",   "ук",   "ых",   "их",   "ий",   NULL};

typedef struct entry {
    char *en, *ru;
    uint64_t ken[KMAX], kru[KMAX];   /* en as query (any), ru indexed as "ru" */
    uint64_t kru_q[KMAX], ken_d[KMAX]; /* ru as query (any), en indexed as "en" */
    int nen, nru, nru_q, nen_d;
    int ru_origin;
} entry;

static uint64_t hash64(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)s[i]) * 1099511628211ull;
    return h;
}

static int keys_of(frana_names_session *s, const char *w, const char *lang, uint64_t *out)
{
    frana_name_key k[KMAX];
    int n = frana_name_keys(s, w, strlen(w), lang, k, KMAX);
    for (int i = 0; i < n; i++)
        out[i] = hash64(k[i].text, k[i].len);
    return n;
}

static int meet(const uint64_t *a, int na, const uint64_t *b, int nb)
{
    for (int i = 0; i < na; i++)
        for (int j = 0; j < nb; j++)
            if (a[i] == b[j])
                return 1;
    return 0;
}

static int ends_with(const char *s, const char *t)
{
    size_t n = strlen(s), m = strlen(t);
    return n > m && strcmp(s + n - m, t) == 0;
}

/* Reads one Wikidata file, appending to *v. Returns 0 or -1. */
static int read_pairs(const char *path, entry **v, size_t *n, size_t *cap)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "bench_names: cannot open %s\n", path);
        return -1;
    }
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        char *t1 = strchr(line, '\t');
        if (!t1)
            continue;
        char *t2 = strchr(t1 + 1, '\t');
        if (!t2)
            continue;
        *t1 = *t2 = '\0';
        char ru[1024];
        size_t r = 0;
        for (const char *p = t1 + 1; *p; p++)
            if (*p != ' ')
                ru[r++] = *p;
        ru[r] = '\0';
        if (*n == *cap) {
            *cap = *cap ? *cap * 2 : 4096;
            *v = realloc(*v, *cap * sizeof **v);
            if (!*v) {
                fclose(f);
                return -1;
            }
        }
        entry *e = &(*v)[(*n)++];
        memset(e, 0, sizeof *e);
        e->en = strdup(line);
        e->ru = strdup(ru);
        for (int i = 0; RU_ENDINGS[i]; i++)
            if (ends_with(ru, RU_ENDINGS[i]))
                e->ru_origin = 1;
    }
    fclose(f);
    return 0;
}

/* Near-miss pairs "word<TAB>lang<TAB>word2<TAB>lang2<TAB>apart" kept apart. */
static void nearmiss(frana_names_session *s, const char *path, size_t *apart, size_t *total)
{
    FILE *f = fopen(path, "r");
    *apart = *total = 0;
    if (!f) {
        fprintf(stderr, "bench_names: cannot open %s (near-miss precision skipped)\n", path);
        return;
    }
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || !line[0])
            continue;
        char *fld[5];
        int nf = 0;
        for (char *p = line; nf < 5; nf++) {
            fld[nf] = p;
            p = strchr(p, '\t');
            if (!p) {
                nf++;
                break;
            }
            *p++ = '\0';
        }
        if (nf < 4)
            continue;
        uint64_t a[KMAX], b[KMAX];
        /* a document in its language against a query in any convention, both ways */
        int na = keys_of(s, fld[0], fld[1], a), nb = keys_of(s, fld[2], NULL, b);
        int m = meet(a, na, b, nb);
        na = keys_of(s, fld[0], NULL, a);
        nb = keys_of(s, fld[2], fld[3], b);
        m |= meet(a, na, b, nb);
        (*total)++;
        if (!m)
            (*apart)++;
        else
            printf("  near-miss met: %s (%s) ~ %s (%s)\n", fld[0], fld[1], fld[2], fld[3]);
    }
    fclose(f);
}

static double pct(size_t a, size_t b) { return b ? 100.0 * (double)a / (double)b : 0.0; }

int main(int argc, char **argv)
{
    const char *data = argc > 1 ? argv[1] : "../shared/data";
    const char *nm_path = argc > 2 ? argv[2] : "tests/data/names_nearmiss.tsv";
    frana_names *names;
    char *err = NULL;
    if (frana_names_new(&names, &err)) {
        fprintf(stderr, "bench_names: %s\n", err ? err : "frana_names_new failed");
        return 1;
    }
    frana_names_session *s = frana_names_session_new(names);

    entry *v = NULL;
    size_t n = 0, cap = 0;
    char path[4096];
    const char *files[] = {"wd_russian_20", "wd_russian_80"};
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/names/amazon_wd_en-ru/%s", data, files[i]);
        if (read_pairs(path, &v, &n, &cap))
            return 1;
    }

    clock_t t0 = clock();
    for (size_t i = 0; i < n; i++) {
        entry *e = &v[i];
        e->nen = keys_of(s, e->en, NULL, e->ken);
        e->nru = keys_of(s, e->ru, "ru", e->kru);
        e->nru_q = keys_of(s, e->ru, NULL, e->kru_q);
        e->nen_d = keys_of(s, e->en, "en", e->ken_d);
    }
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;

    size_t all = 0, ru = 0, hit_q = 0, hit_q_ru = 0, hit_d = 0, hit_d_ru = 0, either = 0,
           either_ru = 0, nokey = 0, shown = 0;
    size_t show = getenv("BENCH_NAMES_MISSES") ? (size_t)atoi(getenv("BENCH_NAMES_MISSES")) : 0;
    for (size_t i = 0; i < n; i++) {
        entry *e = &v[i];
        int a = meet(e->ken, e->nen, e->kru, e->nru);
        int b = meet(e->kru_q, e->nru_q, e->ken_d, e->nen_d);
        all++;
        hit_q += (size_t)a;
        hit_d += (size_t)b;
        either += (size_t)(a || b);
        nokey += (size_t)(e->nen == 0 || e->nru == 0);
        if (e->ru_origin) {
            if (!(a || b) && shown < show) {
                shown++;
                printf("  miss: %s ~ %s\n", e->en, e->ru);
            }
            ru++;
            hit_q_ru += (size_t)a;
            hit_d_ru += (size_t)b;
            either_ru += (size_t)(a || b);
        }
    }

    /* false meets: English of entry i against Russian of entry j, distinct names */
    uint64_t seed = 42;
    size_t trials = 0, false_meet = 0;
    for (size_t t = 0; t < 1000000 && n > 1; t++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        size_t i = (size_t)(seed >> 33) % n;
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        size_t j = (size_t)(seed >> 33) % n;
        if (i == j || strcmp(v[i].en, v[j].en) == 0 || strcmp(v[i].ru, v[j].ru) == 0)
            continue;
        trials++;
        int fm = meet(v[i].ken, v[i].nen, v[j].kru, v[j].nru);
        false_meet += (size_t)fm;
        if (fm && show)
            printf("  false meet: %s ~ %s\n", v[i].en, v[j].ru);
    }

    size_t nm_apart, nm_total;
    nearmiss(s, nm_path, &nm_apart, &nm_total);

    printf("\nname keys: Wikidata English-Russian pairs (%s/names/amazon_wd_en-ru)\n", data);
    printf("%-44s %10s %10s\n", "measure", "all", "ru-origin");
    printf("%-44s %10zu %10zu\n", "pairs", all, ru);
    printf("%-44s %9.2f%% %9.2f%%\n", "recall: Latin query (any) vs ru document", pct(hit_q, all),
           pct(hit_q_ru, ru));
    printf("%-44s %9.2f%% %9.2f%%\n", "recall: Cyrillic query (any) vs en document",
           pct(hit_d, all), pct(hit_d_ru, ru));
    printf("%-44s %9.2f%% %9.2f%%\n", "recall: either direction", pct(either, all),
           pct(either_ru, ru));
    printf("%-44s %9.2f%%\n", "pairs where a side gets no key", pct(nokey, all));
    printf("%-44s %9.4f%% (%zu of %zu)\n", "false-meet rate (random distinct pairs)",
           pct(false_meet, trials), false_meet, trials);
    printf("%-44s %9.2f%% (%zu of %zu)\n", "near-miss precision (pairs kept apart)",
           pct(nm_apart, nm_total), nm_apart, nm_total);
    printf("%-44s %9.2f us\n", "time per word (4 key sets per pair)",
           all ? 1e6 * secs / (4.0 * (double)all) : 0.0);

    for (size_t i = 0; i < n; i++) {
        free(v[i].en);
        free(v[i].ru);
    }
    free(v);
    frana_names_session_free(s);
    frana_names_free(names);
    return 0;
}
