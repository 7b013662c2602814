// See memo.h.
#include <stdlib.h>
#include <string.h>

#include "memo.h"
#include "_cgo_export.h"

// One remembered field of the current event: its request (id, argument,
// type) and its value, which Go wrote into result slot i of the instance
// for entry i: it stays there until the entry is reused for another event.
typedef struct {
	uint32_t field_id, ftype, flist;
	int has_arg;
	char* arg; // the argument when has_arg (the buffer is kept for reuse)
	size_t arg_cap;
	void* res;
	uint64_t res_len;
} memo_entry;

// Field ids below ECS_MEMO_IDS without an argument are found through
// by_id, and can be prefetched; the others are found by a search of the
// entries.
#define ECS_MEMO_IDS 512

// A field without argument, as libsinsp asks for it.
typedef struct {
	uint32_t field_id, ftype, flist;
} memo_key;

// NO_SLOT is what Go writes into the slot of a prefetched field it could
// not extract.
#define NO_SLOT UINT32_MAX

#define MAX_GO_CALL (ECS_MEMO_MAX_CALL + ECS_MEMO_FIELDS)

// LATE_CHAINS is how many sequences of later fields are remembered.
#define LATE_CHAINS 8

// What the memo knows of a field without argument.
typedef struct {
	uint64_t gen; // the entry is valid when gen is the memo's
	uint32_t entry;
	uint32_t streak; // consecutive events, up to asked, the field was asked for
	uint64_t asked;  // the last event the field was asked for
} id_state;

// A sequence of fields asked for in later calls of an event: first, then
// the others.
typedef struct {
	memo_key first;
	memo_key then[ECS_MEMO_FIELDS];
	uint32_t n;
	uint64_t used; // the event it was made or used for, for replacement
} late_chain;

typedef struct {
	// The event the entries belong to: number, address and length, as the Go
	// side identifies the event it has decoded; gen counts events.
	uint64_t evtnum;
	const void* evt;
	uint32_t evtlen;
	uint64_t gen;
	uint32_t n; // entries of the current event
	memo_entry e[ECS_MEMO_FIELDS];
	uint32_t args;  // entries with an argument
	int called;     // Go was called for the current event
	id_state by_id[ECS_MEMO_IDS];
	// The fields asked for in the current event (without argument), and
	// those asked for in each of the last two events: the first call into
	// Go for an event extracts these too, as Falco is likely to ask for
	// them (a rule's condition asks for the same fields on every exec).
	memo_key asked[ECS_MEMO_FIELDS];
	uint32_t nasked;
	memo_key want[ECS_MEMO_FIELDS];
	uint32_t nwant;
	// The fields that needed a later call into Go in the current event
	// (late_now[0] the first of them), and for the last events whose first
	// such field was first, the others: when that field needs a later call
	// again, the call extracts them too (an alert's output asks for fields
	// its condition did not read, always in the same order).
	memo_key late_now[ECS_MEMO_FIELDS];
	uint32_t nlate_now;
	late_chain late[LATE_CHAINS];
	// The fields and result slots of a call into Go.
	ecs_extract_field go_fields[MAX_GO_CALL];
	uint32_t slots[MAX_GO_CALL];
	uint32_t entries[MAX_GO_CALL]; // the entry of each, or NO_SLOT
	uint64_t hits, misses, prefetched;
} memo;

static memo* memos[ECS_MEMO_HANDLES];

int ecs_memo_enable(uintptr_t handle) {
	if(handle == 0 || handle >= ECS_MEMO_HANDLES) {
		return -1;
	}
	ecs_memo_free(handle);
	memo* m = calloc(1, sizeof(memo));
	if(!m) {
		return -1;
	}
	m->gen = 1;
	memos[handle] = m;
	return 0;
}

void ecs_memo_free(uintptr_t handle) {
	if(handle == 0 || handle >= ECS_MEMO_HANDLES || !memos[handle]) {
		return;
	}
	memo* m = memos[handle];
	for(int i = 0; i < ECS_MEMO_FIELDS; i++) {
		free(m->e[i].arg);
	}
	free(m);
	memos[handle] = NULL;
}

void ecs_memo_counters(uintptr_t handle, uint64_t* hits, uint64_t* misses, uint64_t* prefetched) {
	*hits = *misses = *prefetched = 0;
	if(handle > 0 && handle < ECS_MEMO_HANDLES && memos[handle]) {
		*hits = memos[handle]->hits;
		*misses = memos[handle]->misses;
		*prefetched = memos[handle]->prefetched;
	}
}

static inline int wants_arg(const ecs_extract_field* f) {
	return f->arg_present && f->arg_key;
}

static int same_key(const memo_key* a, const memo_key* b) {
	return a->field_id == b->field_id && a->ftype == b->ftype && a->flist == b->flist;
}

// find_late returns the chain of later fields that starts with k, if any.
static late_chain* find_late(memo* m, const memo_key* k) {
	for(int i = 0; i < LATE_CHAINS; i++) {
		if(m->late[i].used && same_key(&m->late[i].first, k)) {
			return &m->late[i];
		}
	}
	return NULL;
}

// new_event makes the entries those of the event evt, and chooses the
// fields to prefetch: those asked for in the last two events.
static void new_event(memo* m, const ecs_event_input* evt, uint32_t len) {
	m->nwant = 0;
	for(uint32_t i = 0; i < m->nasked; i++) {
		if(m->by_id[m->asked[i].field_id].streak >= 2) {
			m->want[m->nwant++] = m->asked[i];
		}
	}
	m->nasked = 0;
	if(m->nlate_now > 0) {
		late_chain* c = find_late(m, &m->late_now[0]);
		if(!c) { // replace the chain used longest ago
			c = &m->late[0];
			for(int i = 1; i < LATE_CHAINS; i++) {
				if(m->late[i].used < c->used) {
					c = &m->late[i];
				}
			}
			c->first = m->late_now[0];
			c->n = 0;
		}
		// The chain keeps those of its fields that were asked for (from the
		// memo when it prefetched them), and gains the new ones.
		uint32_t kept = 0;
		for(uint32_t j = 0; j < c->n; j++) {
			if(m->by_id[c->then[j].field_id].asked == m->gen) {
				c->then[kept++] = c->then[j];
			}
		}
		c->n = kept;
		for(uint32_t i = 1; i < m->nlate_now && c->n < ECS_MEMO_FIELDS; i++) {
			uint32_t j = 0;
			while(j < c->n && !same_key(&c->then[j], &m->late_now[i])) {
				j++;
			}
			if(j == c->n) {
				c->then[c->n++] = m->late_now[i];
			}
		}
		c->used = m->gen;
		m->nlate_now = 0;
	}
	m->evtnum = evt->evtnum;
	m->evt = evt->evt;
	m->evtlen = len;
	m->n = 0;
	m->args = 0;
	m->called = 0;
	m->gen++;
}

// note records that f was asked for in the current event.
static inline void note(memo* m, const ecs_extract_field* f) {
	if(wants_arg(f) || f->field_id >= ECS_MEMO_IDS) {
		return;
	}
	id_state* b = &m->by_id[f->field_id];
	if(b->asked == m->gen) {
		return;
	}
	b->streak = b->asked == m->gen - 1 ? b->streak + 1 : 1;
	b->asked = m->gen;
	if(m->nasked < ECS_MEMO_FIELDS) {
		m->asked[m->nasked++] = (memo_key){f->field_id, f->ftype, f->flist};
	}
}

static inline memo_entry* lookup(memo* m, const ecs_extract_field* f) {
	memo_entry* e = NULL;
	if(!wants_arg(f)) {
		if(f->field_id < ECS_MEMO_IDS && m->by_id[f->field_id].gen == m->gen) {
			e = &m->e[m->by_id[f->field_id].entry];
		}
	} else if(m->args > 0) {
		for(uint32_t i = 0; i < m->n; i++) {
			memo_entry* c = &m->e[i];
			if(c->has_arg && c->field_id == f->field_id && strcmp(c->arg, f->arg_key) == 0) {
				e = c;
				break;
			}
		}
	}
	if(e && (e->ftype != f->ftype || e->flist != f->flist)) {
		return NULL; // asked with another type: Go answers (an error)
	}
	return e;
}

// add makes a new entry for f and returns its index, or -1 when there is no
// room, no memory for its argument, or the field is kept with another
// type.
static int add(memo* m, const ecs_extract_field* f) {
	if(m->n == ECS_MEMO_FIELDS ||
	   (!wants_arg(f) && (f->field_id >= ECS_MEMO_IDS || m->by_id[f->field_id].gen == m->gen))) {
		return -1;
	}
	memo_entry* e = &m->e[m->n];
	if(wants_arg(f)) {
		size_t l = strlen(f->arg_key) + 1;
		if(l > e->arg_cap) {
			char* a = realloc(e->arg, l);
			if(!a) {
				return -1;
			}
			e->arg = a;
			e->arg_cap = l;
		}
		memcpy(e->arg, f->arg_key, l);
		e->has_arg = 1;
		m->args++;
	} else {
		e->has_arg = 0;
		m->by_id[f->field_id].gen = m->gen;
		m->by_id[f->field_id].entry = m->n;
	}
	e->field_id = f->field_id;
	e->ftype = f->ftype;
	e->flist = f->flist;
	e->res = NULL;
	e->res_len = 0;
	return (int)m->n++;
}

// prefetch appends to the Go call the fields of list the memo lacks.
static void prefetch(memo* m, const memo_key* list, uint32_t nlist, uint32_t* n) {
	for(uint32_t i = 0; i < nlist && *n < MAX_GO_CALL; i++) {
		const memo_key* w = &list[i];
		if(m->by_id[w->field_id].gen == m->gen) {
			continue; // kept, or asked for by this call
		}
		ecs_extract_field* f = &m->go_fields[*n];
		memset(f, 0, sizeof(*f));
		f->field_id = w->field_id;
		f->ftype = w->ftype;
		f->flist = w->flist;
		int k = add(m, f);
		if(k < 0) {
			continue;
		}
		m->slots[*n] = m->entries[*n] = (uint32_t)k;
		(*n)++;
	}
}

// drop makes entry k unreachable.
static void drop(memo* m, uint32_t k) {
	if(m->e[k].has_arg) {
		m->e[k].has_arg = 0;
		m->args--;
	} else if(m->by_id[m->e[k].field_id].entry == k) {
		m->by_id[m->e[k].field_id].gen = 0;
	}
}

// plugin_extract_fields is ss_plugin_rc plugin_extract_fields(ss_plugin_t* s,
// const ss_plugin_event_input* evt, const ss_plugin_field_extract_input* in).
// The memo is checked first. When it lacks a field of the call, Go extracts
// the call's fields, each new one into the result slot of its new entry,
// and on the first call for an event also the fields to prefetch. Failures
// are not kept: the next call asks Go again, which reports the error again.
int32_t plugin_extract_fields(uintptr_t s, const ecs_event_input* evt, const ecs_extract_input* in) {
	memo* m = s > 0 && s < ECS_MEMO_HANDLES ? memos[s] : NULL;
	if(!m || !evt || !evt->evt || !in || !in->fields || in->num_fields > ECS_MEMO_MAX_CALL) {
		return ecs_go_extract_fields(s, (void*)evt, (void*)in, NULL, 0);
	}
	uint32_t len;
	memcpy(&len, (const char*)evt->evt + 16, sizeof(len)); // ppm_evt_hdr.len
	if(evt->evtnum != m->evtnum || evt->evt != m->evt || len != m->evtlen) {
		new_event(m, evt, len);
	} else if(in->num_fields == 1) {
		// The common case, as libsinsp calls: one field without argument,
		// kept for this event.
		ecs_extract_field* f = in->fields;
		if(!wants_arg(f) && f->field_id < ECS_MEMO_IDS && m->by_id[f->field_id].gen == m->gen) {
			memo_entry* e = &m->e[m->by_id[f->field_id].entry];
			if(e->ftype == f->ftype && e->flist == f->flist) {
				note(m, f);
				f->res.ptr = e->res;
				f->res_len = e->res_len;
				m->hits++;
				return 0;
			}
		}
	}
	uint32_t nf = in->num_fields, hit = 0;
	for(uint32_t i = 0; i < nf; i++) {
		ecs_extract_field* f = &in->fields[i];
		note(m, f);
		memo_entry* e = lookup(m, f);
		if(e) {
			f->res.ptr = e->res;
			f->res_len = e->res_len;
			hit++;
		}
	}
	if(hit == nf) {
		m->hits += nf;
		return 0; // SS_PLUGIN_SUCCESS
	}
	// The call's fields, then (on the first call for the event) the fields
	// to prefetch that the memo lacks. Slots 0 to ECS_MEMO_FIELDS-1 belong
	// to the entries; fields that get no new entry use the slots after them.
	uint32_t first = m->n, n = 0;
	for(uint32_t i = 0; i < nf; i++) {
		const ecs_extract_field* f = &in->fields[i];
		int k = lookup(m, f) ? -1 : add(m, f);
		m->go_fields[n] = *f;
		m->slots[n] = k >= 0 ? (uint32_t)k : ECS_MEMO_FIELDS + n;
		m->entries[n] = k >= 0 ? (uint32_t)k : NO_SLOT;
		n++;
	}
	if(!m->called) {
		prefetch(m, m->want, m->nwant, &n);
	} else {
		int first_late = m->nlate_now == 0;
		for(uint32_t i = 0; i < nf && m->nlate_now < ECS_MEMO_FIELDS; i++) {
			const ecs_extract_field* f = &in->fields[i];
			if(m->entries[i] != NO_SLOT && !wants_arg(f)) {
				m->late_now[m->nlate_now++] = (memo_key){f->field_id, f->ftype, f->flist};
			}
		}
		late_chain* c = first_late && m->nlate_now > 0 ? find_late(m, &m->late_now[0]) : NULL;
		if(c) {
			c->used = m->gen;
			prefetch(m, c->then, c->n, &n);
		}
	}
	m->called = 1;
	ecs_extract_input go_in = *in;
	go_in.num_fields = n;
	go_in.fields = m->go_fields;
	int32_t rc = ecs_go_extract_fields(s, (void*)evt, &go_in, m->slots, nf);
	m->misses += nf;
	m->prefetched += n - nf;
	if(rc != 0) {
		// Drop the entries made for the call, their values unknown.
		for(uint32_t k = first; k < m->n; k++) {
			drop(m, k);
		}
		m->n = first;
		return rc;
	}
	for(uint32_t i = 0; i < n; i++) {
		const ecs_extract_field* f = &m->go_fields[i];
		if(i < nf) {
			in->fields[i].res.ptr = f->res.ptr;
			in->fields[i].res_len = f->res_len;
		}
		if(m->entries[i] == NO_SLOT) {
			continue;
		}
		if(m->slots[i] == NO_SLOT) { // a prefetched field Go could not extract
			drop(m, m->entries[i]);
			continue;
		}
		memo_entry* e = &m->e[m->entries[i]];
		e->res = f->res.ptr;
		e->res_len = f->res_len;
	}
	return 0;
}
