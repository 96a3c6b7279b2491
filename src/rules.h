/*
 * rules.h: the relation rule language (rules/README.md documents it).
 *
 * A rule is a pattern over one sentence's tokens and mentions:
 *
 *   word  "Text"  @list  <person:a>  <people:b>  <place:place>  <org>
 *   <entity>  <date:date>  /Xxxx/  .  ~N  ^N  !word  's  (x | y z)  x?  x+  x*
 *
 * Rules are compiled once when the model loads (rules/relations/ (YAML))
 * and indexed by their trigger: the first required list (else word) of the
 * pattern. A sentence costs one index lookup per token plus the rules its
 * words trigger; a match is searched only around its trigger, backtracking
 * through optional parts, alternatives and bounded gaps with a step budget.
 * The relation stage (relations.c) supplies the mentions and turns matches
 * into links.
 */
#ifndef NP_RULES_H
#define NP_RULES_H

#include "doc.h"
#include "vocab.h"

#define NP_RULE_MAX_CAPTURES 6
#define NP_RULE_MAX_GROUP 12
#define NP_RULE_LEFT_WINDOW 40  /* tokens a match may start before its trigger */
#define NP_RULE_STEPS 20000     /* backtracking budget per trigger and rule */
#define NP_RULE_MAX_DEPTH 32    /* groups and ! nested in a pattern */

/* Mention types a pattern can ask for; the relation stage provides them. */
enum np_rm_type { NP_RM_PERSON, NP_RM_PLACE, NP_RM_ORG, NP_RM_DATE, NP_RM_GROUP };

typedef struct np_rmention {
    uint32_t tb, te;    /* tokens [tb, te) of the segment */
    uint32_t ref;       /* the relation stage's own index (entity, date, group) */
    uint8_t type;       /* np_rm_type */
    uint8_t is_ref;     /* a pronoun ("him"): gaps may pass over it */
    uint32_t title_tb;  /* people: where the titles the entity stage read before it start, else tb */
    uint32_t of_org;    /* people: the organization of the title before them ("Kremlin spokesman X"), once
                         * the mention covers it, else NP_NONE (relations.c) */
} np_rmention;

typedef struct np_rctx {
    const np_lexicon *lx;
    const np_doc *doc;
    size_t sb, se;             /* the sentence's tokens */
    const uint32_t *start_at;  /* per token - sb: mention index + 1 starting there, or 0 */
    const np_rmention *ments;
    size_t nments;
    int datelines;             /* try the dateline rules (at line starts) instead of the others */
} np_rctx;

typedef struct np_rmatch {
    uint32_t rule;
    uint32_t tb, te;           /* the tokens the match spans */
    uint32_t trigger;          /* the trigger token */
    uint32_t caps[NP_RULE_MAX_CAPTURES][NP_RULE_MAX_GROUP]; /* mention indices per capture */
    uint8_t ncap[NP_RULE_MAX_CAPTURES];
} np_rmatch;

enum np_rule_status { NP_RS_AUTO, NP_RS_OCCURRED, NP_RS_PLANNED };

/* CAMEO event codes (rules/README.md): what a rule's `cameo` says. A code
 * is two to four digits, NUL-terminated. */
#define NP_CAMEO_LEN 5
#define NP_CAMEO_CHOICES 4
enum np_cameo_kind {
    NP_CK_NONE,  /* the rule says nothing: the table decides */
    NP_CK_CODE,  /* this code */
    NP_CK_VISIT, /* a visits b: from a visitor the table's visitor code, from the host its host code */
    NP_CK_HOST   /* a hosts b */
};
typedef struct np_cameo_choice {
    uint32_t list;              /* list index + 1: chosen when a phrase of it stands in the match from
                                 * its trigger on; 0: always (the last choice) */
    uint8_t kind;               /* np_cameo_kind */
    char code[NP_CAMEO_LEN];    /* NP_CK_CODE: the code */
} np_cameo_choice;

/* The table of rules/relations/cameo.yaml (`cameo:` at a rule file's top
 * level): an empty code is none. */
enum {
    NP_CAMEO_MET,             /* the code of each relation's links when nothing else decides */
    NP_CAMEO_VISITED,
    NP_CAMEO_CALLED,
    NP_CAMEO_PLANNED_MET,     /* a planned link of the relation */
    NP_CAMEO_PLANNED_VISITED,
    NP_CAMEO_PLANNED_CALLED,
    NP_CAMEO_VISITOR,         /* a meeting whose source makes a visit to its target */
    NP_CAMEO_HOST,            /* ... whose source hosts its target */
    NP_CAMEO_THIRD,           /* a meeting at a third location: neither side at home */
    NP_CAMEO_SLOTS
};

typedef struct np_rule {
    uint32_t id;        /* pool offsets */
    uint32_t relation;
    uint32_t file;
    int line;
    uint8_t status;     /* np_rule_status */
    int ncaps;
    uint32_t capname[NP_RULE_MAX_CAPTURES]; /* pool offsets: "a", "b", "place", "date" */
    uint32_t root;      /* node index of the top-level sequence */
    uint32_t anchor;    /* index of the trigger element in the top-level sequence */
    uint32_t lead_min, lead_max; /* tokens the elements before the trigger span */
    /* what a sentence must have for the rule to match there at all */
    uint8_t min_ments, min_people; /* mentions; of them, people or groups */
    uint8_t nneed;      /* words besides the trigger (need[]: vocabulary indices) */
    uint8_t within;     /* joined: sentences after the meeting's its joiners may stand in (0-6) */
    uint8_t dateline;   /* a dateline rule: tried only from the start of a line */
    uint32_t need[4];
    /* the captures the relation stage reads, by index (-1: none) */
    int8_t cap_a, cap_b, cap_place, cap_date;
    uint8_t ncameo;     /* the rule's CAMEO choices, tried in order (none: the table decides) */
    np_cameo_choice cameo[NP_CAMEO_CHOICES];
} np_rule;

/* One element of a compiled pattern. A rule's pattern is a tree stored in
 * the ruleset's node array; a node's children are nodes[first, first + nkids). */
typedef struct np_pnode {
    uint8_t kind;       /* what it matches (rules.c) */
    uint8_t what;       /* mentions: which type; gaps: within the clause */
    int8_t cap;         /* capture index or -1 */
    uint8_t pad;
    int32_t min, max;   /* repetitions, gaps */
    uint32_t word;      /* a word: vocabulary index; a list: list index */
    uint32_t str;       /* "text", /shape/: pool offset */
    uint32_t first, nkids;
} np_pnode;

typedef struct np_plist {
    uint32_t name;      /* pool offset */
    np_trie phrases;    /* payload 1 */
} np_plist;

/* The lists of rules/relations/ (by name) that the relation stage reads,
 * found once when the rules are loaded or mapped (np_rules_resolve_lists). */
enum np_list_name {
    NP_LIST_PLANNED_CUE,
    NP_LIST_PLANNED_CUE_ADJACENT,
    NP_LIST_NEGATION_CUE,
    NP_LIST_CALL_CUE,
    NP_LIST_PLACE_CUE,
    NP_LIST_PERSON_PRONOUN,
    NP_LIST_GROUP_REFERENCE,
    NP_LIST_COUNTERPART,
    NP_LIST_STATUS_BARRIER,
    NP_LIST_PLACE_CUE_STOP,
    NP_LIST_TITLE_MODIFIER,
    NP_LIST_CLAUSE_BREAK,
    NP_LIST_PLANNED_CUE_AFTER,
    NP_LIST_HYPOTHETICAL_CUE,
    NP_LIST_EVENT_NOUN,
    NP_LIST_DATELINE_REFERENCE,
    NP_LIST_GATHERING_NOUN,
    NP_LIST_PARTY_LED_BY,
    NP_LIST_NEGATION_CUE_AFTER,
    NP_LIST_UNREALIZED_CUE,
    NP_LIST_CANCEL_CUE,
    NP_LIST_CALL_MODE,
    NP_LIST_SEPARATELY_CUE,
    NP_LIST_RECALLED_CUE,
    NP_LIST_ARRIVAL_CUE,
    NP_LIST_UPON_ARRIVAL,
    NP_LIST_MEETING_REFERENCE,
    NP_LIST_LIST_MEMBERS,
    NP_LIST_NOT_A_CALL,
    NP_LIST_CALL_WORD,
    NP_LIST_VISIT_CALL,
    NP_LIST_NAMES
};

typedef struct np_ruleset {
    np_rule *rules;
    size_t n, cap;
    np_pnode *nodes;    /* every rule's pattern */
    size_t nnodes, nodes_cap;
    np_plist *lists;
    size_t nlists, lists_cap;
    uint32_t named[NP_LIST_NAMES]; /* the list index + 1 of each np_list_name, 0 when none */
    uint64_t *index;    /* sorted (vocabulary index << 32 | rule) pairs */
    size_t nindex, index_cap;
    uint64_t *triggers; /* a Bloom filter of the index's words (vocab.h) */
    size_t ntriggers;
    char cameo[NP_CAMEO_SLOTS][NP_CAMEO_LEN]; /* the CAMEO table (NP_CAMEO_*) */
    int cameo_line;     /* while loading: the line of the table read (0: none yet) */
} np_ruleset;

/* Loads every rules/relations/ (YAML) of the data directory; NULL with
 * "file:line:col: what is wrong" in err. */
np_ruleset *np_rules_load(np_lexicon *lx, const char *datadir, np_error *err);
/* The same, reporting to rep (yamltree.h): with rep->each set, every
 * problem, and the rules that could be loaded. */
struct np_yreport;
np_ruleset *np_rules_load_report(np_lexicon *lx, const char *datadir, struct np_yreport *rep);
/* Loads one rule file into rs (also for tests); call np_rules_index after. */
int np_rules_load_file(np_lexicon *lx, np_ruleset *rs, const char *path, np_error *err);
void np_rules_free(np_ruleset *rs);

/* Compiles one pattern and adds it as a rule (for tests). */
int np_rules_add(np_lexicon *lx, np_ruleset *rs, const char *id, const char *relation, const char *pattern,
                 int status, const char *file, int line, int col, np_error *err);
/* Builds the trigger index; call after adding rules. */
void np_rules_index(np_ruleset *rs);
/* Checks a ruleset read from a compiled model (modelfile.c) against what
 * the compiler makes: every index, offset and count within its table,
 * patterns that are trees of the right shape. Needs lx's pool to begin and
 * end with a NUL. Returns NULL, or what is wrong. */
const char *np_rules_check(const np_lexicon *lx, const np_ruleset *rs);

/* Calls fn for the leftmost match of every rule triggered in the sentence
 * (at most one per rule and trigger token). */
typedef void (*np_match_fn)(const np_rmatch *match, void *arg);
void np_rules_match(const np_ruleset *rs, const np_rctx *c, np_match_fn fn, void *arg);

/* Is s a CAMEO code (two to four ASCII digits)? */
int np_cameo_valid(const char *s);

/* Index of a rule's capture called name, or -1. */
int np_rule_capture(const np_lexicon *lx, const np_rule *r, const char *name);

/* The named list, or NULL; and the length in tokens of its longest phrase
 * at token i (not past end), or 0. */
const np_plist *np_rules_list(const np_lexicon *lx, const np_ruleset *rs, const char *name);
/* Finds the lists of enum np_list_name in rs (after its lists are loaded
 * or mapped). */
void np_rules_resolve_lists(const np_lexicon *lx, np_ruleset *rs);
/* The list of that name (np_list_name), or NULL when the rules define none. */
static inline const np_plist *np_rules_named(const np_ruleset *rs, int name)
{
    return rs->named[name] ? &rs->lists[rs->named[name] - 1] : NULL;
}
size_t np_list_longest(const np_plist *l, const np_doc *doc, size_t i, size_t end);
static inline size_t np_list_at(const np_plist *l, const np_doc *doc, size_t i, size_t end)
{
    /* most tokens begin no phrase of a list: the trie's filter of first
     * words answers for them here */
    if (i >= end || !doc->toks[i].vocab || !np_bloom_has(l->phrases.starts, l->phrases.nstarts, doc->toks[i].vocab - 1))
        return 0;
    return np_list_longest(l, doc, i, end);
}

#endif
