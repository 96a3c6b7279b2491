/*
 * fuzz_gazetteer.c: libFuzzer harness for the gazetteer loader on arbitrary
 * YAML (a model without the shipped gazetteers, so each input loads alone).
 */
#include "fuzz_common.h"
#include "gazetteer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static np_model *model;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    model = fuzz_model_fresh(model, 0);
    const char *path = fuzz_file(data, size, ".yaml");
    np_error err;
    const char *extra[] = {path};
    np_gazetteer *g = np_gazetteer_load(&model->lex, model->datadir, extra, 1, &err);
    np_gazetteer_free(g);
    unlink(path);
    return 0;
}
