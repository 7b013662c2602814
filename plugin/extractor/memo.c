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
// by_id; the others by a search of the entries.
#define ECS_MEMO_IDS 512

typedef struct {
	// The event the entries belong to: number, address and length, as the Go
	// side identifies the event it has decoded; gen counts events.
	uint64_t evtnum;
	const void* evt;
	uint32_t evtlen;
	uint32_t n; // entries of the current event
	uint64_t gen;
	memo_entry e[ECS_MEMO_FIELDS];
	uint32_t args; // entries with an argument
	struct {
		uint64_t gen; // the entry is valid when gen is the memo's
		uint32_t entry;
	} by_id[ECS_MEMO_IDS];
	uint32_t slots[ECS_MEMO_MAX_CALL]; // result slots of a call's fields
	uint64_t hits, misses;
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

void ecs_memo_counters(uintptr_t handle, uint64_t* hits, uint64_t* misses) {
	*hits = *misses = 0;
	if(handle > 0 && handle < ECS_MEMO_HANDLES && memos[handle]) {
		*hits = memos[handle]->hits;
		*misses = memos[handle]->misses;
	}
}

static int wants_arg(const ecs_extract_field* f) {
	return f->arg_present && f->arg_key;
}

static memo_entry* lookup(memo* m, const ecs_extract_field* f) {
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

// add makes a new entry for f, or returns -1 when there is no room (or no
// memory for its argument).
static int add(memo* m, const ecs_extract_field* f) {
	if(m->n == ECS_MEMO_FIELDS ||
	   (!wants_arg(f) && (f->field_id >= ECS_MEMO_IDS || m->by_id[f->field_id].gen == m->gen))) {
		return -1; // no room, or the field is kept with another type
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

// plugin_extract_fields is ss_plugin_rc plugin_extract_fields(ss_plugin_t* s,
// const ss_plugin_event_input* evt, const ss_plugin_field_extract_input* in).
// The memo is checked first; when it lacks a field of the call, Go extracts
// the call's fields, each new one into the result slot of its new entry.
// Failures are not kept: the next call asks Go again, which reports the
// error again.
int32_t plugin_extract_fields(uintptr_t s, const ecs_event_input* evt, const ecs_extract_input* in) {
	memo* m = s > 0 && s < ECS_MEMO_HANDLES ? memos[s] : NULL;
	if(!m || !evt || !evt->evt || !in || !in->fields || in->num_fields > ECS_MEMO_MAX_CALL) {
		return ecs_go_extract_fields(s, (void*)evt, (void*)in, NULL);
	}
	uint32_t len;
	memcpy(&len, (const char*)evt->evt + 16, sizeof(len)); // ppm_evt_hdr.len
	if(evt->evtnum != m->evtnum || evt->evt != m->evt || len != m->evtlen) {
		m->evtnum = evt->evtnum;
		m->evt = evt->evt;
		m->evtlen = len;
		m->n = 0;
		m->args = 0;
		m->gen++;
	}
	uint32_t nf = in->num_fields, hit = 0;
	for(uint32_t i = 0; i < nf; i++) {
		memo_entry* e = lookup(m, &in->fields[i]);
		if(!e) {
			break;
		}
		in->fields[i].res.ptr = e->res;
		in->fields[i].res_len = e->res_len;
		hit++;
	}
	if(hit == nf) {
		m->hits += nf;
		return 0; // SS_PLUGIN_SUCCESS
	}
	// Slots 0 to ECS_MEMO_FIELDS-1 belong to the entries; the fields of the
	// call that get no new entry use the slots after them.
	uint32_t first = m->n;
	for(uint32_t i = 0; i < nf; i++) {
		const ecs_extract_field* f = &in->fields[i];
		int k = lookup(m, f) ? -1 : add(m, f);
		m->slots[i] = k >= 0 ? (uint32_t)k : ECS_MEMO_FIELDS + i;
	}
	int32_t rc = ecs_go_extract_fields(s, (void*)evt, (void*)in, m->slots);
	m->misses += nf;
	if(rc != 0) {
		// Drop the entries made for the call, their values unknown.
		for(uint32_t k = first; k < m->n; k++) {
			if(m->e[k].has_arg) {
				m->args--;
			} else {
				m->by_id[m->e[k].field_id].gen = 0;
			}
		}
		m->n = first;
		return rc;
	}
	for(uint32_t i = 0; i < nf; i++) {
		ecs_extract_field* f = &in->fields[i];
		if(m->slots[i] < ECS_MEMO_FIELDS) {
			memo_entry* e = &m->e[m->slots[i]];
			e->res = f->res.ptr;
			e->res_len = f->res_len;
		}
	}
	return 0;
}
