/*
 * article.c — articles in and out: JSON Lines records and .txt files read
 * into frana_db_article, the compact JSON stored as document data, dates.
 */
#define _POSIX_C_SOURCE 200809L
#include "base.h"
#include "store.h"

#include <dirent.h>
#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct frana_db_record {
    json_t *root;    /* the parsed JSON record (owns its strings) */
    char *txt;       /* id + text copy of a .txt record */
    size_t txt_cap;
    char lang[16];
    frana_db_article art;
    char errmsg[200];
};

/* ---- jansson's allocations, counted (db.h) ------------------------------ */

static json_malloc_t json_prev_malloc;
static _Thread_local unsigned long json_failed;
static pthread_once_t json_once = PTHREAD_ONCE_INIT;

/* jansson's lexer does not check every allocation it makes: a byte it
 * fails to save makes it assert (abort) on an escape, or lose the byte. So a
 * failed allocation is counted, and then retried once after freeing a
 * reserve kept for that moment, so that the parse runs to its end; the
 * caller throws away what a parse that counted a failure gave
 * (frana_json_failures) and says it ran out of memory. The reserve is put
 * back before the next parse. */
#define JSON_RESERVE_SIZE (1u << 20)
static _Atomic(void *) json_reserve;

static void *json_counting_malloc(size_t n)
{
    void *p = json_prev_malloc(n);
    if (!p) {
        json_failed++;
        void *r = atomic_exchange(&json_reserve, NULL);
        if (r) {
            free(r);
            p = json_prev_malloc(n);
        }
    }
    return p;
}

static void json_install(void)
{
    json_free_t prev_free = NULL;
    json_get_alloc_funcs(&json_prev_malloc, &prev_free);
    if (!json_prev_malloc || !prev_free) {
        json_prev_malloc = malloc;
        prev_free = free;
    }
    json_set_alloc_funcs(json_counting_malloc, prev_free);
}

void frana_json_track(void)
{
    pthread_once(&json_once, json_install);
    if (!atomic_load_explicit(&json_reserve, memory_order_relaxed)) {
        void *r = malloc(JSON_RESERVE_SIZE);
        if (r) {
            memset(r, 0, JSON_RESERVE_SIZE); /* its pages exist before memory runs out */
            void *none = NULL;
            if (!atomic_compare_exchange_strong(&json_reserve, &none, r))
                free(r);
        }
    }
}

unsigned long frana_json_failures(void)
{
    return json_failed;
}

frana_db_record *frana_db_record_new(void)
{
    frana_json_track();
    return calloc(1, sizeof(frana_db_record));
}

void frana_db_record_free(frana_db_record *rec)
{
    if (!rec)
        return;
    json_decref(rec->root);
    free(rec->txt);
    free(rec);
}

const frana_db_article *frana_db_record_article(const frana_db_record *rec)
{
    return rec ? &rec->art : NULL;
}

const char *frana_db_record_errmsg(const frana_db_record *rec)
{
    return rec ? rec->errmsg : "no record";
}

int frana_date_to_value(const char *d, size_t len, char out9[9])
{
    if (len != 10 || d[4] != '-' || d[7] != '-')
        return FRANA_ERR_INPUT;
    for (int k = 0; k < 10; k++)
        if (k != 4 && k != 7 && (d[k] < '0' || d[k] > '9'))
            return FRANA_ERR_INPUT;
    int y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
    int m = (d[5] - '0') * 10 + (d[6] - '0');
    int day = (d[8] - '0') * 10 + (d[9] - '0');
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || m < 1 || m > 12 || day < 1)
        return FRANA_ERR_INPUT;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (day > mdays[m - 1] + (m == 2 && leap))
        return FRANA_ERR_INPUT;
    memcpy(out9, d, 4);
    memcpy(out9 + 4, d + 5, 2);
    memcpy(out9 + 6, d + 8, 2);
    out9[8] = 0;
    return FRANA_OK;
}

/* Whether l[0..len) is a language code frana takes (frana_language_code). */
static int lang_ok(const char *l, size_t len)
{
    char buf[16], code[4];
    if (len >= sizeof buf || memchr(l, 0, len))
        return 0;
    memcpy(buf, l, len);
    buf[len] = 0;
    return frana_language_code(buf, code) == FRANA_OK;
}

static void set_lang(frana_db_record *rec, const char *l, size_t len)
{
    if (!l || len == 0 || len >= sizeof rec->lang) {
        l = "fr";
        len = 2;
    }
    for (size_t i = 0; i < len; i++)
        rec->lang[i] = (l[i] >= 'A' && l[i] <= 'Z') ? (char)(l[i] + 32) : l[i];
    rec->lang[len] = 0;
    rec->art.lang = rec->lang;
    rec->art.lang_len = len;
}

static int bad(frana_db_record *rec, const char *fmt, const char *arg)
{
    snprintf(rec->errmsg, sizeof rec->errmsg, fmt, arg);
    return FRANA_ERR_INPUT;
}

/* Reads the optional string field name into *p, *len. */
static int opt_string(frana_db_record *rec, const char *name, const char **p, size_t *len)
{
    json_t *v = json_object_get(rec->root, name);
    *p = NULL;
    *len = 0;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return bad(rec, "field \"%s\" is not a string", name);
    *p = json_string_value(v);
    *len = json_string_length(v);
    return 0;
}

int frana_db_record_parse_json(frana_db_record *rec, const char *line, size_t len,
                               const char *default_lang)
{
    if (!rec || (!line && len))
        return FRANA_ERR_INVALID;
    json_decref(rec->root);
    rec->root = NULL;
    memset(&rec->art, 0, sizeof rec->art);
    rec->errmsg[0] = 0;
    if (!frana_utf8_valid(line, len))
        return bad(rec, "%s", "invalid UTF-8");
    json_error_t jerr;
    frana_json_track();
    unsigned long failed = frana_json_failures();
    rec->root = json_loadb(line, len, JSON_ALLOW_NUL, &jerr);
    if (frana_json_failures() != failed) {
        /* Parsed or not, the result may have lost bytes. */
        json_decref(rec->root);
        rec->root = NULL;
        snprintf(rec->errmsg, sizeof rec->errmsg, "out of memory while parsing JSON");
        return FRANA_ERR_NOMEM;
    }
    if (!rec->root) {
        snprintf(rec->errmsg, sizeof rec->errmsg, "invalid JSON at column %d: %s", jerr.column,
                 jerr.text);
        return FRANA_ERR_INPUT;
    }
    if (!json_is_object(rec->root))
        return bad(rec, "%s", "not a JSON object");
    json_t *id = json_object_get(rec->root, "id");
    if (!id || json_is_null(id))
        return bad(rec, "%s", "missing id");
    if (!json_is_string(id))
        return bad(rec, "%s", "id is not a string");
    rec->art.id = json_string_value(id);
    rec->art.id_len = json_string_length(id);
    if (rec->art.id_len == 0)
        return bad(rec, "%s", "empty id");
    if (rec->art.id_len > 240)
        return bad(rec, "%s", "id longer than 240 bytes");
    int rc;
    const char *l;
    size_t llen;
    if ((rc = opt_string(rec, "title", &rec->art.title, &rec->art.title_len)) ||
        (rc = opt_string(rec, "body", &rec->art.body, &rec->art.body_len)) ||
        (rc = opt_string(rec, "date", &rec->art.date, &rec->art.date_len)) ||
        (rc = opt_string(rec, "url", &rec->art.url, &rec->art.url_len)) ||
        (rc = opt_string(rec, "source", &rec->art.source, &rec->art.source_len)) ||
        (rc = opt_string(rec, "lang", &l, &llen)))
        return rc;
    if (rec->art.date_len) {
        char v[9];
        if (frana_date_to_value(rec->art.date, rec->art.date_len, v)) {
            snprintf(rec->errmsg, sizeof rec->errmsg, "bad date \"%.*s\" (want YYYY-MM-DD)",
                     (int)(rec->art.date_len > 40 ? 40 : rec->art.date_len), rec->art.date);
            return FRANA_ERR_INPUT;
        }
    } else {
        rec->art.date = NULL;
    }
    if (llen) {
        if (!lang_ok(l, llen))
            return bad(rec, "%s", "bad lang (want an ISO 639 code such as \"fr\" or \"fr-CA\")");
        set_lang(rec, l, llen);
    } else {
        set_lang(rec, default_lang, default_lang ? strlen(default_lang) : 0);
    }
    return FRANA_OK;
}

int frana_db_record_parse_txt(frana_db_record *rec, const char *id, size_t id_len,
                              const char *text, size_t len, const char *default_lang)
{
    if (!rec || (!id && id_len) || (!text && len))
        return FRANA_ERR_INVALID;
    json_decref(rec->root);
    rec->root = NULL;
    memset(&rec->art, 0, sizeof rec->art);
    rec->errmsg[0] = 0;
    if (id_len == 0)
        return bad(rec, "%s", "empty id");
    if (id_len > 240)
        return bad(rec, "%s", "id longer than 240 bytes");
    if (!frana_utf8_valid(text, len) || !frana_utf8_valid(id, id_len))
        return bad(rec, "%s", "invalid UTF-8");
    if (rec->txt_cap < id_len + len + 2) {
        char *p = realloc(rec->txt, id_len + len + 2);
        if (!p) {
            snprintf(rec->errmsg, sizeof rec->errmsg, "out of memory (%zu bytes)", len);
            return FRANA_ERR_NOMEM;
        }
        rec->txt = p;
        rec->txt_cap = id_len + len + 2;
    }
    memcpy(rec->txt, id, id_len);
    rec->txt[id_len] = 0;
    char *t = rec->txt + id_len + 1;
    if (len)
        memcpy(t, text, len);
    t[len] = 0;
    size_t i = 0;
    if (len >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0) /* a byte order mark */
        i = 3;
    while (i < len && (t[i] == '\n' || t[i] == '\r' || t[i] == ' ' || t[i] == '\t'))
        i++;
    size_t title_start = i;
    while (i < len && t[i] != '\n')
        i++;
    size_t title_end = i;
    while (title_end > title_start && (t[title_end - 1] == '\r' || t[title_end - 1] == ' '))
        title_end--;
    rec->art.id = rec->txt;
    rec->art.id_len = id_len;
    rec->art.title = t + title_start;
    rec->art.title_len = title_end - title_start;
    while (i < len && (t[i] == '\n' || t[i] == '\r'))
        i++;
    rec->art.body = t + i;
    rec->art.body_len = len - i;
    set_lang(rec, default_lang, default_lang ? strlen(default_lang) : 0);
    return FRANA_OK;
}

/* Appends "name":"v" (JSON-escaped as jansson's json_dumps escapes it: \\ \"
 * \b \f \n \r \t, other bytes under 0x20 as \u00XX, everything else as it
 * is) at o, which has room for it. */
static char *put_field(char *o, const char *name, const char *v, size_t len, int first)
{
    static const char hex[] = "0123456789ABCDEF";
    if (!first)
        *o++ = ',';
    *o++ = '"';
    size_t nlen = strlen(name);
    memcpy(o, name, nlen);
    o += nlen;
    memcpy(o, "\":\"", 3);
    o += 3;
    const unsigned char *u = (const unsigned char *)v;
    size_t i = 0;
    while (i < len) {
        size_t run = i;
        while (run < len && u[run] >= 0x20 && u[run] != '"' && u[run] != '\\')
            run++;
        memcpy(o, u + i, run - i);
        o += run - i;
        if (run == len)
            break;
        unsigned char c = u[run];
        *o++ = '\\';
        switch (c) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '\b': *o++ = 'b'; break;
        case '\f': *o++ = 'f'; break;
        case '\n': *o++ = 'n'; break;
        case '\r': *o++ = 'r'; break;
        case '\t': *o++ = 't'; break;
        default:
            memcpy(o, "u00", 3);
            o[3] = hex[c >> 4];
            o[4] = hex[c & 15];
            o += 5;
        }
        i = run + 1;
    }
    *o++ = '"';
    return o;
}

/* The document data: {"id":…,"title":…,"date":…,"url":…,"source":…,"lang":…,
 * "body":…}, compact, every field present, the bytes jansson's json_dumps
 * (JSON_COMPACT | JSON_PRESERVE_ORDER) gives for the same object (the reader
 * parses it with jansson); built in one pass over the fields. */
int frana_article_to_data(const frana_db_article *a, char **out, size_t *outlen)
{
    *out = NULL;
    struct {
        const char *name, *v;
        size_t len;
    } f[7] = {{"id", a->id, a->id_len},
              {"title", a->title, a->title_len},
              {"date", a->date, a->date_len},
              {"url", a->url, a->url_len},
              {"source", a->source, a->source_len},
              {"lang", a->lang_len ? a->lang : "fr", a->lang_len ? a->lang_len : 2},
              {"body", a->body, a->body_len}};
    size_t need = 3;
    for (int k = 0; k < 7; k++) {
        if (!f[k].v)
            f[k].len = 0;
        /* jansson refuses strings that are not UTF-8. */
        if (f[k].len && !frana_utf8_valid(f[k].v, f[k].len))
            return FRANA_ERR_INPUT;
        size_t extra = 0;
        const unsigned char *u = (const unsigned char *)f[k].v;
        for (size_t i = 0; i < f[k].len; i++)
            if (u[i] < 0x20 || u[i] == '"' || u[i] == '\\')
                extra += u[i] >= 0x20 || u[i] == '\b' || u[i] == '\f' || u[i] == '\n' ||
                                 u[i] == '\r' || u[i] == '\t'
                             ? 1
                             : 5;
        need += strlen(f[k].name) + 6 + f[k].len + extra;
    }
    char *s = malloc(need);
    if (!s)
        return FRANA_ERR_NOMEM;
    char *o = s;
    *o++ = '{';
    for (int k = 0; k < 7; k++)
        o = put_field(o, f[k].name, f[k].v ? f[k].v : "", f[k].len, k == 0);
    *o++ = '}';
    *o = 0;
    *out = s;
    *outlen = (size_t)(o - s);
    return FRANA_OK;
}

/* ---- document data read back (store.h) -------------------------------- */

static const char *const data_keys[FRANA_DATA_NFIELDS] = {"id",     "title", "date", "url",
                                                          "source", "lang",  "body"};

static size_t skip_ws(const char *d, size_t len, size_t i)
{
    while (i < len && (d[i] == ' ' || d[i] == '\t' || d[i] == '\n' || d[i] == '\r'))
        i++;
    return i;
}

/* The string whose opening quote is at d[i]: its span, and the index after
 * its closing quote; 0 for what frana_data_scan leaves to jansson (a \u
 * escape, an unknown escape, a raw control character, invalid UTF-8, no
 * closing quote). */
static size_t scan_string(const char *d, size_t len, size_t i, frana_data_span *sp)
{
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    size_t start = ++i;
    int escaped = 0;
    while (i < len) {
        /* Eight bytes at a time while none is a quote, a backslash, a
         * control character or a byte of a multi-byte sequence. */
        while (i + 8 <= len) {
            uint64_t x, q, b;
            memcpy(&x, d + i, 8);
            q = x ^ (ones * '"');
            b = x ^ (ones * '\\');
            if ((((q - ones) & ~q) | ((b - ones) & ~b) | ((x - ones * 0x20) & ~x) | x) & high)
                break;
            i += 8;
        }
        if (i >= len)
            break;
        unsigned char c = (unsigned char)d[i];
        if (c == '"') {
            sp->s = d + start;
            sp->len = i - start;
            sp->escaped = escaped;
            return i + 1;
        }
        if (c < 0x20)
            return 0;
        if (c == '\\') {
            if (i + 1 >= len || !d[i + 1] || !strchr("\"\\/bfnrt", d[i + 1]))
                return 0;
            escaped = 1;
            i += 2;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF && i + 1 < len && ((unsigned char)d[i + 1] & 0xC0) == 0x80) {
            i += 2; /* two bytes (é, à, ç): always valid */
            continue;
        }
        if (c >= 0x80) {
            size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                     : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
            if (n == 0 || n > len - i || !frana_utf8_valid(d + i, n))
                return 0;
            i += n;
            continue;
        }
        i++;
    }
    return 0;
}

int frana_data_scan(const char *data, size_t len, frana_data_span out[FRANA_DATA_NFIELDS])
{
    memset(out, 0, FRANA_DATA_NFIELDS * sizeof *out);
    size_t i = skip_ws(data, len, 0);
    if (i >= len || data[i] != '{')
        return 0;
    i = skip_ws(data, len, i + 1);
    if (i < len && data[i] == '}') {
        i++;
    } else {
        for (;;) {
            frana_data_span key, val;
            if (i >= len || data[i] != '"' || (i = scan_string(data, len, i, &key)) == 0)
                return 0;
            i = skip_ws(data, len, i);
            if (i >= len || data[i] != ':')
                return 0;
            i = skip_ws(data, len, i + 1);
            if (i >= len || data[i] != '"' || (i = scan_string(data, len, i, &val)) == 0)
                return 0;
            for (int k = 0; k < FRANA_DATA_NFIELDS && !key.escaped; k++)
                if (key.len == strlen(data_keys[k]) && memcmp(key.s, data_keys[k], key.len) == 0)
                    out[k] = val;
            if (key.escaped)
                return 0; /* a key spelled with escapes: jansson's to compare */
            i = skip_ws(data, len, i);
            if (i < len && data[i] == ',') {
                i = skip_ws(data, len, i + 1);
                continue;
            }
            if (i < len && data[i] == '}') {
                i++;
                break;
            }
            return 0;
        }
    }
    return skip_ws(data, len, i) == len;
}

char *frana_data_span_dup(const frana_data_span *sp, size_t *lenp)
{
    size_t len = sp->s ? sp->len : 0;
    char *d = malloc(len + 1);
    if (!d)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = sp->s[i];
        if (c == '\\' && sp->escaped && i + 1 < len) {
            c = sp->s[++i];
            c = c == 'b' ? '\b' : c == 'f' ? '\f' : c == 'n' ? '\n' : c == 'r' ? '\r'
              : c == 't' ? '\t' : c;
        }
        d[n++] = c;
    }
    d[n] = 0;
    if (lenp)
        *lenp = n;
    return d;
}

static uint64_t dir_bytes(const char *dir, int depth)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    uint64_t total = 0;
    struct dirent *e;
    char path[4096];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        int n = snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (n < 0 || (size_t)n >= sizeof path)
            continue;
        struct stat st;
        if (lstat(path, &st) != 0)
            continue;
        if (S_ISREG(st.st_mode))
            total += (uint64_t)st.st_size;
        else if (S_ISDIR(st.st_mode) && depth < 8)
            total += dir_bytes(path, depth + 1);
    }
    closedir(d);
    return total;
}

uint64_t frana_dir_bytes(const char *dir)
{
    return dir_bytes(dir, 0);
}

size_t frana_source_key(const char *s, size_t len, char *out, size_t cap)
{
    size_t n = 0, max = cap ? cap - 1 : 0;
    if (max > 200)
        max = 200;
    int space = 0;
    for (size_t i = 0; i < len;) {
        int invalid = 0;
        int32_t cp = frana_utf8_next((const uint8_t *)s, len, &i, &invalid);
        if (cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xA0 || cp == 0x202F) {
            space = n > 0;
            continue;
        }
        uint8_t enc[4];
        size_t k = frana_utf8_put(frana_utf8_lower(cp), enc);
        if (n + space + k > max)
            break;
        if (space)
            out[n++] = ' ';
        space = 0;
        memcpy(out + n, enc, k);
        n += k;
    }
    if (cap)
        out[n] = 0;
    return n;
}
