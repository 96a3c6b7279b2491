/*
 * sentences.h: stage 3, splitting the segment's tokens into sentences.
 *
 * A sentence ends at . ! ? or an ellipsis followed by a token that can
 * start a sentence (closing quotes and brackets stay with the sentence
 * they close), at a blank line, and at a line break after a line without
 * final punctuation (headlines, bylines, datelines) unless the text is hard
 * wrapped. Abbreviations (rules/sentences.yaml) end a sentence only before
 * a word that typically starts one; title abbreviations (Mr., Dr.) never
 * do; decimals and initials never do.
 */
#ifndef NP_SENTENCES_H
#define NP_SENTENCES_H

#include "doc.h"
#include "vocab.h"

/* Splits doc->toks into doc->sents. */
void np_split_sentences(np_doc *doc);

/* Decides once per document whether single line breaks are only wrapping
 * (sets doc->hard_wrapped). */
void np_detect_wrapping(np_doc *doc);

#endif
