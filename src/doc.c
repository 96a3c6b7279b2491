/*
 * doc.c: creating and freeing the document (doc.h), and token shapes.
 */
#include "doc.h"

#include "input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>


np_doc *np_doc_new(char *text, size_t len, const char *name)
{
    np_doc *doc = np_xcalloc(1, sizeof *doc);
    doc->text = text;
    doc->len = len;
    doc->ncp = np_utf8_count(text, len);
    /* as valid UTF-8, as the graph names it: a file name need not be */
    size_t nlen = strlen(name ? name : "-");
    np_repair rep;
    doc->name = np_utf8_repair(np_xstrndup(name ? name : "-", nlen), &nlen, &rep);
    doc->dateline.place = NP_NONE;
    return doc;
}

void np_doc_clear_segment(np_doc *doc)
{
    free(doc->toks);
    doc->toks = NULL;
    doc->ntoks = doc->toks_cap = 0;
    free(doc->sents);
    doc->sents = NULL;
    doc->nsents = doc->sents_cap = 0;
    np_buf_free(&doc->keys);
}

void np_doc_free(np_doc *doc)
{
    if (!doc)
        return;
    free(doc->ents);
    free(doc->ments);
    free(doc->ent_slots);
    np_u64map_free(&doc->ent_of_entry);
    for (size_t i = 0; i < doc->nlinks; i++)
        free(doc->links[i].ev);
    np_arena_free(&doc->strs);
    free(doc->links);
    free(doc->text);
    free(doc->name);
    free(doc->id);
    free(doc->toks);
    free(doc->sents);
    np_buf_free(&doc->keys);
    np_norm_scratch_free(&doc->scratch);
    free(doc);
}

const char *np_rel_name(int rel)
{
    static const char *const names[] = {"met", "visited", "joined", "holds_role", "called"};
    return rel >= 0 && rel <= NP_REL_CALLED ? names[rel] : "?";
}

long np_doc_entity(const np_doc *doc, const char *id)
{
    if (!doc->nent_slots)
        return -1;
    size_t mask = doc->nent_slots - 1, s = np_hash(id, strlen(id)) & mask;
    while (doc->ent_slots[s]) {
        uint32_t e = doc->ent_slots[s] - 1;
        if (strcmp(doc->ents[e].id, id) == 0)
            return e;
        s = (s + 1) & mask;
    }
    return -1;
}

void np_tok_shape(const np_doc *doc, const np_token *t, char *out, size_t n)
{
    const unsigned char *s = (const unsigned char *)doc->text + t->start;
    size_t len = t->end - t->start, o = 0;
    char last = 0;
    int run = 0;
    for (size_t i = 0; i < len && o + 1 < n;) {
        int32_t cp;
        size_t cl = np_utf8_next(s + i, &cp);
        const unsigned char *raw = s + i;
        i += cl;
        utf8proc_category_t c = utf8proc_category(cp);
        char ch;
        if (c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT)
            ch = 'X';
        else if (c == UTF8PROC_CATEGORY_LL || c == UTF8PROC_CATEGORY_LM || c == UTF8PROC_CATEGORY_LO)
            ch = 'x';
        else if (c == UTF8PROC_CATEGORY_ND)
            ch = 'd';
        else if (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME)
            continue;
        else if (cp < 0x80)
            ch = (char)cp;
        else {
            /* other characters (’, –, emoji) stand for themselves */
            if (o + cl + 1 > n)
                break;
            memcpy(out + o, raw, cl);
            o += cl;
            last = 0;
            continue;
        }
        run = ch == last ? run + 1 : 1;
        last = ch;
        if (run <= 4)
            out[o++] = ch;
    }
    out[o] = '\0';
}

const char *np_etype_name(int type)
{
    static const char *names[] = {"person", "place", "organization"};
    return type >= 0 && type <= 2 ? names[type] : "?";
}

const char *np_etype_prefix(int type)
{
    static const char *names[] = {"person", "place", "org"};
    return type >= 0 && type <= 2 ? names[type] : "?";
}

/* ---- date values ---- */

long np_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int np_date_days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

int np_date_valid(const np_date *d)
{
    if (d->prec < 1 || d->prec > 3 || d->y < NP_DATE_MIN_YEAR || d->y > NP_DATE_MAX_YEAR)
        return 0;
    if (d->prec >= 2 && (d->m < 1 || d->m > 12))
        return 0;
    return d->prec < 3 || (d->d >= 1 && d->d <= np_date_days_in_month(d->y, d->m));
}

/* n decimal digits of v at out (v below 10^n). */
static void put_digits(char *out, int v, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        out[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

void np_date_format(const np_date *d, char *out)
{
    _Static_assert(NP_DATE_MIN_YEAR >= 0 && NP_DATE_MAX_YEAR <= 9999, "a valid year has four digits");
    if (!np_date_valid(d)) {
        out[0] = '\0';
        return;
    }
    put_digits(out, d->y, 4);
    size_t n = 4;
    if (d->prec >= 2) {
        out[n++] = '-';
        put_digits(out + n, d->m, 2);
        n += 2;
    }
    if (d->prec == 3) {
        out[n++] = '-';
        put_digits(out + n, d->d, 2);
        n += 2;
    }
    out[n] = '\0';
}

/* n digits at s as a number, or -1. */
static int digits(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int np_date_parse_n(const char *s, size_t n, np_date *d)
{
    memset(d, 0, sizeof *d);
    if (n != 4 && n != 7 && n != 10)
        return -1;
    if ((n >= 7 && s[4] != '-') || (n == 10 && s[7] != '-'))
        return -1;
    d->y = digits(s, 4);
    d->m = n >= 7 ? digits(s + 5, 2) : 0;
    d->d = n == 10 ? digits(s + 8, 2) : 0;
    d->prec = n == 4 ? 1 : n == 7 ? 2 : 3;
    if (!np_date_valid(d)) {
        memset(d, 0, sizeof *d);
        return -1;
    }
    return 0;
}

int np_date_parse(const char *s, np_date *d)
{
    return np_date_parse_n(s, strlen(s), d);
}

int np_date_day(const char *s, size_t n, char *out)
{
    np_date d;
    if (np_date_parse_n(s, n, &d) < 0 || d.prec != 3)
        return 0;
    if (out)
        np_date_format(&d, out);
    return 1;
}

int np_date_cmp(const np_date *a, const np_date *b)
{
    int p = a->prec < b->prec ? a->prec : b->prec;
    if (a->y != b->y)
        return a->y < b->y ? -1 : 1;
    if (p >= 2 && a->m != b->m)
        return a->m < b->m ? -1 : 1;
    if (p >= 3 && a->d != b->d)
        return a->d < b->d ? -1 : 1;
    return 0;
}
