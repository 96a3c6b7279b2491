/*
 * check_jsonw.c: unit tests of the streaming JSON writer (jsonw.h): numbers
 * at the edges of their range (integers, and doubles beyond long long),
 * string escapes, nesting and commas, and the literal-key and raw-object
 * shortcuts against what the general calls write.
 */
#include "jsonw.h"

#include <check.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The writer's text after fn wrote into it (caller frees). */
static char *written(void (*fn)(np_jw *))
{
    np_jw w;
    np_jw_init(&w, NULL, 0);
    fn(&w);
    char *s = np_xstrndup(w.buf.data ? w.buf.data : "", w.buf.len);
    np_jw_finish(&w);
    return s;
}

static void ints(np_jw *w)
{
    np_jw_arr(w);
    np_jw_int(w, 0);
    np_jw_int(w, -1);
    np_jw_int(w, 42);
    np_jw_int(w, 1000000007);
    np_jw_int(w, LLONG_MIN);
    np_jw_int(w, LLONG_MAX);
    np_jw_arr_end(w);
}

START_TEST(test_ints)
{
    char *s = written(ints);
    ck_assert_str_eq(s, "[0,-1,42,1000000007,-9223372036854775808,9223372036854775807]");
    free(s);
}
END_TEST

static void strings(np_jw *w)
{
    np_jw_obj(w);
    np_jw_key(w, "q\"b\\");
    np_jw_strz(w, "tab\there\nnew \x01 \xe2\x80\xa8 \xe2\x80\xa9 caf\xc3\xa9");
    np_jw_key(w, "none");
    np_jw_strz(w, NULL);
    np_jw_key(w, "nums");
    np_jw_arr(w);
    np_jw_num(w, 2.5);
    np_jw_num(w, 3.0);
    np_jw_bool(w, 1);
    np_jw_arr_end(w);
    np_jw_obj_end(w);
}

START_TEST(test_strings_and_nesting)
{
    char *s = written(strings);
    ck_assert_str_eq(s, "{\"q\\\"b\\\\\":\"tab\\there\\nnew \\u0001 \\u2028 \\u2029 caf\xc3\xa9\","
                        "\"none\":null,\"nums\":[2.5,3,true]}");
    free(s);
}
END_TEST

/* np_json_escape one byte at a time, as the contract has it: the
 * reference the word-at-a-time scan must equal. */
static void escape_ref(np_buf *b, const unsigned char *u, size_t n)
{
    np_buf_addc(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = u[i];
        char e[8];
        if (c == '"' || c == '\\') {
            np_buf_addc(b, '\\');
            np_buf_addc(b, (char)c);
        } else if (c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') {
            np_buf_addc(b, '\\');
            np_buf_addc(b, c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' : c == '\b' ? 'b' : 'f');
        } else if (c < 0x20) {
            snprintf(e, sizeof e, "\\u%04x", c);
            np_buf_adds(b, e);
        } else if (c == 0xE2 && i + 2 < n && u[i + 1] == 0x80 && (u[i + 2] == 0xA8 || u[i + 2] == 0xA9)) {
            np_buf_adds(b, u[i + 2] == 0xA8 ? "\\u2028" : "\\u2029");
            i += 2;
        } else
            np_buf_addc(b, (char)c);
    }
    np_buf_addc(b, '"');
}

/* Every byte value, and U+2028, at every position of strings of 1 to 40
 * bytes (the scan takes eight bytes at a time, then the rest one by one),
 * with bytes around it that need no escape, and beside another escape. */
START_TEST(test_escape_every_byte)
{
    np_buf got = {0}, want = {0};
    unsigned char s[48];
    for (size_t n = 1; n <= 40; n++)
        for (size_t p = 0; p < n; p++)
            for (int c = 0; c < 258; c++) {
                for (size_t k = 0; k < n; k++)
                    s[k] = (unsigned char)(k % 3 == 0 ? 'a' + k % 26 : k % 3 == 1 ? 0xC3 : 0xA9);
                if (c < 256)
                    s[p] = (unsigned char)c;
                else if (p + 2 < n) { /* U+2028, then a quote after it */
                    s[p] = 0xE2, s[p + 1] = 0x80, s[p + 2] = 0xA8;
                    if (p + 3 < n)
                        s[p + 3] = '"';
                } else
                    continue;
                got.len = want.len = 0;
                np_json_escape(&got, (const char *)s, n);
                escape_ref(&want, s, n);
                ck_assert_msg(got.len == want.len && memcmp(got.data, want.data, got.len) == 0,
                              "byte %d at %zu of %zu", c, p, n);
            }
    np_buf_free(&got);
    np_buf_free(&want);
}
END_TEST

static void nums(np_jw *w)
{
    np_jw_arr(w);
    np_jw_num(w, 0.1);
    np_jw_num(w, 1.0 / 3);
    np_jw_num(w, -2.5);
    np_jw_num(w, 1e15 + 1);
    np_jw_num(w, 9007199254740993.0); /* 2^53 + 1 rounds to 2^53 */
    np_jw_num(w, 1e300);
    np_jw_num(w, -1.7976931348623157e308);
    np_jw_num(w, 9.3e18);
    np_jw_num(w, -9223372036854775808.0);
    np_jw_num(w, 5e-324);
    np_jw_num(w, INFINITY);
    np_jw_num(w, NAN);
    np_jw_arr_end(w);
}

/* Numbers beyond the range of long long are written without converting
 * them to it (undefined behaviour), and every finite number reads back. */
START_TEST(test_nums)
{
    char *s = written(nums);
    ck_assert_str_eq(s, "[0.1,0.3333333333333333,-2.5,1000000000000001,9007199254740992,1e+300,"
                        "-1.7976931348623157e+308,9.3e+18,-9.223372036854776e+18,4.94065645841247e-324,"
                        "null,null]");
    free(s);
}
END_TEST

/* One object written with the general calls (literal 0) or the shortcuts. */
static void keyed(np_jw *w, int literal)
{
    np_jw_obj(w);
    if (literal) {
        NP_JW_KEY(w, "start");
        np_jw_int(w, 3);
        NP_JW_KEY(w, "attributes");
        np_jw_raw_obj(w, "\"lat\":1.5,\"tags\":[\"a\"]", strlen("\"lat\":1.5,\"tags\":[\"a\"]"));
        NP_JW_KEY(w, "empty");
        np_jw_raw_obj(w, "", 0);
    } else {
        np_jw_key(w, "start");
        np_jw_int(w, 3);
        np_jw_key(w, "attributes");
        np_jw_raw(w, "{\"lat\":1.5,\"tags\":[\"a\"]}", strlen("{\"lat\":1.5,\"tags\":[\"a\"]}"));
        np_jw_key(w, "empty");
        np_jw_raw(w, "{}", 2);
    }
    np_jw_key(w, "q\"");
    np_jw_str(w, "a\"b", 3);
    np_jw_obj_end(w);
}

/* Many objects in an array, in objects, with keys of every length from 1
 * to 40: the buffer grows under them, so that a key meets every amount of
 * room left, written with the general call or the shortcut. */
static void bulk(np_jw *w, int literal)
{
    static const char keys[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN";
    np_jw_arr(w);
    for (int i = 0; i < 300; i++) {
        np_jw_obj(w);
        for (size_t n = 1; n <= 40; n += 1 + (size_t)i % 5) {
            char key[48];
            memcpy(key, keys, n);
            key[n] = '\0';
            if (literal) {
                char raw[52];
                raw[0] = '"';
                memcpy(raw + 1, key, n);
                raw[n + 1] = '"';
                np_jw_key_lit(w, raw, n + 2);
            } else
                np_jw_key(w, key);
            if (n % 3 == 0) {
                np_jw_obj(w);
                NP_JW_KEY(w, "inner");
                np_jw_int(w, i);
                np_jw_obj_end(w);
            } else
                np_jw_int(w, (long long)n);
        }
        np_jw_obj_end(w);
    }
    np_jw_arr_end(w);
}

/* What fn(w, literal) writes, compact or pretty (caller frees); the
 * buffer stays NUL-terminated. */
static char *written_as(void (*fn)(np_jw *, int), int literal, int pretty)
{
    np_jw w;
    np_jw_init(&w, NULL, pretty);
    fn(&w, literal);
    ck_assert_uint_eq(strlen(w.buf.data), w.buf.len);
    char *s = np_xstrndup(w.buf.data, w.buf.len);
    np_jw_finish(&w);
    return s;
}

START_TEST(test_literal_keys_bulk)
{
    for (int pretty = 0; pretty <= 1; pretty++) {
        char *text[2] = {written_as(bulk, 0, pretty), written_as(bulk, 1, pretty)};
        ck_assert_str_eq(text[1], text[0]);
        free(text[0]);
        free(text[1]);
    }
}
END_TEST

START_TEST(test_literal_keys)
{
    for (int pretty = 0; pretty <= 1; pretty++) {
        char *text[2] = {written_as(keyed, 0, pretty), written_as(keyed, 1, pretty)};
        ck_assert_str_eq(text[1], text[0]);
        if (!pretty)
            ck_assert_str_eq(text[1], "{\"start\":3,\"attributes\":{\"lat\":1.5,\"tags\":[\"a\"]},\"empty\":{},\"q\\\"\":\"a\\\"b\"}");
        free(text[0]);
        free(text[1]);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("jsonw");
    TCase *tc = tcase_create("jsonw");
    tcase_add_test(tc, test_ints);
    tcase_add_test(tc, test_strings_and_nesting);
    tcase_add_test(tc, test_nums);
    tcase_add_test(tc, test_literal_keys);
    tcase_add_test(tc, test_literal_keys_bulk);
    tcase_add_test(tc, test_escape_every_byte);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
