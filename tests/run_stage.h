/*
 * run_stage.h: one short text through the pipeline under a model, for the
 * tests that run documents under damaged or fuzzed compiled models
 * (check_modelfile.c, fuzz_modelfile.c): to one stage with its JSON lines,
 * or to the graph and its JSON, all written to sink and thrown away. What
 * they check is that nothing reads past a table on the way.
 */
#ifndef NP_TEST_RUN_STAGE_H
#define NP_TEST_RUN_STAGE_H

#include "doc.h"
#include "gjson.h"
#include "graph.h"
#include "jsonw.h"
#include "pipeline.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Runs text (dated date, "YYYY-MM-DD") under m to stage, or to the graph
 * and its JSON when stage is NP_STAGE_GRAPH. */
static inline void np_test_run_stage(const np_model *m, const char *text, const char *date, int stage, FILE *sink)
{
    size_t len = strlen(text);
    np_doc *doc = np_doc_new(np_xstrndup(text, len), len, "t");
    snprintf(doc->date, sizeof doc->date, "%s", date);
    np_jw w;
    np_jw_init(&w, sink, 0);
    np_pipeline_run(m, doc, (np_stage)stage, stage == NP_STAGE_GRAPH ? NULL : &w);
    if (stage == NP_STAGE_GRAPH) {
        np_graph *g = np_graph_new();
        np_graph_add_doc(g, m, doc);
        json_t *j = np_gjson_from_graph(g);
        free(j ? json_dumps(j, JSON_SORT_KEYS) : NULL);
        json_decref(j);
        np_graph_free(g);
    }
    np_jw_finish(&w);
    np_doc_free(doc);
}

#endif
