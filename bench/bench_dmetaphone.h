/*
 * bench_dmetaphone.h — Double Metaphone codes for the phonetic peer of
 * bench_xlang, from Debian's own compiled C implementation: the one in
 * PostgreSQL's fuzzystrmatch extension (package postgresql-15, Maurice Aubrey's
 * C port of Lawrence Philips' algorithm, codes of at most 4 letters).
 *
 * fuzzystrmatch.so is loaded with dlopen and its SQL function dmetaphone /
 * dmetaphone_alt is called with a hand-built call frame; the few backend
 * functions it uses (palloc, repalloc, text_to_cstring, cstring_to_text, the
 * error reporting) are supplied by the benchmark, which is linked with its
 * symbols exported. Not thread-safe (one static arena).
 */
#ifndef FRANA_BENCH_DMETAPHONE_H
#define FRANA_BENCH_DMETAPHONE_H

#include <string>

/* Loads the coder; returns false (with a message in *why) when it is missing. */
bool bench_dmetaphone_load(std::string *why);

/* The primary and the alternate code of an ASCII word ("" when none). */
void bench_dmetaphone(const std::string &word, std::string *primary, std::string *alternate);

#endif
