/*
 * fuzz_jsonl.c: libFuzzer harness for the JSON-lines reader (--jsonl) and
 * the merge of arbitrary JSON values.
 */
#include "batch.h"
#include "fuzz/fuzz_common.h"
#include "gjson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static np_model *model;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!model)
        model = fuzz_model(1);
    FILE *in = fmemopen((void *)data, size ? size : 1, "rb");
    FILE *out = fopen("/dev/null", "w");
    int failed = 0;
    if (in && size)
        np_run_jsonl(model, in, "fuzz", NULL, 1, out, &failed);
    if (in)
        fclose(in);
    fclose(out);
    /* the same bytes as graphs to merge */
    json_error_t e;
    json_t *v = json_loadb((const char *)data, size, 0, &e);
    if (v) {
        np_merge *mg = np_merge_new();
        np_error err;
        np_merge_add(mg, v, "fuzz", &err);
        np_merge_add(mg, v, "fuzz", &err);
        json_t *r = np_merge_result(mg);
        json_decref(r);
        np_merge_free(mg);
        json_decref(v);
    }
    return 0;
}
