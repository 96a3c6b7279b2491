/*
 * check_sentences.c: unit tests of the sentence splitter
 * (src/sentences.c): one table of text → sentences cases, one or more per
 * rule, and the headline and dateline classification.
 */
#include "testutil.h"

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
    /* plain stops */
    {"Abe met Putin. They talked.", "Abe met Putin. || They talked."},
    {"Did they meet? Yes! They did.", "Did they meet? || Yes! || They did."},
    {"One sentence only", "One sentence only"},
    {"Ends with numbers 2019. Next one.", "Ends with numbers 2019. || Next one."},
    {"Trailing spaces.   ", "Trailing spaces."},
    /* lowercase after a stop continues the sentence */
    {"He paused... and then spoke.", "He paused... and then spoke."},
    {"It ended at 5 p.m. on Friday.", "It ended at 5 p.m. on Friday."},
    /* title abbreviations never end a sentence */
    {"Mr. Abe met Dr. Putin.", "Mr. Abe met Dr. Putin."},
    {"Gen. Smith and Sen. Jones met.", "Gen. Smith and Sen. Jones met."},
    {"They met at St. Petersburg. Then left.", "They met at St. Petersburg. || Then left."},
    /* other abbreviations end one only before a sentence starter */
    {"He visited the U.S. President Biden met him.", "He visited the U.S. President Biden met him."},
    {"He visited the U.S. The talks went well.", "He visited the U.S. || The talks went well."},
    {"Apple Inc. said so.", "Apple Inc. said so."},
    {"They sell pens, paper etc. However, sales fell.", "They sell pens, paper etc. || However, sales fell."},
    {"It opened on Jan. 5 in Tokyo.", "It opened on Jan. 5 in Tokyo."},
    {"He lives at No. 10 Downing Street.", "He lives at No. 10 Downing Street."},
    /* initials */
    {"J. R. Smith spoke. Others left.", "J. R. Smith spoke. || Others left."},
    {"George W. Bush met Putin.", "George W. Bush met Putin."},
    /* decimals */
    {"Growth was 3.5 percent. It rose.", "Growth was 3.5 percent. || It rose."},
    /* quotes and brackets after the stop */
    {"“We agreed.” Then he left.", "“We agreed.” || Then he left."},
    {"He said: \"No.\" She smiled.", "He said: \"No.\" || She smiled."},
    {"(See the annex.) The talks ended.", "(See the annex.) || The talks ended."},
    {"“Will you?” he asked.", "“Will you?” he asked."},
    {"‘This is new,’ he said.", "‘This is new,’ he said."},
    /* ellipsis */
    {"We waited… The door opened.", "We waited… || The door opened."},
    /* headlines, bylines and datelines on their own lines */
    {"Japan PM to visit Russia\n\nTokyo said so.", "Japan PM to visit Russia || Tokyo said so."},
    {"Published on 23/04/2013\n\nAbe will visit.", "Published on 23/04/2013 || Abe will visit."},
    {"By Andrea Shalal\n\nWASHINGTON (Reuters) - Biden met Lula.",
     "By Andrea Shalal || WASHINGTON (Reuters) - Biden met Lula."},
    {"TOKYO, January 18. /TASS/. The Japanese government confirms it.",
     "TOKYO, January 18. /TASS/. || The Japanese government confirms it."},
    {"Headline without stop\nBody text follows here.", "Headline without stop || Body text follows here."},
    {"3 Sep, 2016 17:23\n\nJapan’s PM calls for talks", "3 Sep, 2016 17:23 || Japan’s PM calls for talks"},
    /* a blank line always ends a sentence */
    {"The two flew home from\n\nKampala later.", "The two flew home from || Kampala later."},
    /* a single line break before a lowercase word does not */
    {"The leaders met in\nthe capital.", "The leaders met in\nthe capital."},
    /* nor after a comma */
    {"The leaders met,\nThen parted.", "The leaders met,\nThen parted."},
    /* hard-wrapped text: single line breaks are spaces */
    {"The prime minister of the country said on Friday that he\n"
     "would travel to the capital of the neighbouring country\n"
     "next week for talks with the president on trade, energy\n"
     "and the border dispute. Officials said the trip was long\n"
     "planned and would last three days in all.\n",
     "The prime minister of the country said on Friday that he\n"
     "would travel to the capital of the neighbouring country\n"
     "next week for talks with the president on trade, energy\n"
     "and the border dispute. || Officials said the trip was long\n"
     "planned and would last three days in all."},
    /* CRLF line endings */
    {"Headline\r\n\r\nBody one. Body two.", "Headline || Body one. || Body two."},
    /* unicode stops */
    {"東京で会談した。次に", "東京で会談した。 || 次に"},
    {"", ""},
};

START_TEST(test_sentence_table)
{
    np_doc *doc = test_doc(model, cases[_i].in, 1);
    char *got = test_sentences(doc);
    ck_assert_msg(strcmp(got, cases[_i].want) == 0, "input \"%s\"\n  got  \"%s\"\n  want \"%s\"", cases[_i].in,
                  got, cases[_i].want);
    free(got);
    np_doc_free(doc);
}
END_TEST

START_TEST(test_headline_and_dateline_flags)
{
    np_doc *doc = test_doc(model,
                           "Japan PM to visit Russia\n\nTOKYO, January 18. /TASS/. The government confirms it.", 1);
    ck_assert_uint_eq(doc->nsents, 3);
    ck_assert(doc->sents[0].flags & NP_SF_HEADLINE);
    ck_assert(doc->sents[1].flags & NP_SF_DATELINE);
    ck_assert(!(doc->sents[2].flags & (NP_SF_HEADLINE | NP_SF_DATELINE)));
    ck_assert_uint_eq(doc->sents[2].index, 2);
    np_doc_free(doc);
}
END_TEST

START_TEST(test_overlong_sentence_is_cut)
{
    np_buf b = {0};
    for (int i = 0; i < 5000; i++)
        np_buf_adds(&b, "word ");
    np_doc *doc = test_doc(model, b.data, 1);
    ck_assert_uint_eq(doc->ntoks, 5000);
    ck_assert_uint_eq(doc->nsents, 3);
    for (size_t i = 0; i < doc->nsents; i++)
        ck_assert_uint_le(doc->sents[i].end - doc->sents[i].begin, NP_MAX_SENTENCE_TOKENS);
    np_doc_free(doc);
    np_buf_free(&b);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sentences");
    TCase *tc = tcase_create("split");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_sentence_table, 0, sizeof cases / sizeof *cases);
    tcase_add_test(tc, test_headline_and_dateline_flags);
    tcase_add_test(tc, test_overlong_sentence_is_cut);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
