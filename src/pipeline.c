/*
 * pipeline.c: the stage driver (see pipeline.h) and the JSON-lines output
 * of the tokens and sentences stages.
 */
#include "pipeline.h"

#include "dates.h"
#include "entities.h"
#include "input.h"
#include "relations.h"
#include "sentences.h"
#include "tokenizer.h"

#include <string.h>

int np_stage_parse(const char *name)
{
    static const char *const names[] = {"graph", "tokens", "sentences", "entities", "relations"};
    return NP_STR_INDEX(name, names);
}

/* Prefers a paragraph break, then a line break, then a sentence end, then
 * any space, in the second half of the window; never splits a character. */
size_t np_segment_end(const np_doc *doc, size_t begin, size_t max)
{
    if (doc->len - begin <= max)
        return doc->len;
    size_t limit = begin + max, half = begin + max / 2;
    const char *t = doc->text;
    for (size_t i = limit; i > half; i--)
        if (t[i - 1] == '\n' && i >= 2 && t[i - 2] == '\n')
            return i;
    for (size_t i = limit; i > half; i--)
        if (t[i - 1] == '\n')
            return i;
    for (size_t i = limit; i > half; i--)
        if (t[i - 1] == ' ' && i >= 2 && (t[i - 2] == '.' || t[i - 2] == '!' || t[i - 2] == '?'))
            return i;
    for (size_t i = limit; i > half; i--)
        if (t[i - 1] == ' ' || t[i - 1] == '\t')
            return i;
    size_t i = limit;
    while (i > begin + 1 && ((unsigned char)t[i] & 0xC0) == 0x80)
        i--;
    return i;
}

static void write_tokens(const np_doc *doc, np_jw *w)
{
    static const struct {
        uint16_t flag;
        const char *name;
    } flagnames[] = {{NP_TF_CAP, "cap"},       {NP_TF_ALLCAP, "allcap"}, {NP_TF_HYPHEN, "hyphen"},
                     {NP_TF_PERIOD, "period"}, {NP_TF_POSS, "possessive"}, {NP_TF_NL, "line_start"},
                     {NP_TF_PARA, "paragraph_start"}, {NP_TF_QUOTE, "quote"}, {NP_TF_CJK, "cjk"}};
    for (size_t i = 0; i < doc->ntoks; i++) {
        const np_token *t = &doc->toks[i];
        char shape[64];
        np_tok_shape(doc, t, shape, sizeof shape);
        np_jw_obj(w);
        np_jw_key(w, "document");
        np_jw_strz(w, doc->name);
        np_jw_key(w, "text");
        np_jw_str(w, doc->text + t->start, t->end - t->start);
        np_jw_key(w, "start");
        np_jw_int(w, t->cstart);
        np_jw_key(w, "end");
        np_jw_int(w, t->cend);
        np_jw_key(w, "kind");
        np_jw_strz(w, np_tok_kind_name(t->kind));
        np_jw_key(w, "shape");
        np_jw_strz(w, shape);
        np_jw_key(w, "key");
        np_jw_str(w, np_tok_key(doc, t), t->key_len);
        np_jw_key(w, "flags");
        np_jw_arr(w);
        for (size_t f = 0; f < sizeof flagnames / sizeof *flagnames; f++)
            if (t->flags & flagnames[f].flag)
                np_jw_strz(w, flagnames[f].name);
        np_jw_arr_end(w);
        np_jw_obj_end(w);
        np_jw_endline(w);
    }
}

static void write_sentences(const np_doc *doc, np_jw *w)
{
    for (size_t i = 0; i < doc->nsents; i++) {
        const np_sentence *s = &doc->sents[i];
        const np_token *a = &doc->toks[s->begin], *b = &doc->toks[s->end - 1];
        np_jw_obj(w);
        np_jw_key(w, "document");
        np_jw_strz(w, doc->name);
        np_jw_key(w, "sentence");
        np_jw_int(w, s->index);
        np_jw_key(w, "start");
        np_jw_int(w, a->cstart);
        np_jw_key(w, "end");
        np_jw_int(w, b->cend);
        np_jw_key(w, "tokens");
        np_jw_int(w, s->end - s->begin);
        np_jw_key(w, "kind");
        np_jw_strz(w, s->flags & NP_SF_DATELINE ? "dateline" : s->flags & NP_SF_HEADLINE ? "headline" : "text");
        np_jw_key(w, "text");
        np_jw_str(w, doc->text + a->start, b->end - a->start);
        np_jw_obj_end(w);
        np_jw_endline(w);
    }
}


/* The stages over the current segment, each timed into doc->seconds. */
static void run_tokens(const np_model *m, np_doc *doc)
{
    double t0 = np_now();
    np_tokenize(&m->lex, doc);
    doc->seconds[0] += np_now() - t0;
}

static void run_sentences(np_doc *doc)
{
    double t0 = np_now();
    np_split_sentences(doc);
    doc->seconds[1] += np_now() - t0;
}

static void run_entities(const np_model *m, np_doc *doc, np_entities_ctx *ents, np_jw *w)
{
    double t0 = np_now();
    /* without --date, a dateline or "Published on ..." in the first lines
     * gives the document's date */
    if (doc->seg_begin == 0 && !doc->date[0])
        np_detect_doc_date(m->dates, &m->lex, doc);
    np_entities_run(m, doc, ents, w);
    doc->seconds[2] += np_now() - t0;
}

static void run_relations(const np_model *m, np_doc *doc, np_relations_ctx *rels, np_jw *w)
{
    double t0 = np_now();
    np_relations_run(m, doc, rels, w);
    doc->seconds[3] += np_now() - t0;
}

static void set_segment(np_doc *doc, size_t begin, size_t end, uint32_t cbegin)
{
    doc->seg_begin = begin;
    doc->seg_end = end;
    doc->seg_cbegin = cbegin;
}

void np_pipeline_run_many(const np_model *m, np_doc *const *docs, size_t n)
{
    /* stage by stage over the documents of one segment (a longer one
     * alone), so that each stage's tables stay in the caches */
    np_entities_ctx **ents = np_xcalloc(n ? n : 1, sizeof *ents);
    np_relations_ctx **rels = np_xcalloc(n ? n : 1, sizeof *rels);
    for (size_t i = 0; i < n; i++) {
        np_doc *doc = docs[i];
        if (np_segment_end(doc, 0, NP_SEGMENT_BYTES) < doc->len) {
            np_pipeline_run(m, doc, NP_STAGE_GRAPH, NULL);
            continue;
        }
        np_detect_wrapping(doc);
        doc->sent_base = 0;
        set_segment(doc, 0, doc->len, 0);
        ents[i] = np_entities_begin();
        rels[i] = np_relations_begin();
        run_tokens(m, doc);
    }
    for (size_t i = 0; i < n; i++)
        if (ents[i])
            run_sentences(docs[i]);
    for (size_t i = 0; i < n; i++)
        if (ents[i])
            run_entities(m, docs[i], ents[i], NULL);
    for (size_t i = 0; i < n; i++)
        if (ents[i]) {
            np_doc *doc = docs[i];
            run_relations(m, doc, rels[i], NULL);
            doc->sent_base += (uint32_t)doc->nsents;
            np_relations_finish(m, doc, rels[i]);
            np_relations_end(rels[i]);
            np_entities_end(ents[i]);
            np_doc_clear_segment(doc);
        }
    free(ents);
    free(rels);
}

void np_pipeline_run(const np_model *m, np_doc *doc, np_stage stage, np_jw *w)
{
    np_detect_wrapping(doc);
    size_t begin = 0;
    uint32_t cbegin = 0;
    doc->sent_base = 0;
    /* the stages' working state lives as long as this call; what they
     * find stays in doc */
    np_entities_ctx *ents = np_entities_begin();
    np_relations_ctx *rels = np_relations_begin();
    while (begin < doc->len) {
        size_t end = np_segment_end(doc, begin, NP_SEGMENT_BYTES);
        set_segment(doc, begin, end, cbegin);
        run_tokens(m, doc);
        if (stage == NP_STAGE_TOKENS) {
            write_tokens(doc, w);
        } else {
            run_sentences(doc);
            if (stage == NP_STAGE_SENTENCES)
                write_sentences(doc, w);
            else {
                run_entities(m, doc, ents, stage == NP_STAGE_ENTITIES ? w : NULL);
                if (stage != NP_STAGE_ENTITIES)
                    run_relations(m, doc, rels, stage == NP_STAGE_RELATIONS ? w : NULL);
            }
        }
        doc->sent_base += (uint32_t)doc->nsents;
        cbegin += (uint32_t)np_utf8_count(doc->text + begin, end - begin);
        begin = end;
    }
    if (stage != NP_STAGE_TOKENS && stage != NP_STAGE_SENTENCES && stage != NP_STAGE_ENTITIES)
        np_relations_finish(m, doc, rels);
    np_relations_end(rels);
    np_entities_end(ents);
    np_doc_clear_segment(doc);
}
