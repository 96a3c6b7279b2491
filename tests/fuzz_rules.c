/*
 * fuzz_rules.c: libFuzzer harness for the rule loader and the pattern
 * compiler on arbitrary YAML, then matching the compiled rules.
 */
#include "fuzz_common.h"
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static np_model *model;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    model = fuzz_model_fresh(model, 0);
    const char *path = fuzz_file(data, size, ".yaml");
    np_error err;
    np_ruleset *rs = np_xcalloc(1, sizeof *rs);
    if (np_rules_load_file(&model->lex, rs, path, &err) == 0)
        np_rules_index(rs);
    np_rules_free(rs);
    unlink(path);
    return 0;
}
