/*
 * entities.h: stage 4, the people, places and organizations of a
 * document.
 *
 * Appends the document's entities (one per node of the graph) and their
 * mentions to doc->ents and doc->ments (doc.h). Per segment it (1)
 * matches gazetteer names (matcher.c), (2) finds names no gazetteer knows
 * from cues (names.c: titles, given names, organization and place
 * patterns), then (3) resolves: picks one entry for
 * an ambiguous name by type cues, the rest of the document and priors;
 * links family names, given names, "Mr X" and acronyms to the entity the
 * document introduced; and records why, for --stage=entities.
 */
#ifndef NP_ENTITIES_H
#define NP_ENTITIES_H

#include "doc.h"
#include "jsonw.h"
#include "model.h"

/* The entity stage's working state for one document (name indexes):
 * np_pipeline_run makes it, passes it to every segment and frees it. */
typedef struct np_entities_ctx np_entities_ctx;
np_entities_ctx *np_entities_begin(void);
void np_entities_end(np_entities_ctx *ctx);

/* Runs the entity stage on the current segment; with trace != NULL
 * (--stage=entities), writes one JSON line per mention. */
void np_entities_run(const np_model *m, np_doc *doc, np_entities_ctx *ctx, np_jw *trace);

#endif
