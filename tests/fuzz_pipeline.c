/*
 * fuzz_pipeline.c: libFuzzer harness for the whole pipeline on arbitrary
 * bytes: UTF-8 repair, every stage, the graph and every output format.
 */
#include "formats.h"
#include "fuzz/fuzz_common.h"
#include "gjson.h"
#include "graph.h"
#include "input.h"
#include "pipeline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static np_model *model;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!model)
        model = fuzz_model(1);
    size_t len = size;
    char *text = np_xmalloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    np_repair rep;
    text = np_utf8_repair(text, &len, &rep);
    np_doc *doc = np_doc_new(text, len, "fuzz");
    if (size && data[0] & 1)
        memcpy(doc->date, "2020-02-29", 11);
    np_pipeline_run(model, doc, NP_STAGE_GRAPH, NULL);
    np_graph *g = np_graph_new();
    np_graph_add_doc(g, model, doc);
    json_t *j = np_gjson_from_graph(g);
    FILE *out = fopen("/dev/null", "w");
    for (int f = NP_GF_JSON; f <= NP_GF_JGF && j; f++)
        np_write_graph(j, f, 0, out);
    fclose(out);
    json_decref(j);
    np_graph_free(g);
    np_doc_free(doc);
    return 0;
}
