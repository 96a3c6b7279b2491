/*
 * check_relations.c: unit tests of the relation stage and its rule
 * language. The sentence cases live in tests/data/relations.yaml (one loop
 * test each, run over the shipped data plus the fictional people of
 * tests/data/gazetteer); the rule-loader cases check each error message
 * and its file:line:column.
 */
#include "graph_private.h"
#include "pipeline.h"
#include "rules.h"
#include "testutil.h"
#include "yamltree.h"

#include <stdio.h>
#include <unistd.h>

static np_model *model;
static np_ynode *cases;   /* the list under 'cases' */
static np_ynode *root;

static void load_all(void)
{
    np_error err;
    char gz[4096], path[4096];
    snprintf(gz, sizeof gz, "%s/tests/data/gazetteer", test_datadir());
    const char *extra[] = {gz};
    np_model_opts opts = {.datadir = test_datadir(), .extra_gazetteers = extra, .nextra_gazetteers = 1};
    model = np_model_load(&opts, &err);
    if (!model) {
        fprintf(stderr, "model: %s\n", err.msg);
        abort();
    }
    snprintf(path, sizeof path, "%s/tests/data/relations.yaml", test_datadir());
    root = np_ytree_load(path, &err);
    if (!root) {
        fprintf(stderr, "cases: %s\n", err.msg);
        abort();
    }
    cases = np_ymap_get(root, "cases");
}

static void free_all(void)
{
    np_ynode_free(root);
    np_model_free(model);
}

static const char *scalar_or_null(const np_ynode *n)
{
    return n && n->type == NP_Y_SCALAR && strcmp(n->str, "~") && n->len ? n->str : NULL;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *node_label(const np_graph *g, const char *id)
{
    if (!id)
        return "~";
    for (size_t i = 0; i < g->nnodes; i++)
        if (!strcmp(g->nodes[i].id, id))
            return g->nodes[i].label;
    return id;
}

/* The graph's links of relation rel, one line each, sorted. */
static char **graph_lines(const np_graph *g, const char *rel, int with_from, size_t *n)
{
    char **out = np_xcalloc(g->nlinks + 1, sizeof *out);
    *n = 0;
    for (size_t i = 0; i < g->nlinks; i++) {
        const np_glink *l = &g->links[i];
        if (strcmp(l->relation, rel))
            continue;
        np_buf b = {0};
        const char *a = node_label(g, l->source), *t = node_label(g, l->target);
        if (!strcmp(rel, "met") || !strcmp(rel, "called")) {
            if (strcmp(a, t) > 0) {
                const char *x = a;
                a = t;
                t = x;
            }
            np_buf_printf(&b, "%s | %s | %s | %s | %s", a, t, node_label(g, l->place), l->date ? l->date : "~",
                          l->status ? l->status : "~");
            if (with_from)
                np_buf_printf(&b, " | %s | %s", l->place_from ? l->place_from : "~", l->date_from ? l->date_from : "~");
        } else if (!strcmp(rel, "holds_role")) {
            np_buf_printf(&b, "%s | %s | %s", a, t, l->title ? l->title : "~");
        } else {
            np_buf_printf(&b, "%s | %s | %s", a, t, l->status ? l->status : "~");
        }
        out[(*n)++] = np_buf_steal(&b);
    }
    qsort(out, *n, sizeof *out, cmp_str);
    return out;
}

/* Do a case's met entries say where place and date come from (seven
 * items: ..., status, place_from, date_from)? */
static int wants_from(const np_ynode *list)
{
    return list && list->type == NP_Y_SEQ && list->n && list->items[0]->type == NP_Y_SEQ && list->items[0]->n == 7;
}

/* The expected lines of a case's list (met or visited), sorted. */
static char **want_lines(const np_ynode *list, int met, size_t *n)
{
    int from = met && wants_from(list);
    *n = 0;
    if (!list || list->type != NP_Y_SEQ)
        return np_xcalloc(1, sizeof(char *));
    char **out = np_xcalloc(list->n + 1, sizeof *out);
    for (size_t i = 0; i < list->n; i++) {
        const np_ynode *it = list->items[i];
        ck_assert_msg(it->type == NP_Y_SEQ && it->n == (from ? 7u : met ? 5u : 3u), "bad expectation at line %d",
                      it->line);
        np_buf b = {0};
        const char *a = it->items[0]->str, *t = it->items[1]->str;
        if (met) {
            if (strcmp(a, t) > 0) {
                const char *x = a;
                a = t;
                t = x;
            }
            const char *pl = scalar_or_null(it->items[2]), *dt = scalar_or_null(it->items[3]);
            np_buf_printf(&b, "%s | %s | %s | %s | %s", a, t, pl ? pl : "~", dt ? dt : "~", it->items[4]->str);
            if (from) {
                const char *pf = scalar_or_null(it->items[5]), *df = scalar_or_null(it->items[6]);
                np_buf_printf(&b, " | %s | %s", pf ? pf : "~", df ? df : "~");
            }
        } else {
            np_buf_printf(&b, "%s | %s | %s", a, t, it->items[2]->str);
        }
        out[(*n)++] = np_buf_steal(&b);
    }
    qsort(out, *n, sizeof *out, cmp_str);
    return out;
}

static char *join(char **lines, size_t n)
{
    np_buf b = {0};
    np_buf_adds(&b, "");
    for (size_t i = 0; i < n; i++) {
        np_buf_adds(&b, "\n    ");
        np_buf_adds(&b, lines[i]);
    }
    return np_buf_steal(&b);
}

static void free_lines(char **lines, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}

static void check_list(const np_graph *g, const np_ynode *c, const char *rel, const char *text)
{
    const np_ynode *list = np_ymap_get(c, rel);
    if (!list)
        return;
    size_t ng, nw;
    int pair = !strcmp(rel, "met") || !strcmp(rel, "called");
    char **got = graph_lines(g, rel, pair && wants_from(list), &ng), **want = want_lines(list, pair, &nw);
    int same = ng == nw;
    for (size_t i = 0; same && i < ng; i++)
        same = !strcmp(got[i], want[i]);
    if (!same) {
        char *gs = join(got, ng), *ws = join(want, nw);
        ck_abort_msg("line %d: %s\n  text: %s\n  want:%s\n  got:%s", c->line, rel, text, ws, gs);
    }
    free_lines(got, ng);
    free_lines(want, nw);
}

/* A code read the other way: make a visit and host a visit swap. */
static const char *reverse_cameo(const char *code)
{
    return !strcmp(code, "042") ? "043" : !strcmp(code, "043") ? "042" : code;
}

/* One CAMEO line "x | y | relation | code", a meeting's or a call's ends
 * in the order of their labels (the code read that way). */
static char *cameo_line(const char *x, const char *y, const char *rel, const char *code)
{
    np_buf b = {0};
    if (strcmp(rel, "visited") && strcmp(x, y) > 0)
        np_buf_printf(&b, "%s | %s | %s | %s", y, x, rel, !strcmp(rel, "met") ? reverse_cameo(code) : code);
    else
        np_buf_printf(&b, "%s | %s | %s | %s", x, y, rel, code);
    return np_buf_steal(&b);
}

/* Every met, visited and called link has a CAMEO code; with a case's
 * `cameo: [[x, y, relation, code], ...]` (x visits y for 042), those are
 * all of them. */
static void check_cameo(const np_graph *g, const np_ynode *c, const char *text)
{
    const np_ynode *list = np_ymap_get(c, "cameo");
    char **got = np_xcalloc(g->nlinks + 1, sizeof *got);
    size_t ng = 0, nw = 0;
    for (size_t i = 0; i < g->nlinks; i++) {
        const np_glink *l = &g->links[i];
        if (strcmp(l->relation, "met") && strcmp(l->relation, "visited") && strcmp(l->relation, "called"))
            continue;
        ck_assert_msg(l->cameo && strlen(l->cameo) == 3, "line %d: a %s link without a CAMEO code\n  text: %s",
                      c->line, l->relation, text);
        got[ng++] = cameo_line(node_label(g, l->source), node_label(g, l->target), l->relation, l->cameo);
    }
    if (list) {
        ck_assert_msg(list->type == NP_Y_SEQ, "bad cameo expectation at line %d", list->line);
        char **want = np_xcalloc(list->n + 1, sizeof *want);
        for (size_t i = 0; i < list->n; i++) {
            const np_ynode *it = list->items[i];
            ck_assert_msg(it->type == NP_Y_SEQ && it->n == 4, "bad cameo expectation at line %d", it->line);
            want[nw++] = cameo_line(it->items[0]->str, it->items[1]->str, it->items[2]->str, it->items[3]->str);
        }
        qsort(got, ng, sizeof *got, cmp_str);
        qsort(want, nw, sizeof *want, cmp_str);
        int same = ng == nw;
        for (size_t i = 0; same && i < ng; i++)
            same = !strcmp(got[i], want[i]);
        if (!same) {
            char *gs = join(got, ng), *ws = join(want, nw);
            ck_abort_msg("line %d: cameo\n  text: %s\n  want:%s\n  got:%s", c->line, text, ws, gs);
        }
        free_lines(want, nw);
    }
    free_lines(got, ng);
}

/* A case's `dateline: [place label, date or ~]` (or `dateline: ~`, none)
 * against the document's dateline. */
static void check_dateline(const np_graph *g, const np_ynode *c, const char *text)
{
    const np_ynode *want = np_ymap_get(c, "dateline");
    if (!want)
        return;
    const np_gdoc *d = &g->docs[0];
    np_buf got = {0}, exp = {0};
    if (d->dateline_place)
        np_buf_printf(&got, "%s | %s", node_label(g, d->dateline_place), d->dateline_date[0] ? d->dateline_date : "~");
    else
        np_buf_adds(&got, "~");
    if (want->type == NP_Y_SEQ && want->n == 2) {
        const char *dt = scalar_or_null(want->items[1]);
        np_buf_printf(&exp, "%s | %s", want->items[0]->str, dt ? dt : "~");
    } else {
        ck_assert_msg(!scalar_or_null(want), "bad dateline expectation at line %d", want->line);
        np_buf_adds(&exp, "~");
    }
    ck_assert_msg(!strcmp(got.data, exp.data), "line %d: dateline\n  text: %s\n  want: %s\n  got: %s", c->line, text,
                  exp.data, got.data);
    np_buf_free(&got);
    np_buf_free(&exp);
}

START_TEST(test_sentence_case)
{
    ck_assert_ptr_nonnull(cases);
    ck_assert_uint_lt((size_t)_i, cases->n);
    const np_ynode *c = cases->items[_i];
    const np_ynode *text = np_ymap_get(c, "text");
    ck_assert_ptr_nonnull(text);
    const char *date = scalar_or_null(np_ymap_get(c, "date"));
    /* through the public API, as a program that links the library would */
    np_text_opts to = {"case", NULL, date, NP_TEXT_QUIET};
    np_graph *g = np_graph_new();
    np_error err;
    ck_assert_msg(np_graph_add_text(g, model, text->str, text->len, &to, &err) == 0, "%s", err.msg);
    check_list(g, c, "met", text->str);
    check_list(g, c, "called", text->str);
    check_list(g, c, "visited", text->str);
    check_cameo(g, c, text->str);
    check_list(g, c, "holds_role", text->str);
    check_dateline(g, c, text->str);
    np_graph_free(g);
}
END_TEST

/* ---- the rule loader ---- */

static const struct {
    const char *pattern, *want;
} bad_patterns[] = {
    {"<person:a> met <persn:b>", "unknown mention type 'persn'"},
    {"<person:a> @nosuchlist <person:b>", "unknown list '@nosuchlist'"},
    {"<person:a> (met <person:b>", "missing ')'"},
    {"<person:a> met <person:b", "missing '>'"},
    {"<person:a> met <person:b>)", "unexpected ')'"},
    {"<person:a> ~0 met <person:b>", "a gap is ~N with N from 1 to 40"},
    {"<person:a> ~99 met <person:b>", "a gap is ~N with N from 1 to 40"},
    {"<person:a> met \"", "unterminated or empty \"text\""},
    {"<person:a> met /Xx", "unterminated or empty /shape/"},
    {"<person:a> (met | ) <person:b>", "empty alternative"},
    {"<person:a> <person:b>", "a rule needs a required word or @list"},
    {"<person:a> met? <person:b>", "a rule needs a required word or @list"},
    {"<person:a> met <person:>", "empty capture name"},
    {"<person:a> met <person:b> <place:c> <date:d> <org:e> <entity:f> <person:g>", "too many captures"},
    /* nesting that would recurse without end (100,000 groups overflowed the stack) */
    {"<person:a> met ((((((((((((((((((((((((((((((((((<person:b>))))))))))))))))))))))))))))))))))",
     "patterns nest at most 32 groups and ! deep"},
    {"<person:a> met !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!<person:b>", "patterns nest at most 32 groups and ! deep"},
    {"<person:a> met <person:b>???", "at most two of ? * + in a row"},
};

START_TEST(test_bad_pattern)
{
    np_ruleset *rs = np_xcalloc(1, sizeof *rs);
    np_error err = {0};
    int rc = np_rules_add(&model->lex, rs, "t", "met", bad_patterns[_i].pattern, NP_RS_AUTO, "f.yaml", 3, 14, &err);
    ck_assert_int_eq(rc, -1);
    ck_assert_msg(strstr(err.msg, bad_patterns[_i].want) != NULL, "pattern %s: got '%s', want '%s'",
                  bad_patterns[_i].pattern, err.msg, bad_patterns[_i].want);
    ck_assert_msg(strncmp(err.msg, "f.yaml:3:", 9) == 0, "no file:line:col in '%s'", err.msg);
    np_rules_free(rs);
}
END_TEST

static const struct {
    const char *yaml, *want;
} bad_files[] = {
    {"rules:\n  - id: a\n    relation: met\n    pattern: \"<person:a> met <person:b>\"\n"
     "  - id: a\n    relation: met\n    pattern: \"<person:a> meets <person:b>\"\n",
     ":5:9: duplicate rule id 'a'"},
    {"rules:\n  - id: a\n    relation: greeted\n    pattern: \"<person:a> met <person:b>\"\n",
     ":3:15: unknown relation 'greeted'"},
    {"rules:\n  - id: a\n    relation: met\n", ":2:5: rule 'a' needs a 'pattern'"},
    {"rules:\n  - relation: met\n    pattern: x\n", ":2:5: a rule needs an 'id'"},
    {"rules:\n  - id: a\n    relation: met\n    pattern: \"<person> met <person:b>\"\n",
     ":4:15: rule 'a' must capture <person:a>"},
    {"rules:\n  - id: v\n    relation: visited\n    pattern: \"<person:a> visited <place>\"\n",
     ":4:15: rule 'v' must capture <place:place>"},
    {"rules:\n  - id: a\n    relation: met\n    pattern: \"<person:a> met <person:b>\"\n    colour: red\n",
     ":5:5: unknown key 'colour' in a rule"},
    {"rules:\n  - id: a\n    relation: met\n    status: maybe\n    pattern: \"<person:a> met <person:b>\"\n",
     ":4:13: status must be auto, occurred or planned"},
    {"rules:\n  - id: a\n    relation: met\n    within: 2\n    pattern: \"<person:a> met <person:b>\"\n",
     ":4:13: within must be 0 to 6 (sentences), and only a joined rule has it"},
    {"rules:\n  - id: j\n    relation: joined\n    within: 9\n    pattern: \"<people:a> attended\"\n",
     ":4:13: within must be 0 to 6"},
    {"lists:\n  x: [a]\n  x: [b]\nrules: []\n", ":3:3: duplicate key 'x' (first at 2:3)"},
    {"lists:\n  x: []\n", ":2:3: a list needs a name and a non-empty list of phrases"},
    {"rule:\n  - id: a\n", ":1:1: unknown key 'rule' (expected description, lists, rules, cameo)"},
    /* CAMEO codes: a rule's, and the table */
    {"rules:\n  - id: a\n    relation: met\n    cameo: \"4x\"\n    pattern: \"<person:a> met <person:b>\"\n",
     ":4:12: a cameo is a CAMEO code of two to four digits (\"040\"), visit or host"},
    {"rules:\n  - id: a\n    relation: met\n    cameo: {nolist: \"046\"}\n    pattern: \"<person:a> met <person:b>\"\n",
     ":4:13: unknown list 'nolist' in a cameo"},
    {"rules:\n  - id: a\n    relation: visited\n    cameo: host\n    pattern: \"<person:a> visited <place:place>\"\n",
     ":4:12: visit and host are for met and listed rules"},
    {"rules:\n  - id: j\n    relation: joined\n    cameo: \"040\"\n    pattern: \"<people:a> attended\"\n",
     ":4:12: only met, visited, called and listed rules have a cameo"},
    {"cameo:\n  met: \"40000\"\n", ":2:8: 'met' must be a CAMEO code of two to four digits"},
    {"cameo:\n  planned: {met: x}\n", ":2:18: 'met' must be a CAMEO code"},
    {"cameo:\n  visiting: \"042\"\n", ":2:3: unknown key 'visiting' in cameo"},
    {"rules:\n  - id: a\n    relation: met\n    pattern: \"<person:a> met <persn:b>\"\n",
     ":4:31: in pattern: unknown mention type 'persn'"},
    {"rules: [\n", ":"},
};

START_TEST(test_bad_rule_file)
{
    char path[] = "/tmp/np-rules-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    fputs(bad_files[_i].yaml, f);
    fclose(f);
    np_ruleset *rs = np_xcalloc(1, sizeof *rs);
    np_error err = {0};
    int rc = np_rules_load_file(&model->lex, rs, path, &err);
    unlink(path);
    ck_assert_int_eq(rc, -1);
    ck_assert_msg(strncmp(err.msg, path, strlen(path)) == 0, "no file name in '%s'", err.msg);
    ck_assert_msg(strstr(err.msg, bad_files[_i].want) != NULL, "got '%s', want '%s'", err.msg, bad_files[_i].want);
    np_rules_free(rs);
}
END_TEST

/* One CAMEO table per data directory: a second file's is refused. */
START_TEST(test_cameo_table_twice)
{
    char p1[] = "/tmp/np-cameo-XXXXXX", p2[] = "/tmp/np-cameo-XXXXXX";
    int f1 = mkstemp(p1), f2 = mkstemp(p2);
    ck_assert(f1 >= 0 && f2 >= 0);
    const char *table = "cameo:\n  met: \"040\"\n  planned: {met: \"036\"}\n";
    ck_assert(write(f1, table, strlen(table)) == (ssize_t)strlen(table));
    ck_assert(write(f2, table, strlen(table)) == (ssize_t)strlen(table));
    close(f1);
    close(f2);
    np_ruleset *rs = np_xcalloc(1, sizeof *rs);
    np_error err = {0};
    ck_assert_int_eq(np_rules_load_file(&model->lex, rs, p1, &err), 0);
    ck_assert_str_eq(rs->cameo[NP_CAMEO_MET], "040");
    ck_assert_str_eq(rs->cameo[NP_CAMEO_PLANNED_MET], "036");
    ck_assert_str_eq(rs->cameo[NP_CAMEO_CALLED], "");
    ck_assert_int_eq(np_rules_load_file(&model->lex, rs, p2, &err), -1);
    ck_assert_msg(strstr(err.msg, ":2:3: the cameo table is defined twice") != NULL, "got '%s'", err.msg);
    unlink(p1);
    unlink(p2);
    np_rules_free(rs);
}
END_TEST

/* The shipped table and rules: every slot has a code, and the rules
 * that say who visits whom. */
START_TEST(test_shipped_cameo)
{
    const np_ruleset *rs = model->rules;
    static const char *const want[NP_CAMEO_SLOTS] = {"040", "042", "041", "036", "036", "041", "042", "043", "044"};
    for (int i = 0; i < NP_CAMEO_SLOTS; i++)
        ck_assert_str_eq(rs->cameo[i], want[i]);
    int hosted = 0, courtesy = 0, talks = 0;
    for (size_t r = 0; r < rs->n; r++) {
        const char *id = np_pool_str(&model->lex.pool, rs->rules[r].id);
        const np_rule *ru = &rs->rules[r];
        if (!strcmp(id, "hosted"))
            hosted = ru->ncameo == 1 && ru->cameo[0].kind == NP_CK_HOST;
        if (!strcmp(id, "courtesy-call"))
            courtesy = ru->ncameo == 1 && ru->cameo[0].kind == NP_CK_VISIT;
        if (!strcmp(id, "talks-with"))
            talks = ru->ncameo == 1 && ru->cameo[0].kind == NP_CK_CODE && ru->cameo[0].list &&
                    !strcmp(ru->cameo[0].code, "046");
    }
    ck_assert(hosted && courtesy && talks);
}
END_TEST

/* Every rule but a dateline rule is reachable from its trigger. */
START_TEST(test_rule_index)
{
    const np_ruleset *rs = model->rules;
    ck_assert_uint_gt(rs->n, 10);
    for (size_t i = 1; i < rs->nindex; i++)
        ck_assert(rs->index[i - 1] <= rs->index[i]);
    /* every rule is reachable from its trigger, but dateline rules, which
     * are tried at line starts and never indexed */
    for (size_t r = 0; r < rs->n; r++) {
        int found = 0;
        for (size_t i = 0; i < rs->nindex && rs->rules[r].dateline && !found; i++)
            found = (uint32_t)rs->index[i] == r;
        if (rs->rules[r].dateline) {
            ck_assert_msg(!found, "dateline rule %s is indexed", np_pool_str(&model->lex.pool, rs->rules[r].id));
            continue;
        }
        for (size_t i = 0; i < rs->nindex && !found; i++)
            found = (uint32_t)rs->index[i] == r;
        ck_assert_msg(found, "rule %s is not indexed", np_pool_str(&model->lex.pool, rs->rules[r].id));
    }
}
END_TEST

START_TEST(test_custom_rule)
{
    np_ruleset *rs = np_xcalloc(1, sizeof *rs);
    np_error err = {0};
    ck_assert_int_eq(np_rules_add(&model->lex, rs, "t", "met", "<person:a> (shook|shakes) hands with <people:b>",
                                  NP_RS_OCCURRED, "t.yaml", 1, 1, &err),
                     0);
    np_rules_index(rs);
    ck_assert_uint_eq(rs->n, 1);
    ck_assert_int_eq(np_rule_capture(&model->lex, &rs->rules[0], "b"), 1);
    ck_assert_int_eq(np_rule_capture(&model->lex, &rs->rules[0], "place"), -1);
    /* and the indices the relation stage reads, found once */
    ck_assert_int_eq(rs->rules[0].cap_a, 0);
    ck_assert_int_eq(rs->rules[0].cap_b, 1);
    ck_assert_int_eq(rs->rules[0].cap_place, -1);
    ck_assert_int_eq(rs->rules[0].cap_date, -1);
    /* the trigger is the first required word: "hands" (the group before it is not a single word) */
    ck_assert_uint_eq(rs->nindex, 1);
    np_rules_free(rs);
}
END_TEST

/* What a rule derives from its pattern to skip hopeless work: where a
 * match can start relative to its trigger, and what a sentence must hold. */
static const struct {
    const char *pattern;
    unsigned lead_min, lead_max, min_ments, min_people, nneed;
} bounds[] = {
    {"@meet-verb <people:b>", 0, 0, 1, 1, 0},
    {"<people:a> ~6 @meet-verb", 1, 40, 1, 1, 0},
    {"(in|at|during) (the|a)? ~3 @talks-noun with <people:b>", 1, 5, 1, 1, 1},
    {"<person:a> 's ~3 @talks-noun with <people:b> in <place:p>", 2, 40, 3, 2, 2},
    {"on the sidelines of ~10 ,? <people:a>", 0, 0, 1, 1, 3},
    {"<org:a> and <entity:b> @meet-verb again", 3, 40, 2, 0, 2},
};

START_TEST(test_rule_bounds)
{
    np_ruleset *rs = np_xcalloc(1, sizeof *rs);
    np_error err = {0};
    /* the lists of the shipped rules, for @meet-verb and @talks-noun */
    rs->lists = model->rules->lists;
    rs->nlists = model->rules->nlists;
    int rc = np_rules_add(&model->lex, rs, "t", "met", bounds[_i].pattern, NP_RS_AUTO, "t.yaml", 1, 1, &err);
    ck_assert_msg(rc == 0, "%s", err.msg);
    const np_rule *r = &rs->rules[0];
    ck_assert_uint_eq(r->lead_min, bounds[_i].lead_min);
    ck_assert_uint_eq(r->lead_max < 40 ? r->lead_max : 40, bounds[_i].lead_max);
    ck_assert_uint_eq(r->min_ments, bounds[_i].min_ments);
    ck_assert_uint_eq(r->min_people, bounds[_i].min_people);
    ck_assert_uint_eq(r->nneed, bounds[_i].nneed);
    rs->lists = NULL;
    rs->nlists = 0;
    np_rules_free(rs);
}
END_TEST

int main(void)
{
    load_all();
    Suite *s = suite_create("relations");
    TCase *tc = tcase_create("sentences");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_sentence_case, 0, cases ? (int)cases->n : 1);
    suite_add_tcase(s, tc);
    TCase *tr = tcase_create("rules");
    tcase_add_loop_test(tr, test_bad_pattern, 0, sizeof bad_patterns / sizeof *bad_patterns);
    tcase_add_loop_test(tr, test_bad_rule_file, 0, sizeof bad_files / sizeof *bad_files);
    tcase_add_test(tr, test_rule_index);
    tcase_add_test(tr, test_cameo_table_twice);
    tcase_add_test(tr, test_shipped_cameo);
    tcase_add_test(tr, test_custom_rule);
    tcase_add_loop_test(tr, test_rule_bounds, 0, sizeof bounds / sizeof *bounds);
    suite_add_tcase(s, tr);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    free_all();
    return failed ? 1 : 0;
}
