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

/* Runs the relation rules over the current segment (after the entity
 * stage), appending to doc->links; with w != NULL writes one JSON line per candidate, kept or
 * dropped, with the reason. */
void np_relations_run(const np_model *m, np_doc *doc, np_jw *w);

struct np_rel_state;
void np_relations_state_free(struct np_rel_state *rel);

#endif
