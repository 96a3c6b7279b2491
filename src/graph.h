/*
 * graph.h: stage 6, the graph of one or many documents: nodes (people,
 * places, organizations) by stable id, links (met, called, visited,
 * holds_role; with their CAMEO codes) by key, and the documents they came
 * from. Graphs of several documents are merged by node id and link key
 * (pair, relation, place, date); a link's code goes with its status.
 */
#ifndef NP_GRAPH_H
#define NP_GRAPH_H

#include "doc.h"
#include "model.h"

typedef struct np_graph np_graph;

np_graph *np_graph_new(void);
void np_graph_free(np_graph *g);
/* Empties g for the next document, keeping its storage (--jsonl builds
 * one graph per record in the same graph). */
void np_graph_clear(np_graph *g);

/* Adds what the pipeline found in doc (after np_pipeline_run). */
void np_graph_add_doc(np_graph *g, const np_model *m, const np_doc *doc);

size_t np_graph_ndocs(const np_graph *g);

#endif
