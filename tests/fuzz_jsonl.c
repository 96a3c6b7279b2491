/*
 * fuzz_jsonl.c: libFuzzer harness for the JSON-lines reader (--jsonl) and
 * the merge. The input is run through --jsonl; its result lines, and the
 * input bytes themselves, are then read as streams of graphs and merged,
 * so the merge sees both the graphs nerpipe writes and arbitrary JSON.
 * Every line the fast record reader (jsonrec.h) takes must be one jansson
 * takes too, with the same text; every line the merge's tape reader
 * (jsontape.h) takes, one jansson takes with the same canonical text, and
 * jansson's text of a line the tape declines must read on the tape: the
 * harness aborts otherwise.
 */
#include "batch.h"
#include "fuzz_common.h"
#include "gjson.h"
#include "jsonrec.h"
#include "jsontape.h"

#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static np_model *model;

static void merge_bytes(np_merge *mg, const char *bytes, size_t n)
{
    FILE *f = fmemopen((void *)bytes, n ? n : 1, "rb");
    if (!f)
        return;
    if (n)
        np_merge_add_stream(mg, f, NULL, NULL);
    fclose(f);
}

/* The tape reader on line s[0..n) agrees with jansson. */
static void check_tape(np_jtape *tp, const char *s, size_t n)
{
    json_t *j = json_loadb(s, n, 0, NULL);
    char *want = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY) : NULL;
    json_decref(j);
    int taken = np_jtape_read(tp, s, n, NULL, NP_JT_MAX_DEPTH);
    if (taken && !want)
        abort();
    if (want && !taken && !np_jtape_read(tp, want, strlen(want), NULL, INT_MAX))
        abort();
    if (want) {
        np_buf c = {0};
        np_jt_canon(tp, 0, &c);
        if (c.len != strlen(want) || memcmp(c.data, want, c.len))
            abort();
        np_buf_free(&c);
    }
    free(want);
}

/* Each line of the input: the fast reader never takes what jansson refuses. */
static void check_fast_reader(const char *s, size_t n)
{
    np_jtape tp = {0};
    while (n > 0) {
        const char *nl = memchr(s, '\n', n);
        size_t len = nl ? (size_t)(nl - s) : n;
        np_jsonrec r;
        if (np_jsonrec_scan(s, len, &r)) {
            json_t *j = json_loadb(s, len, JSON_REJECT_DUPLICATES, NULL);
            if (!json_is_object(j))
                abort();
            json_t *t = json_object_get(j, "text");
            if ((r.text_kind == NP_JSONREC_STRING) != json_is_string(t) ||
                (r.text && (json_string_length(t) != r.text_len || memcmp(json_string_value(t), r.text, r.text_len))))
                abort();
            json_decref(j);
            free(r.text);
        }
        check_tape(&tp, s, len);
        if (!nl)
            break;
        n -= len + 1;
        s = nl + 1;
    }
    np_jtape_free(&tp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_fast_reader((const char *)data, size);
    if (!model)
        model = fuzz_model(1);
    char *results = NULL;
    size_t rlen = 0;
    FILE *in = fmemopen((void *)data, size ? size : 1, "rb");
    FILE *out = open_memstream(&results, &rlen);
    int failed = 0;
    np_jsonl_opts jo = {"fuzz", NULL, 1, 0};
    np_error err;
    if (in && out && size)
        np_run_jsonl(model, in, &jo, out, &failed, &err);
    if (in)
        fclose(in);
    if (out)
        fclose(out);
    np_merge *mg = np_merge_new();
    merge_bytes(mg, results, rlen);
    merge_bytes(mg, (const char *)data, size);
    merge_bytes(mg, results, rlen); /* the same graphs again: copies of documents */
    np_buf what = {0};
    np_merge_conflicts(mg, &what);
    np_buf_free(&what);
    json_t *r = np_merge_result(mg);
    np_merge_free(mg);
    /* a merged graph merges again */
    char *text = json_dumps(r, JSON_COMPACT);
    json_decref(r);
    if (text) {
        np_merge *again = np_merge_new();
        merge_bytes(again, text, strlen(text));
        json_decref(np_merge_result(again));
        np_merge_free(again);
        free(text);
    }
    free(results);
    return 0;
}
