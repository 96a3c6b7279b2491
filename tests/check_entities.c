/*
 * check_entities.c: unit tests of the gazetteer loader (every error
 * message with its file:line:column) and of the entity stage: matching
 * edge cases (case, accents, possessives, overlaps, sentence boundaries,
 * case-sensitive entries), ambiguity, name variants and names found from
 * cues. Runs over the shipped data plus tests/data/gazetteer. The
 * sentence cases of tests/data/entities.yaml (one loop test each) give the
 * whole set of names a text holds, through the public API.
 */
#include "entities.h"
#include "gazetteer.h"
#include "graph_private.h"
#include "pipeline.h"
#include "testutil.h"
#include "yamltree.h"

#include <stdio.h>
#include <unistd.h>

static np_model *model;
static np_ynode *case_root; /* tests/data/entities.yaml */
static np_ynode *cases;     /* its list under 'cases' */

static void load_model(void)
{
    np_error err;
    char gz[4096];
    snprintf(gz, sizeof gz, "%s/tests/data/gazetteer", test_datadir());
    const char *extra[] = {gz};
    np_model_opts opts = {.datadir = test_datadir(), .extra_gazetteers = extra, .nextra_gazetteers = 1};
    model = np_model_load(&opts, &err);
    if (!model) {
        fprintf(stderr, "model: %s\n", err.msg);
        abort();
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/data/entities.yaml", test_datadir());
    case_root = np_ytree_load(path, &err);
    if (!case_root) {
        fprintf(stderr, "cases: %s\n", err.msg);
        abort();
    }
    cases = np_ymap_get(case_root, "cases");
}

/* ---- the loader ---- */

static const struct {
    const char *yaml, *want;
} bad[] = {
    {"entries:\n  - id: place:x\n    name: X\n    type: place\n  - {id: place:y, name: Y, type: plaice}\n",
     ":5:34: unknown type 'plaice' (expected person, place or organization)"},
    {"entries:\n  - id: place:x\n    type: place\n", ":2:5: entry 'place:x' has no 'name'"},
    {"entries:\n  - name: X\n    type: place\n", ":2:5: the entry has no 'id'"},
    {"entries:\n  - id: place:x\n    name: X\n", ":2:5: entry 'place:x' has no 'type'"},
    {"entries:\n  - {id: place:x, name: X, type: person}\n", ":2:10: id 'place:x' does not fit type person"},
    {"entries:\n  - {id: Place:X, name: X, type: place}\n", ":2:10: bad id 'Place:X'"},
    {"entries:\n  - {id: place:jp, name: Japan again, type: place}\n", ":2:10: duplicate id 'place:jp'"},
    {"entries:\n  - {id: place:x, name: X, type: place, country: Japan}\n",
     ":2:50: country must be an ISO 3166-1 alpha-2 code such as JP, not 'Japan'"},
    {"entries:\n  - {id: place:x, name: X, type: place, located_in: place:nowhere-at-all}\n",
     ":2:53: located_in refers to unknown id 'place:nowhere-at-all'"},
    {"entries:\n  - id: place:x\n    name: X\n    type: place\n    aliases: [[a, b]]\n",
     ":5:15: an alias must be a string or a mapping with 'name', not a list"},
    {"entries:\n  - id: place:x\n    name: X\n    type: place\n    aliases: [{name: Y, colour: red}]\n",
     ":5:25: unknown alias option 'colour' (expected name, case, weak)"},
    {"entries:\n  - id: place:x\n    name: X\n    type: place\n    aliases: Y\n", ":5:14: 'aliases' must be a list"},
    {"entries:\n  - {id: place:x, name: X, type: place, lat: north}\n", ":2:46: 'lat' must be a number, not 'north'"},
    {"entries:\n  - {id: place:x, name: X, type: place, lat: 123}\n", ":2:46: 'lat' is out of range (-90 to 90): 123"},
    {"entries:\n  - {id: place:x, name: X, type: place, family: Y}\n", ":2:49: 'family' is for people only"},
    {"entries:\n  - id: person:x\n    name: X Y\n    type: person\n    roles: [{title: president, from: last year}]\n",
     "role 'from' must be a date YYYY, YYYY-MM or YYYY-MM-DD"},
    {"entries:\n  - {id: person:x, name: X Y, type: person, roles: [{of: place:jp}]}\n", ":2:53: a role needs 'title'"},
    {"entries:\n  - {id: place:x, name: \"?!\", type: place}\n", ":2:25: the name '?!' has no words"},
    {"items: []\n", ":1:1: unknown top-level key 'items' (expected defaults, entries, description)"},
    {"description: nothing\n", ":1:1: no 'entries' list"},
    {"entries:\n  - {id: place:x, name: X, type: place\n", ":3:1: "},
    {"entries:\n  - &a {id: place:x, name: X, type: place}\n  - *a\n", ":2:5: YAML anchors and aliases are not supported"},
    {"defaults: [place]\nentries: []\n", ":1:11: 'defaults' must be a mapping"},
};

START_TEST(test_loader_error)
{
    char path[] = "/tmp/np-gaz-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    fputs(bad[_i].yaml, f);
    fclose(f);
    const char *extra[] = {path};
    np_model_opts opts = {.datadir = test_datadir(), .extra_gazetteers = extra, .nextra_gazetteers = 1};
    np_error err = {0};
    np_model *m = np_model_load(&opts, &err);
    unlink(path);
    ck_assert_ptr_null(m);
    ck_assert_msg(strstr(err.msg, path) != NULL, "no file name in '%s'", err.msg);
    ck_assert_msg(strstr(err.msg, bad[_i].want) != NULL, "got '%s', want '%s'", err.msg, bad[_i].want);
}
END_TEST

START_TEST(test_unknown_keys_are_attributes)
{
    long e = np_gazetteer_find(model->gaz, &model->lex, "person:test-olga-brannstrom");
    ck_assert_int_ge(e, 0);
    /* the shipped regions carry extra keys ('also_known_as') into attributes */
    long nt = np_gazetteer_find(model->gaz, &model->lex, "place:northern-territories");
    ck_assert_int_ge(nt, 0);
    const np_gz_entry *g = &model->gaz->entries[nt];
    ck_assert_uint_ne(g->attrs, 0);
    ck_assert_ptr_nonnull(strstr(np_model_str(model, g->attrs), "\"also_known_as\""));
}
END_TEST

/* ---- the entity stage ---- */

/* "text=id" for every mention of the text, in order, joined by "; ". */
static char *mentions_of(const char *text)
{
    np_doc *doc = np_doc_new(np_xstrdup(text), strlen(text), "case");
    np_pipeline_run(model, doc, NP_STAGE_RELATIONS, NULL);
    np_buf b = {0};
    np_buf_adds(&b, "");
    for (size_t pos = 0; pos < doc->len; pos++) {
        for (size_t i = 0; i < doc->nments; i++) {
            const np_mention *mt = &doc->ments[i];
            if (mt->start != pos)
                continue;
            if (b.len)
                np_buf_adds(&b, "; ");
            np_buf_add(&b, doc->text + mt->start, mt->end - mt->start);
            np_buf_printf(&b, "=%s", doc->ents[mt->entity].id);
        }
    }
    np_doc_free(doc);
    return np_buf_steal(&b);
}

static const struct {
    const char *text, *want;
} ents[] = {
    /* case, accents and apostrophes do not matter */
    {"They sailed past the KURIL ISLANDS.", "KURIL ISLANDS=place:kuril-islands"},
    {"They sailed past the Kuril islands.", "Kuril islands=place:kuril-islands"},
    {"He flew to Sao Paulo.", "Sao Paulo=place:sao-paulo"},
    {"He flew to São Paulo.", "São Paulo=place:sao-paulo"},
    /* possessives */
    {"Japan’s economy grew.", "Japan=place:jp"},
    {"Japan's economy grew.", "Japan=place:jp"},
    /* the longest match wins */
    {"She lives in New York City now.", "New York City=place:new-york"},
    /* never across a sentence */
    {"They sailed to the Kuril. Islands are far.", ""},
    /* names that are also words need their capitals */
    {"The weather in Nice was nice.", "Nice=place:nice"},
    {"Troops left Chad, a chad of paper.", "Chad=place:td"},
    {"Ask us about the US economy.", "US=place:us"},
    {"The tanks will move forward.", ""},
    /* ambiguity decided by context */
    {"Atlanta is the capital of the US state of Georgia.", "Atlanta=place:atlanta; US=place:us; Georgia=place:us-georgia"},
    {"Tbilisi is the capital of Georgia.", "Tbilisi=place:tbilisi; Georgia=place:ge"},
    /* variants of a person the document introduced */
    {"Arvid Kellmark spoke. Later Kellmark left, and Mr Kellmark said no.",
     "Arvid Kellmark=person:test-arvid-kellmark; Kellmark=person:test-arvid-kellmark; "
     "Kellmark=person:test-arvid-kellmark"},
    {"Chancellor Kellmark spoke.", "Kellmark=person:test-arvid-kellmark"},
    /* a common surname alone introduces nobody */
    {"Smith said the plan would fail.", ""},
    /* unknown people from titles, and their variants */
    {"Press secretary Yasuhisa Kawamura spoke. Kawamura said the talks went well.",
     "Yasuhisa Kawamura=person:yasuhisa-kawamura; Kawamura=person:yasuhisa-kawamura"},
    {"Foreign Minister Xavier Quillmore arrived.", "Xavier Quillmore=person:xavier-quillmore"},
    /* Arabic name chains: a father's name inside is not that father */
    {"Princess Rima bint Bandar bin Sultan bin Abdulaziz attended.",
     "Rima bint Bandar bin Sultan bin Abdulaziz=person:rima-bint-bandar-bin-sultan-bin-abdulaziz"},
    /* an organization named after a person is not the person */
    {"The Chairman of the Dangote Group, Aliko Dangote, spoke.",
     "Dangote Group=org:dangote-group; Aliko Dangote=person:aliko-dangote"},
    /* the Arabic article may be left out */
    {"Iraq's independent Sharqiya television said so.", "Iraq=place:iq; Sharqiya=org:al-sharqiya"},
    /* a generic court name picks the country the text names */
    {"Brazil's Supreme Court ruled.", "Brazil=place:br; Supreme Court=org:stf-br"},
    /* forms of address are not part of a name */
    {"The President, His Excellency Ratu Wiliame Maivalili Katonivere, spoke.",
     "Wiliame Maivalili Katonivere=person:wiliame-maivalili-katonivere"},
    /* a gazetteer family name used as a given name is someone else (Petr Pavel) */
    {"Press secretary Pavel Orlinsky said it.", "Pavel Orlinsky=person:pavel-orlinsky"},
    /* unknown organizations and places from patterns */
    {"The Ministry of Fisheries of Narvania said so.",
     "Ministry of Fisheries of Narvania=org:ministry-of-fisheries-of-narvania"},
    {"The Zorvan Fisheries Agency said so.", "Zorvan Fisheries Agency=org:zorvan-fisheries-agency"},
    {"They met in the city of Zorvograd.", "Zorvograd=place:zorvograd"},
    {"Fighting spread to Kelvana province.", "Kelvana=place:kelvana"},
    /* compound adjectives are not places */
    {"It was a rare moment in Japanese-Russian relations.", ""},
    /* a given-name city before a surname is part of a person's name */
    {"Vladimir Putin spoke.", "Vladimir Putin=person:vladimir-putin"},
};

START_TEST(test_entities)
{
    char *got = mentions_of(ents[_i].text);
    ck_assert_msg(!strcmp(got, ents[_i].want), "text: %s\n  want: %s\n  got:  %s", ents[_i].text, ents[_i].want, got);
    free(got);
}
END_TEST

/* A title and a nationality next to a name become the person's role. */
START_TEST(test_roles)
{
    const char *text = "Russian Foreign Minister Sergei Lavrov spoke. Swedish Foreign Minister Olga Brannstrom listened.";
    np_doc *doc = np_doc_new(np_xstrdup(text), strlen(text), "case");
    np_pipeline_run(model, doc, NP_STAGE_ENTITIES, NULL);
    int seen = 0;
    for (size_t i = 0; i < doc->nents; i++) {
        const np_entity *e = &doc->ents[i];
        if (!strcmp(e->id, "person:sergey-lavrov")) {
            ck_assert_str_eq(e->role, "foreign minister");
            ck_assert_str_eq(e->country, "RU");
            seen++;
        }
        if (!strcmp(e->id, "person:test-olga-brannstrom")) {
            ck_assert_str_eq(e->role, "foreign minister");
            ck_assert_str_eq(e->country, "SE");
            seen++;
        }
    }
    ck_assert_int_eq(seen, 2);
    np_doc_free(doc);
}
END_TEST

/* ---- sentence cases (tests/data/entities.yaml) ---- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *type_name(int type)
{
    return type == NP_PERSON ? "person" : type == NP_PLACE ? "place" : type == NP_ORG ? "organization" : "other";
}

/* The lines of what g holds, sorted: "type: label" for every node that is
 * not a document (what 'entities' lists), "label | role" for every node
 * with a role ('roles'), "label | CC" for every node with a nationality
 * the text gives ('countries'), "label | alias" for every alias
 * ('aliases'). */
static char **graph_lines(const np_graph *g, const char *what, size_t *n)
{
    size_t cap = 1;
    for (size_t i = 0; i < g->nnodes; i++)
        cap += 1 + g->nodes[i].naliases;
    char **out = np_xcalloc(cap, sizeof *out);
    *n = 0;
    for (size_t i = 0; i < g->nnodes; i++) {
        const np_gnode *nd = &g->nodes[i];
        if (nd->type != NP_PERSON && nd->type != NP_PLACE && nd->type != NP_ORG)
            continue;
        np_buf b = {0};
        if (!strcmp(what, "entities"))
            np_buf_printf(&b, "%s: %s", type_name(nd->type), nd->label);
        else if (!strcmp(what, "roles") && nd->role)
            np_buf_printf(&b, "%s | %s", nd->label, nd->role);
        else if (!strcmp(what, "countries") && nd->country[0])
            np_buf_printf(&b, "%s | %s", nd->label, nd->country);
        else if (!strcmp(what, "aliases"))
            for (size_t k = 0; k < nd->naliases; k++) {
                np_buf_printf(&b, "%s | %s", nd->label, nd->aliases[k]);
                out[(*n)++] = np_buf_steal(&b);
            }
        if (b.len)
            out[(*n)++] = np_buf_steal(&b);
        np_buf_free(&b);
    }
    qsort(out, *n, sizeof *out, cmp_str);
    return out;
}

static char *join_lines(char **lines, size_t n)
{
    np_buf b = {0};
    np_buf_adds(&b, "");
    for (size_t i = 0; i < n; i++) {
        np_buf_adds(&b, "\n    ");
        np_buf_adds(&b, lines[i]);
    }
    return np_buf_steal(&b);
}

/* Checks the case's list under key (when given) against the graph: the
 * same lines for 'entities', and for 'roles', 'countries' and 'aliases' each expected
 * line present (other roles and aliases may be there too). */
static void check_case_list(const np_graph *g, const np_ynode *c, const char *key, const char *text)
{
    const np_ynode *list = np_ymap_get(c, key);
    if (!list)
        return;
    ck_assert_msg(list->type == NP_Y_SEQ, "line %d: '%s' must be a list", list->line, key);
    size_t ngot;
    char **got = graph_lines(g, key, &ngot);
    char **want = np_xcalloc(list->n + 1, sizeof *want);
    for (size_t i = 0; i < list->n; i++) {
        ck_assert_msg(list->items[i]->type == NP_Y_SCALAR, "line %d: a line of '%s' is a string", list->line, key);
        want[i] = list->items[i]->str;
    }
    qsort(want, list->n, sizeof *want, cmp_str);
    int ok = 1;
    if (!strcmp(key, "entities")) {
        ok = ngot == list->n;
        for (size_t i = 0; ok && i < ngot; i++)
            ok = !strcmp(got[i], want[i]);
    } else {
        for (size_t i = 0; ok && i < list->n; i++)
            ok = bsearch(&want[i], got, ngot, sizeof *got, cmp_str) != NULL;
    }
    char *gs = join_lines(got, ngot), *ws = join_lines(want, list->n);
    ck_assert_msg(ok, "line %d: %s\n  %s want:%s\n  %s got:%s", c->line, text, key, ws, key, gs);
    free(gs);
    free(ws);
    for (size_t i = 0; i < ngot; i++)
        free(got[i]);
    free(got);
    free(want);
}

/* The matchers try a name only from a word marked NP_LEX_NAME_FIRST: the
 * mark must be on exactly the words that start a gazetteer name. */
START_TEST(test_name_first_words)
{
    const np_vocab *v = &model->lex.vocab;
    size_t marked = 0;
    for (size_t w = 0; w < v->n; w++) {
        int starts = np_trie_lookup(&model->gaz->names, 0, (uint32_t)w) >= 0;
        int mark = (v->ents[w].lex & NP_LEX_NAME_FIRST) != 0;
        ck_assert_msg(starts == mark, "word '%s': starts a name %d, marked %d", np_pool_str(&model->lex.pool, v->ents[w].str),
                      starts, mark);
        marked += mark;
    }
    ck_assert_uint_gt(marked, 1000);
}
END_TEST

START_TEST(test_entity_case)
{
    ck_assert_ptr_nonnull(cases);
    ck_assert_uint_lt((size_t)_i, cases->n);
    const np_ynode *c = cases->items[_i];
    const np_ynode *text = np_ymap_get(c, "text");
    ck_assert_ptr_nonnull(text);
    const np_ynode *date = np_ymap_get(c, "date");
    np_text_opts to = {"case", NULL, date ? date->str : NULL, NP_TEXT_QUIET};
    np_graph *g = np_graph_new();
    np_error err;
    ck_assert_msg(np_graph_add_text(g, model, text->str, text->len, &to, &err) == 0, "%s", err.msg);
    check_case_list(g, c, "entities", text->str);
    check_case_list(g, c, "roles", text->str);
    check_case_list(g, c, "countries", text->str);
    check_case_list(g, c, "aliases", text->str);
    np_graph_free(g);
}
END_TEST

int main(void)
{
    load_model();
    Suite *s = suite_create("entities");
    TCase *tl = tcase_create("loader");
    tcase_set_timeout(tl, 60);
    tcase_add_loop_test(tl, test_loader_error, 0, sizeof bad / sizeof *bad);
    tcase_add_test(tl, test_unknown_keys_are_attributes);
    suite_add_tcase(s, tl);
    TCase *te = tcase_create("entities");
    tcase_add_loop_test(te, test_entities, 0, sizeof ents / sizeof *ents);
    tcase_add_test(te, test_roles);
    tcase_add_test(te, test_name_first_words);
    suite_add_tcase(s, te);
    TCase *tc = tcase_create("sentences");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_entity_case, 0, cases ? (int)cases->n : 1);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    np_ynode_free(case_root);
    np_model_free(model);
    return failed ? 1 : 0;
}
