/*
 * formats.c: writers of the graph formats of formats.h. Each reads the
 * same few attributes from the contract JSON: for nodes id, label, type,
 * subtype, role, country, weight and the number of mentions; for links
 * relation, place (id and label), date, status, title, rule, weight, the
 * number of evidence sentences, where place and date came from, and the
 * CAMEO code.
 *
 * What every writer keeps (README, "Formats for graph tools"): text reads
 * back as the JSON has it, except that XML 1.0 cannot hold C0 control
 * characters other than tab, newline and carriage return, nor U+FFFE and
 * U+FFFF, even as references: GraphML and GEXF write those as the six
 * characters \uXXXX. A weight is written as the number the JSON holds
 * (integers exactly, other numbers as the shortest text that reads back),
 * 1 when absent, and left out when it is not a number. DOT cuts a link's
 * label at a character boundary and ends it with an ellipsis, leaves out
 * the nodes without links unless asked, and gives a large graph layout
 * hints (sfdp, overlap removal, a size cap).
 *
 * The event data (README, "For analysts"): a row per met, visited or
 * called link, the columns of event_cols, from the link, its two nodes
 * and its place (ids, labels, countries, coordinates), and its first
 * evidence entry (document and sentence); as CSV (RFC 4180: CRLF, fields
 * quoted when they hold a comma, quote, CR or LF, quotes doubled), TSV
 * (LF; tab, newline, carriage return and backslash as \t, \n, \r, \\)
 * and GeoJSON (RFC 7946: a Point per placed event and per place with
 * coordinates, the events without coordinates counted).
 */
#include "formats.h"

#include "config.h"
#include "input.h"
#include "jsonw.h"

#include <jansson.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* In the order of enum np_graph_format; np_graph_format_names lists them
 * too (check_formats.c checks that the two agree). */
static const char *const format_names[] = {"json", "cytoscape", "graphml",    "gexf",   "dot",
                                           "jgf",  "events",    "events-tsv", "geojson"};

int np_graph_format_parse(const char *name)
{
    return NP_STR_INDEX(name, format_names);
}

const char *np_graph_format_names(void)
{
    return "json, cytoscape, graphml, gexf, dot, jgf, events, events-tsv or geojson";
}

/* ---- reading the contract ---- */

static const char *str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static const char *ref_id(const json_t *v)
{
    if (json_is_object(v))
        v = json_object_get(v, "id");
    return json_string_value(v);
}

static const json_t *links_of(const json_t *g)
{
    const json_t *l = json_object_get(g, "links");
    return l ? l : json_object_get(g, "edges");
}

/* A node attribute, from the node or its gazetteer attributes. */
static const char *node_attr(const json_t *n, const char *key)
{
    const char *s = str(n, key);
    return s ? s : str(json_object_get(n, "attributes"), key);
}

/* The weight of a node or link as text in buf: "1" when it has none, NULL
 * when it is not a number (a string, true, null, ...). */
static const char *weight_text(const json_t *o, char *buf, size_t cap)
{
    const json_t *w = json_object_get(o, "weight");
    if (!w)
        return "1";
    if (json_is_integer(w)) {
        snprintf(buf, cap, "%" JSON_INTEGER_FORMAT, json_integer_value(w));
        return buf;
    }
    if (json_is_real(w) && isfinite(json_real_value(w))) {
        np_double_text(buf, cap, json_real_value(w));
        return buf;
    }
    return NULL;
}

/* The weight as a JSON number (new reference), or NULL as weight_text. */
static json_t *weight_json(const json_t *o)
{
    const json_t *w = json_object_get(o, "weight");
    if (!w)
        return json_integer(1);
    if (json_is_integer(w) || (json_is_real(w) && isfinite(json_real_value(w))))
        return json_copy((json_t *)w);
    return NULL;
}

/* Node id -> label, so that a link's place is named in one lookup (the
 * caller frees it). */
static json_t *labels_of(const json_t *g)
{
    json_t *labels = json_object();
    size_t i;
    const json_t *n;
    json_array_foreach(json_object_get(g, "nodes"), i, n) if (str(n, "id") && str(n, "label"))
        json_object_set_new(labels, str(n, "id"), json_string(str(n, "label")));
    return labels;
}

static const char *node_label(const json_t *labels, const char *id)
{
    const char *label = json_string_value(json_object_get(labels, id));
    return label ? label : id;
}

typedef struct attr {
    const char *name, *type; /* type: string, double, int */
} attr;

static const attr node_attrs[] = {{"label", "string"},   {"type", "string"},  {"subtype", "string"},
                                  {"role", "string"},    {"country", "string"}, {"weight", "double"},
                                  {"mentions", "int"}};
static const attr link_attrs[] = {{"relation", "string"}, {"place", "string"},  {"place_label", "string"},
                                  {"date", "string"},     {"status", "string"}, {"title", "string"},
                                  {"rule", "string"},     {"weight", "double"}, {"evidence", "int"},
                                  {"place_from", "string"}, {"date_from", "string"}, {"cameo", "string"}};
#define NNODE_ATTRS (sizeof node_attrs / sizeof *node_attrs)
#define NLINK_ATTRS (sizeof link_attrs / sizeof *link_attrs)

/* The value of attribute i of node n (or link l) as text, or NULL when it
 * has none; labels from labels_of(). */
typedef const char *value_fn(const json_t *labels, const json_t *item, size_t i, char *buf, size_t cap);

static const char *node_value(const json_t *labels, const json_t *n, size_t i, char *buf, size_t cap)
{
    (void)labels;
    switch (i) {
    case 5:
        return weight_text(n, buf, cap);
    case 6:
        snprintf(buf, cap, "%zu", json_array_size(json_object_get(n, "mentions")));
        return buf;
    default:
        return node_attr(n, node_attrs[i].name);
    }
}

static const char *link_value(const json_t *labels, const json_t *l, size_t i, char *buf, size_t cap)
{
    switch (i) {
    case 1:
        return ref_id(json_object_get(l, "place"));
    case 2:
        return ref_id(json_object_get(l, "place")) ? node_label(labels, ref_id(json_object_get(l, "place"))) : NULL;
    case 7:
        return weight_text(l, buf, cap);
    case 8:
        snprintf(buf, cap, "%zu", json_array_size(json_object_get(l, "evidence")));
        return buf;
    default:
        return str(l, link_attrs[i].name);
    }
}

/* Attribute a of item, whose text node_value or link_value gave as v, as a
 * JSON value for the JSON-based formats (new reference): numbers as the
 * graph holds them. */
static json_t *attr_json(const attr *a, const json_t *item, const char *v)
{
    if (!strcmp(a->name, "weight"))
        return weight_json(item);
    if (!strcmp(a->type, "int"))
        return json_integer((json_int_t)strtoll(v, NULL, 10));
    return json_string(v);
}

/* ---- XML ---- */

/* Writes s as XML character data or attribute value: markup escaped; tab,
 * newline and carriage return as character references (which survive the
 * normalization of attribute values and line ends); the characters XML
 * 1.0 cannot hold (other C0 controls, U+FFFE, U+FFFF) as the text \uXXXX;
 * bytes that are not UTF-8 (the graph is, but this is its last line of
 * defence) as U+FFFD. */
static void xml_text(FILE *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p >= 0x20 && *p < 0x80 && !strchr("&<>\"'", *p)) {
            fputc(*p++, out);
            continue;
        }
        int32_t cp;
        long n = np_utf8_decode((const char *)p, (size_t)-1, &cp);
        if (n < 1) {
            fputs("\xEF\xBF\xBD", out);
            p++;
            continue;
        }
        switch (cp) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&apos;", out); break;
        case '\t': fputs("&#9;", out); break;
        case '\n': fputs("&#10;", out); break;
        case '\r': fputs("&#13;", out); break;
        default:
            if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF)
                fprintf(out, "\\u%04X", (unsigned)cp);
            else
                fwrite(p, 1, (size_t)n, out);
        }
        p += n;
    }
}

/* The attributes from first on of a node or link: as GraphML <data> when
 * key_prefix is set, else as GEXF <attvalue>. */
static void xml_values(FILE *out, const char *indent, const char *key_prefix, const json_t *labels,
                       const json_t *item, const attr *attrs, size_t nattrs, size_t first, value_fn *value)
{
    char buf[64];
    for (size_t a = first; a < nattrs; a++) {
        const char *v = value(labels, item, a, buf, sizeof buf);
        if (!v)
            continue;
        if (key_prefix)
            fprintf(out, "%s<data key=\"%s%s\">", indent, key_prefix, attrs[a].name);
        else
            fprintf(out, "%s<attvalue for=\"%zu\" value=\"", indent, a);
        xml_text(out, v);
        fputs(key_prefix ? "</data>\n" : "\"/>\n", out);
    }
}

static void write_graphml(const json_t *g, FILE *out)
{
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
          "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
          "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
          "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
          out);
    for (size_t i = 0; i < NNODE_ATTRS; i++)
        fprintf(out, "  <key id=\"n_%s\" for=\"node\" attr.name=\"%s\" attr.type=\"%s\"/>\n", node_attrs[i].name,
                node_attrs[i].name, node_attrs[i].type);
    for (size_t i = 0; i < NLINK_ATTRS; i++)
        fprintf(out, "  <key id=\"e_%s\" for=\"edge\" attr.name=\"%s\" attr.type=\"%s\"/>\n", link_attrs[i].name,
                link_attrs[i].name, link_attrs[i].type);
    fputs("  <graph id=\"nerpipe\" edgedefault=\"undirected\">\n", out);
    json_t *labels = labels_of(g);
    size_t i;
    const json_t *n;
    json_array_foreach(json_object_get(g, "nodes"), i, n) {
        if (!str(n, "id"))
            continue;
        fputs("    <node id=\"", out);
        xml_text(out, str(n, "id"));
        fputs("\">\n", out);
        xml_values(out, "      ", "n_", labels, n, node_attrs, NNODE_ATTRS, 0, node_value);
        fputs("    </node>\n", out);
    }
    const json_t *l;
    json_array_foreach(links_of(g), i, l) {
        const char *s = ref_id(json_object_get(l, "source")), *t = ref_id(json_object_get(l, "target"));
        if (!s || !t)
            continue;
        fprintf(out, "    <edge id=\"e%zu\" source=\"", i);
        xml_text(out, s);
        fputs("\" target=\"", out);
        xml_text(out, t);
        fputs("\">\n", out);
        xml_values(out, "      ", "e_", labels, l, link_attrs, NLINK_ATTRS, 0, link_value);
        fputs("    </edge>\n", out);
    }
    fputs("  </graph>\n</graphml>\n", out);
    json_decref(labels);
}

/* GEXF 1.2draft, the version networkx 2 (Debian's 2.8) reads besides
 * 1.1draft, and Gephi too. Everything written is in its schema: <meta>
 * with <creator>; a static, undirected <graph>; <attributes> of types
 * string, double and integer; nodes with id and label; edges with id,
 * source, target, label and weight; <attvalue> with for and value. */
static void write_gexf(const json_t *g, FILE *out)
{
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<gexf xmlns=\"http://www.gexf.net/1.2draft\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
          "xsi:schemaLocation=\"http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd\" "
          "version=\"1.2\">\n"
          "  <meta><creator>" PACKAGE_NAME " " PACKAGE_VERSION "</creator></meta>\n"
          "  <graph mode=\"static\" defaultedgetype=\"undirected\">\n"
          "    <attributes class=\"node\">\n",
          out);
    for (size_t i = 1; i < NNODE_ATTRS; i++) /* the label is the node's own */
        fprintf(out, "      <attribute id=\"%zu\" title=\"%s\" type=\"%s\"/>\n", i, node_attrs[i].name,
                !strcmp(node_attrs[i].type, "int") ? "integer" : node_attrs[i].type);
    fputs("    </attributes>\n    <attributes class=\"edge\">\n", out);
    for (size_t i = 0; i < NLINK_ATTRS; i++)
        fprintf(out, "      <attribute id=\"%zu\" title=\"%s\" type=\"%s\"/>\n", i, link_attrs[i].name,
                !strcmp(link_attrs[i].type, "int") ? "integer" : link_attrs[i].type);
    fputs("    </attributes>\n    <nodes>\n", out);
    json_t *labels = labels_of(g);
    size_t i;
    const json_t *n;
    json_array_foreach(json_object_get(g, "nodes"), i, n) {
        if (!str(n, "id"))
            continue;
        fputs("      <node id=\"", out);
        xml_text(out, str(n, "id"));
        fputs("\" label=\"", out);
        xml_text(out, str(n, "label") ? str(n, "label") : str(n, "id"));
        fputs("\">\n        <attvalues>\n", out);
        xml_values(out, "          ", NULL, labels, n, node_attrs, NNODE_ATTRS, 1, node_value);
        fputs("        </attvalues>\n      </node>\n", out);
    }
    fputs("    </nodes>\n    <edges>\n", out);
    const json_t *l;
    json_array_foreach(links_of(g), i, l) {
        const char *s = ref_id(json_object_get(l, "source")), *t = ref_id(json_object_get(l, "target"));
        if (!s || !t)
            continue;
        fprintf(out, "      <edge id=\"%zu\" source=\"", i);
        xml_text(out, s);
        fputs("\" target=\"", out);
        xml_text(out, t);
        fputs("\" label=\"", out);
        xml_text(out, str(l, "relation") ? str(l, "relation") : "");
        char wbuf[32];
        const char *weight = weight_text(l, wbuf, sizeof wbuf);
        if (weight)
            fprintf(out, "\" weight=\"%s", weight);
        fputs("\">\n        <attvalues>\n", out);
        xml_values(out, "          ", NULL, labels, l, link_attrs, NLINK_ATTRS, 0, link_value);
        fputs("        </attvalues>\n      </edge>\n", out);
    }
    fputs("    </edges>\n  </graph>\n</gexf>\n", out);
    json_decref(labels);
}

/* ---- DOT ---- */

/* Writes s as a DOT double-quoted string: quotes and backslashes escaped,
 * newlines as \n, other control characters as spaces, bytes that are not
 * UTF-8 as U+FFFD. */
static void dot_str(FILE *out, const char *s)
{
    fputc('"', out);
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\') {
            fputc(*p++, out);
            continue;
        }
        int32_t cp;
        long n = np_utf8_decode((const char *)p, (size_t)-1, &cp);
        if (n < 1) {
            fputs("\xEF\xBF\xBD", out);
            p++;
            continue;
        }
        if (cp == '"' || cp == '\\')
            fputc('\\', out), fputc((int)cp, out);
        else if (cp == '\n')
            fputs("\\n", out);
        else if (cp < 0x20)
            fputc(' ', out);
        else
            fwrite(p, 1, (size_t)n, out);
        p += n;
    }
    fputc('"', out);
}

/* The most bytes of a link's visible DOT label, the ellipsis included. */
#define NP_DOT_LABEL_MAX 512

/* Cuts b to at most max bytes when it is longer: at the last boundary of
 * a user-perceived character (an extended grapheme cluster: a letter and
 * its combining accents, an emoji and its modifiers or ZWJ sequence, a
 * flag) that leaves room for a closing U+2026 (…), which is added. A
 * single character longer than that is cut between code points. Invalid
 * UTF-8 counts byte by byte. */
static void cut_label(np_buf *b, size_t max)
{
    static const char ellipsis[] = "\xE2\x80\xA6";
    const size_t room = max - (sizeof ellipsis - 1);
    if (b->len <= max)
        return;
    b->len = np_utf8_cut(b->data, b->len, room);
    b->data[b->len] = '\0';
    np_buf_adds(b, ellipsis);
}

/* A graph of more nodes than this (or any graph whose nodes without links
 * are drawn) gets the layout hints of dot_header: sfdp, overlap removal,
 * packed components, a size cap. */
#define NP_DOT_LARGE 50

/* The ids of the nodes that some link names as its source or target (the
 * caller frees the object, whose values are null). */
static json_t *linked_ids(const json_t *g)
{
    json_t *ids = json_object();
    size_t i;
    const json_t *l;
    json_array_foreach(links_of(g), i, l) {
        const char *s = ref_id(json_object_get(l, "source")), *t = ref_id(json_object_get(l, "target"));
        if (s && t) {
            json_object_set_new(ids, s, json_null());
            json_object_set_new(ids, t, json_null());
        }
    }
    return ids;
}

/* Whether DOT draws node n: it has an id, and a link or isolated set. */
static int dot_draws(const json_t *n, const json_t *linked, int isolated)
{
    const char *id = str(n, "id");
    return id && (isolated || json_object_get(linked, id));
}

/* The graph's opening: the number of nodes left out (as a comment), and
 * for a graph of more than NP_DOT_LARGE nodes, or one with unlinked nodes
 * drawn (which dot's own layout puts in one row), the hints that keep it
 * legible: sfdp (a force-directed layout for large graphs, which the
 * layout attribute makes even `dot -Tpng` use) with overlap removal,
 * straight edges, the components packed together, edges drawn below the
 * nodes, and at most 40 by 40 inches (a larger drawing is scaled down). */
static void dot_header(FILE *out, size_t drawn, size_t left_out, size_t unlinked_drawn)
{
    fputs("graph nerpipe {\n", out);
    if (left_out)
        fprintf(out, "  // %zu node%s without links left out (--dot-isolated draws them)\n", left_out,
                left_out == 1 ? "" : "s");
    if (drawn > NP_DOT_LARGE || unlinked_drawn)
        fputs("  graph [layout=sfdp, overlap=prism, splines=false, pack=true, outputorder=edgesfirst, "
              "size=\"40,40\"];\n",
              out);
    else
        fputs("  graph [overlap=false, splines=true];\n", out);
    fputs("  node [style=filled, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n", out);
}

static void dot_node(FILE *out, const json_t *labels, const json_t *n)
{
    char buf[64];
    const char *type = str(n, "type");
    const char *shape = "ellipse", *color = "#dddddd";
    if (type && !strcmp(type, "person"))
        shape = "ellipse", color = "#9ecae1";
    else if (type && !strcmp(type, "place"))
        shape = "box", color = "#a1d99b";
    else if (type && !strcmp(type, "organization"))
        shape = "hexagon", color = "#fdd0a2";
    fputs("  ", out);
    dot_str(out, str(n, "id"));
    fprintf(out, " [shape=%s, fillcolor=\"%s\"", shape, color);
    for (size_t a = 0; a < NNODE_ATTRS; a++) {
        const char *v = node_value(labels, n, a, buf, sizeof buf);
        if (!v)
            continue;
        fprintf(out, ", %s=", node_attrs[a].name);
        dot_str(out, v);
    }
    fputs("];\n", out);
}

static void dot_link(FILE *out, const json_t *labels, const json_t *l, const char *s, const char *t)
{
    char buf[64];
    fputs("  ", out);
    dot_str(out, s);
    fputs(" -- ", out);
    dot_str(out, t);
    /* the visible label: relation, place, date */
    np_buf label = {0};
    const char *place = link_value(labels, l, 2, buf, sizeof buf), *date = str(l, "date");
    np_buf_adds(&label, str(l, "relation") ? str(l, "relation") : "");
    if (place)
        np_buf_addc(&label, '\n'), np_buf_adds(&label, place);
    if (date)
        np_buf_addc(&label, '\n'), np_buf_adds(&label, date);
    cut_label(&label, NP_DOT_LABEL_MAX);
    fputs(" [label=", out);
    dot_str(out, label.data ? label.data : "");
    np_buf_free(&label);
    if (str(l, "status") && !strcmp(str(l, "status"), "planned"))
        fputs(", style=dashed", out);
    for (size_t a = 0; a < NLINK_ATTRS; a++) {
        if (a == 2)
            continue;
        const char *v = link_value(labels, l, a, buf, sizeof buf);
        if (!v)
            continue;
        fprintf(out, ", %s=", !strcmp(link_attrs[a].name, "weight") ? "np_weight" : link_attrs[a].name);
        dot_str(out, v);
    }
    fputs("];\n", out);
}

/* DOT for Graphviz. Nodes without links are left out unless isolated is
 * set, so that a corpus's unlinked names do not make a strip of boxes. */
static void write_dot(const json_t *g, int isolated, FILE *out)
{
    json_t *labels = labels_of(g), *linked = linked_ids(g);
    size_t i, drawn = 0, left_out = 0, unlinked_drawn = 0;
    const json_t *n;
    json_array_foreach(json_object_get(g, "nodes"), i, n) {
        if (!str(n, "id"))
            continue;
        int has_link = json_object_get(linked, str(n, "id")) != NULL;
        drawn += has_link || isolated;
        left_out += !has_link && !isolated;
        unlinked_drawn += !has_link && isolated;
    }
    dot_header(out, drawn, left_out, unlinked_drawn);
    json_array_foreach(json_object_get(g, "nodes"), i, n) if (dot_draws(n, linked, isolated))
        dot_node(out, labels, n);
    const json_t *l;
    json_array_foreach(links_of(g), i, l) {
        const char *s = ref_id(json_object_get(l, "source")), *t = ref_id(json_object_get(l, "target"));
        if (s && t)
            dot_link(out, labels, l, s, t);
    }
    fputs("}\n", out);
    json_decref(linked);
    json_decref(labels);
}

/* ---- JSON-based formats ---- */

static json_t *maybe_str(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* The top-level data of the Cytoscape JSON (new reference): the keys of
 * the graph's own "graph" object, with its document or documents as one
 * list "documents", which evidence "doc" indices point into. */
static json_t *cytoscape_data(const json_t *g)
{
    const json_t *gr = json_object_get(g, "graph");
    json_t *data = json_object(), *docs = json_array();
    json_object_set_new(data, "name", json_string("nerpipe"));
    json_object_set_new(data, "generator", json_string(PACKAGE_NAME " " PACKAGE_VERSION));
    if (json_is_array(json_object_get(gr, "documents")))
        json_array_extend(docs, json_object_get(gr, "documents"));
    else if (json_object_get(gr, "document"))
        json_array_append(docs, json_object_get(gr, "document"));
    json_object_set_new(data, "documents", docs);
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)gr, k, v) if (!json_object_get(data, k) && strcmp(k, "document"))
        json_object_set(data, k, v);
    return data;
}

/* Cytoscape.js elements (also what Cytoscape desktop imports as .cyjs). */
static json_t *cytoscape_json(const json_t *g)
{
    char buf[64];
    json_t *labels = labels_of(g);
    json_t *nodes = json_array(), *edges = json_array();
    size_t i;
    const json_t *n;
    json_array_foreach(json_object_get(g, "nodes"), i, n) {
        if (!str(n, "id"))
            continue;
        json_t *data = json_object();
        json_object_set_new(data, "id", json_string(str(n, "id")));
        for (size_t a = 0; a < NNODE_ATTRS; a++) {
            const char *v = node_value(labels, n, a, buf, sizeof buf);
            if (!v)
                continue;
            json_object_set_new(data, node_attrs[a].name, attr_json(&node_attrs[a], n, v));
        }
        json_t *el = json_object();
        json_object_set_new(el, "data", data);
        json_array_append_new(nodes, el);
    }
    const json_t *l;
    json_array_foreach(links_of(g), i, l) {
        const char *s = ref_id(json_object_get(l, "source")), *t = ref_id(json_object_get(l, "target"));
        if (!s || !t)
            continue;
        json_t *data = json_object();
        char id[32];
        snprintf(id, sizeof id, "e%zu", i);
        json_object_set_new(data, "id", json_string(id));
        json_object_set_new(data, "source", json_string(s));
        json_object_set_new(data, "target", json_string(t));
        for (size_t a = 0; a < NLINK_ATTRS; a++) {
            const char *v = link_value(labels, l, a, buf, sizeof buf);
            if (!v)
                continue;
            json_object_set_new(data, link_attrs[a].name, attr_json(&link_attrs[a], l, v));
        }
        if (json_object_get(l, "evidence"))
            json_object_set(data, "evidence_items", json_object_get(l, "evidence"));
        json_t *el = json_object();
        json_object_set_new(el, "data", data);
        json_array_append_new(edges, el);
    }
    json_t *elements = json_object();
    json_object_set_new(elements, "nodes", nodes);
    json_object_set_new(elements, "edges", edges);
    json_t *out = json_object();
    json_object_set_new(out, "format_version", json_string("1.0"));
    json_object_set_new(out, "generated_by", json_string(PACKAGE_NAME " " PACKAGE_VERSION));
    json_object_set_new(out, "data", cytoscape_data(g));
    json_object_set_new(out, "elements", elements);
    json_decref(labels);
    return out;
}

/* JSON Graph Format v2: nodes keyed by id, metadata for the rest. */
static json_t *jgf_json(const json_t *g)
{
    char buf[64];
    json_t *labels = labels_of(g);
    json_t *nodes = json_object(), *edges = json_array();
    size_t i;
    const json_t *n;
    json_array_foreach(json_object_get(g, "nodes"), i, n) {
        if (!str(n, "id"))
            continue;
        json_t *node = json_object(), *meta = json_object();
        if (str(n, "label"))
            json_object_set_new(node, "label", json_string(str(n, "label")));
        for (size_t a = 1; a < NNODE_ATTRS; a++) {
            const char *v = node_value(labels, n, a, buf, sizeof buf);
            if (v)
                json_object_set_new(meta, node_attrs[a].name, attr_json(&node_attrs[a], n, v));
        }
        if (json_object_get(n, "aliases"))
            json_object_set(meta, "aliases", json_object_get(n, "aliases"));
        json_object_set_new(node, "metadata", meta);
        json_object_set_new(nodes, str(n, "id"), node);
    }
    const json_t *l;
    json_array_foreach(links_of(g), i, l) {
        const char *s = ref_id(json_object_get(l, "source")), *t = ref_id(json_object_get(l, "target"));
        if (!s || !t)
            continue;
        json_t *edge = json_object(), *meta = json_object();
        char id[32];
        snprintf(id, sizeof id, "e%zu", i);
        json_object_set_new(edge, "id", json_string(id));
        json_object_set_new(edge, "source", json_string(s));
        json_object_set_new(edge, "target", json_string(t));
        json_object_set_new(edge, "relation", maybe_str(str(l, "relation")));
        json_object_set_new(edge, "directed", json_false());
        for (size_t a = 1; a < NLINK_ATTRS; a++) {
            const char *v = link_value(labels, l, a, buf, sizeof buf);
            if (v)
                json_object_set_new(meta, link_attrs[a].name, attr_json(&link_attrs[a], l, v));
        }
        if (json_object_get(l, "evidence"))
            json_object_set(meta, "evidence_items", json_object_get(l, "evidence"));
        json_object_set_new(edge, "metadata", meta);
        json_array_append_new(edges, edge);
    }
    json_t *graph = json_object();
    json_object_set_new(graph, "id", json_string("nerpipe"));
    json_object_set_new(graph, "type", json_string("nerpipe"));
    json_object_set_new(graph, "label", json_string("people, places and organizations, and who met whom"));
    json_object_set_new(graph, "directed", json_false());
    json_t *meta = json_deep_copy(json_object_get(g, "graph"));
    json_object_set_new(graph, "metadata", json_is_object(meta) ? meta : json_object());
    if (!json_is_object(meta))
        json_decref(meta);
    json_object_set_new(graph, "nodes", nodes);
    json_object_set_new(graph, "edges", edges);
    json_t *out = json_object();
    json_object_set_new(out, "graph", graph);
    json_decref(labels);
    return out;
}

/* ---- event data: the event table (CSV, TSV) and GeoJSON ---- */

/* The columns of the event table, in order; GeoJSON's event properties
 * have the same names. */
enum {
    EV_DATE, EV_SOURCE, EV_SOURCE_LABEL, EV_SOURCE_COUNTRY, EV_TARGET, EV_TARGET_LABEL, EV_TARGET_COUNTRY,
    EV_RELATION, EV_CAMEO, EV_STATUS, EV_PLACE, EV_PLACE_LABEL, EV_PLACE_COUNTRY, EV_LAT, EV_LON, EV_DOCUMENT,
    EV_RULE, EV_EVIDENCE, NEV_COLS
};
static const char *const event_cols[NEV_COLS] = {
    "date",         "source",      "source_label", "source_country", "target",   "target_label",
    "target_country", "relation",  "cameo",        "status",         "place",    "place_label",
    "place_country", "lat",        "lon",          "document",       "rule",     "evidence"};

/* What every event row reads besides its link: the nodes by id (a new
 * object of borrowed nodes) and the graph's documents. */
typedef struct events_ctx {
    json_t *nodes;
    const json_t *docs; /* graph.documents, or NULL */
    const json_t *doc;  /* graph.document (a graph of one document), or NULL */
} events_ctx;

/* One row: v[c] the text of column c, NULL when empty; when placed, the
 * coordinates of the place as numbers too. */
typedef struct event_row {
    const char *v[NEV_COLS];
    const json_t *place; /* the place node, or NULL */
    int placed;
    double lat, lon;
    char lat_text[32], lon_text[32];
} event_row;

static void events_init(events_ctx *c, const json_t *g)
{
    c->nodes = json_object();
    size_t i;
    const json_t *n;
    json_array_foreach(json_object_get(g, "nodes"), i, n) {
        if (str(n, "id"))
            json_object_set(c->nodes, str(n, "id"), (json_t *)n);
    }
    const json_t *gr = json_object_get(g, "graph");
    c->docs = json_is_array(json_object_get(gr, "documents")) ? json_object_get(gr, "documents") : NULL;
    c->doc = json_is_object(json_object_get(gr, "document")) ? json_object_get(gr, "document") : NULL;
}

/* The links that are events: meetings, visits and calls. */
static int is_event(const json_t *l)
{
    const char *r = str(l, "relation");
    return r && ref_id(json_object_get(l, "source")) && ref_id(json_object_get(l, "target")) &&
           (!strcmp(r, "met") || !strcmp(r, "visited") || !strcmp(r, "called"));
}

/* Whether n is a place node with an id. */
static int is_place(const json_t *n)
{
    return str(n, "id") && str(n, "type") && !strcmp(str(n, "type"), "place");
}

/* Number attribute key of node n (on the node, else in its attributes)
 * into *v and as text (the integer, or the shortest text that reads
 * back); 0 when it is absent or not a finite number. */
static int node_number(const json_t *n, const char *key, double *v, char *text, size_t cap)
{
    const json_t *x = json_object_get(n, key);
    if (!x)
        x = json_object_get(json_object_get(n, "attributes"), key);
    if (json_is_integer(x)) {
        *v = (double)json_integer_value(x);
        snprintf(text, cap, "%" JSON_INTEGER_FORMAT, json_integer_value(x));
        return 1;
    }
    if (json_is_real(x) && isfinite(json_real_value(x))) {
        *v = json_real_value(x);
        np_double_text(text, cap, *v);
        return 1;
    }
    return 0;
}

/* Whether node n has coordinates: a lat from -90 to 90 and a lon from
 * -180 to 180 (WGS84 degrees, as the gazetteers give them). */
static int node_coords(const json_t *n, double *lat, double *lon, char *lat_text, char *lon_text, size_t cap)
{
    return n && node_number(n, "lat", lat, lat_text, cap) && node_number(n, "lon", lon, lon_text, cap) &&
           *lat >= -90 && *lat <= 90 && *lon >= -180 && *lon <= 180;
}

/* The document of evidence entry ev: graph.documents[doc], or the graph's
 * one document when ev names none. */
static const json_t *evidence_doc(const events_ctx *c, const json_t *ev)
{
    const json_t *d = json_object_get(ev, "doc");
    if (json_is_integer(d))
        return json_integer_value(d) >= 0 && c->docs ? json_array_get(c->docs, (size_t)json_integer_value(d)) : NULL;
    if (d)
        return NULL;
    if (c->doc)
        return c->doc;
    return c->docs && json_array_size(c->docs) == 1 ? json_array_get(c->docs, 0) : NULL;
}

/* Fills the id, label and country columns of node id from column col. */
static void event_node(const events_ctx *c, const char *id, event_row *r, int col)
{
    const json_t *n = json_object_get(c->nodes, id);
    r->v[col] = id;
    r->v[col + 1] = str(n, "label") ? str(n, "label") : id;
    r->v[col + 2] = n ? node_attr(n, "country") : NULL;
}

/* The row of event link l. The place is the link's, or for a visit that
 * names none the place visited (its target); document and evidence are
 * those of the first evidence entry. */
static void event_row_of(const events_ctx *c, const json_t *l, event_row *r)
{
    memset(r, 0, sizeof *r);
    const char *s = ref_id(json_object_get(l, "source")), *t = ref_id(json_object_get(l, "target"));
    r->v[EV_DATE] = str(l, "date");
    event_node(c, s, r, EV_SOURCE);
    event_node(c, t, r, EV_TARGET);
    r->v[EV_RELATION] = str(l, "relation");
    r->v[EV_CAMEO] = str(l, "cameo");
    r->v[EV_STATUS] = str(l, "status");
    const char *place = ref_id(json_object_get(l, "place"));
    if (!place && !strcmp(r->v[EV_RELATION], "visited") && is_place(json_object_get(c->nodes, t)))
        place = t;
    if (place) {
        event_node(c, place, r, EV_PLACE);
        r->place = json_object_get(c->nodes, place);
        r->placed = node_coords(r->place, &r->lat, &r->lon, r->lat_text, r->lon_text, sizeof r->lat_text);
        if (r->placed)
            r->v[EV_LAT] = r->lat_text, r->v[EV_LON] = r->lon_text;
    }
    const json_t *ev = json_array_get(json_object_get(l, "evidence"), 0);
    const json_t *doc = ev ? evidence_doc(c, ev) : NULL;
    r->v[EV_DOCUMENT] = str(doc, "name") ? str(doc, "name") : str(doc, "id");
    r->v[EV_RULE] = str(l, "rule");
    r->v[EV_EVIDENCE] = str(ev, "sentence");
}

/* Writes s with bytes that are not UTF-8 (the graph is, but this is the
 * last line of defence) as U+FFFD; in TSV, tab, newline, carriage return
 * and backslash as \t, \n, \r and \\; in CSV, quotes doubled. */
static void table_text(FILE *out, const char *s, int tsv)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p >= 0x80) {
            int32_t cp;
            long n = np_utf8_decode((const char *)p, (size_t)-1, &cp);
            if (n < 1)
                fputs("\xEF\xBF\xBD", out), n = 1;
            else
                fwrite(p, 1, (size_t)n, out);
            p += n;
            continue;
        }
        if (tsv && strchr("\t\n\r\\", *p))
            fputc('\\', out), fputc(*p == '\t' ? 't' : *p == '\n' ? 'n' : *p == '\r' ? 'r' : '\\', out);
        else if (!tsv && *p == '"')
            fputs("\"\"", out);
        else
            fputc(*p, out);
        p++;
    }
}

/* One field: in CSV (RFC 4180) quoted when it holds a comma, a quote, a
 * carriage return or a newline. */
static void table_field(FILE *out, const char *s, int tsv)
{
    int quote = !tsv && strpbrk(s, ",\"\r\n");
    if (quote)
        fputc('"', out);
    table_text(out, s, tsv);
    if (quote)
        fputc('"', out);
}

/* The event table: a header and a row per event link, in the graph's
 * order. CSV rows end with CRLF (RFC 4180), TSV rows with LF. */
static void write_events(const json_t *g, int tsv, FILE *out)
{
    const char *sep = tsv ? "\t" : ",", *end = tsv ? "\n" : "\r\n";
    for (size_t c = 0; c < NEV_COLS; c++)
        fputs(c ? sep : "", out), fputs(event_cols[c], out);
    fputs(end, out);
    events_ctx ctx;
    events_init(&ctx, g);
    size_t i;
    const json_t *l;
    json_array_foreach(links_of(g), i, l) {
        if (!is_event(l))
            continue;
        event_row r;
        event_row_of(&ctx, l, &r);
        for (size_t c = 0; c < NEV_COLS; c++) {
            if (c)
                fputs(sep, out);
            table_field(out, r.v[c] ? r.v[c] : "", tsv);
        }
        fputs(end, out);
    }
    json_decref(ctx.nodes);
}

/* A JSON string of text that may hold bytes that are not UTF-8 (written
 * as U+FFFD), or null for NULL. */
static void jw_text(np_jw *w, const char *s)
{
    if (!s) {
        np_jw_null(w);
        return;
    }
    np_buf b = {0};
    for (const char *p = s; *p;) {
        int32_t cp;
        long n = np_utf8_decode(p, (size_t)-1, &cp);
        if (n < 1)
            np_buf_adds(&b, "\xEF\xBF\xBD"), n = 1;
        else
            np_buf_add(&b, p, (size_t)n);
        p += n;
    }
    np_jw_str(w, b.data ? b.data : "", b.len);
    np_buf_free(&b);
}

/* A GeoJSON Point feature at lon, lat (RFC 7946's order), its properties
 * object left open for the caller. */
static void geo_feature(np_jw *w, double lat, double lon)
{
    np_jw_obj(w);
    np_jw_key(w, "type");
    np_jw_strz(w, "Feature");
    np_jw_key(w, "geometry");
    np_jw_obj(w);
    np_jw_key(w, "type");
    np_jw_strz(w, "Point");
    np_jw_key(w, "coordinates");
    np_jw_arr(w);
    np_jw_num(w, lon);
    np_jw_num(w, lat);
    np_jw_arr_end(w);
    np_jw_obj_end(w);
    np_jw_key(w, "properties");
    np_jw_obj(w);
}

/* The event's point: kind "event" and the columns of the table, lat and
 * lon as numbers, the rest strings or null. */
static void geo_event(np_jw *w, const event_row *r)
{
    geo_feature(w, r->lat, r->lon);
    np_jw_key(w, "kind");
    np_jw_strz(w, "event");
    for (size_t c = 0; c < NEV_COLS; c++) {
        np_jw_key(w, event_cols[c]);
        if (c == EV_LAT || c == EV_LON)
            np_jw_num(w, c == EV_LAT ? r->lat : r->lon);
        else
            jw_text(w, r->v[c]);
    }
    np_jw_obj_end(w);
    np_jw_obj_end(w);
}

/* A number as the graph holds it (integers exactly), for weights. */
static void jw_number(np_jw *w, const json_t *v)
{
    if (json_is_integer(v))
        np_jw_int(w, (long long)json_integer_value(v));
    else if (json_is_real(v) && isfinite(json_real_value(v)))
        np_jw_num(w, json_real_value(v));
    else
        np_jw_null(w);
}

/* A place's point: kind "place", its id, label, type, subtype, country,
 * weight (1 when absent, null when not a number), mentions, the number
 * of events placed there, lat and lon. */
static void geo_place(np_jw *w, const json_t *n, double lat, double lon, json_int_t events)
{
    static const char *const keys[] = {"id", "label", "type", "subtype", "country"};
    geo_feature(w, lat, lon);
    np_jw_key(w, "kind");
    np_jw_strz(w, "place");
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
        np_jw_key(w, keys[k]);
        jw_text(w, node_attr(n, keys[k]));
    }
    np_jw_key(w, "weight");
    if (json_object_get(n, "weight"))
        jw_number(w, json_object_get(n, "weight"));
    else
        np_jw_int(w, 1);
    np_jw_key(w, "mentions");
    np_jw_int(w, (long long)json_array_size(json_object_get(n, "mentions")));
    np_jw_key(w, "events");
    np_jw_int(w, (long long)events);
    np_jw_key(w, "lat");
    np_jw_num(w, lat);
    np_jw_key(w, "lon");
    np_jw_num(w, lon);
    np_jw_obj_end(w);
    np_jw_obj_end(w);
}

/* What the collection's properties count. */
typedef struct geo_counts {
    size_t events, placed, places, places_unplaced;
} geo_counts;

static void geo_properties(np_jw *w, const geo_counts *k)
{
    np_jw_key(w, "properties");
    np_jw_obj(w);
    np_jw_key(w, "generator");
    np_jw_strz(w, PACKAGE_NAME " " PACKAGE_VERSION);
    np_jw_key(w, "events");
    np_jw_int(w, (long long)k->events);
    np_jw_key(w, "placed");
    np_jw_int(w, (long long)k->placed);
    np_jw_key(w, "unplaced");
    np_jw_int(w, (long long)(k->events - k->placed));
    np_jw_key(w, "places");
    np_jw_int(w, (long long)k->places);
    np_jw_key(w, "places_unplaced");
    np_jw_int(w, (long long)k->places_unplaced);
    np_jw_obj_end(w);
}

/* GeoJSON (RFC 7946): a FeatureCollection of a Point per event link whose
 * place has coordinates, then a Point per place node that has them. The
 * collection's "properties" (a foreign member, which RFC 7946 allows)
 * count the events, those placed, those not ("unplaced": no place, or a
 * place without coordinates), the places drawn and those without
 * coordinates, so that nothing is left out unsaid. Returns -1 when a
 * write failed. */
static int write_geojson(const json_t *g, int pretty, FILE *out)
{
    events_ctx ctx;
    events_init(&ctx, g);
    json_t *at = json_object(); /* place id -> the number of events there */
    geo_counts k = {0};
    event_row r;
    size_t i;
    const json_t *l, *n;
    json_array_foreach(links_of(g), i, l) {
        if (!is_event(l))
            continue;
        event_row_of(&ctx, l, &r);
        k.events++;
        if (r.placed) {
            k.placed++;
            json_t *c = json_object_get(at, r.v[EV_PLACE]);
            json_object_set_new(at, r.v[EV_PLACE], json_integer(c ? json_integer_value(c) + 1 : 1));
        }
    }
    double lat, lon;
    char t1[32], t2[32];
    json_array_foreach(json_object_get(g, "nodes"), i, n) {
        if (!is_place(n))
            continue;
        if (node_coords(n, &lat, &lon, t1, t2, sizeof t1))
            k.places++;
        else
            k.places_unplaced++;
    }
    np_jw w;
    np_jw_init(&w, out, pretty);
    np_jw_obj(&w);
    np_jw_key(&w, "type");
    np_jw_strz(&w, "FeatureCollection");
    geo_properties(&w, &k);
    np_jw_key(&w, "features");
    np_jw_arr(&w);
    json_array_foreach(links_of(g), i, l) {
        if (!is_event(l))
            continue;
        event_row_of(&ctx, l, &r);
        if (r.placed)
            geo_event(&w, &r);
    }
    json_array_foreach(json_object_get(g, "nodes"), i, n) {
        if (is_place(n) && node_coords(n, &lat, &lon, t1, t2, sizeof t1))
            geo_place(&w, n, lat, lon, json_integer_value(json_object_get(at, str(n, "id"))));
    }
    np_jw_arr_end(&w);
    np_jw_obj_end(&w);
    np_jw_endline(&w);
    json_decref(at);
    json_decref(ctx.nodes);
    return np_jw_finish(&w);
}

int np_write_graph(const json_t *g, int fmt, int flags, FILE *out)
{
    json_t *j = NULL;
    switch (fmt) {
    case NP_FORMAT_GRAPHML:
        write_graphml(g, out);
        break;
    case NP_FORMAT_GEXF:
        write_gexf(g, out);
        break;
    case NP_FORMAT_DOT:
        write_dot(g, flags & NP_WRITE_DOT_ISOLATED, out);
        break;
    case NP_FORMAT_CYTOSCAPE:
        j = cytoscape_json(g);
        break;
    case NP_FORMAT_JGF:
        j = jgf_json(g);
        break;
    case NP_FORMAT_EVENTS:
    case NP_FORMAT_EVENTS_TSV:
        write_events(g, fmt == NP_FORMAT_EVENTS_TSV, out);
        break;
    case NP_FORMAT_GEOJSON:
        if (write_geojson(g, flags & NP_WRITE_PRETTY, out) < 0)
            return -1;
        break;
    default:
        j = json_incref((json_t *)g);
        break;
    }
    if (j) {
        json_dumpf(j, out, flags & NP_WRITE_PRETTY ? JSON_INDENT(2) : JSON_COMPACT);
        fputc('\n', out);
        json_decref(j);
    }
    return ferror(out) ? -1 : 0;
}
