/*
 * fuzz_modelfile.c: libFuzzer harness for compiled models (modelfile.h) on
 * arbitrary bytes. Each input is sealed first (np_modelfile_seal: the magic,
 * version, layout tag, size and both checksums made right), so that the
 * fuzzer gets past the checksum to the checks of the tables; a file that
 * maps then runs two short documents through every stage, the graph and its
 * JSON, with each table copied out of the file into an allocation of its
 * own (NP_MF_COPY_TABLES), so that AddressSanitizer sees a read past the
 * end of any table, as it would not inside one mapping: the tables'
 * contents are not checked when a model is mapped, only where they are
 * used. The seed (tests/fuzz/modelfile/) is a model compiled from
 * tests/data/tiny, whose source list names files elsewhere: it is not
 * compared (NP_MF_ANY_SOURCES).
 */
#include "fuzz_common.h"
#include "modelfile.h"
#include "run_stage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const texts[] = {
    "Prime Minister Mira Tolvanger met Arvid Kellmark in Berlin on Monday, the ministry said. "
    "The UN said Kellmark's \"Talks\" Xxxx went with again Kenji Amabuchi, as well as the two leaders. "
    "Amabuchi visited the city of Berlin last week and will meet President Ivan Smith next March.",
    "Talks between German and Norwegian officials in Tokyo-Berlin talks did not happen today; "
    "Mr. Amabuchi joined them. M. Tolvanger, the former PM, and Nippon's UN envoy sat down with her.",
};

/* Runs the pipeline over text under m to stage (with its JSON lines) or to
 * the graph. */
static void run(const np_model *m, const char *text, int stage, FILE *sink)
{
    np_test_run_stage(m, text, "2024-05-06", stage, sink);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *sink;
    if (!sink && !(sink = fopen("/dev/null", "w")))
        abort();
    uint8_t *copy = np_xmalloc(size ? size : 1);
    memcpy(copy, data, size);
    np_modelfile_seal(copy, size);
    const char *path = fuzz_file(copy, size, ".model");
    free(copy);
    np_model_opts o = {.datadir = fuzz_datadir()};
    int state;
    np_error err;
    np_model *m = np_modelfile_map_flags(&o, path, NP_MF_ANY_SOURCES | NP_MF_COPY_TABLES, &state, &err);
    unlink(path); /* the mapping stays */
    if (m) {
        for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
            run(m, texts[t], NP_STAGE_GRAPH, sink);
            run(m, texts[t], NP_STAGE_RELATIONS, sink);
        }
        run(m, texts[0], NP_STAGE_ENTITIES, sink);
        np_model_free(m);
    }
    return 0;
}
