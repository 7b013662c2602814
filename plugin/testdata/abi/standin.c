// standin is a stand-in for libsinsp's state tables as the plugin API
// exposes them (plugin_api.h): a "threads" table keyed by int64 with the
// fields libsinsp declares (sinsp_threadinfo::get_static_fields), each
// thread with an "args" subtable keyed by uint64 whose entries have a
// "value" string and a "file_descriptors" subtable keyed by int64 whose
// entries have a "name" string. It checks the rules of the API the way libsinsp enforces
// them: accessors are obtained during plugin_init only and must match the
// field's type; entries obtained with get_table_entry are released; the
// reader vtable of an extraction call is only valid during that call.
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugin_api.h"
#include "standin.h"

typedef struct standin_args standin_args;
typedef struct standin_fds standin_fds;

typedef struct {
	int64_t tid, pid, ptid;
	uint32_t tty, uid, gid;
	char *exe, *exepath, *cwd;
	standin_args* args;
	standin_fds* fds;
} standin_thread;

#define KIND_THREADS 1
#define KIND_ARGS 2
#define KIND_FDS 3

struct standin_fds {
	int kind; // KIND_FDS
	int n;
	int64_t* fd;
	char** name;
};

struct standin_args {
	int kind; // KIND_ARGS
	int n;
	char** v;
};

typedef struct {
	int kind; // KIND_THREADS
	int n;
	standin_thread* t;
} standin_threads;

typedef struct {
	const char* name;
	ss_plugin_state_type type;
	int kind; // table it belongs to
} standin_field;

static standin_field thread_fields[] = {
        {"tid", SS_PLUGIN_ST_INT64, KIND_THREADS},      {"pid", SS_PLUGIN_ST_INT64, KIND_THREADS},
        {"ptid", SS_PLUGIN_ST_INT64, KIND_THREADS},     {"reaper_tid", SS_PLUGIN_ST_INT64, KIND_THREADS},
        {"sid", SS_PLUGIN_ST_INT64, KIND_THREADS},      {"comm", SS_PLUGIN_ST_STRING, KIND_THREADS},
        {"exe", SS_PLUGIN_ST_STRING, KIND_THREADS},     {"exe_path", SS_PLUGIN_ST_STRING, KIND_THREADS},
        {"args", SS_PLUGIN_ST_TABLE, KIND_THREADS},     {"env", SS_PLUGIN_ST_TABLE, KIND_THREADS},
        {"uid", SS_PLUGIN_ST_UINT32, KIND_THREADS},     {"gid", SS_PLUGIN_ST_UINT32, KIND_THREADS},
        {"vpgid", SS_PLUGIN_ST_INT64, KIND_THREADS},    {"pgid", SS_PLUGIN_ST_INT64, KIND_THREADS},
        {"tty", SS_PLUGIN_ST_UINT32, KIND_THREADS},     {"cwd", SS_PLUGIN_ST_STRING, KIND_THREADS},
        {"file_descriptors", SS_PLUGIN_ST_TABLE, KIND_THREADS},
        {"value", SS_PLUGIN_ST_STRING, KIND_ARGS},
        {"fd", SS_PLUGIN_ST_INT64, KIND_FDS},
        {"name", SS_PLUGIN_ST_STRING, KIND_FDS},
};
#define NFIELDS (int)(sizeof(thread_fields) / sizeof(thread_fields[0]))

static standin_threads table = {KIND_THREADS, 0, NULL};
static const char* mode = "full";
static int in_init;
static int in_extract;
static long outstanding;    // entries obtained and not released
static long violations;     // API misuse seen
static char last_err[512];
static char owner_tag;      // the owner pointer's target

static void violation(const char* what) {
	violations++;
	fprintf(stderr, "standin: API misuse: %s\n", what);
}

static const char* get_owner_last_error(ss_plugin_owner_t* o) {
	(void)o;
	return last_err;
}

static void fail(const char* msg) { snprintf(last_err, sizeof(last_err), "%s", msg); }

static int has_field(const char* name) {
	// Modes that take a field away, as an older or different owner would.
	if(!strcmp(mode, "nocwd") && !strcmp(name, "cwd")) {
		return 0;
	}
	return 1;
}

static ss_plugin_table_info infos[] = {{"threads", SS_PLUGIN_ST_INT64}};

static ss_plugin_table_info* list_tables(ss_plugin_owner_t* o, uint32_t* n) {
	(void)o;
	*n = 1;
	return infos;
}

static ss_plugin_table_t* get_table(ss_plugin_owner_t* o, const char* name, ss_plugin_state_type key) {
	if(o != &owner_tag) {
		violation("get_table with a foreign owner");
	}
	if(!in_init) {
		violation("get_table outside plugin_init");
	}
	if(!strcmp(mode, "nothreads") || strcmp(name, "threads") != 0) {
		fail("table not found");
		return NULL;
	}
	if(key != SS_PLUGIN_ST_INT64) {
		fail("table key type mismatch");
		return NULL;
	}
	return &table;
}

static ss_plugin_rc add_table(ss_plugin_owner_t* o, const ss_plugin_table_input* in) {
	(void)o;
	(void)in;
	fail("add_table is not supported by the stand-in");
	return SS_PLUGIN_FAILURE;
}

static int kind_of(ss_plugin_table_t* t) { return t ? *(int*)t : 0; }

static const ss_plugin_table_fieldinfo* list_fields(ss_plugin_table_t* t, uint32_t* n) {
	static ss_plugin_table_fieldinfo out[NFIELDS];
	uint32_t k = 0;
	for(int i = 0; i < NFIELDS; i++) {
		if(thread_fields[i].kind == kind_of(t) && has_field(thread_fields[i].name)) {
			out[k].name = thread_fields[i].name;
			out[k].field_type = thread_fields[i].type;
			out[k].read_only = 0;
			k++;
		}
	}
	*n = k;
	return out;
}

static ss_plugin_table_field_t* get_field(ss_plugin_table_t* t, const char* name, ss_plugin_state_type type) {
	if(!in_init) {
		violation("get_table_field outside plugin_init");
		fail("fields can only be accessed during init");
		return NULL;
	}
	for(int i = 0; i < NFIELDS; i++) {
		standin_field* f = &thread_fields[i];
		if(f->kind == kind_of(t) && !strcmp(f->name, name) && has_field(name)) {
			if(f->type != type) {
				fail("incompatible data types for field");
				return NULL;
			}
			return f;
		}
	}
	fail("undefined field");
	return NULL;
}

static ss_plugin_table_field_t* add_field(ss_plugin_table_t* t, const char* name, ss_plugin_state_type type) {
	(void)t;
	(void)name;
	(void)type;
	fail("add_table_field is not supported by the stand-in");
	return NULL;
}

static const char* get_table_name(ss_plugin_table_t* t) {
	switch(kind_of(t)) {
	case KIND_THREADS:
		return "threads";
	case KIND_ARGS:
		return "args";
	}
	return "file_descriptors";
}

static uint64_t get_table_size(ss_plugin_table_t* t) {
	switch(kind_of(t)) {
	case KIND_THREADS:
		return (uint64_t)table.n;
	case KIND_ARGS:
		return (uint64_t)((standin_args*)t)->n;
	case KIND_FDS:
		return (uint64_t)((standin_fds*)t)->n;
	}
	violation("get_table_size on an unknown table");
	return (uint64_t)-1;
}

// Entries handed out: a thread, or an argument (index + 1 into its subtable,
// boxed so that release can check it).
typedef struct {
	int kind;
	standin_thread* thread;
	standin_args* args;
	standin_fds* fds;
	int index;
} standin_entry;

static ss_plugin_table_entry_t* get_entry(ss_plugin_table_t* t, const ss_plugin_state_data* key) {
	if(!in_extract) {
		violation("get_table_entry outside an extraction call");
	}
	standin_entry* e = NULL;
	switch(kind_of(t)) {
	case KIND_THREADS:
		for(int i = 0; i < table.n; i++) {
			if(table.t[i].tid == key->s64) {
				e = calloc(1, sizeof(*e));
				e->kind = KIND_THREADS;
				e->thread = &table.t[i];
				break;
			}
		}
		break;
	case KIND_ARGS: {
		standin_args* a = t;
		if(key->u64 < (uint64_t)a->n) {
			e = calloc(1, sizeof(*e));
			e->kind = KIND_ARGS;
			e->args = a;
			e->index = (int)key->u64;
		}
		break;
	}
	case KIND_FDS: {
		standin_fds* f = t;
		for(int i = 0; i < f->n; i++) {
			if(f->fd[i] == key->s64) {
				e = calloc(1, sizeof(*e));
				e->kind = KIND_FDS;
				e->fds = f;
				e->index = i;
				break;
			}
		}
		break;
	}
	default:
		violation("get_table_entry on an unknown table");
	}
	if(!e) {
		fail("no entry found");
		return NULL;
	}
	outstanding++;
	return e;
}

static void release_entry(ss_plugin_table_t* t, ss_plugin_table_entry_t* en) {
	standin_entry* e = en;
	if(!e || e->kind != kind_of(t)) {
		violation("release_table_entry of an entry of another table");
		return;
	}
	outstanding--;
	free(e);
}

static ss_plugin_rc read_field(ss_plugin_table_t* t,
                               ss_plugin_table_entry_t* en,
                               const ss_plugin_table_field_t* fp,
                               ss_plugin_state_data* out) {
	const standin_field* f = fp;
	standin_entry* e = en;
	if(!f || f->kind != kind_of(t) || !e || e->kind != kind_of(t)) {
		violation("read_entry_field with an accessor or entry of another table");
		fail("bad accessor");
		return SS_PLUGIN_FAILURE;
	}
	if(e->kind == KIND_ARGS) {
		out->str = e->args->v[e->index];
		return SS_PLUGIN_SUCCESS;
	}
	if(e->kind == KIND_FDS) {
		if(!strcmp(f->name, "fd")) {
			out->s64 = e->fds->fd[e->index];
		} else {
			out->str = e->fds->name[e->index];
		}
		return SS_PLUGIN_SUCCESS;
	}
	standin_thread* th = e->thread;
	if(!strcmp(f->name, "tid")) {
		out->s64 = th->tid;
	} else if(!strcmp(f->name, "pid")) {
		out->s64 = th->pid;
	} else if(!strcmp(f->name, "ptid")) {
		out->s64 = th->ptid;
	} else if(!strcmp(f->name, "exe")) {
		out->str = th->exe;
	} else if(!strcmp(f->name, "exe_path")) {
		out->str = th->exepath;
	} else if(!strcmp(f->name, "cwd")) {
		out->str = th->cwd;
	} else if(!strcmp(f->name, "args")) {
		out->table = th->args;
	} else if(!strcmp(f->name, "file_descriptors")) {
		out->table = th->fds;
	} else if(!strcmp(f->name, "tty")) {
		out->u32 = th->tty;
	} else if(!strcmp(f->name, "uid")) {
		out->u32 = th->uid;
	} else if(!strcmp(f->name, "gid")) {
		out->u32 = th->gid;
	} else {
		fail("field not kept by the stand-in");
		return SS_PLUGIN_FAILURE;
	}
	return SS_PLUGIN_SUCCESS;
}

static ss_plugin_bool iterate(ss_plugin_table_t* t, ss_plugin_table_iterator_func_t it, ss_plugin_table_iterator_state_t* s) {
	(void)t;
	(void)it;
	(void)s;
	violation("iterate_entries is not expected");
	return 0;
}

static ss_plugin_table_entry_t* create_entry(ss_plugin_table_t* t) {
	if(kind_of(t) != KIND_THREADS) {
		fail("cannot create entries here");
		return NULL;
	}
	standin_entry* e = calloc(1, sizeof(*e));
	e->kind = KIND_THREADS;
	e->thread = calloc(1, sizeof(standin_thread));
	e->thread->args = calloc(1, sizeof(standin_args));
	e->thread->args->kind = KIND_ARGS;
	e->thread->fds = calloc(1, sizeof(standin_fds));
	e->thread->fds->kind = KIND_FDS;
	e->thread->exe = e->thread->exepath = e->thread->cwd = "";
	outstanding++;
	return e;
}

static void destroy_entry(ss_plugin_table_t* t, ss_plugin_table_entry_t* en) {
	standin_entry* e = en;
	if(kind_of(t) != KIND_THREADS || !e) {
		violation("destroy_table_entry of a foreign entry");
		return;
	}
	free(e->thread->args);
	free(e->thread->fds);
	free(e->thread);
	free(e);
	outstanding--;
}

static ss_plugin_rc clear_table(ss_plugin_table_t* t) {
	(void)t;
	violation("clear_table");
	return SS_PLUGIN_FAILURE;
}

static ss_plugin_rc erase_entry(ss_plugin_table_t* t, const ss_plugin_state_data* k) {
	(void)t;
	(void)k;
	violation("erase_table_entry");
	return SS_PLUGIN_FAILURE;
}

static ss_plugin_table_entry_t* add_entry(ss_plugin_table_t* t, const ss_plugin_state_data* k, ss_plugin_table_entry_t* e) {
	(void)t;
	(void)k;
	(void)e;
	violation("add_table_entry");
	return NULL;
}

static ss_plugin_rc write_field(ss_plugin_table_t* t,
                                ss_plugin_table_entry_t* e,
                                const ss_plugin_table_field_t* f,
                                const ss_plugin_state_data* in) {
	(void)t;
	(void)e;
	(void)f;
	(void)in;
	violation("write_entry_field");
	return SS_PLUGIN_FAILURE;
}

static ss_plugin_table_fields_vtable_ext fields_ext = {list_fields, get_field, add_field};
static ss_plugin_table_reader_vtable_ext init_reader = {get_table_name, get_table_size, get_entry, read_field,
                                                        release_entry, iterate};
static ss_plugin_table_writer_vtable_ext writer_ext = {clear_table, erase_entry, create_entry,
                                                       destroy_entry, add_entry, write_field};
static ss_plugin_init_tables_input tables_input;

void standin_init_input(ss_plugin_init_input* in, const char* m) {
	mode = m;
	tables_input.list_tables = list_tables;
	tables_input.get_table = get_table;
	tables_input.add_table = add_table;
	tables_input.fields.list_table_fields = list_fields;
	tables_input.fields.get_table_field = get_field;
	tables_input.fields.add_table_field = add_field;
	tables_input.fields_ext = &fields_ext;
	tables_input.reader_ext = &init_reader;
	tables_input.writer_ext = &writer_ext;
	in->owner = &owner_tag;
	in->get_owner_last_error = get_owner_last_error;
	in->tables = strcmp(mode, "none") ? &tables_input : NULL;
}

void standin_begin_init(void) { in_init = 1; }
void standin_end_init(void) { in_init = 0; }

// standin_begin_extract fills the reader of one extraction call, as
// libsinsp does on its stack for each call; standin_end_extract invalidates
// it, so that a plugin keeping it from one call to the next fails.
void standin_begin_extract(ss_plugin_field_extract_input* in, ss_plugin_table_reader_vtable_ext* r) {
	*r = init_reader;
	in->table_reader_ext = r;
	in->table_reader.get_table_name = get_table_name;
	in->table_reader.get_table_size = get_table_size;
	in->table_reader.get_table_entry = get_entry;
	in->table_reader.read_entry_field = read_field;
	in_extract = 1;
}

void standin_end_extract(ss_plugin_table_reader_vtable_ext* r) {
	memset(r, 0, sizeof(*r));
	in_extract = 0;
}

long standin_outstanding(void) { return outstanding; }
long standin_violations(void) { return violations; }

static char* dup_field(char** p) {
	char* s = strsep(p, "\t");
	if(!s) {
		return "";
	}
	return strdup(s);
}

static standin_thread* find_thread(int64_t tid) {
	for(int i = 0; i < table.n; i++) {
		if(table.t[i].tid == tid) {
			return &table.t[i];
		}
	}
	return NULL;
}

// standin_load reads threads from a file: one thread per line,
// "tid pid ptid tty uid gid" then tab-separated exe, exe_path, cwd and the
// arguments; and file descriptors, "fd tid fd" then a tab and the name, in
// the table of a thread of an earlier line. "-" is an empty table.
void standin_load(const char* path) {
	if(!strcmp(path, "-")) {
		return;
	}
	FILE* f = fopen(path, "r");
	if(!f) {
		perror(path);
		exit(3);
	}
	char* line = NULL;
	size_t cap = 0;
	ssize_t len;
	while((len = getline(&line, &cap, f)) > 0) {
		if(line[len - 1] == '\n') {
			line[len - 1] = 0;
		}
		if(!line[0]) {
			continue;
		}
		if(!strncmp(line, "fd ", 3)) {
			int64_t tid, fd;
			char* tab = strchr(line, '\t');
			standin_thread* th = NULL;
			if(!tab || sscanf(line + 3, "%" SCNd64 " %" SCNd64, &tid, &fd) != 2 || !(th = find_thread(tid))) {
				fprintf(stderr, "bad fd line: %s\n", line);
				exit(2);
			}
			standin_fds* f = th->fds;
			f->fd = realloc(f->fd, sizeof(int64_t) * (size_t)(f->n + 1));
			f->name = realloc(f->name, sizeof(char*) * (size_t)(f->n + 1));
			f->fd[f->n] = fd;
			f->name[f->n++] = strdup(tab + 1);
			continue;
		}
		table.t = realloc(table.t, sizeof(standin_thread) * (size_t)(table.n + 1));
		standin_thread* th = &table.t[table.n++];
		memset(th, 0, sizeof(*th));
		char* p = line;
		char* ids = strsep(&p, "\t");
		if(sscanf(ids, "%" SCNd64 " %" SCNd64 " %" SCNd64 " %" SCNu32 " %" SCNu32 " %" SCNu32, &th->tid, &th->pid, &th->ptid, &th->tty, &th->uid, &th->gid) != 6) {
			fprintf(stderr, "bad thread line: %s\n", line);
			exit(2);
		}
		th->exe = dup_field(&p);
		th->exepath = dup_field(&p);
		th->cwd = dup_field(&p);
		th->args = calloc(1, sizeof(standin_args));
		th->args->kind = KIND_ARGS;
		th->fds = calloc(1, sizeof(standin_fds));
		th->fds->kind = KIND_FDS;
		while(p) {
			th->args->v = realloc(th->args->v, sizeof(char*) * (size_t)(th->args->n + 1));
			th->args->v[th->args->n++] = dup_field(&p);
		}
	}
	free(line);
	fclose(f);
}
