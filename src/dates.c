/*
 * dates.c: finding and resolving dates (see dates.h).
 *
 * Calendar words carry their value in the vocabulary (np_vocab_entry.cal),
 * so recognizing "Sept." or "Thursday" is the same hash lookup as any
 * token. Arithmetic uses day numbers since 1970-01-01 (proleptic
 * Gregorian).
 */
#include "dates.h"

#include "lexicon.h"
#include "yamltree.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define CAL_MONTH(c) ((int)((c) & 15))
#define CAL_WEEKDAY(c) ((int)(((c) >> 4) & 15))
#define CAL_PERIOD(c) ((int)(((c) >> 8) & 3)) /* 1 week, 2 month, 3 year */
#define CAL_SHIFT (1u << 10) /* last, next, this...: may start a relative date */

/* Calendar bits that name a month and a weekday that exist (a damaged
 * model may hold others); 0 is no calendar word. */
static int cal_valid(uint32_t c)
{
    return c && CAL_MONTH(c) <= 12 && CAL_WEEKDAY(c) <= 7;
}

/* The words match_date reads as "last week", "next May", "earlier this year". */
static const char *const shift_words[] = {"last", "past", "next", "this", "earlier", "later", NULL};

enum { REL_TODAY = 1, REL_YESTERDAY, REL_TOMORROW };


/* ---- calendar arithmetic ---- */

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int weekday_of(long days)
{
    long w = (days + 3) % 7; /* 1970-01-01 was a Thursday: ISO 4 */
    if (w < 0)
        w += 7;
    return (int)w + 1;
}


/* ---- loading rules/dates.yaml ---- */

typedef struct loader {
    np_lexicon *lx;
    struct np_dates *d;
    np_yreport *rep;
    const char *path;
    uint32_t *ids; /* scratch vocabulary ids */
    size_t cap;
} loader;

/* months (code 0: the month in bits 0-3) and weekdays (code 4: bits 4-7):
 * numbers to lists of single words. */
static int add_cal_words(void *ctx, const np_yfield *f, const np_ynode *map)
{
    loader *ld = ctx;
    int shift = f->code, maxv = shift == 0 ? 12 : 7;
    for (size_t i = 0; i + 1 < map->n && !np_yreport_stop(ld->rep); i += 2) {
        const np_ynode *k = map->items[i], *v = map->items[i + 1];
        char *end;
        long num = k->type == NP_Y_SCALAR ? strtol(k->str, &end, 10) : 0;
        if (k->type != NP_Y_SCALAR || *end || num < 1 || num > maxv) {
            np_yreport_at(ld->rep, ld->path, k->line, k->col, "expected a number from 1 to %d", maxv);
            continue;
        }
        if (v->type != NP_Y_SEQ) {
            np_yreport_at(ld->rep, ld->path, v->line, v->col, "expected a list of words");
            continue;
        }
        for (size_t w = 0; w < v->n && !np_yreport_stop(ld->rep); w++) {
            const np_ynode *word = v->items[w];
            if (word->type != NP_Y_SCALAR || !word->len) {
                np_yreport_at(ld->rep, ld->path, word->line, word->col, "a word must be a non-empty string");
                continue;
            }
            size_t cnt = np_lexicon_add_phrase(ld->lx, word->str, word->len, shift == 0 ? NP_LEX_MONTH : NP_LEX_WEEKDAY,
                                               &ld->ids, &ld->cap);
            if (cnt != 1) {
                np_yreport_at(ld->rep, ld->path, word->line, word->col, "'%s' must be a single word", word->str);
                continue;
            }
            ld->lx->vocab.ents[ld->ids[0]].cal |= (uint32_t)num << shift;
        }
    }
    return 0;
}

/* periods: week, month and year to lists of single words. */
static int add_periods(void *ctx, const np_yfield *f, const np_ynode *v)
{
    loader *ld = ctx;
    (void)f;
    for (size_t p = 0; p + 1 < v->n && !np_yreport_stop(ld->rep); p += 2) {
        const char *pk = v->items[p]->str ? v->items[p]->str : "";
        int code = !strcmp(pk, "week") ? 1 : !strcmp(pk, "month") ? 2 : !strcmp(pk, "year") ? 3 : 0;
        const np_ynode *list = v->items[p + 1];
        if (!code || list->type != NP_Y_SEQ) {
            np_yreport_at(ld->rep, ld->path, v->items[p]->line, v->items[p]->col,
                          "expected week, month or year with a list of words");
            continue;
        }
        for (size_t w = 0; w < list->n && !np_yreport_stop(ld->rep); w++) {
            const np_ynode *word = list->items[w];
            if (word->type != NP_Y_SCALAR ||
                np_lexicon_add_phrase(ld->lx, word->str, word->len, 0, &ld->ids, &ld->cap) != 1) {
                np_yreport_at(ld->rep, ld->path, word->line, word->col, "a period must be one word");
                continue;
            }
            ld->lx->vocab.ents[ld->ids[0]].cal |= (uint32_t)code << 8;
        }
    }
    return 0;
}

/* today, yesterday, tomorrow (code: REL_*): lists of words or phrases. */
static int add_relative(void *ctx, const np_yfield *f, const np_ynode *v)
{
    loader *ld = ctx;
    for (size_t w = 0; w < v->n && !np_yreport_stop(ld->rep); w++) {
        const np_ynode *word = v->items[w];
        if (word->type != NP_Y_SCALAR || !word->len) {
            np_yreport_at(ld->rep, ld->path, word->line, word->col, "a phrase must be a non-empty string");
            continue;
        }
        size_t cnt = np_lexicon_add_phrase(ld->lx, word->str, word->len, 0, &ld->ids, &ld->cap);
        np_trie_insert(&ld->d->relative, ld->ids, cnt, (uint32_t)f->code);
        if (cnt)
            ld->lx->vocab.ents[ld->ids[0]].lex |= NP_LEX_DATE_WORD;
    }
    return 0;
}

static const char cal_map[] = "expected a mapping of numbers to word lists",
                  rel_list[] = "'%s' must be a list of words or phrases";
static const np_yfield top_fields[] = {
    {"description", NP_Y_ANY, 0, NULL, NULL, 0},
    {"months", NP_Y_MAP, 0, cal_map, add_cal_words, 0},
    {"weekdays", NP_Y_MAP, 0, cal_map, add_cal_words, 4},
    {"periods", NP_Y_MAP, 0, "'periods' must map week, month and year to words", add_periods, 0},
    {"today", NP_Y_SEQ, 0, rel_list, add_relative, REL_TODAY},
    {"yesterday", NP_Y_SEQ, 0, rel_list, add_relative, REL_YESTERDAY},
    {"tomorrow", NP_Y_SEQ, 0, rel_list, add_relative, REL_TOMORROW},
};
static const np_ykeys top_keys = {
    top_fields, sizeof top_fields / sizeof *top_fields, "the top level must be a mapping",
    "unknown key '%s' (expected months, weekdays, today, yesterday, tomorrow, periods)", NULL};

struct np_dates *np_dates_load_report(np_lexicon *lx, const char *datadir, struct np_yreport *rep)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/rules/dates.yaml", datadir);
    np_error yerr;
    np_ynode *root = np_ytree_load(path, &yerr);
    if (!root)
        np_yreport_error(rep, &yerr);
    if (np_yreport_stop(rep))
        return NULL;
    loader ld = {lx, np_xcalloc(1, sizeof *ld.d), rep, path, NULL, 0};
    if (root)
        np_ywalk(rep, path, root, &top_keys, NULL, NULL, &ld);
    free(ld.ids);
    np_ynode_free(root);
    if (np_yreport_stop(rep)) {
        np_dates_free(ld.d);
        return NULL;
    }
    for (int k = 0; shift_words[k]; k++)
        lx->vocab.ents[np_vocab_add(&lx->vocab, &lx->pool, shift_words[k], strlen(shift_words[k]), 0)].cal |= CAL_SHIFT;
    np_trie_finish(&ld.d->relative);
    /* the words a date can start with, as one bit the tokens carry: the
     * scan for dates reads no vocabulary entry for the others */
    for (size_t i = 0; i < lx->vocab.n; i++)
        if (cal_valid(lx->vocab.ents[i].cal))
            lx->vocab.ents[i].lex |= NP_LEX_DATE_WORD;
    return ld.d;
}

struct np_dates *np_dates_load(np_lexicon *lx, const char *datadir, np_error *err)
{
    np_yreport rep = {err, NULL, NULL, 0};
    return np_dates_load_report(lx, datadir, &rep);
}

void np_dates_free(struct np_dates *d)
{
    if (!d)
        return;
    np_trie_free(&d->relative);
    free(d);
}

/* ---- recognizing ---- */

/* What recognizing reads: the date words and the vocabulary's calendar
 * bits. */
typedef struct dctx {
    const struct np_dates *dates;
    const np_vocab *vocab;
    const np_pool *pool;
} dctx;

/* The calendar bits of vocabulary entry id + 1 (0: none), none when a
 * damaged compiled model gives a month over 12 or a weekday over 7. */
static uint32_t cal_bits(const dctx *dx, uint32_t id)
{
    uint32_t c = id ? dx->vocab->ents[id - 1].cal : 0;
    return cal_valid(c) ? c : 0;
}

static uint32_t cal_of(const dctx *dx, const np_token *t)
{
    return cal_bits(dx, t->vocab);
}

/* The number a token starts with: 15, 13th, 21-22 (then 21); -1 if none. */
static int number_of(const np_doc *doc, const np_token *t, int *range_end)
{
    if (t->kind != NP_TOK_NUMBER && !(t->kind == NP_TOK_WORD && (t->flags & NP_TF_DIGIT)))
        return -1;
    const char *s = doc->text + t->start;
    size_t n = t->end - t->start, i = 0;
    int v = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9' && i < 5)
        v = v * 10 + (s[i++] - '0');
    if (i == 0)
        return -1;
    if (range_end)
        *range_end = -1;
    if (i == n)
        return v;
    if (t->kind == NP_TOK_WORD) { /* 13th, 1st, 2nd, 3rd */
        const char *suf = s + i;
        size_t sl = n - i;
        if (sl == 2 && (!strncmp(suf, "st", 2) || !strncmp(suf, "nd", 2) || !strncmp(suf, "rd", 2) ||
                        !strncmp(suf, "th", 2)))
            return v;
        return -1;
    }
    if (s[i] == '-' && i + 1 < n) { /* 21-22 */
        int w = 0;
        size_t j = i + 1;
        while (j < n && s[j] >= '0' && s[j] <= '9' && j < i + 6)
            w = w * 10 + (s[j++] - '0');
        if (j == n) {
            if (range_end)
                *range_end = w;
            return v;
        }
    }
    return -1;
}

static int is_year(int v)
{
    return v >= 1900 && v <= 2099;
}

static int word_is(const np_doc *doc, const np_token *t, const char *k)
{
    size_t n = strlen(k);
    return t->key_len == n && !memcmp(np_tok_key(doc, t), k, n);
}

static int punct_is(const np_doc *doc, const np_token *t, char c)
{
    return t->kind == NP_TOK_PUNCT && t->end - t->start == 1 && doc->text[t->start] == c;
}

/* A month name is taken for a month only with capitals, and, when it is
 * also an ordinary word (May, March), next to a number or a cue. */
/* "mid-May", "early-June", "late-March": the month of a hyphenated token
 * that begins with a part of the month, or 0. */
static int part_month(const dctx *dx, const np_doc *doc, const np_token *t)
{
    static const char *const parts[] = {"mid-", "early-", "late-", NULL};
    if (!(t->flags & NP_TF_HYPHEN))
        return 0;
    const char *k = np_tok_key(doc, t);
    for (int p = 0; parts[p]; p++) {
        size_t n = strlen(parts[p]);
        if (t->key_len > n && !memcmp(k, parts[p], n)) {
            uint32_t id = np_vocab_find(dx->vocab, dx->pool, k + n, t->key_len - n, np_hash(k + n, t->key_len - n));
            return CAL_MONTH(cal_bits(dx, id));
        }
    }
    return 0;
}

static int month_at(const dctx *dx, const np_doc *doc, size_t i, size_t b, size_t e)
{
    const np_token *t = &doc->toks[i];
    int part = part_month(dx, doc, t);
    if (part)
        return part;
    int month = CAL_MONTH(cal_of(dx, t));
    if (!month || !(t->flags & NP_TF_CAP))
        return 0;
    if (!(t->lex & (NP_LEX_COMMON | NP_LEX_FUNCTION)) || (t->flags & NP_TF_PERIOD))
        return month;
    if (i + 1 < e && number_of(doc, &doc->toks[i + 1], NULL) >= 0)
        return month;
    if (i > b && number_of(doc, &doc->toks[i - 1], NULL) >= 0)
        return month;
    static const char *cues[] = {"in", "of", "since", "until", "by", "last", "next", "this", "early", "mid", "late",
                                 "from", "through", "during", NULL};
    for (int k = 0; i > b && cues[k]; k++)
        if (word_is(doc, &doc->toks[i - 1], cues[k]))
            return month;
    return 0;
}

static void set(np_date *d, int y, int month, int day, int prec)
{
    d->y = y;
    d->m = month;
    d->d = day;
    d->prec = prec;
}

/* What the span says before resolution. */
typedef struct raw_date {
    int year, month, day; /* 0 when the text does not say */
    int weekday;          /* 1-7 */
    int rel;              /* REL_* */
    int shift;            /* last -1, this 0, next +1 (with period or month) */
    int period;           /* 1 week, 2 month, 3 year */
    int has_shift;
} raw_date;

static void resolve_raw(const raw_date *r, const np_date *docdate, int future, np_date *out)
{
    memset(out, 0, sizeof *out);
    if (r->year && r->month && r->day) {
        set(out, r->year, r->month, r->day, 3);
        return;
    }
    if (r->year && r->month) {
        set(out, r->year, r->month, 0, 2);
        return;
    }
    if (r->year && !r->month) {
        set(out, r->year, 0, 0, 1);
        return;
    }
    if (!docdate || docdate->prec < 3 || !np_date_valid(docdate))
        return; /* relative to a date we do not know */
    long today = np_days_from_civil(docdate->y, docdate->m, docdate->d);
    int y, month, d;
    if (r->rel) {
        long day = today + (r->rel == REL_YESTERDAY ? -1 : r->rel == REL_TOMORROW ? 1 : 0);
        civil_from_days(day, &y, &month, &d);
        set(out, y, month, d, 3);
    } else if (r->weekday) {
        int wd = weekday_of(today);
        long diff = future ? (r->weekday - wd + 7) % 7 : -((wd - r->weekday + 7) % 7);
        if (r->has_shift && r->shift > 0 && diff <= 0)
            diff += 7;
        if (r->has_shift && r->shift < 0 && diff >= 0)
            diff -= 7;
        civil_from_days(today + diff, &y, &month, &d);
        set(out, y, month, d, 3);
    } else if (r->month && r->day) { /* a day of a month, the year from the document */
        y = docdate->y;
        long day = np_days_from_civil(y, r->month, r->day);
        if (!future && day > today + 1)
            y--;
        else if (future && day < today - 1)
            y++;
        int last = np_date_days_in_month(y, r->month);
        set(out, y, r->month, r->day > last ? last : r->day, 3);
    } else if (r->month) { /* a month: this year's, the last or the next */
        y = docdate->y;
        if (r->has_shift) {
            if (r->shift < 0 && r->month >= docdate->m)
                y--;
            else if (r->shift > 0 && r->month <= docdate->m)
                y++;
        } else if (!future && r->month > docdate->m)
            y--;
        else if (future && r->month < docdate->m)
            y++;
        set(out, y, r->month, 0, 2);
    } else if (r->period == 1) { /* last / this / next week */
        civil_from_days(today + 7L * r->shift, &y, &month, &d);
        set(out, y, month, 0, 2);
    } else if (r->period == 2) {
        y = docdate->y;
        month = docdate->m + r->shift;
        if (month < 1)
            month += 12, y--;
        if (month > 12)
            month -= 12, y++;
        set(out, y, month, 0, 2);
    } else if (r->period == 3)
        set(out, docdate->y + r->shift, 0, 0, 1);
}

/* Resolves r against the document date; a result that is no real date
 * (arithmetic past 9999-12-31 or before 0001-01-01) is dropped (prec 0),
 * never wrapped or written as year 0 or 10000. */
static void resolve(const raw_date *r, const np_date *docdate, int future, np_date *out)
{
    resolve_raw(r, docdate, future, out);
    if (out->prec && !np_date_valid(out))
        memset(out, 0, sizeof *out);
}

/* An optional comma and a year at token k (before e): sets r->year and
 * returns the token after the year, else returns k. */
static size_t year_after(const np_doc *doc, size_t k, size_t e, raw_date *r)
{
    size_t kk = k;
    if (kk < e && punct_is(doc, &doc->toks[kk], ','))
        kk++;
    int y = kk < e ? number_of(doc, &doc->toks[kk], NULL) : -1;
    if (!is_year(y))
        return k;
    r->year = y;
    return kk + 1;
}

/* 2023-02-10 and 23.04.2013 as one token; 23/04/2013 (04/23/2013 when
 * only that reading is a date). v is token i's number. */
static size_t numeric_date(const np_doc *doc, size_t i, size_t e, int v, raw_date *r)
{
    const np_token *t = &doc->toks[i];
    const char *s = doc->text + t->start;
    size_t n = t->end - t->start;
    if (t->kind == NP_TOK_NUMBER && n < 32) {
        int a, month, c, k = 0;
        char tmp[32];
        memcpy(tmp, s, n);
        tmp[n] = '\0';
        if (sscanf(tmp, "%4d-%2d-%2d%n", &a, &month, &c, &k) == 3 && (size_t)k == n && is_year(a) && month >= 1 &&
            month <= 12 && c >= 1 && c <= 31) {
            r->year = a, r->month = month, r->day = c;
            return 1;
        }
        if (sscanf(tmp, "%2d.%2d.%4d%n", &a, &month, &c, &k) == 3 && (size_t)k == n && is_year(c) && month >= 1 &&
            month <= 12 && a >= 1 && a <= 31) {
            r->year = c, r->month = month, r->day = a;
            return 1;
        }
    }
    if (v >= 1 && v <= 31 && i + 4 < e && punct_is(doc, &doc->toks[i + 1], '/') &&
        punct_is(doc, &doc->toks[i + 3], '/')) {
        int v2 = number_of(doc, &doc->toks[i + 2], NULL), v3 = number_of(doc, &doc->toks[i + 4], NULL);
        if (v2 >= 1 && v2 <= 31 && is_year(v3)) {
            int day = v, month = v2;
            if (v <= 12 && v2 > 12)
                day = v2, month = v;
            if (month <= 12) {
                r->year = v3, r->month = month, r->day = day;
                return 5;
            }
        }
    }
    return 0;
}

/* 15 December (2019), 21-22 January 2019, 13th of September. v is token
 * i's number. */
static size_t day_month(const dctx *dx, const np_doc *doc, size_t i, size_t b, size_t e, int v, raw_date *r)
{
    if (v < 1 || v > 31)
        return 0;
    size_t k = i + 1;
    if (k < e && word_is(doc, &doc->toks[k], "of"))
        k++;
    int month = k < e ? month_at(dx, doc, k, b, e) : 0;
    if (!month)
        return 0;
    r->month = month;
    r->day = v;
    return year_after(doc, k + 1, e, r) - i;
}

/* December 15 (, 2019), Dec. 15, December (, 2019). */
static size_t month_day(const dctx *dx, const np_doc *doc, size_t i, size_t b, size_t e, raw_date *r)
{
    int month = month_at(dx, doc, i, b, e);
    if (!month)
        return 0;
    r->month = month;
    size_t k = i + 1;
    if (k < e && punct_is(doc, &doc->toks[k], '.'))
        k++;
    int d = k < e ? number_of(doc, &doc->toks[k], NULL) : -1;
    if (d >= 1 && d <= 31 && !(k < e && is_year(d))) {
        r->day = d;
        return year_after(doc, k + 1, e, r) - i;
    }
    return year_after(doc, i + 1, e, r) - i;
}

/* in 2003: a four-digit year after a cue word. v is token i's number, re
 * its range end (negative when it is no range). */
static size_t cued_year(const np_doc *doc, size_t i, size_t b, int v, int re, raw_date *r)
{
    const np_token *t = &doc->toks[i];
    if (!is_year(v) || re >= 0 || i <= b || t->kind != NP_TOK_NUMBER || t->end - t->start != 4)
        return 0;
    static const char *cues[] = {"in", "since", "until", "by", "from", "during", "of", "before", "after",
                                 "early", "late", "mid", "to", NULL};
    for (int k = 0; cues[k]; k++)
        if (word_is(doc, &doc->toks[i - 1], cues[k])) {
            r->year = v;
            return 1;
        }
    return 0;
}

/* Friday, Tuesday evening: a capitalized weekday that is no ordinary word,
 * or follows "on". */
static size_t weekday(const dctx *dx, const np_doc *doc, size_t i, size_t b, raw_date *r)
{
    const np_token *t = &doc->toks[i];
    int wd = CAL_WEEKDAY(cal_of(dx, t));
    if (!wd || !(t->flags & NP_TF_CAP))
        return 0;
    if ((t->lex & NP_LEX_COMMON) && !(i > b && word_is(doc, &doc->toks[i - 1], "on")))
        return 0;
    r->weekday = wd;
    return 1;
}

/* today, last night: the longest phrase of the relative-date trie. */
static size_t relative_phrase(const dctx *dx, const np_doc *doc, size_t i, size_t e, raw_date *r)
{
    const np_trie *tr = &dx->dates->relative;
    uint32_t node = 0;
    size_t best = 0;
    for (size_t j = i; j < e && doc->toks[j].vocab; j++) {
        long c = np_trie_child(tr, node, doc->toks[j].vocab - 1);
        if (c < 0)
            break;
        node = (uint32_t)c;
        size_t cnt;
        const uint32_t *vals = np_trie_values(tr, node, &cnt);
        if (cnt && vals[0] >= REL_TODAY && vals[0] <= REL_TOMORROW) { /* a damaged compiled model aside */
            best = j - i + 1;
            r->rel = (int)vals[0];
        }
    }
    return best;
}

/* last / this / next + week, month, year or a month name or weekday;
 * earlier / later this + period. */
static size_t shifted(const dctx *dx, const np_doc *doc, size_t i, size_t e, raw_date *r)
{
    const np_token *t = &doc->toks[i];
    int shift = word_is(doc, t, "last") || word_is(doc, t, "past") ? -1 : word_is(doc, t, "next") ? 1
                : word_is(doc, t, "this") ? 0 : 2;
    size_t k = i + 1;
    if (shift == 2 && (word_is(doc, t, "earlier") || word_is(doc, t, "later")) && k < e &&
        word_is(doc, &doc->toks[k], "this")) {
        shift = 0;
        k++;
    }
    if (shift == 2 || k >= e)
        return 0;
    const np_token *p = &doc->toks[k];
    int per = CAL_PERIOD(cal_of(dx, p));
    int pm = CAL_MONTH(cal_of(dx, p));
    int pw = CAL_WEEKDAY(cal_of(dx, p));
    r->shift = shift;
    r->has_shift = 1;
    if (per) {
        r->period = per;
        return k + 1 - i;
    }
    if (pm && (p->flags & NP_TF_CAP)) {
        r->month = pm;
        return k + 1 - i;
    }
    if (pw && (p->flags & NP_TF_CAP)) {
        r->weekday = pw;
        return k + 1 - i;
    }
    return 0;
}

/* Recognizes a date starting at token i; returns its length in tokens (0:
 * none) and fills *r. The forms are tried in this order; the first that
 * matches wins. */
static size_t match_date(const dctx *dx, const np_doc *doc, size_t i, size_t b, size_t e, raw_date *r)
{
    memset(r, 0, sizeof *r);
    int re = -1;
    int v = number_of(doc, &doc->toks[i], &re);
    size_t len;
    if ((len = numeric_date(doc, i, e, v, r)) || (len = day_month(dx, doc, i, b, e, v, r)) ||
        (len = month_day(dx, doc, i, b, e, r)) || (len = cued_year(doc, i, b, v, re, r)) ||
        (len = weekday(dx, doc, i, b, r)) || (len = relative_phrase(dx, doc, i, e, r)))
        return len;
    return shifted(dx, doc, i, e, r);
}

size_t np_find_dates(const struct np_dates *dates, const np_lexicon *lx, const np_doc *doc, size_t b, size_t e,
                     const np_date *docdate, int future, np_date_span *out, size_t max)
{
    const dctx c = {dates, &lx->vocab, &lx->pool}, *dx = &c;
    size_t n = 0;
    for (size_t i = b; i < e && n < max;) {
        /* a date starts with a number or a calendar word (a month, a
         * weekday, a period, last/next...; "mid-May") or a phrase such as
         * "today" */
        const np_token *t = &doc->toks[i];
        if (t->kind != NP_TOK_NUMBER && !(t->flags & NP_TF_DIGIT) && !(t->lex & NP_LEX_DATE_WORD) &&
            !part_month(dx, doc, t)) {
            i++;
            continue;
        }
        raw_date r;
        size_t len = match_date(dx, doc, i, b, e, &r);
        if (!len) {
            i++;
            continue;
        }
        /* "31 February 2023", "April 31", 30/02/2013 name no day at all
         * (without a year, February may have 29) */
        if (r.month && r.day && r.day > np_date_days_in_month(r.year ? r.year : 2000, r.month)) {
            i += len;
            continue;
        }
        np_date_span *sp = &out[n++];
        sp->tb = (uint32_t)i;
        sp->te = (uint32_t)(i + len);
        sp->relative = !r.year;
        sp->weekday = r.weekday;
        resolve(&r, docdate, future, &sp->date);
        i += len;
    }
    return n;
}

void np_date_reresolve(const struct np_dates *dates, const np_lexicon *lx, const np_doc *doc, np_date_span *span,
                       const np_date *docdate, int future)
{
    const dctx c = {dates, &lx->vocab, &lx->pool}, *dx = &c;
    raw_date r;
    if (!span->relative)
        return;
    if (match_date(dx, doc, span->tb, 0, span->te, &r))
        resolve(&r, docdate, future, &span->date);
}

int np_detect_doc_date(const struct np_dates *dates, const np_lexicon *lx, np_doc *doc)
{
    /* The first full date in the first lines of the text. */
    size_t limit = doc->nsents < 10 ? doc->nsents : 10;
    for (size_t s = 0; s < limit; s++) {
        const np_sentence *sent = &doc->sents[s];
        if (doc->toks[sent->begin].cstart > 1500)
            break;
        np_date_span spans[8];
        size_t n = np_find_dates(dates, lx, doc, sent->begin, sent->end, NULL, 0, spans, 8);
        for (size_t k = 0; k < n; k++)
            if (spans[k].date.prec == 3) {
                np_date_format(&spans[k].date, doc->date);
                doc->date_source = "text";
                return 1;
            }
    }
    return 0;
}
