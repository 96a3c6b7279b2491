/*
 * check_jsontape.c: unit tests of the tape reader and the canonical text
 * (jsontape.h), the ground of `nerpipe merge` writing what it wrote with
 * jansson trees. The canonical text of values is jansson's JSON_COMPACT |
 * JSON_SORT_KEYS text, and their indented text its JSON_INDENT(2); what
 * the reader must leave to jansson; the order and equality of values; and
 * a differential test: on many thousand values made by mutating graphs
 * (bytes changed, inserted, cut; escapes, surrogates, invalid UTF-8,
 * nesting, duplicate keys, numbers of every form), whatever the reader
 * takes jansson takes too, with the same canonical and indented texts,
 * and what jansson takes that the reader declines, jansson's text of it
 * the reader takes.
 */
#include "jsontape.h"

#include "mutate.h"

#include <check.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static np_jtape tape;
static np_buf out;

/* jansson's text of s (flags), or NULL when it refuses s; caller frees. */
static char *jansson_text(const char *s, size_t n, size_t flags)
{
    json_t *j = json_loadb(s, n, 0, NULL);
    if (!j)
        return NULL;
    char *t = json_dumps(j, flags | JSON_ENCODE_ANY);
    json_decref(j);
    return t;
}

/* The tape's canonical text of s[0..n) in out; 0 when declined. */
static int canon(const char *s, size_t n)
{
    if (!np_jtape_read(&tape, s, n, NULL, NP_JT_MAX_DEPTH))
        return 0;
    out.len = 0;
    np_jt_canon(&tape, 0, &out);
    return 1;
}

/* s is taken, and its canonical and indented texts are jansson's. */
static void same_as_jansson(const char *s, size_t n)
{
    char *want = jansson_text(s, n, JSON_COMPACT | JSON_SORT_KEYS);
    ck_assert_msg(want != NULL, "jansson refuses what the tape took: %.*s", (int)n, s);
    ck_assert_msg(canon(s, n), "declined: %.*s", (int)n, s);
    ck_assert_msg(strlen(want) == out.len && memcmp(want, out.data, out.len) == 0,
                  "canonical text of %.*s: %s, jansson %s", (int)n, s, out.data, want);
    char *pretty = jansson_text(s, n, JSON_INDENT(2) | JSON_SORT_KEYS);
    np_buf ind = {0};
    np_jt_reindent(&ind, out.data, out.len, 0);
    ck_assert_msg(strcmp(pretty, ind.data ? ind.data : "") == 0, "indented text of %.*s:\n%s\njansson:\n%s", (int)n,
                  s, ind.data, pretty);
    np_buf_free(&ind);
    free(pretty);
    free(want);
}

/* s (taken), when it is an object: its canonical text without "doc" is
 * jansson's text of it with "doc" deleted. */
static void without_doc_as_jansson(const char *s, size_t n)
{
    json_t *j = json_loadb(s, n, 0, NULL);
    ck_assert_ptr_nonnull(j);
    if (json_is_object(j)) {
        json_object_del(j, "doc");
        char *want = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
        ck_assert(np_jtape_read(&tape, s, n, NULL, NP_JT_MAX_DEPTH));
        size_t split;
        out.len = 0;
        np_jt_canon_without(&tape, 0, "doc", &out, &split);
        ck_assert_msg(strcmp(want, out.data) == 0, "without doc, %.*s: %s, jansson %s", (int)n, s, out.data, want);
        free(want);
    }
    json_decref(j);
}

static void same(const char *s)
{
    same_as_jansson(s, strlen(s));
}

static int taken(const char *s)
{
    return np_jtape_read(&tape, s, strlen(s), NULL, NP_JT_MAX_DEPTH);
}

START_TEST(test_canonical_text)
{
    same("{\"b\":1,\"a\":[true,false,null],\"c\":{\"z\":\"\",\"y\":{}}, \"d\": []}");
    same(" {\"start\": 23, \"end\": 29, \"text\": \"Russia\"} ");
    /* jansson's escapes: uppercase hex, \/ and U+2028 unescaped, DEL as it is */
    same("[\"x\\u001f\\u2028\\/\\u00e9\\\"\\\\\\b\\f\\n\\r\\t\\u007f\", \"\\ud83d\\ude00\", \"\xc3\xa9\xe2\x80\xa8\"]");
    /* keys sorted by their decoded bytes: "a\"" before "a#" though \ > # */
    same("{\"a#\":1,\"a\\\"\":2,\"\\u0041\":3,\"\":4,\"ab\":5,\"a\":6}");
    /* integers as %lld (-0 is 0), reals as %.17g with .0 and bare exponents */
    same("[0,-0,7,-9223372036854775808,9223372036854775807,12345678901234567]");
    same("[1e5,1E+05,0.1,-0.0,1e-7,4.9e-324,1e-400,123.0,1.7976931348623157e308,55.75222,1e22,1e21,-2.5E-3,0e0]");
    same("[100000000000000000000000000000.0,0.000001,1.5e300,-1e308,2e-308]");
}
END_TEST

START_TEST(test_declined)
{
    /* what jansson refuses, or settles its own way */
    static const char *const no[] = {
        "{\"a\":1,\"a\":2}",                  /* a duplicate key (jansson keeps the last) */
        "{\"k\":1,\"b\":2,\"c\":3,\"\\u006b\":4}", /* the same key escaped */
        "[\"\\u0000\"]", "{\"a\\u0000\":1}",  /* NUL */
        "[9223372036854775808]", "[-9223372036854775809]", "[123456789012345678901]",
        "[1e309]", "[-1e999]", "[17976931348623159e292]",
        "[01]", "[1.]", "[.5]", "[+1]", "[1e]", "[-]", "[0x10]", "[NaN]", "[Infinity]",
        "[\"\\ud800\"]", "[\"\\udc00\"]", "[\"\\ud83dx\"]", "[\"\\x\"]", "[\"\xff\"]", "[\"\xc0\xaf\"]",
        "[\"a\tb\"]", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{1:2}", "[1 2]", "[tru]", "[nul]", "{", "[", "",
        "  ", "[1]]", "[1] x", "[\f1]",
        "\"a string\"", "12", "null", /* jansson's default: an object or an array */
    };
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        ck_assert_msg(!taken(no[i]), "taken: %s", no[i]);
    /* jansson's own limit of nesting: 2048 taken, 2049 not */
    char deep[5000];
    for (int d = 2048; d <= 2049; d++) {
        memset(deep, '[', (size_t)d);
        memset(deep + d, ']', (size_t)d);
        ck_assert_int_eq(np_jtape_read(&tape, deep, 2 * (size_t)d, NULL, NP_JT_MAX_DEPTH), d == 2048);
        json_t *j = json_loadb(deep, 2 * (size_t)d, 0, NULL);
        ck_assert_int_eq(j != NULL, d == 2048);
        json_decref(j);
    }
}
END_TEST

START_TEST(test_prefix_and_members)
{
    const char *s = "{\"id\":\"p\\u00e9\",\"n\":[1,{\"x\":2}],\"start\":5} {\"next\":1}";
    size_t rest;
    ck_assert_int_eq(np_jtape_read(&tape, s, strlen(s), &rest, NP_JT_MAX_DEPTH), 1);
    ck_assert_int_eq((int)rest, (int)(strchr(s, ' ') - s));
    ck_assert_int_eq(np_jtape_read(&tape, s, strlen(s), NULL, NP_JT_MAX_DEPTH), 0);
    ck_assert_int_eq(np_jtape_read(&tape, s, rest, NULL, NP_JT_MAX_DEPTH), 1);
    uint32_t id = np_jt_get(&tape, 0, "id", 2), n = np_jt_get(&tape, 0, "n", 1);
    ck_assert_int_eq(tape.t[id].kind, NP_JT_STR);
    np_buf scratch = {0};
    size_t len;
    const char *d = np_jt_str(&tape, id, &scratch, &len);
    ck_assert(len == 3 && memcmp(d, "p\xc3\xa9", 3) == 0);
    ck_assert_int_eq(tape.t[n].kind, NP_JT_ARR);
    int count = 0;
    NP_JT_EACH_ELEM(&tape, n, e) count++;
    ck_assert_int_eq(count, 2);
    ck_assert_int_eq((int)np_jt_get(&tape, 0, "none", 4), (int)NP_NONE);
    ck_assert_int_eq((int)np_jt_get(&tape, n, "x", 1), (int)NP_NONE); /* not an object */
    ck_assert_int_eq((int)np_jt_int(&tape, np_jt_get(&tape, 0, "start", 5)), 5);
    /* without a member: where it would go */
    static const struct { const char *in, *want; size_t split; } w[] = {
        {"{\"start\":5,\"doc\":3,\"end\":9}", "{\"end\":9,\"start\":5}", 1},
        {"{\"b\":1,\"doc\":3,\"a\":0,\"e\":2}", "{\"a\":0,\"b\":1,\"e\":2}", 12},
        {"{\"a\":1}", "{\"a\":1}", 6},
        {"{\"doc\":1}", "{}", 1},
        {"{}", "{}", 1},
        /* canonical already, copied as they stand: "doc" first, between,
         * last, absent, keys that begin as it does */
        {"{\"doc\":3,\"end\":9,\"start\":5}", "{\"end\":9,\"start\":5}", 1},
        {"{\"a\":0,\"doc\":3,\"e\":\"x\"}", "{\"a\":0,\"e\":\"x\"}", 6},
        {"{\"a\":0,\"b\":true,\"doc\":2}", "{\"a\":0,\"b\":true}", 15},
        {"{\"a\":0,\"b\":null}", "{\"a\":0,\"b\":null}", 15},
        {"{\"e\":1,\"f\":2}", "{\"e\":1,\"f\":2}", 1},
        {"{\"do\":1,\"doc\":2,\"docs\":3}", "{\"do\":1,\"docs\":3}", 7},
        {"{\"doc\":[1],\"e\":1}", "{\"e\":1}", 1},
        /* and the same not as they stand: white space, an escape, -0 */
        {" { \"a\" : 0 , \"doc\" : 3 } ", "{\"a\":0}", 6},
        {"{\"a\":\"\\u0041\",\"doc\":3,\"e\":-0}", "{\"a\":\"A\",\"e\":0}", 8},
        {"{ }", "{}", 1},
    };
    for (size_t i = 0; i < sizeof w / sizeof *w; i++) {
        ck_assert(np_jtape_read(&tape, w[i].in, strlen(w[i].in), NULL, NP_JT_MAX_DEPTH));
        size_t split;
        out.len = 0;
        np_jt_canon_without(&tape, 0, "doc", &out, &split);
        ck_assert_str_eq(out.data, w[i].want);
        ck_assert_int_eq((int)split, (int)w[i].split);
    }
    np_buf_free(&scratch);
}
END_TEST

START_TEST(test_order_and_equality)
{
    /* json_equal: -0.0 equals 0.0, also inside containers; 1 is not 1.0 */
    ck_assert(np_jt_canon_equal("-0.0", 4, "0.0", 3));
    ck_assert(np_jt_canon_equal("[-0.0,{\"a\":-0.0}]", 17, "[0.0,{\"a\":0.0}]", 15));
    ck_assert(!np_jt_canon_equal("\"-0.0\"", 6, "\"0.0\"", 5));
    ck_assert(!np_jt_canon_equal("-0.01", 5, "0.01", 4));
    ck_assert(!np_jt_canon_equal("1", 1, "1.0", 3));
    /* strings by their decoded bytes, the rest by canonical text */
    ck_assert(np_jt_canon_cmp("\"a\\\"\"", 5, "\"a#\"", 4) < 0);
    ck_assert(np_jt_canon_cmp("\"b\"", 3, "\"ab\"", 4) > 0);
    ck_assert(np_jt_canon_cmp("\"z\"", 3, "1", 1) < 0);
    ck_assert(np_jt_canon_cmp("10", 2, "9", 1) < 0);
    ck_assert(np_jt_canon_cmp("\"\"", 2, "\"\"", 2) == 0);
}
END_TEST

START_TEST(test_reals_as_jansson)
{
    /* np_jt_real_text on doubles of every kind of bits */
    uint64_t x = 88172645463325252ULL;
    char mine[40];
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        double v;
        uint64_t bits = i % 3 ? x : (x >> 12) | 0x4000000000000000ULL; /* also ordinary magnitudes */
        memcpy(&v, &bits, sizeof v);
        if (!isfinite(v))
            continue;
        if (i % 5 == 0)
            v = (double)(int64_t)(x % 2000001) / 1000.0; /* coordinates */
        json_t *j = json_real(v);
        char *want = json_dumps(j, JSON_ENCODE_ANY);
        np_jt_real_text(mine, sizeof mine, v);
        ck_assert_msg(strcmp(mine, want) == 0, "%.17g: %s, jansson %s", v, mine, want);
        free(want);
        json_decref(j);
    }
}
END_TEST

/* ---- the differential test ---- */

static uint32_t seed_state = 20260317;
static unsigned rnd(unsigned n)
{
    seed_state = seed_state * 1103515245u + 12345u;
    return (seed_state >> 8) % n;
}

static const char *const tape_bits[] = {"\\", "\"", "\\u", "\\ud83d", "\\ude00", "\\u0000", "\\u001f", "\xff", "\xc3",
                                        "\xa9", "\xe2\x80\xa8", "\xf0\x9f", "{", "}", "[", "]", ",", ":", "\t", "\n",
                                        " ", "0", "-", "e", "E+", ".", "1e308", "-0", "0.10", "9999999999999999999",
                                        "\"id\":", "\"doc\":1,", "null", "true", "\"a\":[],", "{\"x\":-0.0}",
                                        "\"k\":0,", "\"k\":[1],", "\"\\u006b\":2,"};
/* duplicate keys that jansson takes */
static const char *const tape_members[] = {"\"k\":0,", "\"\\u006b\":[2],", "\"id\":null,", "\"b\":-0.0,"};
static const test_mutator tape_mutator = {rnd, tape_bits, sizeof tape_bits / sizeof *tape_bits,
                                          tape_members, sizeof tape_members / sizeof *tape_members, 0, 1};

START_TEST(test_differential)
{
    static const char *const seeds[] = {
        "{\"directed\":false,\"graph\":{\"document\":{\"name\":\"a\",\"date\":\"2024-01-02\"}},\"nodes\":[{\"id\":"
        "\"person:a\",\"label\":\"A\",\"aliases\":[\"Ab\"],\"weight\":2,\"attributes\":{\"lat\":55.75222,\"lon\":-1,"
        "\"roles\":[{\"title\":\"x\"}]},\"mentions\":[{\"start\":3,\"end\":5,\"text\":\"A\",\"doc\":0}]}],\"links\":"
        "[{\"source\":\"person:a\",\"target\":\"person:b\",\"relation\":\"met\",\"place\":null,\"evidence\":[{\"sentence\":"
        "\"A met \\\"B\\\".\",\"start\":0,\"end\":9}]}]}",
        "{\"id\": 7, \"line\": 3, \"error\": \"line 3: no \\\"text\\\" string\"}",
        "{\n  \"a\": [1, 2.5e-3, -0, \"\\u00e9\\ud83d\\ude00\"],\n  \"b\": {\"c\": true, \"d\": null}\n}",
        "[{\"k\":\"v\",\"K\":\"V\",\"\":0},[],{},\"\\n\\t\\/\",1e22,123456789012345678,-9223372036854775808]",
        "{\"k\":1,\"b\":{\"k\":2},\"c\":[{\"k\":3}]}",
        /* canonical already (the text merge writes), which is copied as it stands */
        "{\"doc\":0,\"end\":1304,\"rule\":\"in-attendance\",\"sentence\":\"In attendance were A.\",\"start\":797}",
        "{\"a\":0,\"b\":\"x y\",\"doc\":12,\"do\":false,\"docs\":null,\"e\":true}",
    };
    char buf[2048];
    unsigned n_taken = 0, n_back = 0;
    for (unsigned k = 0; k < 60000; k++) {
        size_t n = test_mutate(&tape_mutator, seeds[k % (sizeof seeds / sizeof *seeds)], buf, sizeof buf);
        if (np_jtape_read(&tape, buf, n, NULL, NP_JT_MAX_DEPTH)) {
            n_taken++;
            same_as_jansson(buf, n);
            without_doc_as_jansson(buf, n);
            continue;
        }
        char *t = jansson_text(buf, n, JSON_COMPACT | JSON_SORT_KEYS);
        if (!t)
            continue;
        /* declined but jansson's: its text comes back */
        n_back++;
        ck_assert_msg(np_jtape_read(&tape, t, strlen(t), NULL, INT_MAX), "jansson's text declined: %s", t);
        out.len = 0;
        np_jt_canon(&tape, 0, &out);
        ck_assert_str_eq(out.data, t);
        free(t);
    }
    /* the mutations make both kinds, many of each */
    ck_assert_msg(n_taken > 5000 && n_back > 300, "taken %u, given back %u", n_taken, n_back);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("jsontape");
    TCase *tc = tcase_create("jsontape");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_canonical_text);
    tcase_add_test(tc, test_declined);
    tcase_add_test(tc, test_prefix_and_members);
    tcase_add_test(tc, test_order_and_equality);
    tcase_add_test(tc, test_reals_as_jansson);
    tcase_add_test(tc, test_differential);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    np_jtape_free(&tape);
    np_buf_free(&out);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
