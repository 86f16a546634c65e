/*
 * variants.c — small stages that make two spellings of the same thing one
 * term, identically in index and query mode:
 *
 *  - possessive: a trailing 's (after normalization every apostrophe is ')
 *    is cut, in every language: "Putin's", "McDonald's", "she's" index and
 *    search as "putin", "mcdonald", "she" (Lucene's EnglishPossessiveFilter);
 *  - dotted acronyms: "S.N.C.F." and "U.S.A" are the words "SNCF" and "USA"
 *    (the tokenizer finds them, frana_acronym_letters() drops the dots);
 *  - year ranges: "1939-1945" also holds the years 1939 and 1945.
 */
#include "analysis.h"

#include <string.h>

void frana_cut_possessive(frana_buf *norm)
{
    if (norm->len > 2 && norm->data[norm->len - 1] == 's' && norm->data[norm->len - 2] == '\'') {
        norm->len -= 2;
        norm->data[norm->len] = 0;
    }
}

size_t frana_acronym_letters(const char *text, size_t len, char *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '.')
            continue;
        if (n + 1 >= cap)
            return 0;
        out[n++] = text[i];
    }
    out[n] = 0;
    return n;
}

int frana_year_range(const char *num, size_t len)
{
    if (len != 9 || num[4] != '-')
        return 0;
    for (size_t i = 0; i < 9; i++)
        if (i != 4 && (num[i] < '0' || num[i] > '9'))
            return 0;
    /* Years of the common era that news speaks of, the second not before the first. */
    return num[0] >= '1' && num[0] <= '2' && num[5] >= '1' && num[5] <= '2' &&
           memcmp(num, num + 5, 4) < 0;
}
