/*
 * bench_dmetaphone.cc — see bench_dmetaphone.h.
 */
#include "bench_dmetaphone.h"

#include <dlfcn.h>

#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

/* PostgreSQL 15's call frame of a version-1 function with one argument
 * (FunctionCallInfoBaseData and NullableDatum in fmgr.h / postgres.h). */
struct nullable_datum {
    uintptr_t value;
    bool isnull;
};
struct call_frame {
    void *flinfo;
    void *context;
    void *resultinfo;
    unsigned int fncollation;
    bool isnull;
    short nargs;
    nullable_datum args[1];
};
typedef uintptr_t (*pg_fn)(call_frame *);

pg_fn primary_fn, alternate_fn;

/* The allocations of one call: a bump arena, reset before each call. */
alignas(16) char arena[1 << 16];
size_t arena_used;

void *arena_alloc(size_t n)
{
    size_t need = (n + sizeof(size_t) + 15) & ~size_t(15);
    if (arena_used + need > sizeof arena) {
        std::fprintf(stderr, "bench_dmetaphone: a word needs more than %zu bytes\n",
                     sizeof arena);
        std::abort();
    }
    char *p = arena + arena_used;
    arena_used += need;
    std::memcpy(p, &n, sizeof n);
    return p + sizeof(size_t);
}

/* A text datum: a 4-byte varlena header (length << 2, little-endian) + bytes. */
void *make_text(const char *s, size_t n)
{
    char *t = (char *)arena_alloc(4 + n);
    uint32_t hdr = (uint32_t)(4 + n) << 2;
    std::memcpy(t, &hdr, 4);
    std::memcpy(t + 4, s, n);
    return t;
}

std::string call(pg_fn fn, const std::string &word)
{
    arena_used = 0;
    call_frame f{};
    f.nargs = 1;
    f.args[0].value = (uintptr_t)make_text(word.data(), word.size());
    uintptr_t r = fn(&f);
    const char *t = (const char *)r;
    uint32_t hdr;
    std::memcpy(&hdr, t, 4);
    return std::string(t + 4, (hdr >> 2) - 4);
}

} // namespace

/* The backend functions fuzzystrmatch.so calls, for the dynamic linker. */
extern "C" {
__attribute__((visibility("default"))) void *palloc(size_t n) { return arena_alloc(n); }

__attribute__((visibility("default"))) void *repalloc(void *p, size_t n)
{
    size_t old;
    std::memcpy(&old, (char *)p - sizeof(size_t), sizeof old);
    void *q = arena_alloc(n);
    std::memcpy(q, p, old < n ? old : n);
    return q;
}

__attribute__((visibility("default"))) void *pg_detoast_datum_packed(void *d) { return d; }

__attribute__((visibility("default"))) char *text_to_cstring(const void *t)
{
    uint32_t hdr;
    std::memcpy(&hdr, t, 4);
    size_t n = (hdr >> 2) - 4;
    char *s = (char *)arena_alloc(n + 1);
    std::memcpy(s, (const char *)t + 4, n);
    s[n] = 0;
    return s;
}

__attribute__((visibility("default"))) void *cstring_to_text(const char *s)
{
    return make_text(s, std::strlen(s));
}

__attribute__((visibility("default"))) bool errstart_cold(int, const char *)
{
    std::fprintf(stderr, "bench_dmetaphone: fuzzystrmatch reported an error\n");
    std::abort();
}
/* The library is bound at load time: its Levenshtein functions need these
 * names too, although the benchmark never calls them. */
__attribute__((visibility("default"))) int varstr_levenshtein(const char *, int, const char *,
                                                              int, int, int, int, bool)
{
    std::abort();
}
__attribute__((visibility("default"))) int varstr_levenshtein_less_equal(const char *, int,
                                                                         const char *, int, int,
                                                                         int, int, int, bool)
{
    std::abort();
}
__attribute__((visibility("default"))) void errfinish(const char *, int, const char *) {}
__attribute__((visibility("default"))) int errcode(int) { return 0; }
__attribute__((visibility("default"))) int errmsg(const char *, ...) { return 0; }
__attribute__((visibility("default"))) int errmsg_internal(const char *, ...) { return 0; }
}

bool bench_dmetaphone_load(std::string *why)
{
    static const char *const paths[] = {"/usr/lib/postgresql/15/lib/fuzzystrmatch.so",
                                        "/usr/lib/postgresql/16/lib/fuzzystrmatch.so",
                                        "/usr/lib/postgresql/17/lib/fuzzystrmatch.so", nullptr};
    for (size_t i = 0; paths[i]; i++) {
        void *h = dlopen(paths[i], RTLD_LAZY | RTLD_LOCAL);
        if (!h) {
            *why = dlerror();
            continue;
        }
        primary_fn = (pg_fn)dlsym(h, "dmetaphone");
        alternate_fn = (pg_fn)dlsym(h, "dmetaphone_alt");
        if (primary_fn && alternate_fn)
            return true;
        dlclose(h);
    }
    if (why->empty())
        *why = "PostgreSQL's fuzzystrmatch.so (package postgresql-15), not found";
    return false;
}

void bench_dmetaphone(const std::string &word, std::string *primary, std::string *alternate)
{
    *primary = call(primary_fn, word);
    *alternate = call(alternate_fn, word);
}
