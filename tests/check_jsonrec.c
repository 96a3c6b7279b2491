/*
 * check_jsonrec.c: unit tests of the fast record reader (jsonrec.h). The
 * lines it must read and how, the lines it must leave to jansson, and a
 * differential test: on many thousand lines made by mutating records
 * (bytes changed, inserted, cut; escapes, surrogates, invalid UTF-8,
 * nesting, duplicates, numbers), whatever the fast reader takes jansson
 * takes too, as an object with the same id, text and date.
 */
#include "jsonrec.h"

#include "mutate.h"

#include <check.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int scan(const char *line, np_jsonrec *r)
{
    return np_jsonrec_scan(line, strlen(line), r);
}

START_TEST(test_plain_records)
{
    np_jsonrec r;
    ck_assert_int_eq(scan("{\"id\": 17, \"text\": \"Ana met Bo.\", \"date\": \"2024-06-15\"}", &r), 1);
    ck_assert_int_eq(r.id_kind, NP_JSONREC_INTEGER);
    ck_assert_int_eq((int)r.id_len, 2);
    ck_assert(memcmp(r.id, "17", 2) == 0);
    ck_assert_str_eq(r.text, "Ana met Bo.");
    ck_assert_int_eq(r.date_kind, NP_JSONREC_STRING);
    ck_assert(r.date_len == 10 && memcmp(r.date, "2024-06-15", 10) == 0);
    free(r.text);

    /* escapes and surrogate pairs decode; other keys of any scalar kind pass */
    const char *esc = " {\"text\":\"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\"\\n\\t\\/x\",\"id\":\"a-1\",\"n\":-3,"
                      "\"ok\":true,\"no\":false,\"z\":null,\"s\":\"\xc3\xa9\"} ";
    ck_assert_int_eq(scan(esc, &r), 1);
    ck_assert_str_eq(r.text, "caf\xc3\xa9 \xf0\x9f\x98\x80 \"q\"\n\t/x");
    ck_assert_int_eq(r.id_kind, NP_JSONREC_STRING);
    ck_assert(r.id_len == 5 && memcmp(r.id, "\"a-1\"", 5) == 0);
    ck_assert_int_eq(r.date_kind, NP_JSONREC_ABSENT);
    free(r.text);

    /* no text, text null, empty text, a null id */
    ck_assert_int_eq(scan("{\"id\":null}", &r), 1);
    ck_assert_int_eq(r.text_kind, NP_JSONREC_ABSENT);
    ck_assert_ptr_null(r.text);
    ck_assert_int_eq(r.id_kind, NP_JSONREC_NULL);
    ck_assert_int_eq(scan("{\"text\":null,\"date\":null}", &r), 1);
    ck_assert_int_eq(r.text_kind, NP_JSONREC_NULL);
    ck_assert_int_eq(r.date_kind, NP_JSONREC_NULL);
    ck_assert_int_eq(scan("{\"text\":\"\"}", &r), 1);
    ck_assert_str_eq(r.text, "");
    ck_assert_int_eq((int)r.text_len, 0);
    free(r.text);
    ck_assert_int_eq(scan("{}", &r), 1);
    ck_assert_int_eq(r.text_kind, NP_JSONREC_ABSENT);
}
END_TEST

/* What the full parser must decide. */
START_TEST(test_declined)
{
    static const char *const lines[] = {
        "",
        "[1]",
        "\"text\"",
        "{\"text\":\"a\"} x",
        "{\"text\":\"a\",}",
        "{\"text\":\"a\" \"id\":1}",
        "{\"text\":\"a\",\"text\":\"b\"}",
        "{\"id\":1,\"x\":1,\"x\":2,\"text\":\"a\"}",
        "{\"text\":\"a\\u0000b\"}",
        "{\"text\":\"a\\ud800b\"}",
        "{\"text\":\"a\\udc00b\"}",
        "{\"text\":\"a\\ud800\\u0041\"}",
        "{\"text\":\"a\\x\"}",
        "{\"text\":\"a\\u12g4\"}",
        "{\"text\":\"a\tb\"}",
        "{\"text\":\"a\xff\"}",
        "{\"text\":\"\xc0\xaf\"}",
        "{\"text\":\"\xe0\x80\xaf\"}",
        "{\"text\":\"\xf0\x80\x80\xaf\"}",
        "{\"text\":\"\xf5\x80\x80\x80\"}",
        "{\"text\":\"\x80\"}",
        "{\"text\":\"\xed\xa0\x80\"}",
        "{\"text\":\"\xf4\x90\x80\x80\"}",
        "{\"text\":\"\xe2\x82\"}",
        "{\"text\":\"a\"",
        "{\"text\":\"a",
        "{\"id\":1.5,\"text\":\"a\"}",
        "{\"id\":1e3,\"text\":\"a\"}",
        "{\"id\":-0,\"text\":\"a\"}",
        "{\"id\":0123,\"text\":\"a\"}",
        "{\"id\":1234567890123456789,\"text\":\"a\"}",
        "{\"id\":\"a\\/b\",\"text\":\"a\"}",
        "{\"id\":true,\"text\":\"a\"}",
        "{\"id\":[1],\"text\":\"a\"}",
        "{\"meta\":{\"a\":1},\"text\":\"a\"}",
        "{\"date\":\"2024\\u002d01-01\",\"text\":\"a\"}",
        "{\"t\\u0065xt\":\"a\"}",
        "{\"text\":\"a\",\"n\":+1}",
        "{\"text\":\"a\",\"n\":tru}",
        "{\"text\":\"a\",\"n\":nul}",
        "{'text':'a'}",
    };
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        np_jsonrec r;
        ck_assert_msg(np_jsonrec_scan(lines[i], strlen(lines[i]), &r) == 0, "took: %s", lines[i]);
        ck_assert_ptr_null(r.text);
    }
}
END_TEST

static uint64_t rng_state = 88172645463325252u;

static unsigned rnd(unsigned n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % n);
}

/* A line made from a seed record by a few random edits. */
static const char *const rec_bits[] = {"\\", "\"", "\\u", "\\ud83d", "\\ude00", "\\u0000", "\xff", "\xc3",
                                       "\xa9", "\xe2\x80\xa8", "\xf0\x9f", "{", "}", "[", "]", ",", ":", "\t",
                                       "\n", " ", "0", "-", "e", ".", "\"text\":\"x\"", "\"id\":", "null", "1"};
static const test_mutator rec_mutator = {rnd, rec_bits, sizeof rec_bits / sizeof *rec_bits, NULL, 0, 1, 0};

/* Whatever the fast reader takes, jansson takes, and reads the same. */
START_TEST(test_agrees_with_jansson)
{
    static const char *const seeds[] = {
        "{\"id\": 17, \"text\": \"Ana met Bo in Oslo.\", \"date\": \"2024-06-15\"}",
        "{\"text\":\"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\"\\n\",\"id\":\"x-1\",\"n\":-3,\"ok\":true}",
        "{\"id\":\"\xc3\xa9t\xc3\xa9\",\"text\":\"\xe6\x97\xa5\xe6\x9c\xac \xe2\x80\xa8 end\",\"date\":null}",
        "{\"date\":\"2020-01-01\",\"id\":-42,\"text\":\"a\\tb\\\\c\\/d\",\"extra\":\"\",\"z\":null}",
    };
    char line[512];
    unsigned taken = 0;
    for (unsigned k = 0; k < 60000; k++) {
        size_t n = test_mutate(&rec_mutator, seeds[k % (sizeof seeds / sizeof *seeds)], line, sizeof line);
        np_jsonrec r;
        if (!np_jsonrec_scan(line, n, &r))
            continue;
        taken++;
        json_error_t je;
        json_t *j = json_loadb(line, n, JSON_REJECT_DUPLICATES, &je);
        ck_assert_msg(j != NULL, "jansson refuses what was taken: %.*s (%s)", (int)n, line, je.text);
        ck_assert(json_is_object(j));
        json_t *text = json_object_get(j, "text"), *id = json_object_get(j, "id"), *date = json_object_get(j, "date");
        if (r.text_kind == NP_JSONREC_STRING) {
            ck_assert(json_is_string(text));
            ck_assert(json_string_length(text) == r.text_len);
            ck_assert(memcmp(json_string_value(text), r.text, r.text_len) == 0);
        } else
            ck_assert(!json_is_string(text));
        ck_assert_int_eq(r.id_kind == NP_JSONREC_ABSENT, id == NULL);
        if (r.id_kind == NP_JSONREC_STRING || r.id_kind == NP_JSONREC_INTEGER) {
            char *dump = json_dumps(id, JSON_COMPACT | JSON_ENCODE_ANY);
            ck_assert_msg(strlen(dump) == r.id_len && memcmp(dump, r.id, r.id_len) == 0, "id %s", dump);
            free(dump);
        }
        ck_assert_int_eq(r.date_kind == NP_JSONREC_STRING, json_is_string(date));
        if (r.date_kind == NP_JSONREC_STRING)
            ck_assert(json_string_length(date) == r.date_len &&
                      memcmp(json_string_value(date), r.date, r.date_len) == 0);
        json_decref(j);
        free(r.text);
    }
    ck_assert_uint_gt(taken, 1000); /* the mutations leave many lines plain */
}
END_TEST

int main(void)
{
    Suite *s = suite_create("jsonrec");
    TCase *tc = tcase_create("jsonrec");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_plain_records);
    tcase_add_test(tc, test_declined);
    tcase_add_test(tc, test_agrees_with_jansson);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
