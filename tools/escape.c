/*
 * escape.c — text from articles, file names and ids made safe for a terminal
 * and for line formats (commands.h).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"

/* Decodes one UTF-8 sequence at s[0..len): its code point and length, or -1
 * for a byte that starts no valid sequence (overlong, surrogate, cut). */
static int32_t decode(const unsigned char *s, size_t len, size_t *n)
{
    unsigned char c = s[0];
    size_t k;
    int32_t cp;
    if (c < 0x80) {
        *n = 1;
        return c;
    } else if (c >= 0xC2 && c <= 0xDF) {
        k = 1, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        k = 2, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        k = 3, cp = c & 0x07;
    } else {
        return -1;
    }
    if (len <= k)
        return -1;
    for (size_t i = 1; i <= k; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return -1;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return -1;
    *n = k + 1;
    return cp;
}

/* Whether a terminal or a reader could be misled by cp: C0 and C1 controls,
 * DEL, the marks that reorder text (bidi embeddings, overrides, isolates,
 * directional marks), the line and paragraph separators, the BOM. */
static int unsafe(int32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C || cp == 0x200E ||
           cp == 0x200F || (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
           cp == 0xFEFF;
}

void fput_field(FILE *f, const char *str, size_t len, int csv)
{
    const unsigned char *s = (const unsigned char *)str;
    int quote = 0;
    if (csv)
        for (size_t i = 0; i < len && !quote; i++)
            quote = s[i] == ',' || s[i] == '"';
    if (quote)
        fputc('"', f);
    size_t i = 0;
    while (i < len) {
        size_t n = 1;
        int32_t cp = decode(s + i, len - i, &n);
        if (cp < 0)
            fprintf(f, "\\x%02X", s[i]);
        else if (cp == '\\')
            fputs("\\\\", f);
        else if (cp == '"' && quote)
            fputs("\"\"", f);
        else if (unsafe(cp))
            fprintf(f, cp < 0x100 ? "\\x%02X" : "\\u%04X", (unsigned)cp);
        else
            fwrite(s + i, 1, n, f);
        i += n;
    }
    if (quote)
        fputc('"', f);
}

void fput_escaped(FILE *f, const char *str, size_t len)
{
    fput_field(f, str, len, 0);
}

void fput_json_string(FILE *f, const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    fputc('"', f);
    size_t i = 0;
    while (i < len) {
        size_t n = 1;
        int32_t cp = decode(s + i, len - i, &n);
        if (cp < 0)
            fputs("\\uFFFD", f);
        else if (cp == '"' || cp == '\\')
            fprintf(f, "\\%c", (char)cp);
        else if (cp == '\n')
            fputs("\\n", f);
        else if (cp == '\t')
            fputs("\\t", f);
        else if (unsafe(cp))
            fprintf(f, "\\u%04X", (unsigned)cp);
        else
            fwrite(s + i, 1, n, f);
        i += n;
    }
    fputc('"', f);
}

void fprintf_escaped(FILE *f, const char *fmt, ...)
{
    char small[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    char *buf = small;
    if ((size_t)n >= sizeof small) {
        buf = malloc((size_t)n + 1);
        if (!buf) {
            fputs("(message lost: out of memory)\n", f);
            return;
        }
        va_start(ap, fmt);
        vsnprintf(buf, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    size_t len = (size_t)n;
    int newline = len && buf[len - 1] == '\n';
    fput_escaped(f, buf, len - (size_t)newline);
    if (newline)
        fputc('\n', f);
    if (buf != small)
        free(buf);
}
