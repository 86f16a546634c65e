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
int cmd_names(int argc, char **argv);

/* Reads the rest of f into a malloc'd buffer; returns NULL on failure. */
char *read_all(FILE *f, size_t *len);

#endif
