/*
 * check_formats.c: unit tests of the graph writers (formats.h) on graphs
 * no run of nerpipe makes and no merge passes on today: weights at the
 * edges of the double and 64-bit integer ranges, weights that are not
 * numbers, text that is not UTF-8 (encoded surrogates), DOT labels of one
 * character longer than the label's room, and the documents of the
 * Cytoscape JSON. Run under ASan+UBSan (./configure --enable-sanitizers)
 * they also show that no weight is converted out of range.
 */
#include "formats.h"
#include "np.h"

#include <jansson.h>
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static int valid_utf8(const char *s)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    while (*p) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
        if (n < 1)
            return 0;
        p += n;
    }
    return 1;
}

/* What np_write_graph writes for g in format fmt with flags (NP_WRITE_*;
 * caller frees). */
static char *written_flags(const json_t *g, int fmt, int flags)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(np_write_graph(g, fmt, flags, f), 0);
    fclose(f);
    return text;
}

static char *written(const json_t *g, int fmt)
{
    return written_flags(g, fmt, 0);
}

static json_t *mknode(const char *id, json_t *weight)
{
    json_t *n = json_pack("{s:s, s:s, s:s}", "id", id, "label", id, "type", "person");
    if (weight)
        json_object_set_new(n, "weight", weight);
    return n;
}

static json_t *mklink(const char *s, const char *t, const char *relation, json_t *weight)
{
    json_t *l = json_pack("{s:s, s:s, s:s}", "source", s, "target", t, "relation", relation);
    if (weight)
        json_object_set_new(l, "weight", weight);
    return l;
}

/* Nodes and links with every kind of weight. */
static json_t *weights_graph(void)
{
    json_t *nodes = json_array(), *links = json_array();
    json_array_append_new(nodes, mknode("huge", json_real(1e300)));
    json_array_append_new(nodes, mknode("most-negative", json_real(-1.7976931348623157e308)));
    json_array_append_new(nodes, mknode("int-max", json_integer(INT64_MAX)));
    json_array_append_new(nodes, mknode("int-min", json_integer(INT64_MIN)));
    json_array_append_new(nodes, mknode("tenth", json_real(0.1)));
    json_array_append_new(nodes, mknode("seven-digits", json_integer(1234567)));
    json_array_append_new(nodes, mknode("string", json_string("12")));
    json_array_append_new(nodes, mknode("null", json_null()));
    json_array_append_new(nodes, mknode("true", json_true()));
    json_array_append_new(nodes, mknode("object", json_object()));
    json_array_append_new(nodes, mknode("absent", NULL));
    json_array_append_new(links, mklink("huge", "int-max", "beyond-int64", json_real(9.3e18)));
    json_array_append_new(links, mklink("huge", "tenth", "negative", json_real(-2.5)));
    json_array_append_new(links, mklink("huge", "string", "not-a-number", json_string("x")));
    json_array_append_new(links, mklink("huge", "absent", "no-weight", NULL));
    return json_pack("{s:o, s:o}", "nodes", nodes, "links", links);
}

/* The part of output s from the first occurrence of marker to the next
 * occurrence of end (one node's or link's element or line). */
static char *element(const char *s, const char *marker, const char *end)
{
    const char *a = strstr(s, marker);
    ck_assert_msg(a != NULL, "no %s in the output", marker);
    const char *b = strstr(a, end);
    ck_assert_ptr_nonnull(b);
    return np_xstrndup(a, (size_t)(b - a));
}

static void has(const char *s, const char *marker, const char *end, const char *want)
{
    char *e = element(s, marker, end);
    ck_assert_msg(strstr(e, want) != NULL, "%s...: no '%s' in\n%s", marker, want, e);
    free(e);
}

static void lacks(const char *s, const char *marker, const char *end, const char *unwanted)
{
    char *e = element(s, marker, end);
    ck_assert_msg(strstr(e, unwanted) == NULL, "%s...: unexpected '%s' in\n%s", marker, unwanted, e);
    free(e);
}

START_TEST(test_graphml_weights)
{
    json_t *g = weights_graph();
    char *s = written(g, NP_FORMAT_GRAPHML);
    has(s, "<node id=\"huge\"", "</node>", "<data key=\"n_weight\">1e+300</data>");
    has(s, "<node id=\"most-negative\"", "</node>", "<data key=\"n_weight\">-1.7976931348623157e+308</data>");
    has(s, "<node id=\"int-max\"", "</node>", "<data key=\"n_weight\">9223372036854775807</data>");
    has(s, "<node id=\"int-min\"", "</node>", "<data key=\"n_weight\">-9223372036854775808</data>");
    has(s, "<node id=\"tenth\"", "</node>", "<data key=\"n_weight\">0.1</data>");
    has(s, "<node id=\"seven-digits\"", "</node>", "<data key=\"n_weight\">1234567</data>");
    has(s, "<node id=\"absent\"", "</node>", "<data key=\"n_weight\">1</data>");
    lacks(s, "<node id=\"string\"", "</node>", "n_weight");
    lacks(s, "<node id=\"null\"", "</node>", "n_weight");
    lacks(s, "<node id=\"true\"", "</node>", "n_weight");
    lacks(s, "<node id=\"object\"", "</node>", "n_weight");
    has(s, "<edge id=\"e0\"", "</edge>", "<data key=\"e_weight\">9.3e+18</data>");
    has(s, "<edge id=\"e1\"", "</edge>", "<data key=\"e_weight\">-2.5</data>");
    lacks(s, "<edge id=\"e2\"", "</edge>", "e_weight");
    has(s, "<edge id=\"e3\"", "</edge>", "<data key=\"e_weight\">1</data>");
    free(s);
    json_decref(g);
}
END_TEST

START_TEST(test_gexf_and_dot_weights)
{
    json_t *g = weights_graph();
    char *s = written(g, NP_FORMAT_GEXF);
    has(s, "<node id=\"int-max\"", "</node>", "<attvalue for=\"5\" value=\"9223372036854775807\"/>");
    lacks(s, "<node id=\"string\"", "</node>", "for=\"5\"");
    has(s, "<edge id=\"0\"", "</edge>", "weight=\"9.3e+18\">");
    has(s, "<edge id=\"0\"", "</edge>", "<attvalue for=\"7\" value=\"9.3e+18\"/>");
    lacks(s, "<edge id=\"2\"", "</edge>", "weight");
    has(s, "<edge id=\"3\"", "</edge>", "weight=\"1\">");
    free(s);
    s = written_flags(g, NP_FORMAT_DOT, NP_WRITE_DOT_ISOLATED); /* int-min has no link */
    has(s, "\"huge\" [", "\n", "weight=\"1e+300\"");
    has(s, "\"int-min\" [", "\n", "weight=\"-9223372036854775808\"");
    lacks(s, "\"string\" [", "\n", "weight");
    has(s, "label=\"beyond-int64\"", "\n", "np_weight=\"9.3e+18\"");
    lacks(s, "label=\"not-a-number\"", "\n", "np_weight");
    free(s);
    json_decref(g);
}
END_TEST

/* The weight of the Cytoscape or JGF element with this id. */
static const json_t *weight_of(const json_t *items, const char *id, const char *inner)
{
    size_t i;
    const json_t *it;
    json_array_foreach(items, i, it) {
        const json_t *d = json_object_get(it, inner);
        const char *did = json_string_value(json_object_get(d, "id"));
        if (did && !strcmp(did, id))
            return json_object_get(d, "weight");
    }
    ck_abort_msg("no element %s", id);
    return NULL;
}

START_TEST(test_json_formats_keep_numbers)
{
    json_t *g = weights_graph();
    char *s = written(g, NP_FORMAT_CYTOSCAPE);
    json_error_t e;
    json_t *cy = json_loads(s, 0, &e);
    ck_assert_msg(cy != NULL, "cytoscape output is not JSON: %s", e.text);
    const json_t *nodes = json_object_get(json_object_get(cy, "elements"), "nodes");
    const json_t *edges = json_object_get(json_object_get(cy, "elements"), "edges");
    ck_assert(json_is_integer(weight_of(nodes, "int-max", "data")));
    ck_assert(json_integer_value(weight_of(nodes, "int-max", "data")) == INT64_MAX);
    ck_assert(json_integer_value(weight_of(nodes, "int-min", "data")) == INT64_MIN);
    ck_assert(json_real_value(weight_of(nodes, "huge", "data")) == 1e300);
    ck_assert(json_real_value(weight_of(nodes, "tenth", "data")) == 0.1);
    ck_assert_ptr_null(weight_of(nodes, "string", "data"));
    ck_assert_ptr_null(weight_of(nodes, "true", "data"));
    ck_assert(json_integer_value(weight_of(nodes, "absent", "data")) == 1);
    ck_assert(json_real_value(weight_of(edges, "e0", "data")) == 9.3e18);
    ck_assert_ptr_null(weight_of(edges, "e2", "data"));
    json_decref(cy);
    free(s);
    s = written(g, NP_FORMAT_JGF);
    json_t *jgf = json_loads(s, 0, &e);
    ck_assert_msg(jgf != NULL, "JGF output is not JSON: %s", e.text);
    const json_t *jn = json_object_get(json_object_get(jgf, "graph"), "nodes");
    const json_t *meta = json_object_get(json_object_get(jn, "int-max"), "metadata");
    ck_assert(json_integer_value(json_object_get(meta, "weight")) == INT64_MAX);
    meta = json_object_get(json_object_get(jn, "string"), "metadata");
    ck_assert_ptr_null(json_object_get(meta, "weight"));
    json_decref(jgf);
    free(s);
    json_decref(g);
}
END_TEST

/* Text that is not UTF-8 (json_stringn_nocheck lets it in; the parser
 * never does): an encoded surrogate, a stray continuation byte, a cut
 * sequence. Every writer puts U+FFFD in its place. */
START_TEST(test_not_utf8)
{
    static const char bad[] = "a\xED\xA0\x80" "b\x80" "c\xE7\x95";
    json_t *nodes = json_array(), *links = json_array();
    json_t *n = mknode("x", NULL);
    json_object_set_new(n, "label", json_stringn_nocheck(bad, sizeof bad - 1));
    json_array_append_new(nodes, n);
    json_array_append_new(nodes, mknode("y", NULL));
    json_array_append_new(links, mklink("x", "y", "met", NULL));
    json_object_set_new(json_array_get(links, 0), "relation", json_stringn_nocheck(bad, sizeof bad - 1));
    json_t *g = json_pack("{s:o, s:o}", "nodes", nodes, "links", links);
    int fmts[] = {NP_FORMAT_GRAPHML, NP_FORMAT_GEXF, NP_FORMAT_DOT};
    for (size_t i = 0; i < sizeof fmts / sizeof *fmts; i++) {
        char *s = written(g, fmts[i]);
        ck_assert_msg(valid_utf8(s),
                      "format %d wrote invalid UTF-8", fmts[i]);
        ck_assert_ptr_nonnull(strstr(s, "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c"));
        free(s);
    }
    json_decref(g);
}
END_TEST

/* The DOT label of a link whose relation is one character (an e with 400
 * combining accents) longer than the label's room: cut between code
 * points, valid UTF-8, ends with the ellipsis. */
START_TEST(test_dot_label_of_one_long_character)
{
    np_buf rel = {0};
    np_buf_addc(&rel, 'e');
    for (int i = 0; i < 400; i++)
        np_buf_adds(&rel, "\xCC\x81");
    json_t *g = json_pack("{s:[{s:s},{s:s}], s:[{s:s, s:s, s:s}]}", "nodes", "id", "a", "id", "b", "links", "source",
                          "a", "target", "b", "relation", rel.data);
    char *s = written(g, NP_FORMAT_DOT);
    ck_assert(valid_utf8(s));
    const char *label = strstr(s, "[label=\"");
    ck_assert_ptr_nonnull(label);
    label += strlen("[label=\"");
    const char *end = strchr(label, '"');
    size_t n = (size_t)(end - label);
    ck_assert_uint_le(n, 512);
    ck_assert_uint_ge(n, 510);
    ck_assert(!memcmp(end - 3, "\xE2\x80\xA6", 3));
    ck_assert(!memcmp(label, rel.data, n - 3));
    free(s);
    json_decref(g);
    np_buf_free(&rel);
}
END_TEST

/* The Cytoscape JSON keeps the graph's documents in its top-level data,
 * as one list: graph.documents as it is, graph.document as a list of one,
 * none as an empty list; the graph's other keys come along. */
START_TEST(test_cytoscape_documents)
{
    static const char *const graphs[] = {
        "{\"graph\": {\"generator\": \"x\", \"documents\": [{\"name\": \"a.txt\"}, {\"name\": \"b.txt\"}],"
        " \"errors\": {\"count\": 1}}, \"nodes\": [{\"id\": \"p\"}, {\"id\": \"q\"}],"
        " \"links\": [{\"source\": \"p\", \"target\": \"q\", \"evidence\": [{\"doc\": 1, \"sentence\": \"s\"}]}]}",
        "{\"graph\": {\"document\": {\"name\": \"-\"}}, \"nodes\": [], \"links\": []}",
        "{\"nodes\": [], \"links\": []}"};
    static const char *const want[] = {"[{\"name\": \"a.txt\"}, {\"name\": \"b.txt\"}]", "[{\"name\": \"-\"}]", "[]"};
    for (size_t i = 0; i < sizeof graphs / sizeof *graphs; i++) {
        json_t *g = json_loads(graphs[i], 0, NULL), *w = json_loads(want[i], 0, NULL);
        ck_assert_ptr_nonnull(g);
        char *s = written(g, NP_FORMAT_CYTOSCAPE);
        json_t *cy = json_loads(s, 0, NULL);
        ck_assert_ptr_nonnull(cy);
        const json_t *data = json_object_get(cy, "data");
        ck_assert_msg(json_equal(json_object_get(data, "documents"), w), "graph %zu: %s", i, s);
        ck_assert_str_eq(json_string_value(json_object_get(data, "name")), "nerpipe");
        ck_assert_ptr_null(json_object_get(data, "document"));
        if (i == 0) {
            ck_assert(json_equal(json_object_get(data, "errors"), json_object_get(json_object_get(g, "graph"), "errors")));
            const json_t *ev = json_object_get(
                json_object_get(json_array_get(json_object_get(json_object_get(cy, "elements"), "edges"), 0), "data"),
                "evidence_items");
            ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(ev, 0), "doc")), 1);
        }
        json_decref(cy);
        json_decref(w);
        json_decref(g);
        free(s);
    }
}
END_TEST

/* A graph of events for the event table and GeoJSON: labels and evidence
 * with commas, quotes, CR, LF, tabs, backslashes and non-ASCII text; a
 * meeting with a CAMEO code, a call without one, a visit that names no
 * place (its target is the place), a role (not an event), a meeting at a
 * place without coordinates and one at a place whose lat is out of range. */
static json_t *events_graph(void)
{
    static const char text[] =
        "{\"graph\": {\"document\": {\"name\": \"doc, one.txt\"}},"
        " \"nodes\": ["
        "  {\"id\": \"p:a\", \"label\": \"Ann \\\"A\\\", Jr.\", \"type\": \"person\", \"attributes\": {\"country\": \"XX\"}},"
        "  {\"id\": \"p:b\", \"label\": \"Bo\\tB\\nline\", \"type\": \"person\", \"country\": \"YY\"},"
        "  {\"id\": \"p:c\", \"label\": \"Cy\\rCR\", \"type\": \"person\"},"
        "  {\"id\": \"pl:x\", \"label\": \"Z\\u00fcrich, CH\", \"type\": \"place\", \"weight\": 3,"
        "   \"attributes\": {\"lat\": 47.37, \"lon\": 8, \"country\": \"CH\", \"subtype\": \"city\"}},"
        "  {\"id\": \"pl:y\", \"label\": \"Nowhere\", \"type\": \"place\"},"
        "  {\"id\": \"pl:z\", \"label\": \"Bad\", \"type\": \"place\", \"attributes\": {\"lat\": 91, \"lon\": 0}}],"
        " \"links\": ["
        "  {\"source\": \"p:a\", \"target\": \"p:b\", \"relation\": \"met\", \"place\": \"pl:x\", \"date\": \"2024-06-01\","
        "   \"status\": \"occurred\", \"cameo\": \"040\", \"rule\": \"r1\","
        "   \"evidence\": [{\"sentence\": \"He said \\\"yes\\\",\\r\\nthen C:\\\\x.\\tEnd \\u00fc\"}, {\"sentence\": \"second\"}]},"
        "  {\"source\": \"p:a\", \"target\": \"p:b\", \"relation\": \"called\", \"place\": null, \"date\": null,"
        "   \"status\": \"occurred\", \"rule\": \"r2\", \"evidence\": []},"
        "  {\"source\": \"p:a\", \"target\": \"pl:x\", \"relation\": \"visited\", \"status\": \"planned\", \"cameo\": \"042\"},"
        "  {\"source\": \"p:a\", \"target\": \"pl:y\", \"relation\": \"holds_role\"},"
        "  {\"source\": \"p:b\", \"target\": \"p:a\", \"relation\": \"met\", \"place\": {\"id\": \"pl:y\"}},"
        "  {\"source\": \"p:b\", \"target\": \"p:a\", \"relation\": \"met\", \"place\": \"pl:z\"},"
        "  {\"source\": \"p:c\", \"target\": \"p:a\", \"relation\": \"met\", \"rule\": \"x\\\\y\"}]}";
    json_error_t e;
    json_t *g = json_loads(text, 0, &e);
    ck_assert_msg(g != NULL, "events graph: %s", e.text);
    return g;
}

#define EVENT_HEADER                                                                                              \
    "date,source,source_label,source_country,target,target_label,target_country,relation,cameo,status,place,"     \
    "place_label,place_country,lat,lon,document,rule,evidence"

START_TEST(test_events_csv)
{
    json_t *g = events_graph();
    char *s = written(g, NP_FORMAT_EVENTS);
    static const char want[] =
        EVENT_HEADER "\r\n"
        "2024-06-01,p:a,\"Ann \"\"A\"\", Jr.\",XX,p:b,\"Bo\tB\nline\",YY,met,040,occurred,pl:x,\"Z\xC3\xBCrich, CH\",CH,"
        "47.37,8,\"doc, one.txt\",r1,\"He said \"\"yes\"\",\r\nthen C:\\x.\tEnd \xC3\xBC\"\r\n"
        ",p:a,\"Ann \"\"A\"\", Jr.\",XX,p:b,\"Bo\tB\nline\",YY,called,,occurred,,,,,,,r2,\r\n"
        ",p:a,\"Ann \"\"A\"\", Jr.\",XX,pl:x,\"Z\xC3\xBCrich, CH\",CH,visited,042,planned,pl:x,\"Z\xC3\xBCrich, CH\",CH,"
        "47.37,8,,,\r\n"
        ",p:b,\"Bo\tB\nline\",YY,p:a,\"Ann \"\"A\"\", Jr.\",XX,met,,,pl:y,Nowhere,,,,,,\r\n"
        ",p:b,\"Bo\tB\nline\",YY,p:a,\"Ann \"\"A\"\", Jr.\",XX,met,,,pl:z,Bad,,,,,,\r\n"
        ",p:c,\"Cy\rCR\",,p:a,\"Ann \"\"A\"\", Jr.\",XX,met,,,,,,,,,x\\y,\r\n";
    ck_assert_str_eq(s, want);
    free(s);
    json_decref(g);
}
END_TEST

START_TEST(test_events_tsv)
{
    json_t *g = events_graph();
    char *s = written(g, NP_FORMAT_EVENTS_TSV);
    static const char want[] =
        "date\tsource\tsource_label\tsource_country\ttarget\ttarget_label\ttarget_country\trelation\tcameo\tstatus\t"
        "place\tplace_label\tplace_country\tlat\tlon\tdocument\trule\tevidence\n"
        "2024-06-01\tp:a\tAnn \"A\", Jr.\tXX\tp:b\tBo\\tB\\nline\tYY\tmet\t040\toccurred\tpl:x\tZ\xC3\xBCrich, CH\tCH\t"
        "47.37\t8\tdoc, one.txt\tr1\tHe said \"yes\",\\r\\nthen C:\\\\x.\\tEnd \xC3\xBC\n"
        "\tp:a\tAnn \"A\", Jr.\tXX\tp:b\tBo\\tB\\nline\tYY\tcalled\t\toccurred\t\t\t\t\t\t\tr2\t\n"
        "\tp:a\tAnn \"A\", Jr.\tXX\tpl:x\tZ\xC3\xBCrich, CH\tCH\tvisited\t042\tplanned\tpl:x\tZ\xC3\xBCrich, CH\tCH\t"
        "47.37\t8\t\t\t\n"
        "\tp:b\tBo\\tB\\nline\tYY\tp:a\tAnn \"A\", Jr.\tXX\tmet\t\t\tpl:y\tNowhere\t\t\t\t\t\t\n"
        "\tp:b\tBo\\tB\\nline\tYY\tp:a\tAnn \"A\", Jr.\tXX\tmet\t\t\tpl:z\tBad\t\t\t\t\t\t\n"
        "\tp:c\tCy\\rCR\t\tp:a\tAnn \"A\", Jr.\tXX\tmet\t\t\t\t\t\t\t\t\tx\\\\y\t\n";
    ck_assert_str_eq(s, want);
    free(s);
    json_decref(g);
}
END_TEST

/* The evidence of a merged graph names its document by index into
 * graph.documents; an index out of range, or not a number, names none. */
START_TEST(test_events_documents)
{
    json_t *g = json_loads("{\"graph\": {\"documents\": [{\"name\": \"a.txt\"}, {\"id\": \"rec-7\"}]},"
                           " \"nodes\": [{\"id\": \"p\"}, {\"id\": \"q\"}], \"links\": ["
                           "{\"source\": \"p\", \"target\": \"q\", \"relation\": \"met\","
                           " \"evidence\": [{\"doc\": 1, \"sentence\": \"one\"}, {\"doc\": 0, \"sentence\": \"zero\"}]},"
                           "{\"source\": \"p\", \"target\": \"q\", \"relation\": \"met\", \"evidence\": [{\"doc\": 0}]},"
                           "{\"source\": \"p\", \"target\": \"q\", \"relation\": \"met\", \"evidence\": [{\"doc\": 2}]},"
                           "{\"source\": \"p\", \"target\": \"q\", \"relation\": \"met\", \"evidence\": [{\"doc\": -1}]},"
                           "{\"source\": \"p\", \"target\": \"q\", \"relation\": \"met\", \"evidence\": [{\"doc\": \"0\"}]},"
                           "{\"source\": \"p\", \"relation\": \"met\"}]}",
                           0, NULL);
    ck_assert_ptr_nonnull(g);
    char *s = written(g, NP_FORMAT_EVENTS);
    static const char want[] = EVENT_HEADER "\r\n"
                               ",p,p,,q,q,,met,,,,,,,,rec-7,,one\r\n"
                               ",p,p,,q,q,,met,,,,,,,,a.txt,,\r\n"
                               ",p,p,,q,q,,met,,,,,,,,,,\r\n"
                               ",p,p,,q,q,,met,,,,,,,,,,\r\n"
                               ",p,p,,q,q,,met,,,,,,,,,,\r\n";
    ck_assert_str_eq(s, want);
    free(s);
    json_decref(g);
}
END_TEST

/* Text that is not UTF-8 becomes U+FFFD in the table and the GeoJSON. */
START_TEST(test_events_not_utf8)
{
    static const char bad[] = "a\xED\xA0\x80" "b\x80" "c\xE7\x95";
    json_t *g = events_graph();
    json_object_set_new(json_array_get(json_object_get(g, "nodes"), 0), "label", json_stringn_nocheck(bad, sizeof bad - 1));
    int fmts[] = {NP_FORMAT_EVENTS, NP_FORMAT_EVENTS_TSV, NP_FORMAT_GEOJSON};
    for (size_t i = 0; i < sizeof fmts / sizeof *fmts; i++) {
        char *s = written(g, fmts[i]);
        ck_assert_msg(valid_utf8(s), "format %d wrote invalid UTF-8", fmts[i]);
        ck_assert_ptr_nonnull(strstr(s, "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c"));
        free(s);
    }
    json_decref(g);
}
END_TEST

START_TEST(test_geojson)
{
    json_t *g = events_graph();
    char *s = written(g, NP_FORMAT_GEOJSON);
    json_error_t e;
    json_t *fc = json_loads(s, 0, &e);
    ck_assert_msg(fc != NULL, "GeoJSON is not JSON: %s\n%s", e.text, s);
    ck_assert_str_eq(json_string_value(json_object_get(fc, "type")), "FeatureCollection");
    json_t *want = json_pack("{s:i, s:i, s:i, s:i, s:i}", "events", 6, "placed", 2, "unplaced", 4, "places", 1,
                             "places_unplaced", 2);
    const json_t *props = json_object_get(fc, "properties");
    const char *k;
    json_t *v;
    json_object_foreach(want, k, v) ck_assert_msg(json_equal(json_object_get(props, k), v), "properties.%s", k);
    json_decref(want);
    const json_t *fs = json_object_get(fc, "features");
    ck_assert_uint_eq(json_array_size(fs), 3);
    /* the meeting at pl:x, the visit to it, then the place itself */
    static const char *const kinds[] = {"event", "event", "place"};
    for (size_t i = 0; i < 3; i++) {
        const json_t *f = json_array_get(fs, i), *geom = json_object_get(f, "geometry");
        ck_assert_str_eq(json_string_value(json_object_get(f, "type")), "Feature");
        ck_assert_str_eq(json_string_value(json_object_get(geom, "type")), "Point");
        const json_t *c = json_object_get(geom, "coordinates");
        ck_assert_uint_eq(json_array_size(c), 2);
        ck_assert(json_number_value(json_array_get(c, 0)) == 8 && json_number_value(json_array_get(c, 1)) == 47.37);
        const json_t *p = json_object_get(f, "properties");
        ck_assert_str_eq(json_string_value(json_object_get(p, "kind")), kinds[i]);
        ck_assert(json_number_value(json_object_get(p, "lat")) == 47.37);
    }
    const json_t *p0 = json_object_get(json_array_get(fs, 0), "properties");
    ck_assert_str_eq(json_string_value(json_object_get(p0, "cameo")), "040");
    ck_assert_str_eq(json_string_value(json_object_get(p0, "source_label")), "Ann \"A\", Jr.");
    ck_assert_str_eq(json_string_value(json_object_get(p0, "document")), "doc, one.txt");
    ck_assert_str_eq(json_string_value(json_object_get(p0, "evidence")), "He said \"yes\",\r\nthen C:\\x.\tEnd \xC3\xBC");
    ck_assert(json_is_integer(json_object_get(p0, "lon")));
    const json_t *p1 = json_object_get(json_array_get(fs, 1), "properties");
    ck_assert_str_eq(json_string_value(json_object_get(p1, "relation")), "visited");
    ck_assert(json_is_null(json_object_get(p1, "date")) && json_is_null(json_object_get(p1, "evidence")));
    const json_t *p2 = json_object_get(json_array_get(fs, 2), "properties");
    ck_assert_str_eq(json_string_value(json_object_get(p2, "id")), "pl:x");
    ck_assert_str_eq(json_string_value(json_object_get(p2, "subtype")), "city");
    ck_assert_str_eq(json_string_value(json_object_get(p2, "country")), "CH");
    ck_assert_int_eq(json_integer_value(json_object_get(p2, "weight")), 3);
    ck_assert_int_eq(json_integer_value(json_object_get(p2, "events")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(p2, "mentions")), 0);
    json_decref(fc);
    free(s);
    json_decref(g);
}
END_TEST

/* A star of linked nodes n0 .. n(linked-1) around n0, and isolated nodes
 * without links i0 .. */
static json_t *star_graph(int linked, int isolated)
{
    json_t *nodes = json_array(), *links = json_array();
    char id[32];
    for (int i = 0; i < linked; i++) {
        snprintf(id, sizeof id, "n%d", i);
        json_array_append_new(nodes, mknode(id, NULL));
        if (i)
            json_array_append_new(links, mklink("n0", id, "met", NULL));
    }
    for (int i = 0; i < isolated; i++) {
        snprintf(id, sizeof id, "i%d", i);
        json_array_append_new(nodes, mknode(id, NULL));
    }
    return json_pack("{s:o, s:o}", "nodes", nodes, "links", links);
}

/* DOT leaves nodes without links out (and says how many) unless asked,
 * and gives a graph of more than 50 drawn nodes, or with nodes without
 * links drawn, sfdp's layout hints. */
START_TEST(test_dot_isolated_and_hints)
{
    static const char sfdp[] = "\n  graph [layout=sfdp, overlap=prism, splines=false, pack=true, "
                               "outputorder=edgesfirst, size=\"40,40\"];\n";
    static const char small[] = "\n  graph [overlap=false, splines=true];\n";
    json_t *g = star_graph(51, 2);
    char *s = written(g, NP_FORMAT_DOT);
    ck_assert_ptr_nonnull(strstr(s, "graph nerpipe {\n  // 2 nodes without links left out (--dot-isolated draws them)\n"));
    ck_assert_ptr_nonnull(strstr(s, sfdp));
    ck_assert_ptr_null(strstr(s, "\"i0\""));
    ck_assert_ptr_null(strstr(s, "\"i1\""));
    ck_assert_ptr_nonnull(strstr(s, "\n  \"n50\" ["));
    free(s);
    s = written_flags(g, NP_FORMAT_DOT, NP_WRITE_DOT_ISOLATED);
    ck_assert_ptr_null(strstr(s, "left out"));
    ck_assert_ptr_nonnull(strstr(s, "\n  \"i1\" ["));
    ck_assert_ptr_nonnull(strstr(s, sfdp));
    free(s);
    json_decref(g);
    /* 50 drawn nodes: a small graph, even with isolated ones drawn; one left out: singular */
    g = star_graph(50, 1);
    s = written(g, NP_FORMAT_DOT);
    ck_assert_ptr_nonnull(strstr(s, "\n  // 1 node without links left out (--dot-isolated draws them)\n"));
    ck_assert_ptr_nonnull(strstr(s, small));
    ck_assert_ptr_null(strstr(s, "sfdp"));
    free(s);
    s = written_flags(g, NP_FORMAT_DOT, NP_WRITE_DOT_ISOLATED);
    ck_assert_ptr_nonnull(strstr(s, sfdp));
    free(s);
    json_decref(g);
    /* a small graph: sfdp only when nodes without links are drawn */
    g = star_graph(3, 2);
    s = written_flags(g, NP_FORMAT_DOT, NP_WRITE_DOT_ISOLATED);
    ck_assert_ptr_nonnull(strstr(s, sfdp));
    free(s);
    json_decref(g);
    g = star_graph(3, 0);
    s = written_flags(g, NP_FORMAT_DOT, NP_WRITE_DOT_ISOLATED);
    ck_assert_ptr_nonnull(strstr(s, small));
    free(s);
    json_decref(g);
    /* nothing linked: an empty drawing that says why */
    g = star_graph(0, 3);
    s = written(g, NP_FORMAT_DOT);
    ck_assert_str_eq(s, "graph nerpipe {\n  // 3 nodes without links left out (--dot-isolated draws them)\n"
                        "  graph [overlap=false, splines=true];\n"
                        "  node [style=filled, fontname=\"Helvetica\"];\n"
                        "  edge [fontname=\"Helvetica\", fontsize=10];\n}\n");
    free(s);
    json_decref(g);
}
END_TEST

/* The names of the formats in messages are the ones the parser takes, in
 * the order of enum np_graph_format. */
START_TEST(test_format_names)
{
    char *names = np_xstrdup(np_graph_format_names());
    int n = 0;
    for (char *p = names, *tok; (tok = strtok(p, ", ")); p = NULL) {
        if (!strcmp(tok, "or"))
            continue;
        ck_assert_int_eq(np_graph_format_parse(tok), n);
        n++;
    }
    ck_assert_int_eq(n, NP_FORMAT_GEOJSON + 1);
    ck_assert_int_eq(np_graph_format_parse("events-tsv"), NP_FORMAT_EVENTS_TSV);
    ck_assert_int_eq(np_graph_format_parse("csv"), -1);
    free(names);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("formats");
    TCase *tc = tcase_create("formats");
    tcase_add_test(tc, test_graphml_weights);
    tcase_add_test(tc, test_gexf_and_dot_weights);
    tcase_add_test(tc, test_json_formats_keep_numbers);
    tcase_add_test(tc, test_not_utf8);
    tcase_add_test(tc, test_dot_label_of_one_long_character);
    tcase_add_test(tc, test_cytoscape_documents);
    tcase_add_test(tc, test_events_csv);
    tcase_add_test(tc, test_events_tsv);
    tcase_add_test(tc, test_events_documents);
    tcase_add_test(tc, test_events_not_utf8);
    tcase_add_test(tc, test_geojson);
    tcase_add_test(tc, test_dot_isolated_and_hints);
    tcase_add_test(tc, test_format_names);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
