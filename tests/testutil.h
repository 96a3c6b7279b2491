/*
 * testutil.h: helpers shared by the Check unit tests: loading the model
 * from the source tree and running the first stages on a string.
 */
#ifndef NP_TESTUTIL_H
#define NP_TESTUTIL_H

#include "doc.h"
#include "input.h"
#include "model.h"
#include "sentences.h"
#include "tokenizer.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* The source tree's data directory (set by make check). */
static inline const char *test_datadir(void)
{
    const char *d = getenv("NP_SRCDIR");
    return d && *d ? d : ".";
}

/* A document over a copy of s, tokenized (and split when split != 0). */
static inline np_doc *test_doc(const np_model *m, const char *s, int split)
{
    size_t len = strlen(s);
    char *text = np_xstrndup(s, len);
    np_repair rep;
    text = np_utf8_repair(text, &len, &rep);
    np_doc *doc = np_doc_new(text, len, "test");
    doc->seg_begin = 0;
    doc->seg_end = len;
    np_detect_wrapping(doc);
    np_tokenize(&m->lex, doc);
    if (split)
        np_split_sentences(doc);
    return doc;
}

/* Token texts joined by " | " (caller frees). */
static inline char *test_tokens(const np_doc *doc)
{
    np_buf b = {0};
    for (size_t i = 0; i < doc->ntoks; i++) {
        if (i)
            np_buf_adds(&b, " | ");
        np_buf_add(&b, doc->text + doc->toks[i].start, doc->toks[i].end - doc->toks[i].start);
    }
    return np_buf_steal(&b);
}

/* Sentence texts joined by " || " (caller frees). */
static inline char *test_sentences(const np_doc *doc)
{
    np_buf b = {0};
    for (size_t i = 0; i < doc->nsents; i++) {
        const np_sentence *s = &doc->sents[i];
        if (i)
            np_buf_adds(&b, " || ");
        size_t a = doc->toks[s->begin].start, e = doc->toks[s->end - 1].end;
        np_buf_add(&b, doc->text + a, e - a);
    }
    return np_buf_steal(&b);
}

#endif
