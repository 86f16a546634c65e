/*
 * failmalloc.c — an allocation failer to LD_PRELOAD (the allocation-failure
 * sweep, tests/alloc_sweep.sh). Counts the process's allocations (malloc,
 * calloc, realloc, posix_memalign, aligned_alloc, memalign; C++'s operator
 * new comes through malloc) and makes one of them fail:
 *
 *   FAILMALLOC_AT=N     the Nth allocation returns NULL (ENOMEM); 0 or unset:
 *                       none fails
 *   FAILMALLOC_FROM=1   with FAILMALLOC_AT: every allocation from the Nth on
 *                       fails (memory that stays exhausted)
 *   FAILMALLOC_COUNT=F  at exit, writes the number of allocations to file F
 *                       (the clean run tells the sweep how many there are)
 *   FAILMALLOC_TRACE=1  prints the stack of the failing allocation to stderr
 *                       (to find where a misbehaving failure point is)
 *
 * A test program that preloads the failer can also steer it:
 * failmalloc_after(k) makes the kth allocation from now fail (0: none), and
 * failmalloc_failed() tells how many have failed (find both with dlsym).
 *
 * The real allocator is glibc's, through its __libc_* entry points, so the
 * failer itself allocates nothing and needs no dlsym.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

/* The build hides symbols by default; these must be seen to interpose. */
#define EXPORT __attribute__((visibility("default")))

static unsigned long fail_at;
static int fail_from, trace;
static unsigned long count, failed;
static int ready;

static void setup(void)
{
    const char *at = getenv("FAILMALLOC_AT");
    fail_at = at ? strtoul(at, NULL, 10) : 0;
    fail_from = getenv("FAILMALLOC_FROM") != NULL;
    trace = getenv("FAILMALLOC_TRACE") != NULL;
}

/* Whether this allocation fails. */
static int fails(void)
{
    unsigned long n = __atomic_add_fetch(&count, 1, __ATOMIC_RELAXED);
    if (!ready)
        return 0;
    if (fail_at == 0)
        return 0;
    if (n == fail_at || (fail_from && n > fail_at)) {
        if (trace && n == fail_at) {
            void *frames[32];
            int k = backtrace(frames, 32);
            backtrace_symbols_fd(frames, k, 2);
        }
        errno = ENOMEM;
        __atomic_add_fetch(&failed, 1, __ATOMIC_RELAXED);
        return 1;
    }
    return 0;
}

EXPORT void failmalloc_after(unsigned long k)
{
    fail_from = 0;
    fail_at = k ? __atomic_load_n(&count, __ATOMIC_RELAXED) + k : 0;
}

EXPORT unsigned long failmalloc_failed(void)
{
    return __atomic_load_n(&failed, __ATOMIC_RELAXED);
}

__attribute__((constructor)) static void failmalloc_init(void)
{
    setup();
    ready = 1;
}

__attribute__((destructor)) static void failmalloc_fini(void)
{
    const char *path = getenv("FAILMALLOC_COUNT");
    if (!path)
        return;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return;
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%lu\n", count);
    if (n > 0 && write(fd, buf, (size_t)n) < 0)
        n = 0;
    close(fd);
}

EXPORT void *malloc(size_t n)
{
    return fails() ? NULL : __libc_malloc(n);
}

EXPORT void *calloc(size_t a, size_t b)
{
    return fails() ? NULL : __libc_calloc(a, b);
}

EXPORT void *realloc(void *p, size_t n)
{
    if (p && n == 0)
        return __libc_realloc(p, n); /* a free, not an allocation */
    return fails() ? NULL : __libc_realloc(p, n);
}

EXPORT void *memalign(size_t align, size_t n)
{
    return fails() ? NULL : __libc_memalign(align, n);
}

EXPORT void *aligned_alloc(size_t align, size_t n)
{
    return fails() ? NULL : __libc_memalign(align, n);
}

EXPORT int posix_memalign(void **out, size_t align, size_t n)
{
    if (fails())
        return ENOMEM;
    void *p = __libc_memalign(align, n);
    if (!p)
        return ENOMEM;
    *out = p;
    return 0;
}
