/*
 * sentences.c: the sentence splitter (see sentences.h).
 */
#include "sentences.h"

#include <string.h>

static int tok_is(const np_doc *doc, const np_token *t, const char *s)
{
    return np_tok_text_is(doc, t, s);
}

/* . ! ? … ... and combinations like ?! */
static int is_terminal(const np_doc *doc, const np_token *t)
{
    if (t->kind != NP_TOK_PUNCT)
        return 0;
    unsigned char c = (unsigned char)doc->text[t->start];
    return c == '.' || c == '!' || c == '?' || tok_is(doc, t, "\xE2\x80\xA6") /* … */ ||
           tok_is(doc, t, "\xEF\xBC\x81") || tok_is(doc, t, "\xEF\xBC\x9F") || tok_is(doc, t, "\xE3\x80\x82");
}

static int is_closing(const np_doc *doc, const np_token *t)
{
    if (t->kind != NP_TOK_PUNCT || (t->flags & NP_TF_SPACE))
        return 0;
    const char *s = doc->text + t->start;
    return (t->flags & NP_TF_QUOTE) || *s == ')' || *s == ']' || *s == '}';
}

static int is_opening(const np_doc *doc, const np_token *t)
{
    if (t->kind != NP_TOK_PUNCT)
        return 0;
    const char *s = doc->text + t->start;
    return (t->flags & NP_TF_QUOTE) || *s == '(' || *s == '[';
}

/* Can next start a new sentence after a full stop? */
static int can_start(const np_doc *doc, const np_token *next)
{
    if (next->flags & NP_TF_LOWER)
        return 0;
    switch (next->kind) {
    case NP_TOK_WORD:
    case NP_TOK_NUMBER:
    case NP_TOK_HANDLE:
    case NP_TOK_URL:
    case NP_TOK_EMAIL:
    case NP_TOK_SYMBOL:
        return 1;
    default:
        return is_opening(doc, next) || tok_is(doc, next, "-") || tok_is(doc, next, "\xE2\x80\x93") ||
               tok_is(doc, next, "\xE2\x80\x94");
    }
}

static void push_sentence(np_doc *doc, size_t begin, size_t end, uint32_t flags)
{
    if (end <= begin)
        return;
    NP_GROW(doc->sents, doc->sents_cap, doc->nsents + 1);
    np_sentence *s = &doc->sents[doc->nsents++];
    s->begin = (uint32_t)begin;
    s->end = (uint32_t)end;
    s->flags = flags;
    s->index = doc->sent_base + (uint32_t)(doc->nsents - 1);
}

/* Does the line that ends before token i look like a wrapped line? */
static int line_is_short(const np_doc *doc, size_t i, size_t begin)
{
    const np_token *t = &doc->toks[i - 1];
    size_t line_start = t->start;
    for (size_t k = i; k > begin; k--) {
        line_start = doc->toks[k - 1].start;
        if (doc->toks[k - 1].flags & NP_TF_NL)
            break;
    }
    return doc->toks[i - 1].end - line_start < 50;
}

static uint32_t classify(const np_doc *doc, size_t begin, size_t end, int by_line)
{
    uint32_t flags = by_line ? NP_SF_LINE : 0;
    size_t words = 0, caps = 0;
    for (size_t k = begin; k < end; k++) {
        const np_token *t = &doc->toks[k];
        if (t->kind == NP_TOK_WORD && (t->flags & NP_TF_LETTER)) {
            words++;
            caps += (t->flags & NP_TF_CAP) != 0 || (t->lex & NP_LEX_FUNCTION);
        }
    }
    if (by_line && (words <= 20 || caps * 10 >= words * 8))
        flags |= NP_SF_HEADLINE;
    /* DATELINE: "TOKYO, January 18. /TASS/." on its own */
    const np_token *first = &doc->toks[begin];
    if (end - begin <= 14 && end - begin >= 3 && (first->flags & NP_TF_ALLCAP) && first->kind == NP_TOK_WORD &&
        (first->flags & NP_TF_PARA)) {
        int digits = 0;
        for (size_t k = begin; k < end; k++)
            digits |= doc->toks[k].kind == NP_TOK_NUMBER;
        if (digits && tok_is(doc, &doc->toks[begin + 1], ","))
            flags |= NP_SF_DATELINE;
    }
    return flags;
}

/* Does the line at token i start a list item: a bullet ("-", "*", "•",
 * "–") before a word? */
static int list_item_start(const np_doc *doc, size_t i)
{
    const np_token *t = &doc->toks[i];
    if (t->kind != NP_TOK_PUNCT || i + 1 >= doc->ntoks || doc->toks[i + 1].kind != NP_TOK_WORD ||
        (doc->toks[i + 1].flags & NP_TF_NL))
        return 0;
    return tok_is(doc, t, "-") || tok_is(doc, t, "*") || tok_is(doc, t, "\xe2\x80\xa2") || tok_is(doc, t, "\xe2\x80\x93");
}

void np_split_sentences(np_doc *doc)
{
    doc->nsents = 0;
    size_t n = doc->ntoks, begin = 0;
    for (size_t i = 0; i < n; i++) {
        const np_token *t = &doc->toks[i];
        /* Line breaks end a sentence before token i. */
        if (i > begin && (t->flags & NP_TF_NL)) {
            const np_token *prev = &doc->toks[i - 1];
            int brk = 0;
            if (t->flags & NP_TF_PARA || list_item_start(doc, i))
                brk = 1; /* a paragraph; a list item ("- A, ...;") */
            else if (!doc->hard_wrapped)
                brk = !tok_is(doc, prev, ",") && !(t->flags & NP_TF_LOWER);
            else
                brk = line_is_short(doc, i, begin) && !(t->flags & NP_TF_LOWER);
            if (brk) {
                push_sentence(doc, begin, i, classify(doc, begin, i, !is_terminal(doc, prev)));
                begin = i;
            }
        }
        if (i + 1 - begin >= NP_MAX_SENTENCE_TOKENS) {
            push_sentence(doc, begin, i + 1, 0);
            begin = i + 1;
            continue;
        }
        int stop = is_terminal(doc, t);
        int abbr = !stop && (t->flags & NP_TF_PERIOD);
        if (!stop && !abbr)
            continue;
        /* Closing quotes and brackets belong to this sentence. */
        size_t j = i + 1;
        while (j < n && is_closing(doc, &doc->toks[j]) && !(doc->toks[j].flags & NP_TF_NL))
            j++;
        if (j >= n) {
            i = j - 1;
            continue; /* the end of the segment ends it */
        }
        const np_token *next = &doc->toks[j];
        if (next->flags & NP_TF_NL) {
            i = j - 1; /* the line-break rule decides at the next token */
            if (next->flags & NP_TF_PARA || !doc->hard_wrapped || can_start(doc, next)) {
                push_sentence(doc, begin, j, classify(doc, begin, j, 0));
                begin = j;
            }
            continue;
        }
        int brk;
        if (abbr) {
            if (t->lex & (NP_LEX_ABBR_TITLE | NP_LEX_ABBR_NUM))
                brk = 0;
            else if ((t->flags & NP_TF_ALLCAP) && t->end - t->start == 2)
                brk = 0; /* an initial: J. Smith */
            else
                brk = can_start(doc, next) && (next->lex & NP_LEX_STARTER) && (next->flags & NP_TF_CAP);
        } else {
            brk = can_start(doc, next);
        }
        if (brk) {
            push_sentence(doc, begin, j, classify(doc, begin, j, 0));
            begin = j;
            i = j - 1;
        }
    }
    if (begin < n) {
        const np_token *last = &doc->toks[n - 1];
        push_sentence(doc, begin, n, classify(doc, begin, n, !is_terminal(doc, last) && !is_closing(doc, last)));
    }
}

void np_detect_wrapping(np_doc *doc)
{
    /* Wrapped text: many lines of similar width, most not ending a sentence,
     * followed by a non-empty line. */
    size_t lines = 0, wrapped = 0, start = 0;
    for (size_t i = 0; i <= doc->len; i++) {
        const char *nl = i < doc->len ? memchr(doc->text + i, '\n', doc->len - i) : NULL;
        i = nl ? (size_t)(nl - doc->text) : doc->len;
        size_t len = i - start;
        size_t e = i;
        while (e > start && (doc->text[e - 1] == ' ' || doc->text[e - 1] == '\r'))
            e--;
        if (e > start) {
            lines++;
            char last = doc->text[e - 1];
            int next_nonempty = i + 1 < doc->len && doc->text[i + 1] != '\n' && doc->text[i + 1] != '\r';
            if (len >= 40 && len <= 100 && next_nonempty && last != '.' && last != '!' && last != '?' &&
                last != ':')
                wrapped++;
        }
        start = i + 1;
        if (lines >= 2000)
            break;
    }
    doc->hard_wrapped = wrapped >= 3 && wrapped * 10 >= lines * 3;
}
