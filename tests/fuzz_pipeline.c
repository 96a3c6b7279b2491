/*
 * fuzz_pipeline.c: libFuzzer harness for the whole pipeline on arbitrary
 * bytes: UTF-8 repair, every stage, the graph and every output format.
 */
#include "nerpipe.h"

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static np_model *model;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!model)
        model = fuzz_model(1);
    /* the public API, as a program that links the library calls it */
    np_text_opts to = {"fuzz", NULL, size && data[0] & 1 ? "2020-02-29" : NULL, NP_TEXT_QUIET};
    np_graph *g = np_graph_new();
    np_error err;
    if (np_graph_add_text(g, model, (const char *)data, size, &to, &err) < 0)
        abort();
    FILE *out = fopen("/dev/null", "w");
    for (int f = NP_FORMAT_JSON; f <= NP_FORMAT_JGF; f++)
        np_graph_write(g, f, f & 1 ? NP_WRITE_PRETTY : 0, out, &err);
    fclose(out);
    np_graph_free(g);
    return 0;
}
