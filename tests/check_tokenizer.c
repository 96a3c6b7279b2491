/*
 * check_tokenizer.c: unit tests of the tokenizer (src/tokenizer.c) and of
 * key normalization: one table of input → tokens cases covering each rule,
 * then offsets, keys, shapes and flags.
 */
#include "testutil.h"

#include "normalize.h"

static np_model *model;

static void setup(void)
{
    np_error err;
    model = np_model_load_words(test_datadir(), &err);
    ck_assert_msg(model != NULL, "%s", err.msg);
}

static void teardown(void)
{
    np_model_free(model);
}

static const struct {
    const char *in, *want;
} cases[] = {
    /* words and punctuation */
    {"Hello, world.", "Hello | , | world | ."},
    {"Leaders met.", "Leaders | met | ."},
    {"  spaced   out  ", "spaced | out"},
    /* Latin with diacritics, Cyrillic, Greek, Arabic */
    {"São Paulo and Kraków", "São | Paulo | and | Kraków"},
    {"Vučić met Çavuşoğlu", "Vučić | met | Çavuşoğlu"},
    {"Путин встретился с Абэ.", "Путин | встретился | с | Абэ | ."},
    {"Κυριάκος Μητσοτάκης", "Κυριάκος | Μητσοτάκης"},
    {"محمد بن سلمان", "محمد | بن | سلمان"},
    {"Phạm Minh Chính in Hà Nội", "Phạm | Minh | Chính | in | Hà | Nội"},
    /* combining marks stay in their word (e + U+0301) */
    {"Jose\xCC\x81 said", "Jose\xCC\x81 | said"},
    /* CJK: one character per token */
    {"東京都", "東 | 京 | 都"},
    {"安倍晋三首相", "安 | 倍 | 晋 | 三 | 首 | 相"},
    {"서울 시장", "서울 | 시장"},
    /* numbers */
    {"It cost 1,000.5 dollars", "It | cost | 1,000.5 | dollars"},
    {"on 21-22 January", "on | 21-22 | January"},
    {"from 1980-88 on", "from | 1980-88 | on"},
    {"3.5% growth", "3.5 | % | growth"},
    {"$18 billion", "$ | 18 | billion"},
    {"1,00 and 12,345,678", "1 | , | 00 | and | 12,345,678"},
    {"the 14th congress", "the | 14th | congress"},
    {"a 650,000-barrel-per-day plant", "a | 650,000-barrel-per-day | plant"},
    {"at 11.30 a.m. sharp", "at | 11.30 | a.m. | sharp"},
    /* hyphenated words */
    {"Agence France-Presse said", "Agence | France-Presse | said"},
    {"a tete-a-tete section", "a | tete-a-tete | section"},
    {"Kosovo-Serbia talks", "Kosovo-Serbia | talks"},
    {"a well - known fact", "a | well | - | known | fact"},
    {"pre-2000 data", "pre-2000 | data"},
    {"COVID-19 cases", "COVID-19 | cases"},
    /* apostrophes and possessives, straight and typographic */
    {"Abe’s visit", "Abe | ’s | visit"},
    {"Abe's visit", "Abe | 's | visit"},
    {"O'Neill spoke", "O'Neill | spoke"},
    {"O’Neill spoke", "O’Neill | spoke"},
    {"Côte d'Ivoire", "Côte | d'Ivoire"},
    {"the leaders’ meeting", "the | leaders | ’ | meeting"},
    {"don't go", "don't | go"},
    {"JAPAN’S PM", "JAPAN | ’S | PM"},
    {"‘breakthrough’ talks", "‘ | breakthrough | ’ | talks"},
    {"Russia's", "Russia | 's"},
    /* abbreviations and initials */
    {"the U.S. President", "the | U.S. | President"},
    {"U.S.-based firm", "U.S. | - | based | firm"},
    {"Mr. Putin and Mr Abe", "Mr. | Putin | and | Mr | Abe"},
    {"Dr. J. Smith", "Dr. | J. | Smith"},
    {"Jan. 1, 2023", "Jan. | 1 | , | 2023"},
    {"No. 10 Downing Street", "No. | 10 | Downing | Street"},
    {"He said no.", "He | said | no | ."},
    {"e.g. this", "e.g. | this"},
    {"Apple Inc. said", "Apple | Inc. | said"},
    {"the U.K.", "the | U.K."},
    {"St. Petersburg", "St. | Petersburg"},
    {"AT&T and S&P", "AT&T | and | S&P"},
    /* where the one-pass ASCII scanner stops and the general one decides:
     * a period or comma after one character, inside a number or after a
     * word; ' - & and non-ASCII after a word; a word at the end */
    {"I. Ab. a, Ab, 12. 3,5 x9.", "I. | Ab | . | a | , | Ab | , | 12 | . | 3 | , | 5 | x9 | ."},
    {"No. 5 and no.5 and Mr.", "No. | 5 | and | no. | 5 | and | Mr."},
    {"don't Obama's rock-n-roll AB&C", "don't | Obama | 's | rock-n-roll | AB&C"},
    {"Kim’s café—naïve X", "Kim | ’s | café | — | naïve | X"},
    {"fine; ok: yes!end", "fine | ; | ok | : | yes | ! | end"},
    {"news@x.org and news at x", "news@x.org | and | news | at | x"},
    /* URLs, e-mail addresses, handles */
    {"see https://example.com/a?b=1.", "see | https://example.com/a?b=1 | ."},
    {"video!https://t.co/AYb21yoT0K — WION", "video | ! | https://t.co/AYb21yoT0K | — | WION"},
    {"visit www.tass.com, then", "visit | www.tass.com | , | then"},
    {"mail press@mofa.go.jp now", "mail | press@mofa.go.jp | now"},
    {"write to a.b-c@news.example.org.", "write | to | a.b-c@news.example.org | ."},
    {"(@SecBlinken) said", "( | @SecBlinken | ) | said"},
    {"— WION (@WIONews) June", "— | WION | ( | @WIONews | ) | June"},
    {"#Jeddah", "# | Jeddah"},
    /* punctuation, symbols and emoji */
    {"Wait... what?!", "Wait | ... | what | ? | !"},
    {"yes -- no", "yes | -- | no"},
    {"“Quoted,” he said", "“ | Quoted | , | ” | he | said"},
    {"love 👍🏽 it", "love | 👍🏽 | it"},
    {"family 👨‍👩‍👧 photo", "family | 👨‍👩‍👧 | photo"},
    {"flag 🇯🇵!", "flag | 🇯🇵 | !"},
    {"a+b=c", "a | + | b | = | c"},
    {"TOKYO, January 18. /TASS/.", "TOKYO | , | January | 18 | . | / | TASS | / | ."},
    {"x\xEF\xBF\xBDy", "x | \xEF\xBF\xBD | y"},
    {"", ""},
};

START_TEST(test_token_table)
{
    np_doc *doc = test_doc(model, cases[_i].in, 0);
    char *got = test_tokens(doc);
    ck_assert_msg(strcmp(got, cases[_i].want) == 0, "input \"%s\"\n  got  \"%s\"\n  want \"%s\"", cases[_i].in,
                  got, cases[_i].want);
    free(got);
    np_doc_free(doc);
}
END_TEST

START_TEST(test_offsets_are_code_points)
{
    np_doc *doc = test_doc(model, "Abe’s visit to Kraków", 0);
    ck_assert_uint_eq(doc->ntoks, 5);
    ck_assert_uint_eq(doc->toks[1].cstart, 3); /* ’s */
    ck_assert_uint_eq(doc->toks[1].cend, 5);
    ck_assert_uint_eq(doc->toks[4].cstart, 15);
    ck_assert_uint_eq(doc->toks[4].cend, 21);
    ck_assert_uint_eq(doc->toks[4].end - doc->toks[4].start, 7); /* ó is two bytes */
    np_doc_free(doc);
}
END_TEST

START_TEST(test_offsets_after_repair)
{
    /* an invalid byte becomes one U+FFFD, which counts as one code point */
    np_doc *doc = test_doc(model, "a\xFF b", 0);
    ck_assert_uint_eq(doc->ntoks, 3);
    ck_assert_uint_eq(doc->toks[2].cstart, 3);
    np_doc_free(doc);
}
END_TEST

static const struct {
    const char *in, *key;
} key_cases[] = {
    {"Kuril", "kuril"},       {"KURIL", "kuril"},       {"São", "sao"},         {"Çavuşoğlu", "cavusoglu"},
    {"Abe’s", "abe's"},       {"Đà", "da"},             {"Łódź", "lodz"},       {"Øresund", "oresund"},
    {"Straße", "strasse"},    {"ﬁnal", "final"},        {"Ｔｏｋｙｏ", "tokyo"}, {"France‐Presse", "france-presse"},
    {"Hà Nội", "ha noi"},     {"ПУТИН", "путин"},       {"İstanbul", "istanbul"},
};

START_TEST(test_keys)
{
    char *k = np_normalize_dup(key_cases[_i].in, strlen(key_cases[_i].in), 1);
    ck_assert_msg(strcmp(k, key_cases[_i].key) == 0, "key of \"%s\": got \"%s\", want \"%s\"", key_cases[_i].in, k,
                  key_cases[_i].key);
    free(k);
}
END_TEST

START_TEST(test_case_kept_key)
{
    char *k = np_normalize_dup("São Paulo US", strlen("São Paulo US"), 0);
    ck_assert_str_eq(k, "Sao Paulo US");
    free(k);
}
END_TEST

START_TEST(test_token_keys_and_shapes)
{
    np_doc *doc = test_doc(model, "Mr. Abe’s U.S. trip, 2019 KURIL", 0);
    const char *keys[] = {"mr", "abe", "'s", "u.s", "trip", ",", "2019", "kuril"};
    const char *shapes[] = {"Xx.", "Xxx", "’x", "X.X.", "xxxx", ",", "dddd", "XXXX"};
    ck_assert_uint_eq(doc->ntoks, 8);
    for (size_t i = 0; i < 8; i++) {
        char shape[32];
        np_tok_shape(doc, &doc->toks[i], shape, sizeof shape);
        ck_assert_str_eq(np_tok_key(doc, &doc->toks[i]), keys[i]);
        ck_assert_str_eq(shape, shapes[i]);
    }
    np_doc_free(doc);
}
END_TEST

START_TEST(test_long_shape_is_capped)
{
    np_doc *doc = test_doc(model, "Shinzo internationalization", 0);
    char shape[32];
    np_tok_shape(doc, &doc->toks[0], shape, sizeof shape);
    ck_assert_str_eq(shape, "Xxxxx");
    np_tok_shape(doc, &doc->toks[1], shape, sizeof shape);
    ck_assert_str_eq(shape, "xxxx");
    np_doc_free(doc);
}
END_TEST

START_TEST(test_flags)
{
    np_doc *doc = test_doc(model, "NATO chief\n\nAbe’s France-Presse", 0);
    ck_assert(doc->toks[0].flags & NP_TF_ALLCAP);
    ck_assert(doc->toks[0].flags & NP_TF_PARA);
    ck_assert(doc->toks[1].flags & NP_TF_LOWER);
    ck_assert(doc->toks[2].flags & NP_TF_PARA);
    ck_assert(doc->toks[2].flags & NP_TF_NL);
    ck_assert(doc->toks[3].flags & NP_TF_POSS);
    ck_assert(!(doc->toks[3].flags & NP_TF_SPACE));
    ck_assert(doc->toks[4].flags & NP_TF_HYPHEN);
    ck_assert(doc->toks[4].flags & NP_TF_CAP);
    np_doc_free(doc);
}
END_TEST

START_TEST(test_kinds)
{
    np_doc *doc = test_doc(model, "Go https://x.org @kyodo a@b.cc 42 ! 👍", 0);
    const int kinds[] = {NP_TOK_WORD, NP_TOK_URL, NP_TOK_HANDLE, NP_TOK_EMAIL, NP_TOK_NUMBER, NP_TOK_PUNCT,
                         NP_TOK_SYMBOL};
    ck_assert_uint_eq(doc->ntoks, 7);
    for (size_t i = 0; i < 7; i++)
        ck_assert_int_eq(doc->toks[i].kind, kinds[i]);
    np_doc_free(doc);
}
END_TEST

START_TEST(test_very_long_word_is_cut)
{
    size_t n = 5000;
    char *s = np_xmalloc(n + 1);
    memset(s, 'a', n);
    s[n] = '\0';
    np_doc *doc = test_doc(model, s, 0);
    ck_assert_uint_ge(doc->ntoks, 5);
    for (size_t i = 0; i < doc->ntoks; i++)
        ck_assert_uint_le(doc->toks[i].end - doc->toks[i].start, NP_MAX_TOKEN_BYTES);
    ck_assert_uint_eq(doc->toks[doc->ntoks - 1].cend, n);
    np_doc_free(doc);
    free(s);
}
END_TEST

START_TEST(test_bom_and_crlf)
{
    np_doc *doc = test_doc(model, "\xEF\xBB\xBFHello\r\nWorld\r\n", 0);
    ck_assert_uint_eq(doc->ntoks, 2);
    ck_assert_uint_eq(doc->toks[0].cstart, 0);
    ck_assert(doc->toks[1].flags & NP_TF_NL);
    np_doc_free(doc);
}
END_TEST

START_TEST(test_repair_reports)
{
    static const struct {
        const char *in;
        size_t len, invalid, nuls;
        const char *out;
    } r[] = {
        {"ok", 2, 0, 0, "ok"},
        {"\xC0\xAF", 2, 2, 0, "\xEF\xBF\xBD\xEF\xBF\xBD"},             /* overlong */
        {"\xED\xA0\x80", 3, 3, 0, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"}, /* surrogate */
        {"a\xE2\x82", 3, 1, 0, "a\xEF\xBF\xBD"},                       /* truncated */
        {"a\0b", 3, 0, 1, "a\xEF\xBF\xBD" "b"},                        /* NUL */
        {"\xF4\x90\x80\x80", 4, 4, 0, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"}, /* > U+10FFFF */
    };
    for (size_t i = 0; i < sizeof r / sizeof *r; i++) {
        size_t len = r[i].len;
        char *s = np_xmalloc(len + 1);
        memcpy(s, r[i].in, len + 1);
        np_repair rep;
        s = np_utf8_repair(s, &len, &rep);
        ck_assert_uint_eq(rep.invalid, r[i].invalid);
        ck_assert_uint_eq(rep.nuls, r[i].nuls);
        ck_assert_uint_eq(len, strlen(r[i].out));
        ck_assert_mem_eq(s, r[i].out, len);
        free(s);
    }
}
END_TEST

/* The clean-text scan takes ASCII eight bytes at a time: each bad
 * sequence above (and a clean non-ASCII one) at every position of ASCII
 * text of every length up to 24 is found and replaced as it is alone. */
START_TEST(test_repair_every_position)
{
    static const struct {
        const char *in, *out;
        size_t invalid, nuls;
    } r[] = {
        {"\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD", 2, 0},
        {"\xFF", "\xEF\xBF\xBD", 1, 0},
        {"\x80", "\xEF\xBF\xBD", 1, 0},
        {"", "\xEF\xBF\xBD", 0, 1}, /* a NUL byte */
        {"\xC3\xA9", "\xC3\xA9", 0, 0}, /* é: clean */
    };
    for (size_t k = 0; k < sizeof r / sizeof *r; k++) {
        size_t bad = r[k].nuls ? 1 : strlen(r[k].in), good = strlen(r[k].out);
        for (size_t n = 0; n <= 24; n++)
            for (size_t p = 0; p <= n; p++) {
                char *s = np_xmalloc(n + bad + 1), *want = np_xmalloc(n + good + 1);
                for (size_t i = 0; i < n; i++)
                    s[i < p ? i : i + bad] = want[i < p ? i : i + good] = (char)('a' + i % 26);
                memcpy(s + p, r[k].nuls ? "\0" : r[k].in, bad);
                memcpy(want + p, r[k].out, good);
                s[n + bad] = '\0';
                size_t len = n + bad;
                np_repair rep;
                s = np_utf8_repair(s, &len, &rep);
                ck_assert_uint_eq(rep.invalid, r[k].invalid);
                ck_assert_uint_eq(rep.nuls, r[k].nuls);
                ck_assert_uint_eq(len, n + good);
                ck_assert_mem_eq(s, want, len);
                free(s);
                free(want);
            }
    }
}
END_TEST

/* Code points are counted eight bytes at a time: every length and
 * alignment gives what a byte-by-byte count gives. */
START_TEST(test_utf8_count)
{
    const char *text = "Çavuşoğlu und Lavrov trafen sich in Moskau — 東京で会談 ✓ 🙂 done";
    size_t n = strlen(text);
    for (size_t a = 0; a < 9; a++)
        for (size_t len = 0; a + len <= n; len++) {
            size_t want = 0;
            for (size_t i = a; i < a + len; i++)
                want += ((unsigned char)text[i] & 0xC0) != 0x80;
            ck_assert_uint_eq(np_utf8_count(text + a, len), want);
        }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("tokenizer");
    TCase *tc = tcase_create("tokens");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_token_table, 0, sizeof cases / sizeof *cases);
    tcase_add_loop_test(tc, test_keys, 0, sizeof key_cases / sizeof *key_cases);
    tcase_add_test(tc, test_case_kept_key);
    tcase_add_test(tc, test_offsets_are_code_points);
    tcase_add_test(tc, test_utf8_count);
    tcase_add_test(tc, test_repair_every_position);
    tcase_add_test(tc, test_offsets_after_repair);
    tcase_add_test(tc, test_token_keys_and_shapes);
    tcase_add_test(tc, test_long_shape_is_capped);
    tcase_add_test(tc, test_flags);
    tcase_add_test(tc, test_kinds);
    tcase_add_test(tc, test_very_long_word_is_cut);
    tcase_add_test(tc, test_bom_and_crlf);
    tcase_add_test(tc, test_repair_reports);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
