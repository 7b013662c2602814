// Reading libsinsp's thread table through the plugin API's state tables
// (see tables.h). One call from Go reads every member it needs of one
// entry, so that a field costs one cgo transition however many table
// functions it takes.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tables.h"

static const struct {
	const char* name;
	int type;
} fields[ECS_NFIELDS] = {
        [ECS_F_TID] = {"tid", ECS_ST_INT64},
        [ECS_F_PID] = {"pid", ECS_ST_INT64},
        [ECS_F_PTID] = {"ptid", ECS_ST_INT64},
        [ECS_F_EXE] = {"exe", ECS_ST_STRING},
        [ECS_F_EXEPATH] = {"exe_path", ECS_ST_STRING},
        [ECS_F_ARGS] = {"args", ECS_ST_TABLE},
        [ECS_F_CWD] = {"cwd", ECS_ST_STRING},
        [ECS_F_TTY] = {"tty", ECS_ST_UINT32},
        [ECS_F_UID] = {"uid", ECS_ST_UINT32},
        [ECS_F_GID] = {"gid", ECS_ST_UINT32},
        [ECS_F_FDS] = {"file_descriptors", ECS_ST_TABLE},
};

static void owner_error(const ecs_init_input* in, char* err, int errlen, const char* what) {
	const char* why = in->get_owner_last_error ? in->get_owner_last_error(in->owner) : NULL;
	if(why && *why) {
		snprintf(err, (size_t)errlen, "%s: %s", what, why);
	} else {
		snprintf(err, (size_t)errlen, "%s", what);
	}
}

int ecs_threads_init(const ecs_init_input* in, ecs_threads* t, char* err, int errlen) {
	char what[256];
	memset(t, 0, sizeof(*t));
	const ecs_init_tables_input* ti = in->tables;
	if(!ti || !ti->get_table || !ti->fields_ext || !ti->fields_ext->get_table_field ||
	   !ti->reader_ext || !ti->writer_ext || !ti->writer_ext->create_table_entry ||
	   !ti->writer_ext->destroy_table_entry || !ti->reader_ext->read_entry_field) {
		snprintf(err,
		         (size_t)errlen,
		         "the plugin's owner gives no access to its state tables (Falco 0.41 or later "
		         "loads the plugin with them)");
		return -1;
	}
	t->threads = ti->get_table(in->owner, "threads", ECS_ST_INT64);
	if(!t->threads) {
		owner_error(in, err, errlen, "the owner has no \"threads\" table with int64 keys");
		return -1;
	}
	for(int i = 0; i < ECS_NFIELDS; i++) {
		t->f[i] = ti->fields_ext->get_table_field(t->threads, fields[i].name, fields[i].type);
		if(!t->f[i]) {
			snprintf(what, sizeof(what), "the \"threads\" table has no field \"%s\" of type %d",
			         fields[i].name, fields[i].type);
			owner_error(in, err, errlen, what);
			return -1;
		}
	}
	// The accessors of the subtables' fields are taken from the subtables
	// of an entry made for the purpose, as plugin-sdk-cpp does: accessors
	// can only be obtained now, when no thread need exist yet.
	ecs_table_entry* e = ti->writer_ext->create_table_entry(t->threads);
	if(!e) {
		owner_error(in, err, errlen, "cannot create a \"threads\" entry to find its subtables");
		return -1;
	}
	ecs_state_data d;
	memset(&d, 0, sizeof(d));
	int rc = ti->reader_ext->read_entry_field(t->threads, e, t->f[ECS_F_ARGS], &d);
	if(rc == ECS_RC_SUCCESS && d.table) {
		t->args_value = ti->fields_ext->get_table_field(d.table, "value", ECS_ST_STRING);
	}
	memset(&d, 0, sizeof(d));
	rc = ti->reader_ext->read_entry_field(t->threads, e, t->f[ECS_F_FDS], &d);
	if(rc == ECS_RC_SUCCESS && d.table) {
		t->fd_name = ti->fields_ext->get_table_field(d.table, "name", ECS_ST_STRING);
	}
	ti->writer_ext->destroy_table_entry(t->threads, e);
	if(!t->args_value) {
		owner_error(in, err, errlen, "the \"args\" subtable of \"threads\" has no string field \"value\"");
		return -1;
	}
	if(!t->fd_name) {
		owner_error(in, err, errlen,
		            "the \"file_descriptors\" subtable of \"threads\" has no string field \"name\"");
		return -1;
	}
	return 0;
}

static int read_field(const ecs_threads* t,
                      const ecs_reader_vtable* r,
                      ecs_table_entry* e,
                      int f,
                      ecs_state_data* d) {
	return r->read_entry_field(t->threads, e, t->f[f], d) == ECS_RC_SUCCESS ? 0 : -1;
}

static int read_string(const ecs_threads* t,
                       const ecs_reader_vtable* r,
                       ecs_table_entry* e,
                       int f,
                       ecs_string* s) {
	ecs_state_data d;
	d.str = NULL;
	if(read_field(t, r, e, f, &d) < 0) {
		return -1;
	}
	s->p = d.str ? d.str : "";
	s->n = strlen(s->p);
	return 0;
}

// read_args reads the args subtable: its entries are keyed by the index of
// the argument, from 0.
static int read_args(const ecs_threads* t,
                     const ecs_reader_vtable* r,
                     ecs_table_entry* e,
                     ecs_thread* out) {
	ecs_state_data d;
	d.table = NULL;
	out->nargs = 0;
	if(read_field(t, r, e, ECS_F_ARGS, &d) < 0 || !d.table) {
		return -1;
	}
	ecs_table* sub = d.table;
	uint64_t n = r->get_table_size(sub);
	if(n == (uint64_t)-1 || n > 0xFFFFFFFFull) {
		return -1;
	}
	if(n > out->args_cap) {
		ecs_string* a = realloc(out->args, (size_t)n * sizeof(ecs_string));
		if(!a) {
			return -1;
		}
		out->args = a;
		out->args_cap = (uint32_t)n;
	}
	for(uint64_t i = 0; i < n; i++) {
		ecs_state_data key;
		key.u64 = i;
		ecs_table_entry* ae = r->get_table_entry(sub, &key);
		if(!ae) {
			return -1;
		}
		ecs_state_data v;
		v.str = NULL;
		int rc = r->read_entry_field(sub, ae, t->args_value, &v);
		r->release_table_entry(sub, ae);
		if(rc != ECS_RC_SUCCESS) {
			return -1;
		}
		out->args[i].p = v.str ? v.str : "";
		out->args[i].n = strlen(out->args[i].p);
	}
	out->nargs = (uint32_t)n;
	return 0;
}

static int read_entry(const ecs_threads* t,
                      const ecs_reader_vtable* r,
                      ecs_table_entry* e,
                      uint32_t want,
                      ecs_thread* out) {
	ecs_state_data d;
	if(want & ECS_W_IDS) {
		if(read_field(t, r, e, ECS_F_TID, &d) < 0) {
			return -1;
		}
		out->tid = d.s64;
		if(read_field(t, r, e, ECS_F_PID, &d) < 0) {
			return -1;
		}
		out->pid = d.s64;
		if(read_field(t, r, e, ECS_F_PTID, &d) < 0) {
			return -1;
		}
		out->ptid = d.s64;
	}
	if((want & ECS_W_EXE) && read_string(t, r, e, ECS_F_EXE, &out->exe) < 0) {
		return -1;
	}
	if((want & ECS_W_EXEPATH) && read_string(t, r, e, ECS_F_EXEPATH, &out->exepath) < 0) {
		return -1;
	}
	if((want & ECS_W_CWD) && read_string(t, r, e, ECS_F_CWD, &out->cwd) < 0) {
		return -1;
	}
	if(want & ECS_W_TTY) {
		if(read_field(t, r, e, ECS_F_TTY, &d) < 0) {
			return -1;
		}
		out->tty = d.u32;
	}
	if(want & ECS_W_USER) {
		if(read_field(t, r, e, ECS_F_UID, &d) < 0) {
			return -1;
		}
		out->uid = d.u32;
		if(read_field(t, r, e, ECS_F_GID, &d) < 0) {
			return -1;
		}
		out->gid = d.u32;
	}
	if((want & ECS_W_ARGS) && read_args(t, r, e, out) < 0) {
		return -1;
	}
	return 0;
}

int ecs_read_thread(const ecs_threads* t,
                    const ecs_reader_vtable* r,
                    int64_t tid,
                    uint32_t want,
                    ecs_thread* out) {
	if(!t->threads || !r || !r->get_table_entry || !r->read_entry_field ||
	   !r->release_table_entry || !r->get_table_size) {
		return -1;
	}
	ecs_state_data key;
	key.s64 = tid;
	ecs_table_entry* e = r->get_table_entry(t->threads, &key);
	if(!e) {
		return 0;
	}
	int rc = read_entry(t, r, e, want, out);
	r->release_table_entry(t->threads, e);
	return rc < 0 ? -1 : 1;
}

void ecs_thread_free(ecs_thread* out) {
	free(out->args);
	out->args = NULL;
	out->args_cap = 0;
	out->nargs = 0;
}

int ecs_read_fd(const ecs_threads* t,
                const ecs_reader_vtable* r,
                int64_t tid,
                int64_t fd,
                ecs_string* out) {
	if(!t->threads || !r || !r->get_table_entry || !r->read_entry_field ||
	   !r->release_table_entry) {
		return -1;
	}
	ecs_state_data key;
	key.s64 = tid;
	ecs_table_entry* e = r->get_table_entry(t->threads, &key);
	if(!e) {
		return 0;
	}
	ecs_state_data d;
	d.table = NULL;
	int rc = read_field(t, r, e, ECS_F_FDS, &d) < 0 ? -1 : 0;
	if(rc == 0 && d.table) {
		// The fd table is the thread's (its process's when the files are
		// shared); libsinsp leaves it null when the main thread is gone.
		key.s64 = fd;
		ecs_table_entry* fe = r->get_table_entry(d.table, &key);
		if(fe) {
			ecs_state_data v;
			v.str = NULL;
			if(r->read_entry_field(d.table, fe, t->fd_name, &v) == ECS_RC_SUCCESS) {
				out->p = v.str ? v.str : "";
				out->n = strlen(out->p);
				rc = 1;
			} else {
				rc = -1;
			}
			r->release_table_entry(d.table, fe);
		}
	}
	r->release_table_entry(t->threads, e);
	return rc;
}
