/*
 * check_modelfile.c: unit tests of the compiled model (modelfile.h): a
 * mapped model holds the same tables and gives the same graph as the YAML
 * it was built from; damaged, truncated and foreign files are refused;
 * changed sources make a file stale; loading through a bad file rebuilds it.
 */
#include "dates.h"
#include "gazetteer.h"
#include "gjson.h"
#include "graph.h"
#include "modelfile.h"
#include "pipeline.h"
#include "rules.h"
#include "testutil.h"
#include "titles.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/np-check-modelfile.XXXXXX";
static char modelpath[4200], extra_gz[4200];
static const char *extras[1];
static np_model_opts opts;
static np_model *yaml_model;

static void setup(void)
{
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    snprintf(extra_gz, sizeof extra_gz, "%s/tests/data/gazetteer", test_datadir());
    extras[0] = extra_gz;
    opts = (np_model_opts){.datadir = test_datadir(), .extra_gazetteers = extras, .nextra_gazetteers = 1};
    np_error err;
    yaml_model = np_model_load(&opts, &err);
    if (!yaml_model) {
        fprintf(stderr, "model: %s\n", err.msg);
        abort();
    }
    snprintf(modelpath, sizeof modelpath, "%s/model", tmpdir);
    if (np_modelfile_write(yaml_model, &opts, modelpath, &err) < 0) {
        fprintf(stderr, "write: %s\n", err.msg);
        abort();
    }
}

static void teardown(void)
{
    np_model_free(yaml_model);
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    np_buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        np_buf_add(&b, chunk, n);
    fclose(f);
    *len = b.len;
    return np_buf_steal(&b);
}

static void write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert(len == 0 || fwrite(data, len, 1, f) == 1);
    ck_assert_int_eq(fclose(f), 0);
}

static np_model *map_model(const char *path, int *state, np_error *err)
{
    return np_modelfile_map(&opts, path, state, err);
}

/* The table items[0, n) of x and of y: the same length, the same bytes. */
#define SAME_TABLE(x, y, items, n)                                                                                     \
    do {                                                                                                               \
        ck_assert_uint_eq((x)->n, (y)->n);                                                                             \
        ck_assert((y)->n == 0 || memcmp((x)->items, (y)->items, (y)->n * sizeof *(y)->items) == 0);                    \
    } while (0)

static void same_trie(const np_trie *a, const np_trie *b)
{
    SAME_TABLE(a, b, nodes, nnodes);
    SAME_TABLE(a, b, edges, edges_cap);
    SAME_TABLE(a, b, payload, npayload);
    SAME_TABLE(a, b, starts, nstarts);
}

START_TEST(test_same_tables)
{
    int state;
    np_error err;
    np_model *m = map_model(modelpath, &state, &err);
    ck_assert_msg(m != NULL, "%s", err.msg);
    ck_assert_int_eq(state, NP_MF_OK);
    ck_assert_str_eq(m->origin, "mapped");
    const np_model *y = yaml_model;
    SAME_TABLE(&m->pool.buf, &y->pool.buf, data, len);
    SAME_TABLE(&m->vocab, &y->vocab, ents, n);
    SAME_TABLE(&m->vocab, &y->vocab, slots, nslots);
    same_trie(&m->phrases, &y->phrases);
    SAME_TABLE(m->titles, y->titles, items, n);
    same_trie(&m->titles->phrases, &y->titles->phrases);
    same_trie(&m->dates->relative, &y->dates->relative);
    SAME_TABLE(m->gaz, y->gaz, entries, n);
    SAME_TABLE(m->gaz, y->gaz, cands, ncands);
    SAME_TABLE(m->gaz, y->gaz, roles, nroles);
    same_trie(&m->gaz->names, &y->gaz->names);
    SAME_TABLE(m->rules, y->rules, rules, n);
    SAME_TABLE(m->rules, y->rules, nodes, nnodes);
    SAME_TABLE(m->rules, y->rules, triggers, ntriggers);
    ck_assert_uint_eq(m->rules->nlists, y->rules->nlists);
    for (size_t i = 0; i < y->rules->nlists; i++) {
        ck_assert_uint_eq(m->rules->lists[i].name, y->rules->lists[i].name);
        same_trie(&m->rules->lists[i].phrases, &y->rules->lists[i].phrases);
    }
    /* a lookup through the mapped tables */
    long jp = np_gazetteer_find(m, "place:jp");
    ck_assert_int_ge(jp, 0);
    ck_assert_str_eq(np_gz_str(m, m->gaz->entries[jp].name), "Japan");
    np_model_free(m);
}
END_TEST

/* The graph of text under model m, as JSON (caller frees). */
static char *graph_of(const np_model *m, const char *text)
{
    size_t len = strlen(text);
    np_doc *doc = np_doc_new(np_xstrndup(text, len), len, "t");
    memcpy(doc->date, "2024-05-02", 11);
    np_pipeline_run(m, doc, NP_STAGE_GRAPH, NULL);
    np_graph *g = np_graph_new();
    np_graph_add_doc(g, m, doc);
    json_t *j = np_gjson_from_graph(g);
    char *s = json_dumps(j, JSON_SORT_KEYS);
    json_decref(j);
    np_graph_free(g);
    np_doc_free(doc);
    return s;
}

START_TEST(test_same_graph)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/tests/golden/summit.txt", test_datadir());
    size_t len;
    char *text = read_file(path, &len);
    int state;
    np_error err;
    np_model *m = map_model(modelpath, &state, &err);
    ck_assert_msg(m != NULL, "%s", err.msg);
    char *a = graph_of(yaml_model, text), *b = graph_of(m, text);
    ck_assert_ptr_nonnull(strstr(a, "\"met\""));
    ck_assert_str_eq(a, b);
    free(a);
    free(b);
    free(text);
    np_model_free(m);
}
END_TEST

/* Every damaged copy is refused: bytes flipped all over the file (header,
 * source list, tables, padding) and every kind of truncation. */
START_TEST(test_damage_refused)
{
    size_t len;
    char *good = read_file(modelpath, &len);
    char bad[4300];
    snprintf(bad, sizeof bad, "%s/damaged", tmpdir);
    unsigned seed = 12345;
    for (int k = 0; k < 232; k++) {
        /* the header, the source list after it, then anywhere */
        size_t at = k < 64 ? (size_t)k
                    : k < 96 ? 80 + (size_t)(k - 64) * 131
                             : (seed = seed * 1103515245u + 12345u, (size_t)seed % len);
        good[at] ^= (char)(1 + k % 255);
        write_file(bad, good, len);
        good[at] ^= (char)(1 + k % 255);
        int state;
        np_error err;
        np_model *m = map_model(bad, &state, &err);
        ck_assert_msg(m == NULL, "a flip at byte %zu of %zu went unnoticed", at, len);
        ck_assert_msg(state == NP_MF_CORRUPT, "flip at %zu: state %d (%s)", at, state, err.msg);
    }
    static const size_t cuts[] = {0, 1, 8, 63, 64, 65, 100, 4096};
    for (size_t k = 0; k < sizeof cuts / sizeof *cuts + 3; k++) {
        size_t n = k < sizeof cuts / sizeof *cuts ? cuts[k] : len - len / (k + 2) - (k == 10);
        write_file(bad, good, n);
        int state;
        np_error err;
        np_model *m = map_model(bad, &state, &err);
        ck_assert_msg(m == NULL, "cut to %zu bytes of %zu went unnoticed", n, len);
        ck_assert_int_eq(state, NP_MF_CORRUPT);
        if (n >= 64)
            ck_assert_msg(strstr(err.msg, "truncated") != NULL, "cut to %zu: %s", n, err.msg);
    }
    write_file(bad, good, len - 1);
    int state;
    np_error err;
    ck_assert_ptr_null(map_model(bad, &state, &err));
    ck_assert_ptr_nonnull(strstr(err.msg, ": truncated"));
    free(good);
}
END_TEST

START_TEST(test_foreign_and_missing)
{
    char path[4300];
    snprintf(path, sizeof path, "%s/notes.txt", tmpdir);
    const char *text = "entries:\n  - {id: place:x, name: X, type: place}\n and more text to pass 64 bytes of header\n";
    write_file(path, text, strlen(text));
    int state;
    np_error err;
    ck_assert_ptr_null(map_model(path, &state, &err));
    ck_assert_int_eq(state, NP_MF_CORRUPT);
    ck_assert_ptr_nonnull(strstr(err.msg, "not a compiled nerpipe model"));
    snprintf(path, sizeof path, "%s/no-such-model", tmpdir);
    ck_assert_ptr_null(map_model(path, &state, &err));
    ck_assert_int_eq(state, NP_MF_UNREADABLE);
    ck_assert_ptr_null(map_model(tmpdir, &state, &err));
    ck_assert_int_eq(state, NP_MF_UNREADABLE);
}
END_TEST

/* A source added, edited or removed makes the file stale. */
START_TEST(test_stale_sources)
{
    char gzdir[4300], gzfile[4400], path[4300];
    snprintf(gzdir, sizeof gzdir, "%s/extra", tmpdir);
    ck_assert_int_eq(mkdir(gzdir, 0700), 0);
    snprintf(gzfile, sizeof gzfile, "%s/towns.yaml", gzdir);
    const char *v1 = "entries:\n  - {id: place:bregmoor, name: Bregmoor, type: place}\n";
    write_file(gzfile, v1, strlen(v1));
    const char *two[] = {extra_gz, gzdir};
    np_model_opts o2 = opts;
    o2.extra_gazetteers = two;
    o2.nextra_gazetteers = 2;
    snprintf(path, sizeof path, "%s/model2", tmpdir);

    int state;
    np_error err;
    /* built without the new directory: stale once it is asked for */
    ck_assert_ptr_null(np_modelfile_map(&o2, modelpath, &state, &err));
    ck_assert_int_eq(state, NP_MF_STALE);
    ck_assert_ptr_nonnull(strstr(err.msg, "its sources changed"));

    /* loading rebuilds it; then it maps, and knows the new place */
    np_model *m = np_modelfile_load(&o2, path, &err);
    ck_assert_msg(m != NULL, "%s", err.msg);
    ck_assert_str_eq(m->origin, "rebuilt");
    np_model_free(m);
    m = np_modelfile_load(&o2, path, &err);
    ck_assert_msg(m != NULL, "%s", err.msg);
    ck_assert_str_eq(m->origin, "mapped");
    ck_assert_int_ge(np_gazetteer_find(m, "place:bregmoor"), 0);
    np_model_free(m);

    /* an edit (a later modification time, another size) */
    const char *v2 = "entries:\n  - {id: place:bregmoor, name: Bregmoor, type: place}\n"
                     "  - {id: place:tollund-vale, name: Tollund Vale, type: place}\n";
    write_file(gzfile, v2, strlen(v2));
    ck_assert_ptr_null(np_modelfile_map(&o2, path, &state, &err));
    ck_assert_int_eq(state, NP_MF_STALE);
    m = np_modelfile_load(&o2, path, &err);
    ck_assert_msg(m != NULL, "%s", err.msg);
    ck_assert_int_ge(np_gazetteer_find(m, "place:tollund-vale"), 0);
    np_model_free(m);

    /* a removal */
    ck_assert_int_eq(unlink(gzfile), 0);
    ck_assert_ptr_null(np_modelfile_map(&o2, path, &state, &err));
    ck_assert_int_eq(state, NP_MF_STALE);
}
END_TEST

/* Loading through a damaged file warns, rebuilds it and goes on. */
static char warned[1024];
static void keep_warning(const char *msg, void *ctx)
{
    (void)ctx;
    snprintf(warned, sizeof warned, "%s", msg);
}

START_TEST(test_load_repairs)
{
    size_t len;
    char *data = read_file(modelpath, &len);
    data[len / 2] ^= 0x40;
    char path[4300];
    snprintf(path, sizeof path, "%s/repair", tmpdir);
    write_file(path, data, len);
    free(data);
    np_set_warn_handler(keep_warning, NULL);
    warned[0] = 0;
    np_error err;
    np_model *m = np_modelfile_load(&opts, path, &err);
    np_set_warn_handler(NULL, NULL);
    ck_assert_msg(m != NULL, "%s", err.msg);
    ck_assert_str_eq(m->origin, "rebuilt");
    ck_assert_msg(strstr(warned, "corrupt (checksum mismatch); rebuilding it from the sources") != NULL, "%s",
                  warned);
    np_model_free(m);
    int state;
    m = map_model(path, &state, &err);
    ck_assert_msg(m != NULL, "%s", err.msg);
    np_model_free(m);
}
END_TEST

/* A file that cannot be written is a warning: the run goes on. */
START_TEST(test_unwritable)
{
    char path[4300];
    snprintf(path, sizeof path, "%s/no/such/dir/model", tmpdir);
    np_set_warn_handler(keep_warning, NULL);
    warned[0] = 0;
    np_error err;
    np_model *m = np_modelfile_load(&opts, path, &err);
    np_set_warn_handler(NULL, NULL);
    ck_assert_msg(m != NULL, "%s", err.msg);
    ck_assert_str_eq(m->origin, "yaml");
    ck_assert_msg(strstr(warned, "cannot write the compiled model") != NULL, "%s", warned);
    np_model_free(m);
    ck_assert_int_eq(np_modelfile_write(yaml_model, &opts, path, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "No such file or directory"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("modelfile");
    TCase *tc = tcase_create("modelfile");
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_same_tables);
    tcase_add_test(tc, test_same_graph);
    tcase_add_test(tc, test_damage_refused);
    tcase_add_test(tc, test_foreign_and_missing);
    tcase_add_test(tc, test_stale_sources);
    tcase_add_test(tc, test_load_repairs);
    tcase_add_test(tc, test_unwritable);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
