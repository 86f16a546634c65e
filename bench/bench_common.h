/*
 * bench_common.h — the benchmark corpus: French news text from the data folder
 * (WMT newstest French sides and FLORES-200 devtest French), grouped into
 * articles of 20 sentences and repeated until it reaches a target size.
 */
#ifndef FRANA_BENCH_COMMON_H
#define FRANA_BENCH_COMMON_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bench_corpus {
    char *text;       /* all articles, each followed by a NUL */
    size_t bytes;     /* bytes of article text (NULs excluded) */
    size_t *offsets;  /* start of each article in text */
    size_t *lengths;
    size_t narticles;
    size_t narticles_unique; /* the first narticles_unique articles are distinct text */
    size_t bytes_unique;
    size_t nsentences_unique;
} bench_corpus;

/* Loads the French news of data_dir and repeats it to at least min_bytes.
 * Returns 0, or -1 with a message on stderr. */
int bench_corpus_load(const char *data_dir, size_t min_bytes, bench_corpus *out);
void bench_corpus_free(bench_corpus *c);
double bench_now(void);

#ifdef __cplusplus
}
#endif
#endif
