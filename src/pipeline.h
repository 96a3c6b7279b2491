/*
 * pipeline.h: runs the stages over one document, segment by segment:
 * tokenize → sentences → entities → relations. Entities and relations
 * accumulate in the document; the graph stage (graph.h) reads them.
 * With a debugging stage selected, that stage's findings are written as
 * JSON lines while the document is processed.
 */
#ifndef NP_PIPELINE_H
#define NP_PIPELINE_H

#include "doc.h"
#include "jsonw.h"
#include "model.h"

typedef enum np_stage {
    NP_STAGE_GRAPH = 0,
    NP_STAGE_TOKENS,
    NP_STAGE_SENTENCES,
    NP_STAGE_ENTITIES,
    NP_STAGE_RELATIONS
} np_stage;

/* Parses "tokens", "sentences", ...; returns -1 for an unknown name. */
int np_stage_parse(const char *name);

/* Processes doc. When stage is not NP_STAGE_GRAPH, writes that stage's
 * JSON lines to w (which may then be NULL for NP_STAGE_GRAPH). */
void np_pipeline_run(const np_model *m, np_doc *doc, np_stage stage, np_jw *w);
/* np_pipeline_run(m, docs[i], NP_STAGE_GRAPH, NULL) for each document, with
 * the same results, run stage by stage across the documents (JSON lines:
 * many short ones) so that each stage's tables stay in the caches. */
void np_pipeline_run_many(const np_model *m, np_doc *const *docs, size_t n);

/* The end of the segment that starts at byte begin (exposed for tests). */
size_t np_segment_end(const np_doc *doc, size_t begin, size_t max);

#endif
