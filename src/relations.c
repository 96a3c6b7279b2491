/*
 * relations.c: the relation stage (see relations.h).
 *
 * Per sentence it lays out what rules can stand on (rules.h): the entity
 * stage's mentions, widened over the titles, nationality, body and party
 * before a person ("Russian President Vladimir Putin", "Bank of Japan
 * Governor X", "a delegation led by X") and an appositive title after it;
 * references ("he", "the Russian leader", "his Japanese counterpart",
 * "the two presidents", "I" and "we" in a quotation) resolved by role,
 * nationality, recency and speaker; and dates. In the first lines the
 * dateline rules find the document's dateline. Each rule match becomes a
 * candidate link whose status (occurred, planned, recalled, or planned in
 * the past tense), place and date come from cues in the sentence, then
 * from the document (a participant's visit, the article's event, the
 * dateline, an arrival, the document date), each with where it came from
 * (place_from, date_from). Candidates that are denied, cancelled, wished
 * for or only letters are dropped with a reason; a meeting rule's match
 * that a phone or video cue makes a call becomes one (called, as the call
 * rules make: no place). Joined and listed rules add attendees to the
 * latest meeting, a party meeting or a list's host. Kept links of one
 * document merge when they agree, collecting their evidence; at the end
 * (np_relations_finish) the document's cancellations drop meetings and
 * what it says was held by video makes calls of them, event frames place
 * the meetings that name them, an undated, unplaced meeting joins the
 * pair's meeting of the story's days, and every meeting, visit and call
 * gets its CAMEO code (rules/relations/cameo.yaml) from what its rule
 * said, its status, and the countries of its people and place.
 *
 * The cue words are lists in rules/relations/ (YAML): cues.yaml names them
 * and rules/README.md says what each does.
 */
#include "relations.h"

#include "dates.h"
#include "gazetteer.h"
#include "rules.h"
#include "titles.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct visit_frame {
    uint32_t person, place;
    np_date date;
    uint8_t planned;
    uint32_t sent;
} visit_frame;

/* A summit, forum, visit or conference the text placed, by the noun that
 * named it: meetings whose sentence names the same noun happen there. */
typedef struct event_frame {
    uint32_t word;           /* vocabulary index + 1 of the event noun */
    uint32_t place;
    np_date date;
    uint8_t planned;
    uint32_t sent;
} event_frame;

struct np_relations_ctx {
    np_u64map by_key;        /* link_key() -> the first doc->links index + 1; then .next */
    visit_frame *visits;
    size_t nvisits, visits_cap;
    np_u64map latest_visit;  /* person << 1 | planned -> the latest such visit + 1 */
    uint32_t recent[16];     /* persons mentioned, most recent last */
    size_t nrecent;
    uint32_t subject;        /* first person of the last sentence that had one */
    uint32_t pair[2];        /* the last two people who met or were named together */
    int has_pair;
    size_t last_met;         /* the latest met link + 1, or 0 */
    uint32_t event_place;    /* where the latest visit, summit or talks the text places is, or NP_NONE */
    np_date event_date;
    int event_planned;
    uint32_t event_sent;
    uint32_t last_met_sent;
    uint32_t last_met_subject; /* the first capture (a) of the latest meeting's rule: its subject */
    uint32_t met_origin;     /* the sentence of the latest meeting that no joined rule made */
    /* a listed rule's host ("X received in audience:"), whose guests are
     * the people of the list items that follow it, line by line */
    uint32_t list_host;      /* NP_NONE when no list is open */
    uint32_t list_sent;      /* the sentence of the lead or of the latest item */
    uint32_t list_place;     /* the lead's place, date, status and rule */
    np_date list_date;
    int list_planned;
    int list_colon;          /* the lead ended in a colon: only bulleted items follow */
    const char *list_rule;
    np_cameo_choice list_cameo; /* the lead rule's CAMEO choice ("host": the guests visit the host) */
    /* "The Anglican Church paid a courtesy call on the King": a meeting
     * whose one side is a body; its members, named later ("The Archbishop
     * led the delegation", "supported by A and B"), meet the host */
    uint32_t party_host;     /* NP_NONE when none is open */
    uint32_t party_sent, party_place;
    np_date party_date;
    int party_planned;
    const char *party_place_from, *party_date_from;
    np_cameo_choice party_cameo; /* the rule's CAMEO choice ("visit": the members visit the host) */
    /* "Boric arrived on Tuesday night in the Mexican capital": the latest
     * arrival the text dated, for "Upon his arrival, he was received by" */
    uint32_t arrival_person, arrival_sent;
    np_date arrival_date;
    event_frame *frames;     /* every event the text placed ("the G20 Summit in Buenos Aires") */
    size_t nframes, frames_cap;
    uint32_t *cancelled;     /* people named in a sentence that cancels or postpones something */
    size_t ncancelled, cancelled_cap;
};

enum { DATELINE_SENTENCES = 12 }; /* the first lines, where a dateline may stand */
enum { FRAME_REACH = 8 };         /* sentences over which "the ceremony" names a meeting */

/* A mention of the segment with the keys it is ordered by. */
typedef struct ment_order {
    uint32_t sent, tb, k;
} ment_order;

/* One sentence's working state. */
typedef struct sent_work {
    const np_model *m;
    np_doc *doc;
    struct np_relations_ctx *st;
    np_jw *trace;              /* the --stage=relations writer, or NULL */
    size_t sb, se;
    uint32_t sent;             /* document sentence index */
    np_rmention *rm;
    size_t nrm, rm_cap;
    uint32_t *start_at;
    size_t start_cap;
    np_date_span dates[16];
    size_t ndates;
    uint32_t groups[8][2];
    size_t ngroups;
    int met_here;              /* a meeting was kept in this sentence */
    int has_person;            /* the sentence names a person (a mention or a reference) */
    const ment_order *order;   /* the segment's mentions by sentence and position */
    size_t norder;
    np_date docdate;
    const np_plist *l_members, *l_not_call, *l_call_word, *l_visit_call;
    const np_plist *l_planned, *l_planned_adj, *l_neg, *l_call, *l_place, *l_pron, *l_group, *l_counter, *l_barrier, *l_place_stop, *l_modifier, *l_clause, *l_meeting_ref, *l_planned_after, *l_hypo, *l_event, *l_here, *l_gathering, *l_party, *l_neg_after, *l_unrealized, *l_cancel, *l_call_mode, *l_separately, *l_recalled, *l_arrival, *l_upon_arrival;
} sent_work;

np_relations_ctx *np_relations_begin(void)
{
    np_relations_ctx *rel = np_xcalloc(1, sizeof *rel);
    rel->event_place = NP_NONE;
    rel->subject = NP_NONE;
    rel->list_host = NP_NONE;
    rel->party_host = NP_NONE;
    rel->arrival_person = NP_NONE;
    return rel;
}

void np_relations_end(np_relations_ctx *rel)
{
    if (!rel)
        return;
    np_u64map_free(&rel->by_key);
    np_u64map_free(&rel->latest_visit);
    free(rel->visits);
    free(rel->cancelled);
    free(rel->frames);
    free(rel);
}

/* ---- facts about entities ---- */

static const char *entity_country(const np_model *m, const np_entity *e)
{
    if (e->country[0])
        return e->country;
    if (e->gz >= 0)
        return m->gaz->entries[e->gz].country;
    return "";
}

static const char *entity_subtype(const np_model *m, const np_entity *e)
{
    if (e->gz >= 0 && m->gaz->entries[e->gz].subtype)
        return np_model_str(m, m->gaz->entries[e->gz].subtype);
    return e->subtype ? e->subtype : "";
}

/* Organizations that are also where meetings happen: the White House,
 * the Kremlin, a parliament. */
static int org_is_site(const np_model *m, const np_entity *e)
{
    static const char *const sites[] = {"presidential office", "building", "legislature", "palace", "residence",
                                        "government office", NULL};
    const char *st = entity_subtype(m, e);
    for (int k = 0; sites[k]; k++)
        if (!strcmp(st, sites[k]))
            return 1;
    return 0;
}

/* Are these people of known and different countries (a meeting across
 * delegations rather than within one)? */
static int other_countries(const np_model *m, const np_doc *doc, uint32_t x, uint32_t y)
{
    const char *cx = entity_country(m, &doc->ents[x]), *cy = entity_country(m, &doc->ents[y]);
    return cx[0] && cy[0] && strcmp(cx, cy);
}

/* How specific a place is: buildings before cities before regions before
 * countries. */
static int place_rank(const np_model *m, const np_entity *e)
{
    const char *st = entity_subtype(m, e);
    if (e->type == NP_ORG)
        return 5; /* the White House, the Kremlin: a building as much as a body */
    static const struct {
        const char *subtype;
        int rank;
    } ranks[] = {{"building", 6}, {"site", 6}, {"resort", 5}, {"town", 5}, {"city", 4}, {"subdivision", 3},
                 {"island", 3},   {"disputed", 3}, {"region", 2}, {"archipelago", 2}, {"country", 1},
                 {"territory", 1}, {"continent", 0}, {"sea", 0}, {"ocean", 0}};
    for (size_t i = 0; i < sizeof ranks / sizeof *ranks; i++)
        if (!strcmp(st, ranks[i].subtype))
            return ranks[i].rank;
    return 2;
}

/* Is place a inside place b (by the gazetteer's located_in chain)? */
static int place_within(const np_model *m, const np_doc *doc, uint32_t a, uint32_t b)
{
    const np_entity *ea = &doc->ents[a], *eb = &doc->ents[b];
    if (ea->gz < 0 || eb->gz < 0)
        return 0;
    uint32_t cur = (uint32_t)ea->gz;
    for (int depth = 0; depth < 8; depth++) {
        long up = np_gazetteer_ref(m->gaz, m->gaz->entries[cur].located_in);
        if (up < 0)
            break;
        if (up == eb->gz)
            return 1;
        cur = (uint32_t)up;
    }
    /* a country contains what has its country code */
    const np_gz_entry *gb = &m->gaz->entries[eb->gz];
    return gb->subtype && !strcmp(np_model_str(m, gb->subtype), "country") && gb->country[0] &&
           !strcmp(m->gaz->entries[ea->gz].country, gb->country) && ea->gz != eb->gz;
}

/* The class of the title whose role is named role, or -1. */
static int title_class(const np_model *m, const char *role)
{
    for (size_t i = 0; i < m->titles->n; i++)
        if (!strcmp(np_model_str(m, m->titles->items[i].role), role))
            return m->titles->items[i].cls;
    return -1;
}

/* Does person e hold a role like title (class leader matches any leader)? */
static int person_has_title(const np_model *m, const np_entity *e, const np_title *t)
{
    const char *want = np_model_str(m, t->role);
    if (e->role && !strcmp(e->role, want))
        return 1;
    /* "the leader", "the head of state": any leading role will do */
    int leader = t->cls == NP_TC_LEADER &&
                 (!strcmp(want, "leader") || !strcmp(want, "head of state") || !strcmp(want, "head of government"));
    if (e->role && leader && (title_class(m, e->role) == NP_TC_LEADER || title_class(m, e->role) == NP_TC_ROYAL))
        return 1;
    /* "the minister": any minister ("foreign minister", "finance minister") */
    int minister = t->cls == NP_TC_MINISTER && !strcmp(want, "minister");
    if (e->role && minister && title_class(m, e->role) == NP_TC_MINISTER)
        return 1;
    if (e->gz < 0)
        return 0;
    const np_gz_entry *g = &m->gaz->entries[e->gz];
    for (uint32_t r = 0; r < g->nroles; r++) {
        const char *title = np_model_str(m, m->gaz->roles[g->roles + r].title);
        if (!strcmp(title, want))
            return 1;
        if (leader && (title_class(m, title) == NP_TC_LEADER || title_class(m, title) == NP_TC_ROYAL))
            return 1;
        if (minister && title_class(m, title) == NP_TC_MINISTER)
            return 1;
        if (!strcmp(want, "foreign minister") && !strcmp(title, "secretary of state"))
            return 1;
    }
    return 0;
}

/* "the two presidents", "both foreign ministers": the two people named
 * most recently who hold the title the phrase [b, e) names (0 when it
 * names none or fewer than two hold it). */
static size_t group_by_title(const sent_work *sw, size_t b, size_t e, uint32_t two[2])
{
    uint32_t ti = NP_NONE;
    for (size_t t = b; t < e && ti == NP_NONE; t++)
        if (!np_title_at(sw->m->titles, sw->doc, t, e, &ti))
            ti = NP_NONE;
    if (ti == NP_NONE)
        return 0;
    const np_title *title = &sw->m->titles->items[ti];
    size_t n = 0;
    const struct np_relations_ctx *st = sw->st;
    for (size_t k = st->nrecent; k-- > 0 && n < 2;)
        if (person_has_title(sw->m, &sw->doc->ents[st->recent[k]], title))
            two[n++] = st->recent[k];
    return n == 2 ? 2 : 0;
}

/* ---- tokens ---- */

static int in_list(const np_plist *l, const np_doc *doc, size_t i, size_t end)
{
    return l && i < end && np_list_at(l, doc, i, end) > 0;
}

/* The country of a demonym of tokens [i, e) ("Russian", "Sri Lankan"), or NULL. */
static const char *demonym_span(const np_model *m, const np_doc *doc, size_t i, size_t e)
{
    if (!(doc->toks[i].flags & NP_TF_CAP) || !(doc->toks[i].lex & NP_LEX_NAME_FIRST))
        return NULL;
    uint32_t node = 0;
    for (size_t k = i; k < e; k++) {
        const np_token *t = &doc->toks[k];
        long child = t->vocab ? np_trie_child(&m->gaz->names, node, t->vocab - 1) : -1;
        if (child < 0)
            return NULL;
        node = (uint32_t)child;
    }
    size_t n;
    const uint32_t *vals = np_trie_values(&m->gaz->names, node, &n);
    for (size_t k = 0; k < n; k++) {
        const np_gz_cand *c = np_gazetteer_cand(m->gaz, vals[k]);
        if (c && c->flags & NP_GC_DEMONYM && np_gazetteer_entry_ok(m->gaz, c->entry))
            return m->gaz->entries[c->entry].country;
    }
    return NULL;
}

/* A demonym of one to three tokens ending right before token e, not
 * before floor: its first token, or e when there is none. */
static size_t demonym_before(const np_model *m, const np_doc *doc, size_t floor, size_t e, const char **cc)
{
    for (size_t len = 1; len <= 3 && len <= e - floor; len++) {
        const char *c = demonym_span(m, doc, e - len, e);
        if (c) {
            if (cc)
                *cc = c;
            return e - len;
        }
    }
    return e;
}

/* A demonym starting at token i: its length, or 0. */
static size_t demonym_after(const np_model *m, const np_doc *doc, size_t i, size_t end, const char **cc)
{
    for (size_t len = 3; len >= 1; len--)
        if (i + len <= end) {
            const char *c = demonym_span(m, doc, i, i + len);
            if (c) {
                if (cc)
                    *cc = c;
                return len;
            }
        }
    return 0;
}

/* ---- references ---- */

static void recent_push(struct np_relations_ctx *st, uint32_t e)
{
    for (size_t i = 0; i < st->nrecent; i++)
        if (st->recent[i] == e) {
            memmove(st->recent + i, st->recent + i + 1, (st->nrecent - i - 1) * sizeof *st->recent);
            st->nrecent--;
            break;
        }
    if (st->nrecent == sizeof st->recent / sizeof *st->recent) {
        memmove(st->recent, st->recent + 1, (st->nrecent - 1) * sizeof *st->recent);
        st->nrecent--;
    }
    st->recent[st->nrecent++] = e;
}

/* The most recent person (this sentence before token i first, then the
 * document) that fits title t and country cc, other than not. */
static uint32_t resolve_role(sent_work *sw, size_t i, const np_title *t, const char *cc, uint32_t not)
{
    for (size_t k = sw->nrm; k-- > 0;) {
        const np_rmention *r = &sw->rm[k];
        if (r->type != NP_RM_PERSON || r->tb >= i || r->ref == not)
            continue;
        const np_entity *e = &sw->doc->ents[r->ref];
        if ((!cc || !strcmp(entity_country(sw->m, e), cc)) && (!t || person_has_title(sw->m, e, t)))
            return r->ref;
    }
    for (size_t k = sw->st->nrecent; k-- > 0;) {
        uint32_t p = sw->st->recent[k];
        if (p == not)
            continue;
        const np_entity *e = &sw->doc->ents[p];
        if ((!cc || !strcmp(entity_country(sw->m, e), cc)) && (!t || person_has_title(sw->m, e, t)))
            return p;
    }
    return NP_NONE;
}

/* The sentence's subject so far: its first person before token i, else
 * the subject of the last sentence that named someone. */
static uint32_t subject_before(const sent_work *sw, size_t i)
{
    for (size_t k = 0; k < sw->nrm; k++)
        if (sw->rm[k].type == NP_RM_PERSON && sw->rm[k].tb < i)
            return sw->rm[k].ref;
    return sw->st->subject;
}

static void rm_add(sent_work *sw, uint32_t tb, uint32_t te, uint32_t ref, int type)
{
    NP_GROW(sw->rm, sw->rm_cap, sw->nrm + 1);
    sw->rm[sw->nrm].tb = tb;
    sw->rm[sw->nrm].te = te;
    sw->rm[sw->nrm].ref = ref;
    sw->rm[sw->nrm].type = (uint8_t)type;
    sw->rm[sw->nrm].is_ref = 0;
    sw->rm[sw->nrm].title_tb = tb;
    sw->rm[sw->nrm].of_org = NP_NONE;
    sw->nrm++;
}

static int covered_by_person(const sent_work *sw, uint32_t tb)
{
    for (size_t k = 0; k < sw->nrm; k++)
        if (sw->rm[k].type == NP_RM_PERSON && sw->rm[k].tb <= tb && tb < sw->rm[k].te)
            return 1;
    return 0;
}

static int is_determiner(const np_doc *doc, size_t i)
{
    static const char *const dets[] = {"the", "his", "her", "their", "its", "our", "my", "your", NULL};
    for (int k = 0; dets[k]; k++)
        if (np_tok_key_is(doc, &doc->toks[i], dets[k]))
            return 1;
    return 0;
}

/* Extends t0 leftwards over modifiers, a nationality and a determiner:
 * "the former Russian", "Japan's". */
static size_t widen_prefix(sent_work *sw, size_t t0, size_t floor)
{
    const np_doc *doc = sw->doc;
    int took_body = 0;
    for (;;) {
        if (t0 > floor && in_list(sw->l_modifier, doc, t0 - 1, t0)) {
            t0--;
            continue;
        }
        size_t d = demonym_before(sw->m, doc, floor, t0, NULL);
        if (d < t0) {
            t0 = d;
            continue;
        }
        /* "his PNG counterpart Prime Minister", "U.S. Secretary of State" */
        int took = 0;
        for (size_t back = 1; back <= 2 && back <= t0 - floor && !took; back++)
            if (sw->l_counter && np_list_at(sw->l_counter, doc, t0 - back, t0) == back) {
                t0 -= back;
                took = 1;
            }
        /* a place or an organization the title is of: "U.S. Ambassador",
         * "Moscow Mayor", "Bank of Japan Governor", "IOC member" */
        for (size_t k = 0; k < sw->nrm && !took; k++) {
            const np_rmention *r = &sw->rm[k];
            /* ending where the title starts, or inside it ("Green Party"
             * before the title "party leader") */
            if ((r->type != NP_RM_PLACE && r->type != NP_RM_ORG) || r->tb >= t0 || r->te < t0 || r->tb < floor)
                continue;
            /* a country always; another place or a body once, and not
             * after a place cue ("received at Al Shati Palace Senator X") */
            int country = r->type == NP_RM_PLACE && !strcmp(entity_subtype(sw->m, &sw->doc->ents[r->ref]), "country");
            int after_prep = r->tb > floor && in_list(sw->l_place, doc, r->tb - 1, r->tb);
            if (country || (!took_body && !after_prep)) {
                took_body |= !country;
                t0 = r->tb;
                took = 1;
            }
        }
        if (took)
            continue;
        /* "Japan's", "Australia's": a country and a possessive */
        if (t0 >= floor + 2 && (doc->toks[t0 - 1].flags & NP_TF_POSS)) {
            size_t k = t0 - 1;
            while (k > floor && (doc->toks[k - 1].flags & NP_TF_CAP) && !covered_by_person(sw, (uint32_t)(k - 1)) &&
                   t0 - k < 4)
                k--;
            if (k < t0 - 1 && !covered_by_person(sw, (uint32_t)k)) {
                t0 = k;
                continue;
            }
        }
        break;
    }
    /* "Brazil's leftist President", "the visiting Chinese Premier": up to
     * two lowercase words after a possessive, one after a determiner */
    for (size_t k = 1; k <= 2 && t0 >= floor + k + 1; k++) {
        const np_token *t = &doc->toks[t0 - k];
        if (!(t->flags & NP_TF_LOWER) || (t->lex & NP_LEX_FUNCTION) || t->kind != NP_TOK_WORD)
            break;
        const np_token *d = &doc->toks[t0 - k - 1];
        /* after a determiner one word only: "the visiting Premier", not
         * "The delegation comprised Chairman"; after a nationality too:
         * "Argentine trade envoy" */
        size_t dem = demonym_before(sw->m, doc, floor, t0 - k, NULL);
        if ((d->flags & NP_TF_POSS) || dem < t0 - k || (k == 1 && is_determiner(doc, t0 - k - 1))) {
            t0 -= k;
            if ((d->flags & NP_TF_POSS) || dem < t0)
                return widen_prefix(sw, t0, floor);
            break;
        }
    }
    if (t0 > floor && is_determiner(doc, t0 - 1))
        t0--;
    return t0;
}

/* A title phrase with its complement ("Secretary of State", "ambassador to
 * China", "undersecretary for Latin America and the Caribbean") that ends
 * right before token e: its first token, or e. */
static size_t title_before(sent_work *sw, size_t floor, size_t e)
{
    const np_doc *doc = sw->doc;
    size_t lo = e > floor + 16 ? e - 16 : floor;
    for (size_t k = lo; k < e; k++) {
        uint32_t title;
        size_t len = np_title_at(sw->m->titles, doc, k, e, &title);
        if (!len)
            continue;
        size_t j = k + len;
        int ok = 1;
        for (size_t q = j; q < e && ok; q++) {
            const np_token *t = &doc->toks[q];
            /* a second title joined to the first: "Prime Minister and
             * member of the Truce Centre", "President of X and IOC member" */
            uint32_t t2;
            size_t len2 = q > j && np_tok_key_is(doc, &doc->toks[q - 1], "and")
                              ? np_title_at(sw->m->titles, doc, q, e, &t2)
                              : 0;
            if (len2 && !covered_by_person(sw, (uint32_t)q)) {
                q += len2 - 1;
                continue;
            }
            ok = !covered_by_person(sw, (uint32_t)q) &&
                 ((t->flags & NP_TF_CAP) || (t->flags & NP_TF_POSS) || np_tok_key_is(doc, t, "of") ||
                  np_tok_key_is(doc, t, "for") || np_tok_key_is(doc, t, "to") || np_tok_key_is(doc, t, "the") ||
                  np_tok_key_is(doc, t, "and") || np_tok_key_is(doc, t, "in"));
        }
        /* the complement starts with of/for/to/in or "and" another title,
         * or there is none */
        uint32_t t2;
        int joined = j + 1 < e && np_tok_key_is(doc, &doc->toks[j], "and") && np_title_at(sw->m->titles, doc, j + 1, e, &t2);
        if (ok && (j == e || joined || np_tok_key_is(doc, &doc->toks[j], "of") || np_tok_key_is(doc, &doc->toks[j], "for") ||
                   np_tok_key_is(doc, &doc->toks[j], "to") || np_tok_key_is(doc, &doc->toks[j], "in")))
            return k;
    }
    return e;
}

/* Widens a person mention at tb over what introduces it: "Russian Foreign
 * Minister", "his Japanese counterpart", "former President", and an
 * appositive title before a comma ("the Mexican ambassador to Chile,"). */
/* Is token t inside one of the sentence's mentions? */
static int in_mention(const sent_work *sw, size_t t)
{
    for (size_t q = 0; q < sw->nrm; q++)
        if (sw->rm[q].tb <= t && t < sw->rm[q].te)
            return 1;
    return 0;
}

/* "Health and Population Minister", "Trade Secretary": up to four
 * capitalized words right before a title that name no entity and are no
 * function words, with "and" or "&" between them, are its portfolio. */
static size_t widen_portfolio(const sent_work *sw, size_t t0, size_t floor)
{
    const np_doc *doc = sw->doc;
    size_t b = t0;
    while (b > floor && t0 - b < 4) {
        const np_token *t = &doc->toks[b - 1];
        int joiner = (np_tok_key_is(doc, t, "and") || np_tok_key_is(doc, t, "&")) && b < t0;
        int word = t->kind == NP_TOK_WORD && (t->flags & NP_TF_CAP) && !(t->lex & NP_LEX_FUNCTION) &&
                   !(t->flags & NP_TF_POSS) && !in_mention(sw, b - 1);
        if (!joiner && !word)
            break;
        b--;
    }
    /* never start on "and" */
    while (b < t0 && (np_tok_key_is(doc, &doc->toks[b], "and") || np_tok_key_is(doc, &doc->toks[b], "&")))
        b++;
    return b;
}

/* Is there punctuation among tokens [b, e) other than dashes, and, when
 * commas_ok, other than commas (a parenthetical: "a meeting between A and
 * B, planned for Friday, has been cancelled")? */
static int punct_in(const sent_work *sw, size_t b, size_t e, int commas_ok)
{
    for (size_t t = b; t < e; t++) {
        const np_token *tok = &sw->doc->toks[t];
        if (tok->kind == NP_TOK_PUNCT && !np_tok_key_is(sw->doc, tok, "-") &&
            !(commas_ok && np_tok_key_is(sw->doc, tok, ",")))
            return 1;
    }
    return 0;
}

/* Does a person mention of the sentence end right before token t? */
static int person_ends_at(const sent_work *sw, size_t t)
{
    for (size_t q = 0; q < sw->nrm; q++)
        if (sw->rm[q].type == NP_RM_PERSON && sw->rm[q].te == t)
            return 1;
    return 0;
}


/* "received a high-level delegation led by Minister X": the party a
 * person leads (rules list party-led-by, right before the mention, with
 * up to three words before it that name no entity: "a", "high-level",
 * "Turkish") stands for its leader, so the mention starts at the party. */
static size_t widen_party(sent_work *sw, size_t t0, size_t floor)
{
    const np_doc *doc = sw->doc;
    if (!sw->l_party)
        return t0;
    for (size_t k = t0 > floor + 6 ? t0 - 6 : floor; k < t0; k++) {
        if (np_list_at(sw->l_party, doc, k, t0) != t0 - k)
            continue;
        /* "a high-level Turkish delegation": any words after an article;
         * else capitalized ones only ("met Moroccan government officials
         * led by X" keeps "met" out) */
        size_t b = k;
        while (b > floor && k - b < 3 && doc->toks[b - 1].kind == NP_TOK_WORD && !in_mention(sw, b - 1) &&
               !(doc->toks[b - 1].lex & NP_LEX_FUNCTION))
            b--;
        if (b > floor && (np_tok_key_is(doc, &doc->toks[b - 1], "a") || np_tok_key_is(doc, &doc->toks[b - 1], "an") ||
                          np_tok_key_is(doc, &doc->toks[b - 1], "the")))
            return b - 1;
        while (b < k && !(doc->toks[b].flags & NP_TF_CAP))
            b++;
        return b;
    }
    return t0;
}

static uint32_t widen_left(sent_work *sw, uint32_t tb, uint32_t title_tb, uint32_t floor)
{
    const np_doc *doc = sw->doc;
    size_t t0 = tb;
    if (np_title_before(sw->m->titles, doc, floor, tb, &t0) != NP_NONE) {
        /* titles stacked or joined before it: "Crown Prince and Prime Minister" */
        if (title_tb < t0 && title_tb >= floor)
            t0 = title_tb;
        t0 = widen_portfolio(sw, t0, floor);
    } else {
        /* honorifics alone: "Mr", "Sheikh" */
        while (t0 > floor && (doc->toks[t0 - 1].lex & (NP_LEX_HONORIFIC | NP_LEX_ABBR_TITLE)))
            t0--;
    }
    /* "his Japanese counterpart Taro Kono", "his Russian opposite number" */
    if (t0 == tb) {
        for (size_t back = 1; back <= 2 && back <= t0 - floor; back++) {
            size_t len = sw->l_counter ? np_list_at(sw->l_counter, doc, t0 - back, t0) : 0;
            if (len == back) {
                t0 -= back;
                break;
            }
        }
    }
    /* "U.S. Ambassador to the Kingdom Michael Ratney": a title with its
     * complement right before the name */
    if (t0 == tb && tb > floor) {
        size_t k = title_before(sw, floor, tb);
        if (k < tb && doc->toks[tb - 1].kind == NP_TOK_WORD)
            t0 = k;
    }
    /* "the Mexican ambassador to Chile, Alicia Bárcena", "the Asantehene,
     * Otumfuo Osei Tutu II" (over honorifics only) */
    size_t h = tb;
    while (h > floor && (doc->toks[h - 1].lex & (NP_LEX_HONORIFIC | NP_LEX_ABBR_TITLE)))
        h--;
    if (t0 == h && h >= floor + 2 && np_tok_key_is(doc, &doc->toks[h - 1], ",")) {
        size_t k = title_before(sw, floor, h - 1);
        /* ... unless the title is the apposition of the person before
         * it: "A, Ambassador of X to the United States, Prince B" */
        int apposition = floor > sw->sb && person_ends_at(sw, floor) && np_tok_key_is(doc, &doc->toks[floor], ",") &&
                         k <= floor + 2 && !punct_in(sw, floor + 1, h - 1, 0);
        if (k < h - 1 && !apposition)
            t0 = k;
    }
    if (t0 < tb)
        t0 = widen_prefix(sw, t0, floor);
    return (uint32_t)widen_party(sw, t0, floor);
}

/* Widens a person mention ending at te over an appositive title after it,
 * up to its closing comma or the sentence's end: "X, Crown Prince of Abu
 * Dhabi and Deputy Supreme Commander of the UAE Armed Forces, received",
 * "Y, the diplomatic adviser to the President, and Z". The title starts
 * within the first three words after the comma; no other person is named
 * inside. Returns the new end, at the closing comma (te when there is
 * none). */
static uint32_t widen_right(const sent_work *sw, uint32_t te)
{
    const np_doc *doc = sw->doc;
    if (te + 2 >= sw->se || !np_tok_key_is(doc, &doc->toks[te], ","))
        return te;
    size_t j = te + 1, title_len = 0;
    for (size_t k = j; k < j + 3 && k < sw->se && !title_len; k++) {
        uint32_t title;
        title_len = np_title_at(sw->m->titles, doc, k, sw->se, &title);
        if (!title_len && (doc->toks[k].kind != NP_TOK_WORD || !(doc->toks[k].flags & NP_TF_LOWER)))
            break; /* only "the", "a", "his", a lowercase modifier before the title */
    }
    if (!title_len || covered_by_person(sw, (uint32_t)j))
        return te; /* "A, Councillor for Trade, B": B's mention holds the title */
    for (size_t k = j; k < sw->se && k < j + 25; k++) {
        const np_token *t = &doc->toks[k];
        if (covered_by_person(sw, (uint32_t)k))
            return te;
        if (np_tok_key_is(doc, t, ",") || np_tok_key_is(doc, t, ";") || (k + 1 == sw->se && t->kind == NP_TOK_PUNCT))
            return (uint32_t)k;
        if (t->kind == NP_TOK_PUNCT && !np_tok_key_is(doc, t, "-") && !np_tok_key_is(doc, t, "'") &&
            !np_tok_key_is(doc, t, "(") && !np_tok_key_is(doc, t, ")"))
            return te; /* a quote or a clause ends the apposition otherwise */
    }
    return te;
}

/* The person the sentence quotes: named right before or after a reporting
 * verb ("..., Kurti said", "said Kurti", "Kurti told reporters"). */
/* The person a report verb names next to token t of the segment, in
 * tokens [b, e) ("..., Reina said", "said Reina", "Reina told AFP"), or
 * NP_NONE: from the segment's mentions, so it may be a later sentence. */
static uint32_t reported_by(const sent_work *sw, size_t b, size_t e)
{
    const np_doc *doc = sw->doc;
    /* the segment's mentions are ordered by position: the first at b or after */
    size_t lo = 0, hi = sw->norder;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sw->order[mid].tb < b)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t x = lo; x < sw->norder && sw->order[x].tb < e; x++) {
        const np_mention *mt = &doc->ments[sw->order[x].k];
        if (mt->te > e || mt->te <= mt->tb || doc->ents[mt->entity].type != NP_PERSON || mt->tb >= doc->ntoks)
            continue;
        if ((mt->te < doc->ntoks && (doc->toks[mt->te].lex & NP_LEX_REPORT_VERB)) ||
            (mt->tb > 0 && (doc->toks[mt->tb - 1].lex & NP_LEX_REPORT_VERB)))
            return mt->entity;
    }
    return NP_NONE;
}

/* Is token i inside a quotation (an odd number of quotation marks since
 * its paragraph began)? Then its speaker: named with a report verb right
 * after the closing mark ("...," Reina said) or right before the opening
 * one (Reina said: "..."); else NP_NONE. */
static uint32_t quote_speaker(const sent_work *sw, size_t i)
{
    const np_doc *doc = sw->doc;
    size_t open = SIZE_MAX, n = 0;
    for (size_t k = i; k-- > 0;) {
        if (doc->toks[k].flags & NP_TF_QUOTE) {
            n++;
            open = k;
        }
        if ((doc->toks[k].flags & NP_TF_PARA) || i - k > 400)
            break;
    }
    if (!(n & 1))
        return NP_NONE;
    size_t close = i;
    while (close < doc->ntoks && close < i + 400 && !(doc->toks[close].flags & NP_TF_QUOTE))
        close++;
    uint32_t sp = NP_NONE;
    if (close < doc->ntoks && close < i + 400) {
        size_t e = close + 8 < doc->ntoks ? close + 8 : doc->ntoks;
        sp = reported_by(sw, close + 1, e);
        /* '...," he said': the subject the text had */
        for (size_t k = close + 1; sp == NP_NONE && k + 1 < e; k++)
            if (in_list(sw->l_pron, doc, k, k + 1) && (doc->toks[k + 1].lex & NP_LEX_REPORT_VERB))
                sp = sw->st->subject;
    }
    if (sp == NP_NONE && open != SIZE_MAX)
        sp = reported_by(sw, open > 8 ? open - 8 : 0, open);
    return sp;
}

static uint32_t speaker(const sent_work *sw)
{
    const np_doc *doc = sw->doc;
    for (size_t k = 0; k < sw->nrm; k++) {
        const np_rmention *r = &sw->rm[k];
        if (r->type != NP_RM_PERSON || r->is_ref)
            continue;
        if (r->te < sw->se && (doc->toks[r->te].lex & NP_LEX_REPORT_VERB))
            return r->ref;
        if (r->tb > sw->sb && (doc->toks[r->tb - 1].lex & NP_LEX_REPORT_VERB))
            return r->ref;
    }
    return NP_NONE;
}

/* "greeted her", "joined him": the most recent person who is not the
 * sentence's subject (nor named in the sentence after it). */
static uint32_t object_ref(const sent_work *sw, size_t i)
{
    uint32_t subj = subject_before(sw, i);
    for (size_t k = sw->nrm; k-- > 0;)
        if (sw->rm[k].type == NP_RM_PERSON && sw->rm[k].tb < i && sw->rm[k].ref != subj && !sw->rm[k].is_ref)
            return sw->rm[k].ref;
    for (size_t k = sw->st->nrecent; k-- > 0;)
        if (sw->st->recent[k] != subj) {
            int here = 0;
            for (size_t q = 0; q < sw->nrm; q++)
                here |= sw->rm[q].type == NP_RM_PERSON && sw->rm[q].ref == sw->st->recent[k] && sw->rm[q].tb < i;
            if (!here)
                return sw->st->recent[k];
        }
    return NP_NONE;
}

static int starts_person(const sent_work *sw, size_t i)
{
    return i < sw->se && sw->start_at[i - sw->sb] && sw->rm[sw->start_at[i - sw->sb] - 1].type == NP_RM_PERSON;
}

/* "I will come to Brussels ...," Kurti said: "I" and "me" are the
 * speaker, of this sentence or of the quotation they stand in; "we had a
 * meeting last year," Reina said: "we" and "us" are the speaker and the
 * person the text last named with them. Returns whether token i is one. */
static int first_person_ref(sent_work *sw, size_t i)
{
    const np_doc *doc = sw->doc;
    const np_token *t = &doc->toks[i];
    int singular = (np_tok_key_is(doc, t, "i") && (t->flags & NP_TF_CAP)) || np_tok_key_is(doc, t, "me");
    int plural = np_tok_key_is(doc, t, "we") || np_tok_key_is(doc, t, "us");
    if (!singular && !plural)
        return 0;
    uint32_t sp = speaker(sw);
    if (sp == NP_NONE)
        sp = quote_speaker(sw, i);
    if (sp == NP_NONE)
        return 1;
    if (singular) {
        rm_add(sw, (uint32_t)i, (uint32_t)(i + 1), sp, NP_RM_PERSON);
        sw->rm[sw->nrm - 1].is_ref = 1;
        return 1;
    }
    uint32_t other = NP_NONE;
    for (size_t k = sw->st->nrecent; k-- > 0 && other == NP_NONE;)
        if (sw->st->recent[k] != sp)
            other = sw->st->recent[k];
    if (other != NP_NONE && sw->ngroups < 8) {
        sw->groups[sw->ngroups][0] = sp;
        sw->groups[sw->ngroups][1] = other;
        rm_add(sw, (uint32_t)i, (uint32_t)(i + 1), (uint32_t)sw->ngroups++, NP_RM_GROUP);
    }
    return 1;
}

/* Adds pronoun, role, counterpart and group references on tokens no
 * mention covers. */
static void find_references(sent_work *sw, const uint8_t *covered)
{
    const np_doc *doc = sw->doc;
    const np_model *m = sw->m;
    for (size_t i = sw->sb; i < sw->se; i++) {
        if (covered[i - sw->sb])
            continue;
        const np_token *t = &doc->toks[i];
        size_t len;
        /* the two leaders, both sides */
        if (sw->l_group && (len = np_list_at(sw->l_group, doc, i, sw->se)) > 0) {
            uint32_t two[2];
            size_t ntwo = 0;
            for (size_t k = sw->nrm; k-- > 0 && ntwo < 2;)
                if (sw->rm[k].type == NP_RM_PERSON && sw->rm[k].tb < i && (ntwo == 0 || two[0] != sw->rm[k].ref))
                    two[ntwo++] = sw->rm[k].ref;
            if (ntwo < 2)
                ntwo = group_by_title(sw, i, i + len, two);
            if (ntwo < 2 && sw->st->has_pair) {
                two[0] = sw->st->pair[0];
                two[1] = sw->st->pair[1];
                ntwo = 2;
            }
            if (ntwo == 2 && sw->ngroups < 8) {
                sw->groups[sw->ngroups][0] = two[0];
                sw->groups[sw->ngroups][1] = two[1];
                rm_add(sw, (uint32_t)i, (uint32_t)(i + len), (uint32_t)sw->ngroups++, NP_RM_GROUP);
            }
            i += len - 1;
            continue;
        }
        /* his (Japanese) counterpart, his Russian opposite number */
        if (np_tok_key_is(doc, t, "his") || np_tok_key_is(doc, t, "her")) {
            const char *cc = NULL;
            size_t j = i + 1 + demonym_after(m, doc, i + 1, sw->se, &cc);
            len = sw->l_counter ? np_list_at(sw->l_counter, doc, j, sw->se) : 0;
            if (len && !starts_person(sw, j + len) && !(j + len < sw->se && covered[j + len - sw->sb])) {
                uint32_t subj = subject_before(sw, i);
                uint32_t p = NP_NONE;
                if (cc)
                    p = resolve_role(sw, i, NULL, cc, subj);
                else if (subj != NP_NONE) {
                    const char *sc = entity_country(m, &sw->doc->ents[subj]);
                    for (size_t k = sw->st->nrecent; k-- > 0 && p == NP_NONE;) {
                        uint32_t q = sw->st->recent[k];
                        if (q != subj && strcmp(entity_country(m, &sw->doc->ents[q]), sc))
                            p = q;
                    }
                }
                if (p != NP_NONE)
                    rm_add(sw, (uint32_t)i, (uint32_t)(j + len), p, NP_RM_PERSON);
                i = j + len - 1;
                continue;
            }
        }
        /* the (Russian) leader / the prime minister, with no name after */
        if (np_tok_key_is(doc, t, "the")) {
            const char *cc = NULL;
            size_t j = i + 1 + demonym_after(m, doc, i + 1, sw->se, &cc);
            uint32_t title;
            len = j < sw->se ? np_title_at(m->titles, doc, j, sw->se, &title) : 0;
            if (len && !(j + len < sw->se && (covered[j + len - sw->sb] || (doc->toks[j + len].flags & NP_TF_CAP)))) {
                const np_title *tt = &m->titles->items[title];
                if (tt->cls != NP_TC_FAMILY) {
                    uint32_t p = resolve_role(sw, i, tt, cc, NP_NONE);
                    if (p != NP_NONE)
                        rm_add(sw, (uint32_t)i, (uint32_t)(j + len), p, NP_RM_PERSON);
                }
                i = j + len - 1;
                continue;
            }
        }
        /* "greeted her": her (or his) as an object, before punctuation or a
         * function word */
        if ((np_tok_key_is(doc, t, "her") || np_tok_key_is(doc, t, "his")) && i > sw->sb &&
            (i + 1 == sw->se || doc->toks[i + 1].kind == NP_TOK_PUNCT ||
             (doc->toks[i + 1].lex & NP_LEX_FUNCTION))) {
            uint32_t q = object_ref(sw, i);
            if (q != NP_NONE) {
                rm_add(sw, (uint32_t)i, (uint32_t)(i + 1), q, NP_RM_PERSON);
                sw->rm[sw->nrm - 1].is_ref = 1;
            }
            continue;
        }
        if (np_tok_key_is(doc, t, "him")) {
            uint32_t q = object_ref(sw, i);
            if (q != NP_NONE) {
                rm_add(sw, (uint32_t)i, (uint32_t)(i + 1), q, NP_RM_PERSON);
                sw->rm[sw->nrm - 1].is_ref = 1;
            }
            continue;
        }
        if (first_person_ref(sw, i))
            continue;
        /* he, she, him */
        if (sw->l_pron && (len = np_list_at(sw->l_pron, doc, i, i + 1)) > 0) {
            uint32_t p = subject_before(sw, i);
            if (p != NP_NONE) {
                rm_add(sw, (uint32_t)i, (uint32_t)(i + 1), p, NP_RM_PERSON);
                sw->rm[sw->nrm - 1].is_ref = 1;
            }
        }
    }
}

static int by_tb(const void *a, const void *b)
{
    const np_rmention *x = a, *y = b;
    return (x->tb > y->tb) - (x->tb < y->tb);
}

/* ---- candidates ---- */

typedef struct cand {
    uint8_t rel, planned;
    uint32_t a, b, place;
    np_date date;
    const char *rule;
    const char *dropped;     /* the reason, or NULL when kept */
    const char *place_from, *date_from, *status_from;
    uint32_t tb, te;
    uint8_t within;          /* joined: the rule's reach after the meeting, in sentences */
    uint8_t joiner;          /* made by a joined rule: the meeting it joins stays the latest's origin */
    uint8_t separate;        /* "X also met Y and Z": more meetings of X's, Y and Z not with each other */
    uint8_t recalled;        /* a past meeting the text recalls ("his recent meeting with"): no date or
                              * place but its own */
    uint8_t unrealized;      /* planned, and said so in a tense that implies it did not happen ("had been
                              * scheduled"): dropped when the document cancels it (np_relations_finish) */
    uint8_t as_call;         /* a meeting rule's match that a phone or video cue made a call */
    np_cameo_choice choice;  /* what the rule says of its CAMEO code (kind NP_CK_NONE: nothing) */
    uint32_t visitor;        /* the pair being offered: who of it visits the other, or NP_NONE */
} cand;

static void people_of(const sent_work *sw, const np_rmatch *mt, int cap, uint32_t *out, size_t *n, size_t max)
{
    *n = 0;
    if (cap < 0)
        return;
    for (uint8_t k = 0; k < mt->ncap[cap]; k++) {
        const np_rmention *r = &sw->rm[mt->caps[cap][k]];
        uint32_t ids[2];
        size_t cnt = 0;
        if (r->type == NP_RM_GROUP) {
            ids[cnt++] = sw->groups[r->ref][0];
            ids[cnt++] = sw->groups[r->ref][1];
        } else if (r->type == NP_RM_PERSON) {
            ids[cnt++] = r->ref;
        }
        for (size_t j = 0; j < cnt; j++) {
            int dup = 0;
            for (size_t q = 0; q < *n; q++)
                dup |= out[q] == ids[j];
            if (!dup && *n < max)
                out[(*n)++] = ids[j];
        }
    }
}

/* Is a cue of list l within tokens [b, e)? Returns its token or SIZE_MAX. */
static size_t cue_in(const np_plist *l, const np_doc *doc, size_t b, size_t e)
{
    if (!l)
        return SIZE_MAX;
    for (size_t i = b; i < e; i++) {
        /* cue words are not names: "in May" has no "may" */
        if ((doc->toks[i].flags & NP_TF_CAP) && i > 0 && doc->toks[i - 1].kind == NP_TOK_WORD)
            continue;
        if (np_list_at(l, doc, i, e))
            return i;
    }
    return SIZE_MAX;
}


/* Is there a comma, semicolon, colon or parenthesis within tokens [b, e)? */
static int comma_between(const np_doc *doc, size_t b, size_t e)
{
    for (size_t i = b; i < e; i++)
        if (doc->toks[i].kind == NP_TOK_PUNCT && doc->keys.data[doc->toks[i].key] != '\'' &&
            !(doc->toks[i].flags & NP_TF_POSS) && doc->toks[i].key_len == 1 &&
            strchr(",;:()", doc->keys.data[doc->toks[i].key]))
            return 1;
    return 0;
}

/* comma_between, but a comma inside a date or right after one does not
 * set a clause apart ("on Wednesday, September 10, 2025, at State House"). */
static int clause_comma_between(const sent_work *sw, size_t b, size_t e)
{
    for (size_t i = b; i < e; i++) {
        if (!comma_between(sw->doc, i, i + 1))
            continue;
        int in_date = 0;
        for (size_t k = 0; k < sw->nrm && !in_date; k++)
            in_date = sw->rm[k].type == NP_RM_DATE && sw->rm[k].tb <= i && i <= sw->rm[k].te;
        if (!in_date)
            return 1;
    }
    return 0;
}

/* The most specific place of the sentence that a place cue introduces (in,
 * at, visit ...) near the match, nearest the trigger on ties; NP_NONE when
 * none. */
static uint32_t sentence_place(const sent_work *sw, const np_rmatch *mt)
{
    uint32_t best = NP_NONE;
    int best_rank = -1;
    size_t best_dist = 0;
    const np_doc *doc = sw->doc;
    for (size_t k = 0; k < sw->nrm; k++) {
        const np_rmention *r = &sw->rm[k];
        if (r->type != NP_RM_PLACE && r->type != NP_RM_ORG)
            continue;
        const np_entity *e = &sw->doc->ents[r->ref];
        if (r->type == NP_RM_ORG && !org_is_site(sw->m, e))
            continue;
        if (covered_by_person(sw, r->tb))
            continue;
        /* a cue within the few tokens before it: "in", "at the ... of", "visit" */
        int cued = 0;
        for (size_t back = 1; back <= 6 && back <= r->tb - sw->sb && !cued; back++) {
            size_t j = r->tb - back;
            const np_token *t = &doc->toks[j];
            if (t->kind == NP_TOK_PUNCT && !(t->flags & NP_TF_POSS))
                break;
            /* "on the Metropole hotel's pool patio", "on the White House
             * lawn": "on" before a building, not before a body or a land */
            if (back <= 2 && np_tok_key_is(doc, t, "on") && r->type == NP_RM_PLACE && place_rank(sw->m, e) >= 6 &&
                (back == 1 || is_determiner(doc, j + 1))) {
                cued = 1;
                break;
            }
            if (covered_by_person(sw, (uint32_t)j) || in_list(sw->l_place_stop, doc, j, j + 1))
                break;
            cued = in_list(sw->l_place, doc, j, j + 1);
            /* "to discuss India's ..." is no place cue; "to Moscow", "to the Kremlin" are */
            if (cued && np_tok_key_is(doc, t, "to"))
                cued = back == 1 || (back == 2 && is_determiner(doc, j + 1));
        }
        if (!cued)
            continue;
        /* places in the match or right after it ("met Y in P") outrank
         * those before it, and both outrank those a comma sets apart
         * ("During the forum in P, X and Y agreed to meet in Q") */
        int tier;
        if (r->tb >= mt->te && cue_in(sw->l_clause, doc, mt->te, r->tb) != SIZE_MAX)
            continue; /* "met Y before flying to P" */
        if (r->tb >= mt->tb)
            tier = clause_comma_between(sw, mt->te, r->tb) ? 0 : 2;
        else
            tier = clause_comma_between(sw, r->te, mt->tb) ? 0 : 1;
        int rank = tier * 10 + place_rank(sw->m, e);
        size_t trigger = mt->trigger;
        size_t dist = r->tb > trigger ? r->tb - trigger : trigger - r->tb;
        if (rank > best_rank || (rank == best_rank && dist < best_dist)) {
            best = r->ref;
            best_rank = rank;
            best_dist = dist;
        }
    }
    return best;
}

static void set_event(struct np_relations_ctx *st, uint32_t place, const np_date *date, int planned, uint32_t sent)
{
    st->event_place = place;
    st->event_date = *date;
    st->event_planned = planned;
    st->event_sent = sent;
}

static const visit_frame *visit_of(const struct np_relations_ctx *st, const uint32_t *people, size_t n, int planned)
{
    /* the latest visit of one of them that is planned as asked, else the
     * latest of the other kind (by the index, not a scan of every visit) */
    for (int pass = 0; pass < 2; pass++) {
        uint32_t best = 0;
        for (size_t p = 0; p < n; p++) {
            uint64_t want = pass ? !planned : planned != 0;
            uint32_t v = np_u64map_get(&st->latest_visit, (uint64_t)people[p] << 1 | want);
            if (v > best)
                best = v;
        }
        if (best)
            return &st->visits[best - 1];
    }
    return NULL;
}

/* The date of the sentence closest to the trigger (inside the match first). */
/* Are tokens [b, e), after from, inside a relative clause set off by
 * commas (", which ... ,", ", who ... ,")? */
static int in_relative_clause(const sent_work *sw, size_t from, size_t b, size_t e)
{
    const np_doc *doc = sw->doc;
    size_t k = b;
    while (k > from && !np_tok_key_is(doc, &doc->toks[k - 1], ","))
        k--;
    if (k == from || k >= b || !(np_tok_key_is(doc, &doc->toks[k], "which") || np_tok_key_is(doc, &doc->toks[k], "who")))
        return 0;
    for (size_t t = e; t < sw->se; t++)
        if (np_tok_key_is(doc, &doc->toks[t], ","))
            return 1;
    return 0;
}

static const np_date_span *sentence_date(const sent_work *sw, const np_rmatch *mt)
{
    const np_date_span *best = NULL;
    size_t best_dist = SIZE_MAX;
    for (size_t d = 0; d < sw->ndates; d++) {
        const np_date_span *ds = &sw->dates[d];
        if (ds->date.prec == 0)
            continue;
        /* a dateline's date is the report's, not the meeting's */
        if (sw->sent == sw->doc->dateline.sent && sw->doc->dateline.place != NP_NONE &&
            ds->tb >= sw->doc->dateline.tb && ds->tb < sw->doc->dateline.te)
            continue;
        /* inside the match, or a few words from it */
        if (ds->tb >= mt->te && cue_in(sw->l_clause, sw->doc, mt->te, ds->tb) != SIZE_MAX)
            continue; /* "after they met at the G20 last year" */
        if (ds->tb >= mt->te && in_relative_clause(sw, mt->te, ds->tb, ds->te))
            continue; /* "the talks between A and B, which were postponed last year, began on Monday" */
        size_t dist = ds->tb >= mt->te ? ds->tb - mt->te : ds->te <= mt->tb ? mt->tb - ds->te : 0;
        if (dist > (ds->tb >= mt->te ? 14u : 6u))
            continue;
        if (dist < best_dist) {
            best = ds;
            best_dist = dist;
        }
    }
    return best;
}

static int date_compatible(const np_date *a, const np_date *b)
{
    if (!a->prec || !b->prec)
        return 1;
    return np_date_cmp(a, b) == 0;
}

static void link_add_ev(np_link *l, const sent_work *sw, const char *rule)
{
    const np_doc *doc = sw->doc;
    /* one evidence per sentence: the first rule that found it there.
     * Sentences come in order, so only the last evidence can be this one's. */
    if (l->nev && l->ev[l->nev - 1].sent == sw->sent)
        return;
    NP_GROW(l->ev, l->ev_cap, l->nev + 1);
    np_evidence_ref *ev = &l->ev[l->nev++];
    ev->sent = sw->sent;
    ev->start = doc->toks[sw->sb].start;
    ev->end = doc->toks[sw->se - 1].end;
    ev->cstart = doc->toks[sw->sb].cstart;
    ev->cend = doc->toks[sw->se - 1].cend;
    ev->rule = rule;
}

/* Links are found by relation, status and pair (link_key), not by a scan:
 * a long document has many. */
static uint64_t link_key(int rel, int planned, uint32_t a, uint32_t b)
{
    return np_key4((uint32_t)rel, (uint32_t)planned, a, b);
}

/* Appends a zeroed link with this key and returns it. */
static np_link *link_new(np_doc *doc, struct np_relations_ctx *st, uint64_t key)
{
    NP_GROW(doc->links, doc->links_cap, doc->nlinks + 1);
    np_link *l = &doc->links[doc->nlinks++];
    memset(l, 0, sizeof *l);
    uint32_t i = np_u64map_get(&st->by_key, key);
    if (!i) {
        np_u64map_put(&st->by_key, key, (uint32_t)doc->nlinks);
        return l;
    }
    while (doc->links[i - 1].next)
        i = doc->links[i - 1].next;
    doc->links[i - 1].next = (uint32_t)doc->nlinks;
    return l;
}

/* The latest meeting is link (index + 1) of sentence sent; its subject
 * is the first its sentence gave. */
static void note_met(struct np_relations_ctx *st, size_t link, uint32_t sent, uint32_t subject, int joiner)
{
    if (!joiner)
        st->met_origin = sent;
    if (!st->last_met || st->last_met_sent != sent)
        st->last_met_subject = subject;
    st->last_met = link;
    st->last_met_sent = sent;
}

/* Is date d of the days the story tells: of the dateline's (else the
 * document's) day, or, for what occurred, of the two days before (a wire
 * story's "on Monday" of a Tuesday's dateline)? */
static int of_story_days(const np_doc *doc, const np_date *docdate, const np_date *d, int planned)
{
    const np_date *ref = doc->dateline.date.prec ? &doc->dateline.date : docdate;
    if (!ref->prec || !d->prec)
        return 0;
    if (ref->prec < 3 || d->prec < 3 || planned)
        return np_date_cmp(d, ref) == 0;
    long before = np_days_from_civil(ref->y, ref->m, ref->d) - np_days_from_civil(d->y, d->m, d->d);
    return before >= 0 && before <= 2;
}

/* The first event noun of tokens [b, e), capitalized or not ("the G20
 * Summit", "the summit"), or SIZE_MAX. */
static size_t event_noun_in(const sent_work *sw, size_t b, size_t e)
{
    for (size_t t = b; sw->l_event && t < e; t++)
        if (np_list_at(sw->l_event, sw->doc, t, e))
            return t;
    return SIZE_MAX;
}

/* A participant's visit that can hold the meeting: a visit to a city or
 * a country holds later meetings too; one to a building ("before visiting
 * the Olympic Museum") only those of its own sentence. */
static const visit_frame *trip_of(const sent_work *sw, const uint32_t *all, size_t nall, int planned)
{
    const visit_frame *v = visit_of(sw->st, all, nall, planned);
    if (v && v->sent != sw->sent && place_rank(sw->m, &sw->doc->ents[v->place]) >= 5)
        return NULL;
    return v;
}

/* The article's event's place for a meeting of this sentence: the event
 * itself, or, when that was a building, its city if the text names it;
 * the building only for the next sentence (the meeting there went on),
 * not for later meetings, which may be anywhere. */
static uint32_t event_place_for(const sent_work *sw)
{
    const np_model *m = sw->m;
    const np_doc *doc = sw->doc;
    uint32_t place = sw->st->event_place;
    const np_entity *ev = &doc->ents[place];
    if (place_rank(m, ev) < 5)
        return place;
    long up = ev->gz >= 0 ? np_gazetteer_ref(m->gaz, m->gaz->entries[ev->gz].located_in) : -1;
    if (up >= 0) {
        const np_gz_entry *in = &m->gaz->entries[up];
        long city = np_doc_entity(doc, np_model_str(m, in->id));
        if (city >= 0)
            return (uint32_t)city;
    }
    return sw->sent <= sw->st->event_sent + 1 ? place : NP_NONE;
}

/* Is a date from there only assumed ("document date", "dateline"), so a
 * date the text gives for the same meeting replaces it? */
static int weak_date(const char *from)
{
    return from && (!strcmp(from, "document date") || !strcmp(from, "dateline"));
}

/* What the candidate's rule said of the CAMEO code: a code, or who
 * visits whom. */
static void take_cameo(np_link *l, const cand *c)
{
    l->visitor = c->visitor;
    if (c->choice.kind == NP_CK_CODE)
        memcpy(l->rule_cameo, c->choice.code, sizeof l->rule_cameo);
}

/* Adds a kept candidate to the document's links, merging it into a link
 * that agrees with it (same pair, relation and status; place and date
 * equal, unknown on one side, or one place inside the other). */
static void keep(sent_work *sw, const cand *c)
{
    struct np_relations_ctx *st = sw->st;
    np_doc *doc = sw->doc;
    uint32_t a = c->a, b = c->b;
    if ((c->rel == NP_REL_MET || c->rel == NP_REL_CALLED) && a > b) {
        uint32_t x = a;
        a = b;
        b = x;
    }
    uint64_t key = link_key(c->rel, c->planned, a, b);
    for (uint32_t next = np_u64map_get(&st->by_key, key); next; next = doc->links[next - 1].next) {
        size_t i = next - 1;
        np_link *l = &doc->links[i];
        if (l->rel != c->rel || l->a != a || l->b != b || l->planned != c->planned || l->unrealized != c->unrealized ||
            (l->recalled != c->recalled && (!l->date.prec || !c->date.prec)))
            continue;
        if (c->rel == NP_REL_MET)
            note_met(st, i + 1, sw->sent, c->a, c->joiner);
        int c_doc = weak_date(c->date_from);
        if (!l->date_from_doc && !c_doc && !date_compatible(&l->date, &c->date))
            continue;
        uint32_t place = l->place;
        /* a candidate dated only by the document ("today") that joins a
         * meeting the text dated otherwise (recalled) brings no place:
         * what it found for today is not that meeting's */
        if (c_doc && !l->date_from_doc && l->date.prec && !of_story_days(doc, &sw->docdate, &l->date, l->planned))
            place = l->place;
        else if (c->place != NP_NONE && l->place != NP_NONE && c->place != l->place) {
            if (place_within(sw->m, sw->doc, c->place, l->place))
                place = c->place;
            else if (!place_within(sw->m, sw->doc, l->place, c->place))
                continue;
        } else if (place == NP_NONE) {
            place = c->place;
        }
        if (place != l->place) {
            l->place = place;
            l->place_from = c->place_from;
        }
        if (l->date_from_doc && c->date.prec && !c_doc) {
            l->date = c->date;
            l->date_from = c->date_from;
            l->date_from_doc = 0;
        } else if (c->date.prec > l->date.prec && (!c_doc || !l->date.prec)) {
            l->date = c->date;
            l->date_from = c->date_from;
            l->date_from_doc = c_doc;
        }
        /* the first candidate whose rule says something of the code */
        if (!l->rule_cameo[0] && l->visitor == NP_NONE)
            take_cameo(l, c);
        link_add_ev(l, sw, c->rule);
        return;
    }
    np_link *l = link_new(sw->doc, st, key);
    l->rel = c->rel;
    l->planned = c->planned;
    l->unrealized = c->unrealized;
    l->recalled = c->recalled;
    l->a = a;
    l->b = b;
    take_cameo(l, c);
    l->place = c->place;
    l->date = c->date;
    l->place_from = c->place != NP_NONE ? c->place_from : NULL;
    l->date_from = c->date.prec ? c->date_from : NULL;
    if (c->place == NP_NONE) {
        size_t at = event_noun_in(sw, sw->sb, sw->se);
        l->frame_word = at != SIZE_MAX ? doc->toks[at].vocab : 0;
    }
    l->date_from_doc = weak_date(c->date_from);
    link_add_ev(l, sw, c->rule);
    if (c->rel == NP_REL_MET)
        note_met(st, doc->nlinks, sw->sent, c->a, c->joiner);
}

/* ---- CAMEO codes ---- */

/* Who of a and b makes a visit to the other, by the countries of the
 * people and of the place: the one away from home when the other is at
 * home; NP_NONE when the three countries are not all known or that does
 * not tell, and then *third says whether neither is at home. */
static uint32_t visitor_by_place(const np_model *m, const np_doc *doc, uint32_t a, uint32_t b, uint32_t place,
                                 int *third)
{
    *third = 0;
    if (place == NP_NONE)
        return NP_NONE;
    const char *cp = entity_country(m, &doc->ents[place]);
    const char *ca = entity_country(m, &doc->ents[a]), *cb = entity_country(m, &doc->ents[b]);
    if (!cp[0] || !ca[0] || !cb[0])
        return NP_NONE;
    int home_a = !strcmp(ca, cp), home_b = !strcmp(cb, cp);
    if (home_a && !home_b)
        return b;
    if (home_b && !home_a)
        return a;
    *third = !home_a && !home_b;
    return NP_NONE;
}

/* The CAMEO code of a link read from a to b (rules/README.md): of a
 * planned link, the table's planned code of its relation; else the code
 * its rule gave; else, of a meeting, the visitor's or the host's code
 * (by what the rule said of who visits whom, else by the countries of
 * the people and of the place) or the third location's; else the
 * relation's code. "" when the table has none. */
static const char *cameo_of(const np_model *m, const np_doc *doc, int rel, int planned, const char *rule_code,
                            uint32_t visitor, uint32_t a, uint32_t b, uint32_t place)
{
    const np_ruleset *rs = m->rules;
    int slot = rel == NP_REL_MET ? 0 : rel == NP_REL_VISITED ? 1 : rel == NP_REL_CALLED ? 2 : -1;
    if (slot < 0)
        return "";
    if (planned && rs->cameo[NP_CAMEO_PLANNED_MET + slot][0])
        return rs->cameo[NP_CAMEO_PLANNED_MET + slot];
    if (rule_code[0])
        return rule_code;
    if (rel == NP_REL_MET) {
        int third = 0;
        if (visitor == NP_NONE)
            visitor = visitor_by_place(m, doc, a, b, place, &third);
        int k = visitor == a ? NP_CAMEO_VISITOR : visitor == b ? NP_CAMEO_HOST : third ? NP_CAMEO_THIRD : -1;
        if (k >= 0 && rs->cameo[k][0])
            return rs->cameo[k];
    }
    return rs->cameo[NP_CAMEO_MET + slot];
}

static void write_cand(const sent_work *sw, const cand *c)
{
    np_jw *trace = sw->trace;
    const np_doc *doc = sw->doc;
    np_jw_obj(trace);
    np_jw_key(trace, "document");
    np_jw_strz(trace, doc->name);
    np_jw_key(trace, "sentence");
    np_jw_int(trace, sw->sent);
    np_jw_key(trace, "relation");
    np_jw_strz(trace, np_rel_name(c->rel));
    np_jw_key(trace, "rule");
    np_jw_strz(trace, c->rule);
    np_jw_key(trace, "source");
    np_jw_strz(trace, doc->ents[c->a].id);
    np_jw_key(trace, "target");
    np_jw_strz(trace, doc->ents[c->b].id);
    np_jw_key(trace, "place");
    if (c->place != NP_NONE)
        np_jw_strz(trace, doc->ents[c->place].id);
    else
        np_jw_null(trace);
    np_jw_key(trace, "date");
    if (c->date.prec) {
        char buf[11];
        np_date_format(&c->date, buf);
        np_jw_strz(trace, buf);
    } else
        np_jw_null(trace);
    np_jw_key(trace, "status");
    np_jw_strz(trace, c->planned ? "planned" : "occurred");
    /* the code it would have with what it has now (its place may still change) */
    const char *code = cameo_of(sw->m, doc, c->rel, c->planned, c->choice.kind == NP_CK_CODE ? c->choice.code : "",
                                c->visitor, c->a, c->b, c->place);
    np_jw_key(trace, "cameo");
    if (code[0])
        np_jw_strz(trace, code);
    else
        np_jw_null(trace);
    np_jw_key(trace, "kept");
    np_jw_bool(trace, c->dropped == NULL);
    np_jw_key(trace, "why");
    np_buf b = {0};
    if (c->dropped)
        np_buf_printf(&b, "dropped: %s", c->dropped);
    else
        np_buf_printf(&b, "%sstatus from %s; place from %s; date from %s",
                      c->as_call ? "a call by phone or video, not a meeting; " : "", c->status_from,
                      c->place_from ? c->place_from : "nowhere", c->date_from ? c->date_from : "nowhere");
    np_jw_str(trace, b.data, b.len);
    np_buf_free(&b);
    np_jw_key(trace, "text");
    np_jw_str(trace, doc->text + doc->toks[c->tb].start, doc->toks[c->te - 1].end - doc->toks[c->tb].start);
    np_jw_obj_end(trace);
    np_jw_endline(trace);
}

/* Shows a candidate with --stage=relations and keeps it unless it is
 * dropped; returns whether it was kept. */
static int offer_pair(sent_work *sw, cand *c, uint32_t a, uint32_t b)
{
    c->a = a;
    c->b = b;
    if (sw->trace)
        write_cand(sw, c);
    if (c->dropped)
        return 0;
    keep(sw, c);
    return 1;
}

/* The start of what belongs to the trigger within [b, trig): "agreed to
 * ... during a meeting": cues before "during" are not the meeting's. */
static size_t after_barrier(const sent_work *sw, size_t b, size_t trig)
{
    for (size_t i = trig; sw->l_barrier && i-- > b;)
        if (np_list_at(sw->l_barrier, sw->doc, i, trig))
            return i + 1;
    return b;
}

/* Status: the rule's, else planned when a future cue comes before the
 * trigger or right after the match. */
static void decide_status(const sent_work *sw, const np_rmatch *mt, const np_rule *r, cand *c)
{
    const np_doc *doc = sw->doc;
    size_t trig = mt->trigger;
    size_t window_b = after_barrier(sw, mt->tb, trig);
    if (r->status == NP_RS_PLANNED) {
        c->planned = 1;
        c->status_from = "the rule";
    } else if (r->status == NP_RS_OCCURRED) {
        c->status_from = "the rule";
    } else {
        size_t adj_b = trig >= sw->sb + 2 ? trig - 2 : sw->sb;
        if (cue_in(sw->l_planned, doc, window_b, trig) != SIZE_MAX) {
            c->planned = 1;
            c->status_from = "a future cue before the trigger";
        } else if (cue_in(sw->l_planned_adj, doc, adj_b, trig) != SIZE_MAX) {
            c->planned = 1;
            c->status_from = "'to' before the trigger";
        } else if (cue_in(sw->l_planned_after, doc, mt->te, mt->te + 4 < sw->se ? mt->te + 4 : sw->se) != SIZE_MAX) {
            c->planned = 1;
            c->status_from = "a future cue after the match";
        } else if (mt->tb > sw->sb && cue_in(sw->l_planned, doc, mt->tb > sw->sb + 2 ? mt->tb - 2 : sw->sb, mt->tb) !=
                                          SIZE_MAX) {
            c->planned = 1;
            c->status_from = "a future cue right before the match";
        } else {
            c->status_from = "no future cue";
        }
    }
    /* "X also met Y and Z": the guests are not paired with each other */
    size_t ab = trig >= sw->sb + 2 ? trig - 2 : sw->sb;
    for (size_t t = ab; t < trig; t++)
        c->separate |= np_tok_key_is(doc, &doc->toks[t], "also");
    /* "his recent meeting with", "their previous talks": a recalled one */
    size_t rb = trig > mt->tb + 3 ? trig - 3 : mt->tb, re = mt->te + 6 < sw->se ? mt->te + 6 : sw->se;
    if (r->status != NP_RS_PLANNED && cue_in(sw->l_recalled, doc, rb, re) != SIZE_MAX) {
        c->recalled = 1;
        c->planned = 0;
        c->status_from = "a recalled meeting ('his recent meeting')";
    }
    /* "the summit had been scheduled for Wednesday": planned, and not held
     * if the document says it was cancelled */
    size_t ue = mt->te + 4 < sw->se ? mt->te + 4 : sw->se;
    if (r->status != NP_RS_OCCURRED && (cue_in(sw->l_unrealized, doc, window_b, trig) != SIZE_MAX ||
                                        cue_in(sw->l_unrealized, doc, mt->te, ue) != SIZE_MAX)) {
        c->planned = 1;
        c->unrealized = 1;
        c->status_from = "a plan in the past ('had been scheduled')";
    }
}

/* Is token at inside a phrase of list l that starts at most three tokens
 * before it ("courtesy call", "letters of credence")? */
static int in_phrase(const np_plist *l, const np_doc *doc, size_t sb, size_t se, size_t at)
{
    for (size_t b = at > sb + 3 ? at - 3 : sb; l && b <= at; b++) {
        size_t len = np_list_at(l, doc, b, se);
        if (len && b + len > at)
            return 1;
    }
    return 0;
}

/* Dropped: "did not meet", "denied that X would meet" (a cue before the
 * trigger, and a few words before the match), a wish or a possibility,
 * and a call or letter near the trigger; a meeting rule's match that a
 * phone or video cue makes a call becomes one (called). A call rule's
 * match that holds a visit-call phrase ("a courtesy call") is a visit,
 * and dropped. */
static void decide_dropped(const sent_work *sw, const np_rmatch *mt, cand *c)
{
    const np_doc *doc = sw->doc;
    size_t trig = mt->trigger;
    size_t neg_b = mt->tb > sw->sb + 4 ? mt->tb - 4 : sw->sb;
    if (trig - neg_b > 20)
        neg_b = trig - 20;
    neg_b = after_barrier(sw, neg_b, trig);
    /* and within the few words after a trigger that only opens the
     * phrase ("have not held talks", "had never met") */
    size_t neg_e = trig + 4 < mt->te ? trig + 4 : mt->te;
    /* or after the match: "a meeting between A and B has been cancelled" */
    size_t after_e = mt->te + 14 < sw->se ? mt->te + 14 : sw->se;
    size_t after = cue_in(sw->l_neg_after, doc, mt->te, after_e);
    if (cue_in(sw->l_neg, doc, neg_b, neg_e) != SIZE_MAX ||
        (after != SIZE_MAX && cue_in(sw->l_clause, doc, mt->te, after) == SIZE_MAX && !punct_in(sw, mt->te, after, 1) &&
         !in_relative_clause(sw, mt->te, after, after + 1)))
        c->dropped = "negated or cancelled";
    else if (cue_in(sw->l_hypo, doc, neg_b, trig) != SIZE_MAX)
        c->dropped = "only wished for or possible, not arranged";
    /* near the trigger, or right after the match ("called on X by phone") */
    size_t call_b = trig >= sw->sb + 3 ? trig - 3 : sw->sb, call_e = (trig > mt->te ? trig : mt->te) + 3;
    if (call_e > sw->se)
        call_e = sw->se;
    if (c->rel == NP_REL_CALLED) {
        for (size_t t = mt->tb; t < mt->te && !c->dropped; t++)
            if (in_list(sw->l_visit_call, doc, t, mt->te))
                c->dropped = "a visit in person (a courtesy call), not a call";
        return;
    }
    size_t call = cue_in(sw->l_call, doc, call_b, call_e);
    if (call == SIZE_MAX || in_phrase(sw->l_not_call, doc, sw->sb, sw->se, call))
        return;
    /* "met Y after a phone call with Z": the call is another clause's */
    if (call >= mt->te && cue_in(sw->l_clause, doc, mt->te, call) != SIZE_MAX)
        return;
    /* a phone or video cue (call-word), not a letter */
    if (!c->dropped && c->rel == NP_REL_MET && in_list(sw->l_call_word, doc, call, sw->se)) {
        /* "held talks by phone with Y", "met Y by video link": a call; what
         * the meeting rule says of a meeting's code is not the call's */
        c->rel = NP_REL_CALLED;
        c->as_call = 1;
        c->choice.kind = NP_CK_NONE;
    } else {
        c->dropped = "a call or letter, not a meeting";
    }
}

/* Date: the rule's date capture, else the sentence's date nearest the
 * match; a date after the document's makes an undecided status planned. */
static void decide_date(const sent_work *sw, const np_rmatch *mt, const np_rule *r, cand *c)
{
    const np_model *m = sw->m;
    int cap_date = r->cap_date;
    const np_date_span *ds = NULL;
    /* a capture's name does not fix its mention type (<person:date>): a
     * date's reference indexes the dates, an entity's the entities */
    if (cap_date >= 0 && mt->ncap[cap_date] && sw->rm[mt->caps[cap_date][0]].type == NP_RM_DATE)
        ds = &sw->dates[sw->rm[mt->caps[cap_date][0]].ref];
    if (!ds)
        ds = sentence_date(sw, mt);
    if (!ds)
        return;
    np_date_span copy = *ds;
    if (copy.relative && c->planned)
        np_date_reresolve(m->dates, &m->lex, sw->doc, &copy, &sw->docdate, 1);
    c->date = copy.date;
    c->date_from = "sentence";
    if (r->status == NP_RS_AUTO && !c->planned && sw->docdate.prec == 3 && np_date_cmp(&c->date, &sw->docdate) > 0) {
        c->planned = 1;
        c->status_from = "a date after the document's";
    }
}

/* Place: the rule's place capture, else (but for a visit, whose place is
 * its target) a place cue in the sentence. */
static void decide_place(const sent_work *sw, const np_rmatch *mt, const np_rule *r, cand *c)
{
    int cap_place = r->cap_place;
    const np_rmention *pm = cap_place >= 0 && mt->ncap[cap_place] ? &sw->rm[mt->caps[cap_place][0]] : NULL;
    if (pm && pm->type != NP_RM_DATE && pm->type != NP_RM_GROUP) {
        c->place = pm->ref;
        c->place_from = "sentence";
    }
    /* a call has no one place: only what its rule captures */
    if (c->rel == NP_REL_CALLED)
        return;
    if (c->place == NP_NONE && c->rel != NP_REL_VISITED) {
        c->place = sentence_place(sw, mt);
        if (c->place != NP_NONE)
            c->place_from = "sentence";
    }
    /* "will meet here on Monday": the dateline's place, named again in
     * the match or in the few words after it */
    uint32_t here = sw->doc->dateline.place != NP_NONE ? sw->doc->dateline.place : sw->st->event_place;
    if (c->place == NP_NONE && c->rel != NP_REL_VISITED && here != NP_NONE && sw->l_here) {
        size_t e = mt->te + 6 < sw->se ? mt->te + 6 : sw->se;
        size_t at = cue_in(sw->l_here, sw->doc, sw->sb, e);
        if (at != SIZE_MAX && (at < mt->te || cue_in(sw->l_clause, sw->doc, mt->te, at) == SIZE_MAX)) {
            c->place = here;
            c->place_from = sw->doc->dateline.place != NP_NONE ? "dateline (here)" : "event (here)";
        }
    }
}

/* visited: each person of a visits the place; the visit is remembered for
 * the meetings that follow. */
static void on_visited(sent_work *sw, cand *c, const uint32_t *as, size_t na)
{
    struct np_relations_ctx *st = sw->st;
    if (c->place == NP_NONE)
        return;
    for (size_t i = 0; i < na; i++) {
        if (!offer_pair(sw, c, as[i], c->place))
            continue;
        NP_GROW(st->visits, st->visits_cap, st->nvisits + 1);
        visit_frame *v = &st->visits[st->nvisits++];
        v->person = as[i];
        v->place = c->place;
        v->date = c->date;
        v->planned = c->planned;
        v->sent = sw->sent;
        np_u64map_put(&st->latest_visit, (uint64_t)v->person << 1 | (v->planned ? 1 : 0), (uint32_t)st->nvisits);
        /* a trip is the article's event; a stop at a building is not */
        if (place_rank(sw->m, &sw->doc->ents[c->place]) < 5)
            set_event(st, c->place, &c->date, c->planned, sw->sent);
    }
}

enum { MAX_SIDE = 24 };

/* The people of the latest meeting: its sentence's met links and those
 * its joiners made since. */
static size_t meeting_people(const sent_work *sw, uint32_t *out)
{
    const np_doc *doc = sw->doc;
    const np_link *last = &doc->links[sw->st->last_met - 1];
    uint32_t from = sw->st->met_origin;
    size_t n = 0;
    for (size_t i = 0; i < doc->nlinks; i++) {
        const np_link *l = &doc->links[i];
        if (l->rel != NP_REL_MET || l->planned != last->planned || !l->nev || l->ev[l->nev - 1].sent < from)
            continue;
        uint32_t ends[2] = {l->a, l->b};
        for (int k = 0; k < 2; k++) {
            size_t q = 0;
            while (q < n && out[q] != ends[k])
                q++;
            if (q == n && n < MAX_SIDE)
                out[n++] = ends[k];
        }
    }
    return n;
}

/* Is person p on the side of person s: s itself, or of its country when
 * both have one? */
static int same_side(const sent_work *sw, uint32_t p, uint32_t s)
{
    if (p == s)
        return 1;
    const char *a = entity_country(sw->m, &sw->doc->ents[p]), *b = entity_country(sw->m, &sw->doc->ents[s]);
    return a[0] && b[0] && !strcmp(a, b);
}

/* Does this sentence name, with "the", "this" or "that", a gathering
 * (rules list gathering-noun: "the ceremony", "the talks") that the
 * meeting's sentence, or one of the two before it, named? Then it speaks
 * of that meeting however far back it is (within FRAME_REACH sentences):
 * "... received the envoys in a ceremony at State House. [four sentences]
 * Deputy President X attended the ceremony." */
static int names_the_meeting(const sent_work *sw, uint32_t met_sent)
{
    const np_doc *doc = sw->doc;
    if (!sw->l_gathering || met_sent < doc->sent_base)
        return 0;
    for (size_t t = sw->sb + 1; t < sw->se; t++) {
        size_t len = np_list_at(sw->l_gathering, doc, t, sw->se);
        if (!len || !(np_tok_key_is(doc, &doc->toks[t - 1], "the") || np_tok_key_is(doc, &doc->toks[t - 1], "this") ||
                      np_tok_key_is(doc, &doc->toks[t - 1], "that")))
            continue;
        uint32_t word = doc->toks[t].vocab;
        size_t from = met_sent >= doc->sent_base + 2 ? met_sent - doc->sent_base - 2 : 0;
        for (size_t k = from; k <= met_sent - doc->sent_base && k < doc->nsents; k++)
            for (size_t u = doc->sents[k].begin; u < doc->sents[k].end; u++)
                if (word && doc->toks[u].vocab == word && np_list_at(sw->l_gathering, doc, u, doc->sents[k].end))
                    return 1;
    }
    return 0;
}

/* joined ("In attendance were A and B", "A attended the talks", "Y, who
 * was accompanied by Z"): the joiners are present at the latest meeting,
 * of this sentence or of as many before as the rule's `within` (a
 * planned one: this sentence or the one before). Each is on one side: of
 * the meeting's participant of their country; of neither when their
 * country is a third one (they meet everyone); else, of no known country,
 * of the participant named before them in this sentence (whom they
 * accompany) or of the meeting's subject (a host's own officials). They
 * meet the people of the other side, and each other when of different
 * countries; one side is never paired within. */
/* The members of a body that met a host (open_party), as a joined rule
 * names them: each meets the host, at the meeting's place and date, and
 * not each other (one party). */
static void join_party(sent_work *sw, cand *c, const uint32_t *as, size_t na)
{
    const struct np_relations_ctx *st = sw->st;
    uint32_t host = st->party_host;
    c->rel = NP_REL_MET;
    c->place = st->party_place;
    c->place_from = st->party_place_from;
    c->date = st->party_date;
    c->date_from = st->party_date_from;
    c->planned = (uint8_t)st->party_planned;
    /* the body's rule says who visits whom ("paid a courtesy call on": the members) */
    c->choice = st->party_cameo;
    for (size_t i = 0; i < na; i++)
        if (as[i] != host) {
            c->visitor = c->choice.kind == NP_CK_VISIT ? as[i] : c->choice.kind == NP_CK_HOST ? host : NP_NONE;
            offer_pair(sw, c, as[i], host);
        }
    /* the party's meeting stays the latest: its next members join it */
    sw->st->party_sent = sw->sent;
}

static void on_joined(sent_work *sw, cand *c, const uint32_t *as, size_t na)
{
    struct np_relations_ctx *st = sw->st;
    const np_doc *doc = sw->doc;
    /* a body's meeting, newer than the latest meeting of people */
    if (st->party_host != NP_NONE && (!st->last_met || st->party_sent >= st->last_met_sent) &&
        sw->sent <= st->party_sent + FRAME_REACH) {
        join_party(sw, c, as, na);
        return;
    }
    if (!st->last_met ||
        (sw->sent > st->last_met_sent + c->within &&
         (sw->sent > st->last_met_sent + FRAME_REACH || !names_the_meeting(sw, st->last_met_sent))))
        return;
    const np_link *last = &doc->links[st->last_met - 1];
    if (last->planned && sw->sent > st->last_met_sent + 1)
        return; /* a planned meeting's joiners are named with it */
    uint32_t people[MAX_SIDE], subject = st->last_met_subject;
    size_t np = meeting_people(sw, people);
    /* the participant this sentence names before the joiners */
    uint32_t before = NP_NONE;
    for (size_t q = 0; q < sw->nrm; q++)
        for (size_t k = 0; k < np && sw->rm[q].te <= c->tb; k++)
            if (sw->rm[q].type == NP_RM_PERSON && sw->rm[q].ref == people[k])
                before = people[k];
    /* the meeting's place, unless the sentence names one inside it */
    if (c->place == NP_NONE || (last->place != NP_NONE && c->place != last->place &&
                                !place_within(sw->m, doc, c->place, last->place))) {
        c->place = last->place;
        c->place_from = "joined meeting";
    }
    if (!c->date.prec || weak_date(c->date_from)) {
        c->date = last->date;
        c->date_from = "joined meeting";
    }
    c->planned = last->planned;
    c->rel = NP_REL_MET;
    c->joiner = 1;
    /* the meeting's code, when its rule gave one ("talks": 046) */
    c->choice.kind = last->rule_cameo[0] ? NP_CK_CODE : NP_CK_NONE;
    memcpy(c->choice.code, last->rule_cameo, sizeof c->choice.code);
    /* (offering pairs adds links: what the loop reads of the meeting is copied) */
    uint32_t last_visitor = last->visitor, last_a = last->a, last_b = last->b;
    for (size_t i = 0; i < na; i++) {
        size_t q = 0;
        while (q < np && people[q] != as[i])
            q++;
        if (q < np)
            continue; /* already at the meeting */
        /* a third country's joiner is of neither side */
        const char *cc = entity_country(sw->m, &doc->ents[as[i]]);
        uint32_t side = NP_NONE;
        for (q = 0; q < np && side == NP_NONE; q++)
            if (same_side(sw, as[i], people[q]))
                side = people[q];
        if (side == NP_NONE && !cc[0])
            side = before != NP_NONE ? before : subject;
        for (q = 0; q < np; q++)
            if (side == NP_NONE || !same_side(sw, people[q], side)) {
                /* of a visit the meeting's rule told: the joiner takes the
                 * other role than the one they meet */
                c->visitor = NP_NONE;
                if (last_visitor != NP_NONE && (people[q] == last_a || people[q] == last_b))
                    c->visitor = people[q] == last_visitor ? people[q] : as[i];
                offer_pair(sw, c, as[i], people[q]);
            }
        c->visitor = NP_NONE;
        for (size_t j = i + 1; j < na; j++)
            if (other_countries(sw->m, doc, as[i], as[j]))
                offer_pair(sw, c, as[i], as[j]);
        st->last_met_subject = subject;
    }
}

#define MAX_PAIRS (3 * NP_RULE_MAX_GROUP * NP_RULE_MAX_GROUP)

/* met: every pair across a and b, or within a when there is no b; returns
 * how many pairs it wrote. */
static size_t met_pairs(const sent_work *sw, int separate, const uint32_t *as, size_t na, const uint32_t *bs, size_t nb,
                        uint32_t pairs[][2])
{
    size_t np = 0;
    if (!nb) {
        for (size_t i = 0; i < na; i++)
            for (size_t j = i + 1; j < na; j++) {
                pairs[np][0] = as[i];
                pairs[np++][1] = as[j];
            }
        return np;
    }
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++)
            if (as[i] != bs[j]) {
                pairs[np][0] = as[i];
                pairs[np++][1] = bs[j];
            }
    /* "X met with Y and Z": Y and Z met too when they are of different
     * countries (a three-way meeting), not when they are one delegation,
     * nor when the sentence says the meetings were separate, nor when
     * they are more meetings of X's ("X also met Y and Z") */
    if (separate || cue_in(sw->l_separately, sw->doc, sw->sb, sw->se) != SIZE_MAX)
        return np;
    for (int side = 0; side < 2; side++) {
        const uint32_t *v = side ? bs : as;
        size_t nv = side ? nb : na;
        for (size_t i = 0; i < nv; i++)
            for (size_t j = i + 1; j < nv; j++) {
                if (other_countries(sw->m, sw->doc, v[i], v[j])) {
                    pairs[np][0] = v[i];
                    pairs[np++][1] = v[j];
                }
            }
    }
    return np;
}


/* A meeting whose sentence gives no place takes a participant's visit,
 * else the event the article is about (within ten sentences), else the
 * dateline (when the meeting is not dated another day); one that gives no
 * date takes the visit's or the event's, else, when it occurred, the
 * document's date. */
static void fallback_place_date(const sent_work *sw, cand *c, const uint32_t *all, size_t nall)
{
    if (c->recalled)
        return; /* its own place and date, or none */
    const np_model *m = sw->m;
    const np_doc *doc = sw->doc;
    const struct np_relations_ctx *st = sw->st;
    if (c->place == NP_NONE) {
        const visit_frame *v = trip_of(sw, all, nall, c->planned);
        if (v) {
            c->place = v->place;
            c->place_from = "visit";
            if (!c->date.prec && v->planned == c->planned && v->date.prec) {
                c->date = v->date;
                c->date_from = "visit";
            }
        } else if (st->event_place != NP_NONE && sw->sent <= st->event_sent + 10 &&
                   (c->place = event_place_for(sw)) != NP_NONE) {
            /* the latest visit, summit or talks the article placed */
            c->place_from = "event";
            if (!c->date.prec && st->event_planned == c->planned && st->event_date.prec) {
                c->date = st->event_date;
                c->date_from = "event";
            }
        } else if (doc->dateline.place != NP_NONE && (!c->date.prec || of_story_days(doc, &sw->docdate, &c->date, c->planned))) {
            c->place = doc->dateline.place;
            c->place_from = "dateline";
        }
    }
    /* a meeting of a visit the article dated ("Erdogan, arriving in Athens
     * on Thursday, will meet ...") takes the visit's date */
    if (!c->date.prec) {
        const visit_frame *v = trip_of(sw, all, nall, c->planned);
        if (v && v->planned == c->planned && v->date.prec && sw->sent <= v->sent + 10) {
            c->date = v->date;
            c->date_from = "visit";
        } else if (st->event_place != NP_NONE && st->event_planned == c->planned && st->event_date.prec &&
                   sw->sent <= st->event_sent + 10) {
            c->date = st->event_date;
            c->date_from = "event";
        }
    }
    /* "Upon his arrival, X was received by Y": the day the text said X
     * arrived (within five sentences) */
    if (!c->date.prec && !c->planned && st->arrival_person != NP_NONE && sw->sent <= st->arrival_sent + 5 &&
        sw->l_upon_arrival && cue_in(sw->l_upon_arrival, doc, sw->sb, sw->se) != SIZE_MAX) {
        for (size_t i = 0; i < nall; i++)
            if (all[i] == st->arrival_person) {
                c->date = st->arrival_date;
                c->date_from = "arrival";
                break;
            }
    }
    /* what occurred, undated: the day of the dateline, else the document's */
    if (!c->date.prec && !c->planned && doc->dateline.place != NP_NONE && doc->dateline.date.prec == 3) {
        c->date = doc->dateline.date;
        c->date_from = "dateline";
    } else if (!c->date.prec && !c->planned && sw->docdate.prec) {
        c->date = sw->docdate;
        c->date_from = "document date";
    }
    /* "on a three-day visit to Mexico", told from a Mexico City dateline:
     * what occurred there happened in the city, not the country */
    if (!c->planned && c->place != NP_NONE && doc->dateline.place != NP_NONE && c->place != doc->dateline.place &&
        place_rank(m, &doc->ents[c->place]) <= 2 && place_within(m, doc, doc->dateline.place, c->place) &&
        (!c->date.prec || weak_date(c->date_from) || of_story_days(doc, &sw->docdate, &c->date, c->planned))) {
        c->place = doc->dateline.place;
        c->place_from = "dateline";
    }
}

static int member_of(const uint32_t *v, size_t n, uint32_t x)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == x)
            return 1;
    return 0;
}

/* Who of the pair (x of side a, y of side b) visits the other, as the
 * rule's choice says: x when a visits b ("X paid a courtesy call on Y"),
 * y when a hosts b ("X hosted Y"); NP_NONE for a pair within one side or
 * when the rule says neither. */
static uint32_t pair_visitor(const cand *c, uint32_t x, uint32_t y, const uint32_t *as, size_t na, const uint32_t *bs,
                             size_t nb)
{
    if ((c->choice.kind != NP_CK_VISIT && c->choice.kind != NP_CK_HOST) || !member_of(as, na, x) ||
        !member_of(bs, nb, y))
        return NP_NONE;
    return c->choice.kind == NP_CK_VISIT ? x : y;
}

/* Offers each pair (the visitor of each in visitors, or none); the first
 * kept meeting of the sentence with a place becomes the article's event,
 * and the last kept pair the discourse's. */
static void emit_pairs(sent_work *sw, cand *c, uint32_t pairs[][2], const uint32_t *visitors, size_t np)
{
    struct np_relations_ctx *st = sw->st;
    for (size_t i = 0; i < np; i++) {
        c->visitor = visitors ? visitors[i] : NP_NONE;
        if (!offer_pair(sw, c, pairs[i][0], pairs[i][1]))
            continue;
        if (c->place != NP_NONE && !sw->met_here)
            set_event(st, c->place, &c->date, c->planned, sw->sent);
        sw->met_here = 1;
        st->pair[0] = c->a;
        st->pair[1] = c->b;
        st->has_pair = 1;
    }
}

/* Does capture cap of the match hold a body, an organization or a place
 * standing for its people ("The Anglican Church paid a courtesy call on
 * ...")? */
static int captured_org(const sent_work *sw, const np_rmatch *mt, int cap)
{
    for (uint8_t k = 0; cap >= 0 && k < mt->ncap[cap]; k++)
        if (sw->rm[mt->caps[cap][k]].type == NP_RM_ORG || sw->rm[mt->caps[cap][k]].type == NP_RM_PLACE)
            return 1;
    return 0;
}

/* A meeting of a body with one person (the host): its members join it
 * as they are named (on_joined). */
static void open_party(sent_work *sw, cand *c, uint32_t host)
{
    struct np_relations_ctx *st = sw->st;
    if (c->dropped)
        return;
    fallback_place_date(sw, c, &host, 1);
    st->party_host = host;
    st->party_sent = sw->sent;
    st->party_place = c->place;
    st->party_date = c->date;
    st->party_planned = c->planned;
    st->party_place_from = c->place_from;
    st->party_date_from = c->date_from;
    st->party_cameo = c->choice;
}

static void on_met(sent_work *sw, cand *c, const uint32_t *as, size_t na, const uint32_t *bs, size_t nb)
{
    uint32_t pairs[MAX_PAIRS][2];
    size_t np = met_pairs(sw, c->separate, as, na, bs, nb, pairs);
    if (!np)
        return;
    uint32_t all[2 * NP_RULE_MAX_GROUP];
    size_t nall = 0;
    for (size_t i = 0; i < na; i++)
        all[nall++] = as[i];
    for (size_t i = 0; i < nb; i++)
        all[nall++] = bs[i];
    fallback_place_date(sw, c, all, nall);
    uint32_t visitors[MAX_PAIRS];
    for (size_t i = 0; i < np; i++)
        visitors[i] = pair_visitor(c, pairs[i][0], pairs[i][1], as, na, bs, nb);
    emit_pairs(sw, c, pairs, visitors, np);
}

/* called: every pair as for a meeting, with no place but the rule's
 * capture (the two ends of a call are in two places); undated, one that
 * occurred is of the dateline's day, else of the document's. The pair
 * is the discourse's ("the two leaders" after it), but a call is not the
 * latest meeting that joiners join. */
static void on_called(sent_work *sw, cand *c, const uint32_t *as, size_t na, const uint32_t *bs, size_t nb)
{
    uint32_t pairs[MAX_PAIRS][2];
    size_t np = met_pairs(sw, c->separate, as, na, bs, nb, pairs);
    const np_doc *doc = sw->doc;
    if (!c->date.prec && !c->planned && !c->recalled) {
        if (doc->dateline.place != NP_NONE && doc->dateline.date.prec == 3) {
            c->date = doc->dateline.date;
            c->date_from = "dateline";
        } else if (sw->docdate.prec) {
            c->date = sw->docdate;
            c->date_from = "document date";
        }
    }
    for (size_t i = 0; i < np; i++) {
        c->visitor = NP_NONE;
        if (!offer_pair(sw, c, pairs[i][0], pairs[i][1]))
            continue;
        sw->st->pair[0] = c->a;
        sw->st->pair[1] = c->b;
        sw->st->has_pair = 1;
    }
}

/* Adds to as the people of the list that ends right before token tb: each
 * set apart from the next by commas and "and" only. Returns the count. */
static size_t list_before(const sent_work *sw, size_t tb, uint32_t *as, size_t na)
{
    const np_doc *doc = sw->doc;
    for (size_t k = sw->nrm; k-- > 0 && na < NP_RULE_MAX_GROUP;) {
        const np_rmention *x = &sw->rm[k];
        if (x->tb >= tb)
            continue;
        if (x->type != NP_RM_PERSON || x->is_ref)
            break;
        if (x->te + 1 == tb && (doc->toks[x->te].flags & NP_TF_POSS)) {
            tb = x->tb; /* a possessor: "Blinken's adviser A" */
            continue;
        }
        for (size_t j = x->te; j < tb; j++)
            if (!np_tok_key_is(doc, &doc->toks[j], ",") && !np_tok_key_is(doc, &doc->toks[j], "and"))
                return na;
        int dup = 0;
        for (size_t q = 0; q < na; q++)
            dup |= as[q] == x->ref;
        if (!dup)
            as[na++] = x->ref;
        tb = x->tb;
    }
    return na;
}

/* listed ("X received in audience:" before lines "- A, ...;"; "X received
 * the credentials of eight ambassadors." before "The envoys included A, B
 * and C."): X hosts the people of each list item that follows, until a
 * line that is no item, or those the next sentence names after a
 * list-members cue. */
static void open_list(sent_work *sw, const cand *c, const uint32_t *as, size_t na)
{
    struct np_relations_ctx *st = sw->st;
    if (na != 1 || c->dropped)
        return;
    st->list_host = as[0];
    st->list_sent = sw->sent;
    st->list_place = c->place;
    st->list_date = c->date;
    st->list_planned = c->planned;
    st->list_rule = c->rule;
    st->list_cameo = c->choice;
    st->list_colon = c->te > 0 && np_tok_key_is(sw->doc, &sw->doc->toks[c->te - 1], ":");
}

/* A list item: a line that starts with a bullet, right after the lead or
 * the item before. Its people (not the host) meet the host; people of one
 * item are one party and are not paired with each other. */
static void list_item(sent_work *sw)
{
    struct np_relations_ctx *st = sw->st;
    const np_doc *doc = sw->doc;
    if (st->list_host == NP_NONE)
        return;
    const np_token *first = &doc->toks[sw->sb];
    int bullet = (first->flags & NP_TF_NL) && first->kind == NP_TOK_PUNCT &&
                 (np_tok_key_is(doc, first, "-") || np_tok_key_is(doc, first, "*") ||
                  np_tok_key_is(doc, first, "\xe2\x80\xa2") || np_tok_key_is(doc, first, "\xe2\x80\x93"));
    /* or, right after a lead without its colon, a sentence that names the
     * guests: "The envoys included A (Algeria), B (Hungary) and C." */
    size_t from = sw->sb;
    if (!bullet && sw->sent == st->list_sent + 1 && !st->list_colon) {
        size_t at = cue_in(sw->l_members, doc, sw->sb, sw->se);
        if (at != SIZE_MAX) {
            from = at;
            bullet = 1;
            st->list_colon = 1; /* one such sentence */
        }
    }
    if (!bullet || sw->sent != st->list_sent + 1) {
        st->list_host = NP_NONE;
        return;
    }
    st->list_sent = sw->sent;
    for (size_t k = 0; k < sw->nrm; k++) {
        const np_rmention *r = &sw->rm[k];
        if (r->type != NP_RM_PERSON || r->is_ref || r->ref == st->list_host || r->tb < from)
            continue;
        cand c = {.rel = NP_REL_MET, .planned = (uint8_t)st->list_planned, .a = st->list_host, .b = r->ref,
                  .place = st->list_place, .date = st->list_date, .rule = st->list_rule, .tb = r->tb, .te = r->te,
                  .choice = st->list_cameo};
        c.place_from = c.date_from = "list lead";
        /* "X received in audience:" (host): the guests visit the host */
        c.visitor = c.choice.kind == NP_CK_HOST ? r->ref : c.choice.kind == NP_CK_VISIT ? st->list_host : NP_NONE;
        offer_pair(sw, &c, c.a, c.b);
    }
}

/* The rule's CAMEO choice for this match: the first whose list has a
 * phrase in the match from its trigger on, or the one without a list;
 * kind NP_CK_NONE when none applies. */
static np_cameo_choice rule_choice(const sent_work *sw, const np_rule *r, const np_rmatch *mt)
{
    const np_ruleset *rs = sw->m->rules;
    for (int k = 0; k < r->ncameo; k++) {
        const np_cameo_choice *ch = &r->cameo[k];
        if (!ch->list)
            return *ch;
        for (size_t t = mt->trigger; t < mt->te; t++)
            if (np_list_at(&rs->lists[ch->list - 1], sw->doc, t, mt->te))
                return *ch;
    }
    np_cameo_choice none = {0, NP_CK_NONE, ""};
    return none;
}

/* A rule matched (np_rules_match): decides the candidate's status, whether
 * it is dropped (or a meeting a call), its date and place, then hands it
 * to its relation. */
static void on_match(const np_rmatch *mt, void *arg)
{
    sent_work *sw = arg;
    const np_model *m = sw->m;
    const np_rule *r = &m->rules->rules[mt->rule];
    const char *relation = np_pool_str(&m->lex.pool, r->relation);
    int rel = !strcmp(relation, "met")       ? NP_REL_MET
              : !strcmp(relation, "visited") ? NP_REL_VISITED
              : !strcmp(relation, "called")  ? NP_REL_CALLED
                                             : NP_REL_JOINED;
    cand c = {.rel = (uint8_t)rel, .within = r->within, .place = NP_NONE, .rule = np_pool_str(&m->lex.pool, r->id), .tb = mt->tb,
              .te = mt->te, .visitor = NP_NONE, .choice = rule_choice(sw, r, mt)};
    decide_status(sw, mt, r, &c);
    decide_dropped(sw, mt, &c);
    decide_date(sw, mt, r, &c);
    decide_place(sw, mt, r, &c);

    uint32_t as[NP_RULE_MAX_GROUP], bs[NP_RULE_MAX_GROUP];
    size_t na, nb;
    people_of(sw, mt, r->cap_a, as, &na, NP_RULE_MAX_GROUP);
    people_of(sw, mt, r->cap_b, bs, &nb, NP_RULE_MAX_GROUP);
    switch (c.rel) {
    case NP_REL_CALLED:
        on_called(sw, &c, as, na, bs, nb);
        break;
    case NP_REL_VISITED:
        on_visited(sw, &c, as, na);
        break;
    case NP_REL_JOINED:
        if (!strcmp(relation, "listed")) {
            fallback_place_date(sw, &c, as, na);
            open_list(sw, &c, as, na);
        } else {
            /* a list that ends the match goes on to the sentence's end over
             * titles and clauses ("The delegation comprised Dy Chairman,
             * A, Councillor for X, B and the members led by C") */
            if (na && mt->ncap[r->cap_a] && sw->rm[mt->caps[r->cap_a][mt->ncap[r->cap_a] - 1]].te == mt->te)
                for (size_t k = 0; k < sw->nrm && na < NP_RULE_MAX_GROUP; k++) {
                    const np_rmention *x = &sw->rm[k];
                    int dup = 0;
                    for (size_t q = 0; q < na; q++)
                        dup |= as[q] == x->ref;
                    if (x->type == NP_RM_PERSON && !x->is_ref && x->tb >= mt->te && !dup)
                        as[na++] = x->ref;
                }
            /* and one that starts it goes back over the people before it
             * that only commas and "and" set apart ("A, TITLE, B, TITLE,
             * and C attended") */
            if (na && mt->ncap[r->cap_a] && sw->rm[mt->caps[r->cap_a][0]].tb == mt->tb)
                na = list_before(sw, mt->tb, as, na);
            on_joined(sw, &c, as, na);
        }
        break;
    default:
        if (!na && nb == 1 && captured_org(sw, mt, r->cap_a))
            open_party(sw, &c, bs[0]);
        else
            on_met(sw, &c, as, na, bs, nb);
        break;
    }
}

/* ---- the stage ---- */

/* "A peace summit ... scheduled for December 15 in Luanda": a summit,
 * forum or talks the sentence places become the article's event, the
 * fallback place (and date) of meetings that say neither. */

static void note_event(sent_work *sw)
{
    if (!sw->l_event)
        return;
    size_t at = event_noun_in(sw, sw->sb, sw->se);
    if (at == SIZE_MAX)
        return;
    np_rmatch mt;
    memset(&mt, 0, sizeof mt);
    mt.tb = mt.trigger = (uint32_t)at;
    mt.te = (uint32_t)(at + np_list_at(sw->l_event, sw->doc, at, sw->se));
    uint32_t place = sentence_place(sw, &mt);
    if (place == NP_NONE)
        return;
    np_date date = {0, 0, 0, 0};
    const np_date_span *ds = sentence_date(sw, &mt);
    if (ds)
        date = ds->date;
    int planned = sw->docdate.prec && date.prec && np_date_cmp(&date, &sw->docdate) > 0;
    /* "... will open the summit"; not "with trade at the top of the agenda" */
    if (!planned && sw->l_planned && cue_in(sw->l_planned, sw->doc, sw->sb, at) != SIZE_MAX)
        planned = 1;
    struct np_relations_ctx *st = sw->st;
    NP_GROW(st->frames, st->frames_cap, st->nframes + 1);
    event_frame *f = &st->frames[st->nframes++];
    f->word = sw->doc->toks[at].vocab;
    f->place = place;
    f->date = date;
    f->planned = (uint8_t)planned;
    f->sent = sw->sent;
    /* "the first visit by an Australian leader to China" does not replace
     * the Great Hall of the People in Beijing */
    uint32_t cur = st->event_place;
    if (cur != NP_NONE && (cur == place || place_within(sw->m, sw->doc, cur, place)))
        return;
    set_event(st, place, &date, planned, sw->sent);
}

/* "The meeting at ... in New Delhi comes after ...": a sentence that
 * refers back to the latest meeting (within three sentences) gives it the
 * place or date it lacks. */
static void meeting_reference(sent_work *sw)
{
    struct np_relations_ctx *st = sw->st;
    np_doc *doc = sw->doc;
    if (!sw->l_meeting_ref || !st->last_met || sw->sent > st->last_met_sent + 3)
        return;
    size_t at = cue_in(sw->l_meeting_ref, sw->doc, sw->sb, sw->se);
    if (at == SIZE_MAX)
        return;
    np_link *l = &doc->links[st->last_met - 1];
    np_rmatch mt;
    memset(&mt, 0, sizeof mt);
    mt.tb = mt.trigger = (uint32_t)at;
    mt.te = (uint32_t)(at + np_list_at(sw->l_meeting_ref, sw->doc, at, sw->se));
    int used = 0;
    if (l->place == NP_NONE) {
        l->place = sentence_place(sw, &mt);
        if (l->place != NP_NONE) {
            l->place_from = "later reference";
            used = 1;
        }
    }
    if (!l->date.prec || l->date_from_doc) {
        const np_date_span *ds = sentence_date(sw, &mt);
        if (ds && ds->date.prec) {
            l->date = ds->date;
            l->date_from = "later reference";
            l->date_from_doc = 0;
            used = 1;
        }
    }
    if (used)
        link_add_ev(l, sw, "meeting-reference");
    /* "The talks were held by video link": a call, not a meeting */
    if (cue_in(sw->l_call_mode, sw->doc, at, at + 8 < sw->se ? at + 8 : sw->se) != SIZE_MAX)
        l->by_call = 1;
}

static void add_role(sent_work *sw, uint32_t person, uint32_t target, const char *cc, const char *title,
                     const char *rule)
{
    struct np_relations_ctx *st = sw->st;
    np_doc *doc = sw->doc;
    uint64_t key = link_key(NP_REL_ROLE, 0, person, target);
    for (uint32_t i = np_u64map_get(&st->by_key, key); i; i = doc->links[i - 1].next) {
        const np_link *o = &doc->links[i - 1];
        if (o->rel == NP_REL_ROLE && o->a == person && o->b == target && !strcmp(o->cc, cc))
            return;
    }
    np_link *l = link_new(sw->doc, st, key);
    l->rel = NP_REL_ROLE;
    l->visitor = NP_NONE;
    l->a = person;
    l->b = target;
    l->place = NP_NONE;
    l->title = np_arena_strdup(&sw->doc->strs, title);
    snprintf(l->cc, sizeof l->cc, "%s", cc);
    link_add_ev(l, sw, rule);
}

/* holds_role: a person whose title the sentence gives with a nationality
 * ("Russian Foreign Minister Sergei Lavrov"). */
static void note_roles(sent_work *sw)
{
    for (size_t k = 0; k < sw->nrm; k++) {
        const np_rmention *r = &sw->rm[k];
        if (r->type != NP_RM_PERSON)
            continue;
        const np_entity *e = &sw->doc->ents[r->ref];
        if (!e->role)
            continue;
        /* "Kremlin spokesman Dmitry Peskov", "Nvidia's chief executive X":
         * an organization right before the title */
        uint32_t org = r->of_org;
        for (size_t q = 0; q < sw->nrm && org == NP_NONE; q++) {
            const np_rmention *o = &sw->rm[q];
            if (o->type != NP_RM_ORG)
                continue;
            size_t te = o->te;
            if (te < sw->se && (sw->doc->toks[te].flags & NP_TF_POSS))
                te++;
            if (te == r->tb || (te + 1 == r->tb && is_determiner(sw->doc, te)))
                org = o->ref;
        }
        if (org != NP_NONE)
            add_role(sw, r->ref, org, "", e->role, "organization-before-title");
        else if (e->country[0])
            add_role(sw, r->ref, NP_NONE, e->country, e->role, "title-before-name");
    }
}

/* Whether the sentence has a place mention. */
static int names_place(const sent_work *sw)
{
    for (size_t k = 0; k < sw->nrm; k++)
        if (sw->rm[k].type == NP_RM_PLACE)
            return 1;
    return 0;
}

/* A dateline rule (relation: dateline) matched from the start of one of
 * the document's first lines: the first match whose place is a city, a
 * town or somewhere inside one (or a place no gazetteer lists, as a
 * dateline's town may be) is the document's dateline, with the date it
 * gives. */
static void on_dateline(const np_rmatch *mt, void *arg)
{
    sent_work *sw = arg;
    np_doc *doc = sw->doc;
    const np_rule *r = &sw->m->rules->rules[mt->rule];
    if (doc->dateline.place != NP_NONE || r->cap_place < 0 || !mt->ncap[r->cap_place])
        return;
    const np_rmention *pm = &sw->rm[mt->caps[r->cap_place][0]];
    if (pm->type != NP_RM_PLACE)
        return;
    const np_entity *e = &doc->ents[pm->ref];
    if (e->gz >= 0 && place_rank(sw->m, e) < 4)
        return;
    doc->dateline.place = pm->ref;
    doc->dateline.sent = sw->sent;
    doc->dateline.tb = mt->tb;
    doc->dateline.te = mt->te;
    doc->dateline.rule = np_pool_str(&sw->m->lex.pool, r->id);
    if (r->cap_date >= 0 && mt->ncap[r->cap_date] && sw->rm[mt->caps[r->cap_date][0]].type == NP_RM_DATE)
        doc->dateline.date = sw->dates[sw->rm[mt->caps[r->cap_date][0]].ref].date;
}

/* The cue lists of rules/relations/ that the stage reads (NULL when the
 * rules do not define one). */
static void find_lists(sent_work *sw, const np_ruleset *rs)
{
    sw->l_planned = np_rules_named(rs, NP_LIST_PLANNED_CUE);
    sw->l_planned_adj = np_rules_named(rs, NP_LIST_PLANNED_CUE_ADJACENT);
    sw->l_neg = np_rules_named(rs, NP_LIST_NEGATION_CUE);
    sw->l_call = np_rules_named(rs, NP_LIST_CALL_CUE);
    sw->l_place = np_rules_named(rs, NP_LIST_PLACE_CUE);
    sw->l_pron = np_rules_named(rs, NP_LIST_PERSON_PRONOUN);
    sw->l_group = np_rules_named(rs, NP_LIST_GROUP_REFERENCE);
    sw->l_counter = np_rules_named(rs, NP_LIST_COUNTERPART);
    sw->l_barrier = np_rules_named(rs, NP_LIST_STATUS_BARRIER);
    sw->l_place_stop = np_rules_named(rs, NP_LIST_PLACE_CUE_STOP);
    sw->l_modifier = np_rules_named(rs, NP_LIST_TITLE_MODIFIER);
    sw->l_clause = np_rules_named(rs, NP_LIST_CLAUSE_BREAK);
    sw->l_planned_after = np_rules_named(rs, NP_LIST_PLANNED_CUE_AFTER);
    sw->l_hypo = np_rules_named(rs, NP_LIST_HYPOTHETICAL_CUE);
    sw->l_event = np_rules_named(rs, NP_LIST_EVENT_NOUN);
    sw->l_here = np_rules_named(rs, NP_LIST_DATELINE_REFERENCE);
    sw->l_gathering = np_rules_named(rs, NP_LIST_GATHERING_NOUN);
    sw->l_party = np_rules_named(rs, NP_LIST_PARTY_LED_BY);
    sw->l_neg_after = np_rules_named(rs, NP_LIST_NEGATION_CUE_AFTER);
    sw->l_unrealized = np_rules_named(rs, NP_LIST_UNREALIZED_CUE);
    sw->l_cancel = np_rules_named(rs, NP_LIST_CANCEL_CUE);
    sw->l_call_mode = np_rules_named(rs, NP_LIST_CALL_MODE);
    sw->l_separately = np_rules_named(rs, NP_LIST_SEPARATELY_CUE);
    sw->l_recalled = np_rules_named(rs, NP_LIST_RECALLED_CUE);
    sw->l_arrival = np_rules_named(rs, NP_LIST_ARRIVAL_CUE);
    sw->l_upon_arrival = np_rules_named(rs, NP_LIST_UPON_ARRIVAL);
    sw->l_meeting_ref = np_rules_named(rs, NP_LIST_MEETING_REFERENCE);
    sw->l_members = np_rules_named(rs, NP_LIST_LIST_MEMBERS);
    sw->l_not_call = np_rules_named(rs, NP_LIST_NOT_A_CALL);
    sw->l_call_word = np_rules_named(rs, NP_LIST_CALL_WORD);
    sw->l_visit_call = np_rules_named(rs, NP_LIST_VISIT_CALL);
}


static int by_sent_pos(const void *a, const void *b)
{
    const ment_order *x = a, *y = b;
    if (x->sent != y->sent)
        return x->sent < y->sent ? -1 : 1;
    if (x->tb != y->tb)
        return x->tb < y->tb ? -1 : 1;
    return (x->k > y->k) - (x->k < y->k);
}

/* The segment's mentions, by sentence and position (the entity stage
 * adds them round by round, not in text order); *n gets their number. */
static ment_order *segment_mentions(const np_doc *doc, size_t *n)
{
    size_t nseg = 0;
    for (size_t k = 0; k < doc->nments; k++)
        if (doc->ments[k].sent >= doc->sent_base)
            nseg++;
    ment_order *order = np_xmalloc((nseg + 1) * sizeof *order);
    nseg = 0;
    for (size_t k = 0; k < doc->nments; k++)
        if (doc->ments[k].sent >= doc->sent_base)
            order[nseg++] = (ment_order){doc->ments[k].sent, doc->ments[k].tb, (uint32_t)k};
    np_sort(order, nseg, sizeof *order, by_sent_pos);
    *n = nseg;
    return order;
}

/* start_at[t - sb]: the first mention (index + 1) that starts at token t,
 * or 0; sw->rm sorted by position first. */
static void index_starts(sent_work *sw)
{
    memset(sw->start_at, 0, (sw->se - sw->sb) * sizeof *sw->start_at);
    for (size_t k = 0; k < sw->nrm; k++)
        if (!sw->start_at[sw->rm[k].tb - sw->sb])
            sw->start_at[sw->rm[k].tb - sw->sb] = (uint32_t)k + 1;
}

/* The sentence's entity mentions (from order[*mi], which moves on to the
 * sentence's first), persons widened over their titles, their tokens
 * marked in covered; sorted and indexed. */
static void sentence_mentions(sent_work *sw, const ment_order *order, size_t nseg, size_t *mi, uint8_t *covered)
{
    const np_doc *doc = sw->doc;
    while (*mi < nseg && doc->ments[order[*mi].k].sent < sw->sent)
        (*mi)++;
    for (size_t k = *mi; k < nseg && doc->ments[order[k].k].sent == sw->sent; k++) {
        const np_mention *mt = &doc->ments[order[k].k];
        const np_entity *e = &doc->ents[mt->entity];
        if (mt->tb < sw->sb || mt->te > sw->se || mt->te <= mt->tb)
            continue;
        for (uint32_t t = mt->tb; t < mt->te; t++)
            covered[t - sw->sb] = 1;
        int type = e->type == NP_PERSON ? NP_RM_PERSON : e->type == NP_PLACE ? NP_RM_PLACE : NP_RM_ORG;
        rm_add(sw, mt->tb, mt->te, mt->entity, type);
        if (mt->title_tb < mt->tb && mt->title_tb >= sw->sb)
            sw->rm[sw->nrm - 1].title_tb = mt->title_tb;
    }
    /* widen persons after all are known, never over another mention */
    for (size_t k = 0; k < sw->nrm; k++) {
        if (sw->rm[k].type != NP_RM_PERSON)
            continue;
        uint32_t floor = (uint32_t)sw->sb;
        for (size_t q = 0; q < sw->nrm; q++)
            if (sw->rm[q].te <= sw->rm[k].tb && sw->rm[q].te > floor && sw->rm[q].type == NP_RM_PERSON)
                floor = sw->rm[q].te;
        uint32_t tb = widen_left(sw, sw->rm[k].tb, sw->rm[k].title_tb, floor);
        for (uint32_t t = tb; t < sw->rm[k].tb; t++)
            covered[t - sw->sb] = 1;
        sw->rm[k].tb = tb;
    }
    for (size_t k = 0; k < sw->nrm; k++) {
        if (sw->rm[k].type != NP_RM_PERSON)
            continue;
        uint32_t te = widen_right(sw, sw->rm[k].te);
        for (uint32_t t = sw->rm[k].te; t < te; t++)
            covered[t - sw->sb] = 1;
        sw->rm[k].te = te;
    }
    /* mentions a person swallowed ("Japan's PM Shinzo Abe") leave */
    size_t kept = 0;
    for (size_t k = 0; k < sw->nrm; k++) {
        size_t inside = SIZE_MAX;
        for (size_t q = 0; q < sw->nrm && inside == SIZE_MAX; q++)
            if (q != k && sw->rm[q].type == NP_RM_PERSON && sw->rm[q].tb <= sw->rm[k].tb &&
                sw->rm[k].te <= sw->rm[q].te && sw->rm[q].te - sw->rm[q].tb > sw->rm[k].te - sw->rm[k].tb)
                inside = q;
        /* the body a title is of stays known to the person ("Kremlin spokesman X") */
        if (inside != SIZE_MAX && sw->rm[k].type == NP_RM_ORG && sw->rm[inside].of_org == NP_NONE)
            sw->rm[inside].of_org = sw->rm[k].ref;
        if (inside == SIZE_MAX)
            sw->rm[kept++] = sw->rm[k];
    }
    sw->nrm = kept;
    np_sort(sw->rm, sw->nrm, sizeof *sw->rm, by_tb);
    index_starts(sw);
}

/* The sentence's dates, each a mention where no entity mention starts and
 * no entity covers it; then all mentions sorted and indexed again. */
static void sentence_dates(sent_work *sw, const uint8_t *covered)
{
    const np_model *m = sw->m;
    sw->ndates = np_find_dates(m->dates, &m->lex, sw->doc, sw->sb, sw->se, sw->docdate.prec ? &sw->docdate : NULL, 0,
                               sw->dates, 16);
    for (size_t d = 0; d < sw->ndates; d++)
        if (!sw->start_at[sw->dates[d].tb - sw->sb] && !covered[sw->dates[d].tb - sw->sb])
            rm_add(sw, sw->dates[d].tb, sw->dates[d].te, (uint32_t)d, NP_RM_DATE);
    np_sort(sw->rm, sw->nrm, sizeof *sw->rm, by_tb);
    index_starts(sw);
}

/* "X arrived on Tuesday night in ...": the sentence's first person
 * arrived on its date (an arrival-cue, a day date of the sentence). */
static void note_arrival(sent_work *sw)
{
    struct np_relations_ctx *st = sw->st;
    if (!sw->l_arrival || !sw->ndates || !sw->has_person)
        return;
    size_t at = cue_in(sw->l_arrival, sw->doc, sw->sb, sw->se);
    if (at == SIZE_MAX)
        return;
    uint32_t who = NP_NONE;
    for (size_t k = 0; k < sw->nrm && who == NP_NONE; k++)
        if (sw->rm[k].type == NP_RM_PERSON && sw->rm[k].tb < at)
            who = sw->rm[k].ref;
    for (size_t d = 0; d < sw->ndates && who != NP_NONE; d++)
        if (sw->dates[d].date.prec == 3 && sw->dates[d].tb > at && sw->dates[d].tb <= at + 4) {
            st->arrival_person = who;
            st->arrival_date = sw->dates[d].date;
            st->arrival_sent = sw->sent;
            return;
        }
}

/* "The White House cancelled a planned visit by Hu": the people of a
 * sentence that cancels, calls off or postpones something, for the
 * meetings planned in the past tense that np_relations_finish drops. */
static void note_cancelled(sent_work *sw)
{
    struct np_relations_ctx *st = sw->st;
    if (!sw->has_person || cue_in(sw->l_cancel, sw->doc, sw->sb, sw->se) == SIZE_MAX)
        return;
    for (size_t k = 0; k < sw->nrm; k++)
        if (sw->rm[k].type == NP_RM_PERSON) {
            NP_GROW(st->cancelled, st->cancelled_cap, st->ncancelled + 1);
            st->cancelled[st->ncancelled++] = sw->rm[k].ref;
        }
}

/* The discourse after a sentence: its first person is the subject, its
 * persons the most recent, and its first two people named together the
 * pair, unless a meeting gave one. */
static void note_discourse(sent_work *sw)
{
    struct np_relations_ctx *st = sw->st;
    uint32_t named[2];
    size_t nnamed = 0;
    int subject_set = 0;
    for (size_t k = 0; k < sw->nrm; k++) {
        if (sw->rm[k].type != NP_RM_PERSON)
            continue;
        if (!subject_set) {
            st->subject = sw->rm[k].ref;
            subject_set = 1;
        }
        recent_push(st, sw->rm[k].ref);
        if (nnamed < 2 && (nnamed == 0 || named[0] != sw->rm[k].ref))
            named[nnamed++] = sw->rm[k].ref;
    }
    if (nnamed == 2 && !st->has_pair) {
        st->pair[0] = named[0];
        st->pair[1] = named[1];
        st->has_pair = 1;
    }
}

void np_relations_run(const np_model *m, np_doc *doc, np_relations_ctx *st, np_jw *trace)
{
    const np_ruleset *rs = m->rules;
    sent_work sw = {.m = m, .doc = doc, .st = st, .trace = trace};
    find_lists(&sw, rs);
    if (doc->date[0])
        np_date_parse(doc->date, &sw.docdate);
    size_t nseg;
    ment_order *order = segment_mentions(doc, &nseg);
    sw.order = order;
    sw.norder = nseg;
    uint8_t *covered = NULL;
    size_t covered_cap = 0;
    size_t mi = 0;
    for (size_t s = 0; s < doc->nsents; s++) {
        const np_sentence *sent = &doc->sents[s];
        sw.sb = sent->begin;
        sw.se = sent->end;
        sw.sent = doc->sent_base + (uint32_t)s;
        sw.nrm = 0;
        sw.ngroups = 0;
        if (sw.se <= sw.sb)
            continue;
        size_t n = sw.se - sw.sb;
        NP_GROW(sw.start_at, sw.start_cap, n + 1);
        NP_GROW(covered, covered_cap, n + 1);
        memset(covered, 0, n);
        sentence_mentions(&sw, order, nseg, &mi, covered);
        list_item(&sw);
        note_roles(&sw);
        find_references(&sw, covered);
        sentence_dates(&sw, covered);

        np_rctx ctx = {.lx = &m->lex, .doc = doc, .sb = sw.sb, .se = sw.se, .start_at = sw.start_at, .ments = sw.rm,
                       .nments = sw.nrm};
        /* a dateline stands in the first lines, before the body's
         * sentences refer to it, and names a place (on_dateline takes
         * only a place mention: a sentence with none is not tried) */
        if (sw.sent < DATELINE_SENTENCES && doc->dateline.place == NP_NONE && names_place(&sw)) {
            ctx.datelines = 1;
            np_rules_match(rs, &ctx, on_dateline, &sw);
            ctx.datelines = 0;
        }
        sw.met_here = 0;
        sw.has_person = 0;
        for (size_t k = 0; k < sw.nrm && !sw.has_person; k++)
            sw.has_person = sw.rm[k].type == NP_RM_PERSON || sw.rm[k].type == NP_RM_GROUP;
        /* rules need people; a sentence with none can still name a meeting
         * or an event of an earlier one */
        if (sw.has_person)
            np_rules_match(rs, &ctx, on_match, &sw);
        if (!sw.met_here) {
            meeting_reference(&sw);
            note_event(&sw);
        }
        note_cancelled(&sw);
        note_arrival(&sw);
        note_discourse(&sw);
    }
    free(order);
    free(covered);
    free(sw.start_at);
    free(sw.rm);
}

/* Is the link's place only a fallback (the dateline, the article's event,
 * a participant's visit) or unknown? */
static int weak_place(const np_link *l)
{
    return l->place == NP_NONE || !l->place_from || !strcmp(l->place_from, "dateline") ||
           !strcmp(l->place_from, "event") || !strcmp(l->place_from, "visit");
}

/* Drops the meetings the document cancels or says were calls (above); then, "Addis Ababa,
 * December 17 - A held talks with B. A met B on Monday in Geneva": a
 * meeting the text neither dates nor places (its date only the
 * document's, its place at most a fallback) is the one meeting of the same
 * pair and status that the text dates among the story's days and places;
 * its evidence joins that link. */
/* "X meets Y on the sidelines of the summit" before the text says where
 * the summit is (np_relations_finish): the frames' places and days. */
static void frame_places(np_doc *doc, const np_relations_ctx *st, const np_date *docdate_p)
{
    np_date docdate = *docdate_p;
    size_t n = doc->nlinks;
    /* the one place of all the events the text placed, if they agree;
     * placed more than once, it is the article's event wherever the
     * meeting stands */
    uint32_t only = st->nframes ? st->frames[0].place : NP_NONE;
    for (size_t k = 1; k < st->nframes; k++)
        if (st->frames[k].place != only)
            only = NP_NONE;
    int repeated = only != NP_NONE && st->nframes > 1;
    /* by noun and status: the first frame, and the first of its place with
     * a day; for the one event: the first frame of each status, and the
     * first with a day (frames come in text order) */
    np_u64map first = {0}, first_dated = {0};
    size_t only_first[2] = {SIZE_MAX, SIZE_MAX}, only_dated[2] = {SIZE_MAX, SIZE_MAX};
    for (size_t k = 0; k < st->nframes; k++) {
        const event_frame *f = &st->frames[k];
        uint64_t key = (uint64_t)f->word << 1 | f->planned;
        uint32_t at = np_u64map_get(&first, key);
        if (!at)
            np_u64map_put(&first, key, at = (uint32_t)k + 1);
        if (f->date.prec == 3 && f->place == st->frames[at - 1].place && !np_u64map_get(&first_dated, key))
            np_u64map_put(&first_dated, key, (uint32_t)k + 1);
        if (only_first[f->planned] == SIZE_MAX)
            only_first[f->planned] = k;
        if (only_dated[f->planned] == SIZE_MAX && f->date.prec == 3)
            only_dated[f->planned] = k;
    }
    for (size_t i = 0; i < n; i++) {
        np_link *l = &doc->links[i];
        if (l->rel != NP_REL_MET || l->place != NP_NONE)
            continue;
        const event_frame *at = NULL, *dated = NULL;
        if (l->frame_word) {
            /* by its noun */
            uint64_t key = (uint64_t)l->frame_word << 1 | l->planned;
            uint32_t a = np_u64map_get(&first, key), d = np_u64map_get(&first_dated, key);
            at = a ? &st->frames[a - 1] : NULL;
            dated = d ? &st->frames[d - 1] : NULL;
        } else if (only != NP_NONE && l->nev) {
            /* else the one event, placed before the meeting or more than once */
            size_t a = only_first[l->planned], d = only_dated[l->planned];
            at = a != SIZE_MAX && (repeated || st->frames[a].sent <= l->ev[0].sent) ? &st->frames[a] : NULL;
            dated = d != SIZE_MAX && (repeated || st->frames[d].sent <= l->ev[0].sent) ? &st->frames[d] : NULL;
        }
        /* a meeting that names no event takes the document's one event
         * only when it is of the story's days */
        if (!at || (!l->frame_word && !(l->date_from_doc || of_story_days(doc, &docdate, &l->date, l->planned))))
            continue;
        l->place = at->place;
        l->place_from = "event";
        if (l->date_from_doc && dated && of_story_days(doc, &docdate, &dated->date, l->planned)) {
            l->date = dated->date;
            l->date_from = "event";
            l->date_from_doc = 0;
        }
    }
    np_u64map_free(&first);
    np_u64map_free(&first_dated);
}

/* Adds l's evidence to o's, in sentence order, one per sentence. */
static void join_evidence(np_link *o, const np_link *l)
{
    NP_GROW(o->ev, o->ev_cap, o->nev + l->nev);
    for (size_t k = 0; k < l->nev; k++) {
        size_t at = 0;
        while (at < o->nev && o->ev[at].sent < l->ev[k].sent)
            at++;
        if (at < o->nev && o->ev[at].sent == l->ev[k].sent)
            continue;
        memmove(&o->ev[at + 1], &o->ev[at], (o->nev - at) * sizeof *o->ev);
        o->ev[at] = l->ev[k];
        o->nev++;
    }
}

/* A meeting the text neither dated nor placed joins the pair's one
 * meeting of the story's days that it dated and placed (np_relations_finish). */
static void merge_into_story(np_doc *doc, const np_relations_ctx *st, const np_date *docdate_p, uint8_t *gone)
{
    np_date docdate = *docdate_p;
    size_t n = doc->nlinks;
    for (size_t i = 0; i < n; i++) {
        np_link *l = &doc->links[i];
        if (gone[i])
            continue;
        if (l->rel != NP_REL_MET || !l->date_from_doc || !weak_place(l))
            continue;
        /* the links of the same pair, relation and status (link_key) */
        size_t into = SIZE_MAX, found = 0;
        uint64_t key = link_key(l->rel, l->planned, l->a, l->b);
        for (uint32_t next = np_u64map_get(&st->by_key, key); next; next = doc->links[next - 1].next) {
            size_t j = next - 1;
            const np_link *o = &doc->links[j];
            if (j == i || gone[j] || o->rel != l->rel || o->planned != l->planned || o->a != l->a || o->b != l->b ||
                o->date_from_doc || weak_place(o) || !of_story_days(doc, &docdate, &o->date, o->planned))
                continue;
            into = j;
            found++;
        }
        if (found != 1)
            continue;
        join_evidence(&doc->links[into], l);
        gone[i] = 1;
    }
}

/* "The talks were held by video link" (np_relations_finish): the meeting
 * of link i was a call, with no place. It joins the pair's call of the
 * same status whose date agrees, when the document has one. */
static void meeting_to_call(np_doc *doc, size_t i, uint8_t *gone)
{
    np_link *l = &doc->links[i];
    l->rel = NP_REL_CALLED;
    l->place = NP_NONE;
    l->place_from = NULL;
    l->frame_word = 0;
    l->rule_cameo[0] = 0;
    l->visitor = NP_NONE;
    for (size_t j = 0; j < doc->nlinks; j++) {
        np_link *o = &doc->links[j];
        if (j == i || gone[j] || o->rel != NP_REL_CALLED || o->a != l->a || o->b != l->b || o->planned != l->planned ||
            (!o->date_from_doc && !l->date_from_doc && !date_compatible(&o->date, &l->date)))
            continue;
        if (o->date_from_doc && !l->date_from_doc && l->date.prec) {
            o->date = l->date;
            o->date_from = l->date_from;
            o->date_from_doc = 0;
        }
        join_evidence(o, l);
        gone[i] = 1;
        return;
    }
}

void np_relations_finish(const np_model *m, np_doc *doc, const np_relations_ctx *st)
{
    np_date docdate = {0};
    if (doc->date[0])
        np_date_parse(doc->date, &docdate);
    size_t n = doc->nlinks;
    uint8_t *gone = np_xcalloc(n + 1, 1);
    /* a meeting that had been scheduled, of someone whose meeting or
     * visit the document cancels, was not held */
    for (size_t i = 0; i < n; i++) {
        const np_link *l = &doc->links[i];
        for (size_t k = 0; l->unrealized && k < st->ncancelled && !gone[i]; k++)
            gone[i] = st->cancelled[k] == l->a || st->cancelled[k] == l->b;
    }
    /* one a later sentence says was held by phone or video was a call */
    for (size_t i = 0; i < n; i++)
        if (!gone[i] && doc->links[i].by_call && doc->links[i].rel == NP_REL_MET)
            meeting_to_call(doc, i, gone);
    frame_places(doc, st, &docdate);
    /* a meeting found before the dateline was read (a headline's) takes
     * its place as the body's meetings do */
    for (size_t i = 0; i < n && doc->dateline.place != NP_NONE; i++) {
        np_link *l = &doc->links[i];
        if (l->rel == NP_REL_MET && l->place == NP_NONE && l->nev && l->ev[0].sent < doc->dateline.sent &&
            (!l->date.prec || l->date_from_doc || of_story_days(doc, &docdate, &l->date, l->planned))) {
            l->place = doc->dateline.place;
            l->place_from = "dateline";
        }
    }
    merge_into_story(doc, st, &docdate, gone);
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        np_link *l = &doc->links[i];
        if (gone[i]) {
            free(l->ev);
            continue;
        }
        /* the CAMEO code, now that place and status are settled */
        const char *cameo = cameo_of(m, doc, l->rel, l->planned, l->rule_cameo, l->visitor, l->a, l->b, l->place);
        size_t clen = strnlen(cameo, sizeof l->cameo - 1);
        memcpy(l->cameo, cameo, clen);
        l->cameo[clen] = '\0';
        doc->links[w++] = *l;
    }
    doc->nlinks = w;
    free(gone);
}
