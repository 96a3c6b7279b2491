/*
 * relations.h: stage 5, relations between the document's entities: who
 * met whom (with place, date and status), who visited where, who holds
 * which role. Rules come from the YAML files under rules/ (rules.h); this stage applies
 * them sentence by sentence, resolves the references they hinge on ("the
 * Russian leader", "he"), attaches place and date, and keeps every link's
 * evidence.
 */
#ifndef NP_RELATIONS_H
#define NP_RELATIONS_H

#include "doc.h"
#include "jsonw.h"
#include "model.h"

typedef struct np_relations_ctx np_relations_ctx;

/* Runs the relation rules over the current segment (after the entity
 * stage), appending to doc->links; with trace != NULL (--stage=relations)
 * writes one JSON line per candidate, kept or dropped, with the reason. */
void np_relations_run(const np_model *m, np_doc *doc, np_relations_ctx *ctx, np_jw *trace);

/* After the last segment: drops meetings the document says were
 * cancelled, makes calls of those it says were held by phone or video,
 * merges what the text says of one meeting in several sentences (a
 * meeting with no date or place of its own joins the same pair's meeting
 * of the story's days), and gives every met, visited and called link its
 * CAMEO code (np_link.cameo). */
void np_relations_finish(const np_model *m, np_doc *doc, const np_relations_ctx *ctx);

/* The relation stage's working state for one document (discourse state,
 * the link-key map, visits): np_pipeline_run makes it, passes it to every
 * segment and frees it. */
np_relations_ctx *np_relations_begin(void);
void np_relations_end(np_relations_ctx *ctx);

#endif
