/*
 * dates.h: date expressions in text and the document date.
 *
 * Finds absolute dates ("December 15", "21-22 January 2019", "Jan. 6,
 * 2021", "23/04/2013", "2023-02-10", "July 2012", "in 2003") and relative
 * ones ("on Friday", "today", "last November", "next week", "earlier this
 * month") in a token range, and resolves them against the document date at
 * the precision the text gives (2018, 2018-11, 2018-11-15). Calendar words
 * come from rules/dates.yaml.
 */
#ifndef NP_DATES_H
#define NP_DATES_H

#include "doc.h"
#include "vocab.h"

typedef struct np_date_span {
    uint32_t tb, te;  /* tokens [tb, te) */
    np_date date;     /* resolved; prec 0 when it cannot be (no document date) */
    int relative;     /* depends on the document date */
    int weekday;      /* a weekday name (1-7) the date came from, else 0 */
} np_date_span;

/* The date words beyond the calendar bits of the vocabulary. */
struct np_dates {
    np_trie relative; /* today / yesterday / tomorrow phrases; payload: dates.c's REL_* */
};
struct np_yreport;

/* Loads rules/dates.yaml of datadir, adding its words to lx; NULL with
 * "file:line:col: what is wrong" in err. */
struct np_dates *np_dates_load(np_lexicon *lx, const char *datadir, np_error *err);
/* The same, reporting to rep (yamltree.h): with rep->each set, every
 * problem, and the table of what could be loaded. */
struct np_dates *np_dates_load_report(np_lexicon *lx, const char *datadir, struct np_yreport *rep);
void np_dates_free(struct np_dates *d);

/* Finds the dates in tokens [b, e) of the segment, resolving relative ones
 * against docdate (prec 0 when there is none); future picks the next
 * occurrence of a weekday or month rather than the last. Returns the number
 * written to out (at most max). */
size_t np_find_dates(const struct np_dates *dates, const np_lexicon *lx, const np_doc *doc, size_t b, size_t e,
                     const np_date *docdate, int future, np_date_span *out, size_t max);

/* Re-resolves a span's relative date in the other direction. */
void np_date_reresolve(const struct np_dates *dates, const np_lexicon *lx, const np_doc *doc, np_date_span *span,
                       const np_date *docdate, int future);

/* Looks for the document's own date in its first lines (a dateline or
 * "Published on ..."); fills doc->date and returns 1 when found. */
int np_detect_doc_date(const struct np_dates *dates, const np_lexicon *lx, np_doc *doc);

#endif
