/*
 * commands.h — the subcommands of the frana command line.
 * Each takes the arguments after its name and returns the process exit code.
 */
#ifndef FRANA_COMMANDS_H
#define FRANA_COMMANDS_H

#include <stdio.h>

int cmd_analyze(int argc, char **argv);
int cmd_index(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_compact(int argc, char **argv);
int cmd_names(int argc, char **argv);

/* escape.c: untrusted text (article fields, ids, file names, messages that
 * quote them) never reaches a terminal or a line format raw. fput_escaped
 * writes s[0..len) with C0 and C1 controls (tab and newline included), DEL,
 * bidi and line-separator marks, the BOM, invalid UTF-8 and backslash written
 * as \\ \xHH \uHHHH, so that one field is one unambiguous run of printable
 * text. fput_field does the same and, with csv, quotes a field that holds a
 * comma or a double quote (doubling the quotes). fprintf_escaped formats, then
 * writes the result escaped (a final newline of the format is kept). */
void fput_escaped(FILE *f, const char *s, size_t len);
void fput_field(FILE *f, const char *s, size_t len, int csv);
/* Writes s[0..len) as a JSON string, quotes included, with the same
 * characters as \uXXXX escapes (invalid UTF-8 as \uFFFD). Allocates nothing:
 * a JSON line cannot lose a field when memory runs out. */
void fput_json_string(FILE *f, const char *s, size_t len);
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void fprintf_escaped(FILE *f, const char *fmt, ...);

/* Reads the rest of f into a malloc'd buffer; returns NULL on failure. */
char *read_all(FILE *f, size_t *len);

#endif
