/*
 * check_dates.c: unit tests of the one date validator (src/dates.c) that
 * --date, JSON-line dates, gazetteer role dates and the document date go
 * through; of dates found in text, which are real days or nothing; and of
 * relative dates resolved at the edges of the calendar (0001-01-01,
 * 9999-12-31), which are dropped rather than written as year 0 or 10000.
 */
#include "dates.h"
#include "testutil.h"

#include <stdio.h>

static np_model *model;

static const struct {
    const char *in, *want; /* want: the normalized day, or NULL when refused */
} days[] = {
    {"2023-02-28", "2023-02-28"},
    {"2023-02-29", NULL},
    {"2024-02-29", "2024-02-29"},
    {"1900-02-29", NULL},
    {"2000-02-29", "2000-02-29"},
    {"2023-02-31", NULL},
    {"2023-04-31", NULL},
    {"2023-04-30", "2023-04-30"},
    {"2023-12-31", "2023-12-31"},
    {"2023-13-01", NULL},
    {"2023-00-10", NULL},
    {"2023-01-00", NULL},
    {"0000-01-01", NULL},
    {"0001-01-01", "0001-01-01"},
    {"9999-12-31", "9999-12-31"},
    {"10000-01-01", NULL},
    {"+023-02-03", NULL},
    {" 023-02-03", NULL},
    {"2023-02-+1", NULL},
    {"2023-2-03", NULL},
    {"2023-02-3", NULL},
    {"2023/02/03", NULL},
    {"2023-02-03x", NULL},
    {"2023-02-03T00:00:00Z", NULL},
    {"2023-02", NULL},
    {"", NULL},
};

START_TEST(test_day)
{
    char out[11] = "unchanged";
    int ok = np_date_day(days[_i].in, strlen(days[_i].in), out);
    if (days[_i].want) {
        ck_assert_msg(ok, "'%s' refused", days[_i].in);
        ck_assert_str_eq(out, days[_i].want);
    } else {
        ck_assert_msg(!ok, "'%s' accepted", days[_i].in);
        ck_assert_str_eq(out, "unchanged");
    }
}
END_TEST

START_TEST(test_day_length)
{
    /* the length is the string's: a NUL inside (a JSON "\u0000") is no end */
    ck_assert_int_eq(np_date_day("2023-02-10\0x", 12, NULL), 0);
    ck_assert_int_eq(np_date_day("2023-02-10\0x", 10, NULL), 1);
}
END_TEST

START_TEST(test_parse_precisions)
{
    np_date d;
    char out[11];
    ck_assert_int_eq(np_date_parse("2023", &d), 0);
    ck_assert_int_eq(d.prec, 1);
    ck_assert_int_eq(np_date_parse("2023-11", &d), 0);
    ck_assert_int_eq(d.prec, 2);
    np_date_format(&d, out);
    ck_assert_str_eq(out, "2023-11");
    ck_assert_int_eq(np_date_parse("0000", &d), -1);
    ck_assert_int_eq(np_date_parse("2023-13", &d), -1);
    ck_assert_int_eq(np_date_parse("2023-1", &d), -1);
    ck_assert_int_eq(np_date_parse("-023", &d), -1);
    ck_assert_int_eq(np_date_parse("2023-02-30", &d), -1);
    ck_assert_int_eq(d.prec, 0);
}
END_TEST

START_TEST(test_format_refuses_invalid)
{
    static const np_date bad[] = {{10000, 1, 1, 3}, {0, 12, 31, 3}, {10000, 0, 0, 1}, {0, 0, 0, 1},
                                  {2023, 2, 31, 3}, {2023, 13, 0, 2}, {-1, 1, 1, 3}};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char out[11] = "x";
        np_date_format(&bad[i], out);
        ck_assert_msg(out[0] == '\0', "%d-%d-%d (prec %d) written as '%s'", bad[i].y, bad[i].m, bad[i].d,
                      bad[i].prec, out);
    }
}
END_TEST

/* The first date found in text resolved against docdate ("" when none): its
 * date as YYYY[-MM[-DD]], "dropped" when it could not be resolved, "none"
 * when the text has no date. */
static void first_date(const char *text, const char *docdate, int future, char *out, size_t size)
{
    np_doc *doc = test_doc(model, text, 1);
    np_date dd, *dp = NULL;
    if (*docdate) {
        ck_assert_int_eq(np_date_parse(docdate, &dd), 0);
        dp = &dd;
    }
    np_date_span spans[8];
    size_t n = np_find_dates(model->dates, &model->lex, doc, 0, doc->ntoks, dp, future, spans, 8);
    if (!n)
        snprintf(out, size, "none");
    else if (!spans[0].date.prec)
        snprintf(out, size, "dropped");
    else {
        char buf[11];
        np_date_format(&spans[0].date, buf);
        snprintf(out, size, "%s", buf);
    }
    np_doc_free(doc);
}

static const struct {
    const char *text, *docdate;
    int future;
    const char *want;
} resolved[] = {
    /* the last day of the calendar */
    {"They met tomorrow.", "9999-12-31", 0, "dropped"},
    {"They met yesterday.", "9999-12-31", 0, "9999-12-30"},
    {"They meet today.", "9999-12-31", 0, "9999-12-31"},
    {"They will meet next Friday.", "9999-12-31", 1, "dropped"},
    {"They will meet on Saturday.", "9999-12-31", 1, "dropped"}, /* 9999-12-31 is a Friday */
    {"They will meet on Friday.", "9999-12-31", 1, "9999-12-31"},
    {"They will meet on Friday.", "9999-12-30", 1, "9999-12-31"},
    {"They met last Friday.", "9999-12-31", 0, "9999-12-24"},
    {"They meet next week.", "9999-12-28", 0, "dropped"},
    {"They meet next month.", "9999-12-31", 0, "dropped"},
    {"They meet next month.", "9999-11-30", 0, "9999-12"},
    {"They meet next year.", "9999-12-31", 0, "dropped"},
    {"They met last year.", "9999-12-31", 0, "9998"},
    {"They meet next January.", "9999-12-31", 0, "dropped"},
    {"They will meet on January 5.", "9999-12-31", 1, "dropped"},
    {"They met on January 5.", "9999-12-31", 0, "9999-01-05"},
    /* the first day */
    {"They met yesterday.", "0001-01-01", 0, "dropped"},
    {"They met tomorrow.", "0001-01-01", 0, "0001-01-02"},
    {"They met last Friday.", "0001-01-01", 0, "dropped"},
    {"They met on Friday.", "0001-01-05", 0, "0001-01-05"},
    {"They met last week.", "0001-01-01", 0, "dropped"},
    {"They met last month.", "0001-01-31", 0, "dropped"},
    {"They met last year.", "0001-06-15", 0, "dropped"},
    {"They met last December.", "0001-06-15", 0, "dropped"},
    {"They met on December 24.", "0001-06-15", 0, "dropped"},
    {"They met on May 24.", "0001-06-15", 0, "0001-05-24"},
    /* no document date: relative dates are unresolved, absolute ones kept */
    {"They met on Friday.", "", 0, "dropped"},
    {"They met on 5 March 2019.", "", 0, "2019-03-05"},
    /* days that do not exist are no dates at all */
    {"They met on 31 February 2023.", "2023-06-15", 0, "none"},
    {"They met on February 30.", "2023-06-15", 0, "none"},
    {"They met on 30 February.", "2023-06-15", 0, "none"},
    {"They met on February 29, 2023.", "2023-06-15", 0, "none"},
    {"They met on February 29, 2024.", "2024-06-15", 0, "2024-02-29"},
    {"They met on April 31.", "2023-06-15", 0, "none"},
    {"They met on 2023-02-31.", "2023-06-15", 0, "none"},
    {"They met on 31.02.2023.", "2023-06-15", 0, "none"},
    {"They met on 31/02/2013.", "2023-06-15", 0, "none"},
    {"They met on 02/31/2013.", "2023-06-15", 0, "none"},
    {"They met on 29/02/2012.", "2023-06-15", 0, "2012-02-29"},
    {"They met on 2023-02-28.", "2023-06-15", 0, "2023-02-28"},
};

START_TEST(test_resolved)
{
    char got[32];
    first_date(resolved[_i].text, resolved[_i].docdate, resolved[_i].future, got, sizeof got);
    ck_assert_msg(!strcmp(got, resolved[_i].want), "'%s' against '%s': got %s, want %s", resolved[_i].text,
                  resolved[_i].docdate, got, resolved[_i].want);
}
END_TEST

static const struct {
    const char *text, *want; /* want: the document date found, or "" */
} datelines[] = {
    {"Published on 23/04/2013\n\nAbe will visit.", "2013-04-23"},
    {"Published on 31/02/2013\n\nAbe will visit.", ""},
    {"Published on 29/02/2013\n\nAbe will visit.", ""},
    {"Published on 29/02/2012\n\nAbe will visit.", "2012-02-29"},
    {"TOKYO, February 30, 2019\n\nAbe will visit.", ""},
    {"Published on 31/02/2013\n\nUpdated on 1 March 2013\n\nAbe will visit.", "2013-03-01"},
};

START_TEST(test_doc_date)
{
    np_doc *doc = test_doc(model, datelines[_i].text, 1);
    int found = np_detect_doc_date(model->dates, &model->lex, doc), want_found = datelines[_i].want[0] != '\0';
    ck_assert_int_eq(found, want_found);
    ck_assert_str_eq(found ? doc->date : "", datelines[_i].want);
    np_doc_free(doc);
}
END_TEST

/* The scan for dates skips a word without NP_LEX_DATE_WORD: the bit must
 * be on exactly the words with calendar bits (a month, a weekday, a
 * period, last/next) and the first words of relative dates (today). */
START_TEST(test_date_words)
{
    const np_vocab *v = &model->lex.vocab;
    size_t marked = 0;
    for (size_t w = 0; w < v->n; w++) {
        uint32_t c = v->ents[w].cal;
        int calendar = c && (c & 15) <= 12 && (c >> 4 & 15) <= 7;
        int relative = np_trie_lookup(&model->dates->relative, 0, (uint32_t)w) >= 0;
        int mark = (v->ents[w].lex & NP_LEX_DATE_WORD) != 0;
        ck_assert_msg(mark == (calendar || relative), "word '%s': calendar %d, relative %d, marked %d",
                      np_pool_str(&model->lex.pool, v->ents[w].str), calendar, relative, mark);
        marked += mark;
    }
    ck_assert_uint_gt(marked, 30);
}
END_TEST

int main(void)
{
    np_error err;
    np_model_opts opts = {.datadir = test_datadir()};
    model = np_model_load(&opts, &err);
    if (!model) {
        fprintf(stderr, "model: %s\n", err.msg);
        return 1;
    }
    Suite *s = suite_create("dates");
    TCase *tv = tcase_create("validator");
    tcase_add_loop_test(tv, test_day, 0, sizeof days / sizeof *days);
    tcase_add_test(tv, test_day_length);
    tcase_add_test(tv, test_parse_precisions);
    tcase_add_test(tv, test_format_refuses_invalid);
    suite_add_tcase(s, tv);
    TCase *tt = tcase_create("text");
    tcase_add_loop_test(tt, test_resolved, 0, sizeof resolved / sizeof *resolved);
    tcase_add_loop_test(tt, test_doc_date, 0, sizeof datelines / sizeof *datelines);
    tcase_add_test(tt, test_date_words);
    suite_add_tcase(s, tt);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    np_model_free(model);
    return failed ? 1 : 0;
}
