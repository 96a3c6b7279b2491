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
 * label at a character boundary and ends it with an ellipsis.
 */
#include "formats.h"

#include "config.h"
#include "input.h"
#include "jsonw.h"

#include <jansson.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

int np_graph_format_parse(const char *name)
{
    static const char *const names[] = {"json", "cytoscape", "graphml", "gexf", "dot", "jgf"};
    return NP_STR_INDEX(name, names);
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

static void write_dot(const json_t *g, FILE *out)
{
    char buf[64];
    fputs("graph nerpipe {\n  graph [overlap=false, splines=true];\n"
          "  node [style=filled, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n",
          out);
    json_t *labels = labels_of(g);
    size_t i;
    const json_t *n;
    json_array_foreach(json_object_get(g, "nodes"), i, n) {
        const char *id = str(n, "id"), *type = str(n, "type");
        if (!id)
            continue;
        const char *shape = "ellipse", *color = "#dddddd";
        if (type && !strcmp(type, "person"))
            shape = "ellipse", color = "#9ecae1";
        else if (type && !strcmp(type, "place"))
            shape = "box", color = "#a1d99b";
        else if (type && !strcmp(type, "organization"))
            shape = "hexagon", color = "#fdd0a2";
        fputs("  ", out);
        dot_str(out, id);
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
    const json_t *l;
    json_array_foreach(links_of(g), i, l) {
        const char *s = ref_id(json_object_get(l, "source")), *t = ref_id(json_object_get(l, "target"));
        if (!s || !t)
            continue;
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
    fputs("}\n", out);
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

int np_write_graph(const json_t *g, int fmt, int pretty, FILE *out)
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
        write_dot(g, out);
        break;
    case NP_FORMAT_CYTOSCAPE:
        j = cytoscape_json(g);
        break;
    case NP_FORMAT_JGF:
        j = jgf_json(g);
        break;
    default:
        j = json_incref((json_t *)g);
        break;
    }
    if (j) {
        json_dumpf(j, out, pretty ? JSON_INDENT(2) : JSON_COMPACT);
        fputc('\n', out);
        json_decref(j);
    }
    return ferror(out) ? -1 : 0;
}
