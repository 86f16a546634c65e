/*
 * stub.c — stub databases, read by frana with the caller's permissions (stub.h).
 *
 * The format is Xapian 1.4's (backends/dbfactory.cc, open_stub): one database
 * per line, "auto PATH", "glass PATH", "remote HOST:PORT", "remote :PROG ARGS";
 * blank lines and lines starting with '#' are skipped; a relative PATH is
 * taken from the stub's folder. frana opens "auto" and "glass" as glass only.
 */
#define _POSIX_C_SOURCE 200809L
#include "stub.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base.h"

/* Bytes of a stub frana reads: far more than any list of shards. */
#define STUB_MAX (1u << 20)


void frana_stub_free(frana_stub *st)
{
    if (!st)
        return;
    for (size_t i = 0; i < st->n; i++) {
        free(st->parts[i].path);
        free(st->parts[i].args);
        free(st->parts[i].host);
        free(st->parts[i].name);
    }
    free(st->parts);
    st->parts = NULL;
    st->n = 0;
}

/* Whether s[0..n) holds only printable ASCII (a name safe to print). */
static int printable(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
            return 0;
    return 1;
}

/* Parses one non-blank, non-comment line into *p. Returns 0, FRANA_ERR_NOMEM,
 * or FRANA_ERR_DB_OPEN with the reason in err. */
static int parse_line(const char *line, size_t len, const char *base, unsigned flags,
                      frana_stub_part *p, char *err, size_t errcap)
{
    size_t k = 0;
    while (k < len && line[k] != ' ' && line[k] != '\t')
        k++;
    size_t v = k;
    while (v < len && (line[v] == ' ' || line[v] == '\t'))
        v++;
    const char *val = line + v;
    size_t vlen = len - v;
    if (vlen == 0) {
        snprintf(err, errcap, "a line without a database");
        return FRANA_ERR_DB_OPEN;
    }
    if ((k == 4 && memcmp(line, "auto", 4) == 0) || (k == 5 && memcmp(line, "glass", 5) == 0)) {
        p->kind = FRANA_STUB_GLASS;
        if (val[0] == '/' || !base[0]) {
            p->path = frana_strndup(val, vlen);
        } else {
            size_t blen = strlen(base);
            p->path = malloc(blen + 1 + vlen + 1);
            if (p->path)
                snprintf(p->path, blen + 1 + vlen + 1, "%s/%.*s", base, (int)vlen, val);
        }
        if (!p->path)
            return FRANA_ERR_NOMEM;
        p->name = printable(val, vlen) ? frana_strndup(val, vlen) : frana_strndup("(a local database)", 18);
        return p->name ? 0 : FRANA_ERR_NOMEM;
    }
    if (k == 6 && memcmp(line, "remote", 6) == 0) {
        if (val[0] == ':') {
            if (!(flags & FRANA_STUB_ALLOW_PROGRAMS)) {
                snprintf(err, errcap,
                         "names a program to run (remote :PROG), which frana runs only when "
                         "asked to (FRANA_STUB_ALLOW_PROGRAMS, frana --allow-programs)");
                return FRANA_ERR_DB_OPEN;
            }
            size_t e = 1;
            while (e < vlen && val[e] != ' ' && val[e] != '\t')
                e++;
            size_t a = e;
            while (a < vlen && (val[a] == ' ' || val[a] == '\t'))
                a++;
            if (e == 1) {
                snprintf(err, errcap, "remote : without a program");
                return FRANA_ERR_DB_OPEN;
            }
            p->kind = FRANA_STUB_PROGRAM;
            p->path = frana_strndup(val + 1, e - 1);
            p->args = frana_strndup(val + a, vlen - a);
            p->name = frana_strndup("a remote program", 16);
            return p->path && p->args && p->name ? 0 : FRANA_ERR_NOMEM;
        }
        if (!(flags & FRANA_STUB_ALLOW_REMOTE)) {
            snprintf(err, errcap,
                     "names a remote database (remote HOST:PORT), which frana opens only when "
                     "asked to (FRANA_STUB_ALLOW_REMOTE, frana --allow-remote)");
            return FRANA_ERR_DB_OPEN;
        }
        const char *colon = NULL;
        for (size_t i = 0; i < vlen; i++)
            if (val[i] == ':')
                colon = val + i;
        char *end = NULL;
        unsigned long port = 0;
        if (colon && colon > val && colon[1] >= '0' && colon[1] <= '9') {
            errno = 0;
            port = strtoul(colon + 1, &end, 10);
        }
        if (!colon || colon == val || !end || end != val + vlen || errno || port == 0 ||
            port > 65535 || !printable(val, vlen)) {
            snprintf(err, errcap, "remote wants HOST:PORT (a port from 1 to 65535)");
            return FRANA_ERR_DB_OPEN;
        }
        p->kind = FRANA_STUB_TCP;
        p->host = frana_strndup(val, (size_t)(colon - val));
        p->port = (unsigned)port;
        p->name = frana_strndup(val, vlen);
        return p->host && p->name ? 0 : FRANA_ERR_NOMEM;
    }
    snprintf(err, errcap, "not a database frana opens (auto PATH, glass PATH, remote HOST:PORT, "
                          "remote :PROG ARGS)");
    return FRANA_ERR_DB_OPEN;
}

/* Reads all of a regular file (at most STUB_MAX bytes). */
static char *slurp(const char *path, size_t *len, char *err, size_t errcap, int *rc)
{
    *rc = FRANA_ERR_DB_OPEN;
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errcap, "%s: %s", path, strerror(errno));
        return NULL;
    }
    char *buf = malloc(STUB_MAX + 1);
    if (!buf) {
        fclose(f);
        *rc = FRANA_ERR_NOMEM;
        snprintf(err, errcap, "out of memory");
        return NULL;
    }
    size_t n = fread(buf, 1, STUB_MAX + 1, f);
    int bad = ferror(f);
    fclose(f);
    if (bad || n > STUB_MAX) {
        snprintf(err, errcap, "%s: %s", path, bad ? "read error" : "longer than 1 MB: not a stub");
        free(buf);
        return NULL;
    }
    buf[n] = 0;
    *len = n;
    *rc = 0;
    return buf;
}

int frana_stub_read(const char *path, unsigned flags, frana_stub *out, char *err, size_t errcap)
{
    memset(out, 0, sizeof *out);
    struct stat st;
    if (!path || stat(path, &st) != 0) {
        snprintf(err, errcap, "%s: %s", path ? path : "(null)", strerror(errno));
        return FRANA_ERR_DB_OPEN;
    }
    size_t plen = strlen(path);
    char *file = malloc(plen + 10), *base = malloc(plen + 1);
    if (!file || !base) {
        free(file);
        free(base);
        return FRANA_ERR_NOMEM;
    }
    if (S_ISDIR(st.st_mode)) {
        snprintf(file, plen + 10, "%s/XAPIANDB", path);
        memcpy(base, path, plen + 1);
    } else {
        memcpy(file, path, plen + 1);
        memcpy(base, path, plen + 1);
        char *slash = strrchr(base, '/');
        if (slash)
            *(slash == base ? slash + 1 : slash) = 0;
        else
            base[0] = 0;
    }
    size_t len = 0;
    int rc = 0;
    char *text = slurp(file, &len, err, errcap, &rc);
    if (text && !frana_utf8_valid(text, len)) {
        snprintf(err, errcap, "%s: not valid UTF-8: not a stub", file);
        rc = FRANA_ERR_DB_OPEN;
    }
    size_t line = 0;
    for (size_t i = 0; rc == 0 && i < len;) {
        size_t e = i;
        while (e < len && text[e] != '\n')
            e++;
        line++;
        size_t a = i, b = e;
        while (a < b && (text[a] == ' ' || text[a] == '\t'))
            a++;
        while (b > a && (text[b - 1] == ' ' || text[b - 1] == '\t' || text[b - 1] == '\r'))
            b--;
        i = e + 1;
        if (a == b || text[a] == '#')
            continue;
        frana_stub_part *np = realloc(out->parts, (out->n + 1) * sizeof *np);
        if (!np) {
            rc = FRANA_ERR_NOMEM;
            break;
        }
        out->parts = np;
        frana_stub_part *p = &out->parts[out->n++];
        memset(p, 0, sizeof *p);
        p->line = line;
        char why[200];
        rc = parse_line(text + a, b - a, base, flags, p, why, sizeof why);
        if (rc == FRANA_ERR_DB_OPEN)
            snprintf(err, errcap, "%s:%zu: %s", file, line, why);
    }
    if (rc == 0 && out->n == 0) {
        snprintf(err, errcap, "%s: names no database", file);
        rc = FRANA_ERR_DB_OPEN;
    }
    if (rc == FRANA_ERR_NOMEM)
        snprintf(err, errcap, "out of memory");
    if (rc)
        frana_stub_free(out);
    free(text);
    free(file);
    free(base);
    return rc;
}

size_t frana_db_shard_of(const char *id, size_t len, size_t nshards)
{
    return nshards ? frana_hash(id ? id : "", id ? len : 0) % nshards : 0;
}

int frana_stub_make_shards(const char *dir, size_t n, char *err, size_t errcap)
{
    if (!dir || !*dir || n < 1 || n > FRANA_DB_SHARDS_MAX) {
        snprintf(err, errcap, "shards: from 1 to %d", FRANA_DB_SHARDS_MAX);
        return FRANA_ERR_INVALID;
    }
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        snprintf(err, errcap, "%s: %s", dir, strerror(errno));
        return FRANA_ERR_DB_OPEN;
    }
    size_t dlen = strlen(dir);
    char *stub = malloc(dlen + 16), *tmp = malloc(dlen + 32);
    if (!stub || !tmp) {
        free(stub);
        free(tmp);
        return FRANA_ERR_NOMEM;
    }
    snprintf(stub, dlen + 16, "%s/XAPIANDB", dir);
    snprintf(tmp, dlen + 32, "%s/XAPIANDB.tmp", dir);
    int rc = 0;
    struct stat st;
    if (lstat(stub, &st) == 0) {
        /* frana's own stub: exactly "glass shardK" for K = 0 … n-1 */
        frana_stub old;
        char why[256];
        rc = frana_stub_read(dir, 0, &old, why, sizeof why);
        if (rc == 0) {
            int same = old.n == n;
            for (size_t i = 0; same && i < n; i++) {
                char want[32];
                snprintf(want, sizeof want, "shard%zu", i);
                same = old.parts[i].kind == FRANA_STUB_GLASS && strcmp(old.parts[i].name, want) == 0;
            }
            if (!same) {
                snprintf(err, errcap,
                         "%s: a stub of %zu database%s, not the %zu shards asked: an id goes to "
                         "the shard of its hash, so the number of shards cannot change",
                         dir, old.n, old.n == 1 ? "" : "s", n);
                rc = FRANA_ERR_DB_OPEN;
            }
            frana_stub_free(&old);
        } else {
            snprintf(err, errcap, "%s", why);
        }
        free(stub);
        free(tmp);
        return rc;
    }
    char probe[64];
    snprintf(probe, sizeof probe, "/iamglass");
    char *glass = malloc(dlen + sizeof probe);
    if (!glass) {
        free(stub);
        free(tmp);
        return FRANA_ERR_NOMEM;
    }
    snprintf(glass, dlen + sizeof probe, "%s%s", dir, probe);
    if (lstat(glass, &st) == 0) {
        snprintf(err, errcap, "%s: holds a single database: index shards into a new directory",
                 dir);
        rc = FRANA_ERR_DB_OPEN;
    }
    free(glass);
    FILE *f = rc ? NULL : fopen(tmp, "wb");
    if (!rc && !f) {
        snprintf(err, errcap, "%s: %s", tmp, strerror(errno));
        rc = FRANA_ERR_DB_OPEN;
    }
    if (f) {
        fprintf(f,
                "# frana: %zu shards; an article goes to shard frana_db_shard_of(id)\n"
                "# (32-bit FNV-1a of the id, modulo %zu). Xapian's tools open this folder.\n",
                n, n);
        for (size_t i = 0; i < n; i++)
            fprintf(f, "glass shard%zu\n", i);
        int bad = fflush(f) != 0 || fsync(fileno(f)) != 0;
        bad |= fclose(f) != 0;
        if (bad || rename(tmp, stub) != 0) {
            snprintf(err, errcap, "%s: %s", stub, strerror(errno));
            unlink(tmp);
            rc = FRANA_ERR_DB_OPEN;
        }
    }
    free(stub);
    free(tmp);
    return rc;
}
