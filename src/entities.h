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

/* An index of people by the key of their family or given name. */
typedef struct np_name_index {
    struct np_name_slot *slots;
    size_t n, cap;          /* cap: power of two */
} np_name_index;

/* The entity stage's working state for a document: name indexes. */
typedef struct np_doc_ext {
    np_name_index families, givens;
    struct np_rel_state *rel; /* relations.c */
} np_doc_ext;

/* Runs the entity stage on the current segment; with stage output
 * requested (w != NULL), writes one JSON line per mention. */
void np_entities_run(const np_model *m, np_doc *doc, np_jw *w);

/* The document's entity state (created on first use). */
np_doc_ext *np_doc_ext_get(np_doc *doc);
void np_doc_ext_free(np_doc_ext *ext);

#endif
