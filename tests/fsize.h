/*
 * fsize.h — the file size limit the writer tests put on themselves
 * (RLIMIT_FSIZE, as a full disk): the size of a database's largest file, to
 * set the limit at, and the limit set and lifted. Include after check.h; the
 * test ignores SIGXFSZ, so that a write past the limit fails with EFBIG.
 */
#ifndef FRANA_TEST_FSIZE_H
#define FRANA_TEST_FSIZE_H

#include <dirent.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/stat.h>

/* The size in bytes of the largest file of dir. */
static off_t largest_file(const char *dir)
{
    DIR *d = opendir(dir);
    off_t max = 0;
    struct dirent *e;
    char p[1200];
    while (d && (e = readdir(d)) != NULL) {
        struct stat st;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        if (stat(p, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > max)
            max = st.st_size;
    }
    if (d)
        closedir(d);
    return max;
}

static void file_limit(rlim_t bytes)
{
    struct rlimit rl;
    getrlimit(RLIMIT_FSIZE, &rl);
    rl.rlim_cur = bytes;
    check(setrlimit(RLIMIT_FSIZE, &rl) == 0, "setrlimit");
}

static void no_file_limit(void)
{
    struct rlimit rl;
    getrlimit(RLIMIT_FSIZE, &rl);
    rl.rlim_cur = rl.rlim_max;
    check(setrlimit(RLIMIT_FSIZE, &rl) == 0, "setrlimit back");
}

#endif
