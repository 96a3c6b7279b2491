/*
 * emit_json.h: the default output, the contract JSON of a graph
 * (doc/graph-contract.md), streamed from the graph through the JSON writer.
 * The other formats (formats.h) are written from this JSON.
 */
#ifndef NP_EMIT_JSON_H
#define NP_EMIT_JSON_H

#include "graph.h"
#include "jsonw.h"

/* Writes g as the contract's node-link JSON through w: one value, without
 * a newline after it (the caller ends the line or the enclosing value). */
void np_emit_json(const np_graph *g, np_jw *w);

#endif
