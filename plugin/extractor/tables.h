// The part of the Falco plugin API's state tables (plugin_api.h, API 3.11)
// that the ecs plugin uses to read libsinsp's thread table, declared under
// the plugin's own names, and the helpers that read one thread entry in a
// single call from Go.
//
// plugin-sdk-go v0.8.3 has no table support, so the plugin declares what it
// needs itself. The layouts must be those of plugin_api.h: the ABI test
// (plugin/abi_test.go) compiles testdata/abi/layout.c, which checks every
// offset and size below against the real header, and runs the plugin
// against a stand-in of the tables API built with that header.
#ifndef ECS_TABLES_H
#define ECS_TABLES_H

#include <stdint.h>

// ss_plugin_state_type values.
enum {
	ECS_ST_INT64 = 4,
	ECS_ST_UINT32 = 7,
	ECS_ST_UINT64 = 8,
	ECS_ST_STRING = 9,
	ECS_ST_TABLE = 10,
};

// ss_plugin_rc values.
enum {
	ECS_RC_SUCCESS = 0,
	ECS_RC_FAILURE = 1,
};

typedef void ecs_owner;       // ss_plugin_owner_t
typedef void ecs_table;       // ss_plugin_table_t
typedef void ecs_table_entry; // ss_plugin_table_entry_t
typedef void ecs_table_field; // ss_plugin_table_field_t

// ss_plugin_state_data
typedef union {
	int64_t s64;
	uint32_t u32;
	uint64_t u64;
	const char* str;
	ecs_table* table;
} ecs_state_data;

// ss_plugin_table_fields_vtable_ext (and, with the same members, the
// deprecated ss_plugin_table_fields_vtable)
typedef struct {
	const void* (*list_table_fields)(ecs_table* t, uint32_t* nfields);
	ecs_table_field* (*get_table_field)(ecs_table* t, const char* name, int type);
	ecs_table_field* (*add_table_field)(ecs_table* t, const char* name, int type);
} ecs_fields_vtable;

// ss_plugin_table_reader_vtable_ext
typedef struct {
	const char* (*get_table_name)(ecs_table* t);
	uint64_t (*get_table_size)(ecs_table* t);
	ecs_table_entry* (*get_table_entry)(ecs_table* t, const ecs_state_data* key);
	int (*read_entry_field)(ecs_table* t,
	                        ecs_table_entry* e,
	                        const ecs_table_field* f,
	                        ecs_state_data* out);
	void (*release_table_entry)(ecs_table* t, ecs_table_entry* e);
	uint32_t (*iterate_entries)(ecs_table* t, void* it, void* state);
} ecs_reader_vtable;

// ss_plugin_table_writer_vtable_ext
typedef struct {
	int (*clear_table)(ecs_table* t);
	int (*erase_table_entry)(ecs_table* t, const ecs_state_data* key);
	ecs_table_entry* (*create_table_entry)(ecs_table* t);
	void (*destroy_table_entry)(ecs_table* t, ecs_table_entry* e);
	ecs_table_entry* (*add_table_entry)(ecs_table* t,
	                                    const ecs_state_data* key,
	                                    ecs_table_entry* e);
	int (*write_entry_field)(ecs_table* t,
	                         ecs_table_entry* e,
	                         const ecs_table_field* f,
	                         const ecs_state_data* in);
} ecs_writer_vtable;

// ss_plugin_init_tables_input
typedef struct {
	const void* (*list_tables)(ecs_owner* o, uint32_t* ntables);
	ecs_table* (*get_table)(ecs_owner* o, const char* name, int key_type);
	int (*add_table)(ecs_owner* o, const void* in);
	ecs_fields_vtable fields; // deprecated
	ecs_fields_vtable* fields_ext;
	ecs_reader_vtable* reader_ext;
	ecs_writer_vtable* writer_ext;
} ecs_init_tables_input;

// ss_plugin_init_input
typedef struct {
	const char* config;
	ecs_owner* owner;
	const char* (*get_owner_last_error)(ecs_owner* o);
	const ecs_init_tables_input* tables;
	void* log_fn;
} ecs_init_input;

// The thread table fields the plugin reads, in the order of ecs_threads.f.
enum {
	ECS_F_TID,     // tid, int64
	ECS_F_PID,     // pid, int64
	ECS_F_PTID,    // ptid, int64
	ECS_F_EXE,     // exe, string: argv[0]
	ECS_F_EXEPATH, // exe_path, string
	ECS_F_ARGS,    // args, table of uint64 -> string
	ECS_F_CWD,     // cwd, string
	ECS_F_TTY,     // tty, uint32
	ECS_F_UID,     // uid, uint32
	ECS_F_GID,     // gid, uint32
	ECS_F_FDS,     // file_descriptors, table of int64 -> fd entries
	ECS_NFIELDS,
};

// ecs_threads holds the thread table and its field accessors, obtained once
// in plugin_init as the plugin API requires.
typedef struct {
	ecs_table* threads;
	ecs_table_field* f[ECS_NFIELDS];
	ecs_table_field* args_value; // "value" of the args subtable
	ecs_table_field* fd_name;    // "name" of the file_descriptors subtable
} ecs_threads;

// ecs_threads_init gets the thread table and the accessors from the init
// input. It returns 0, or -1 with a message in err (errlen bytes).
int ecs_threads_init(const ecs_init_input* in, ecs_threads* t, char* err, int errlen);

// The members ecs_read_thread reads: bits of ecs.ThreadFields.
enum {
	ECS_W_IDS = 1 << 0,
	ECS_W_EXE = 1 << 1,
	ECS_W_EXEPATH = 1 << 2,
	ECS_W_ARGS = 1 << 3,
	ECS_W_CWD = 1 << 4,
	ECS_W_TTY = 1 << 5,
	ECS_W_USER = 1 << 6,
};

// ecs_string is a string read from the table: the owner's bytes, valid
// during the current plugin_extract_fields call.
typedef struct {
	const char* p;
	uint64_t n;
} ecs_string;

// ecs_thread is one entry as ecs_read_thread returns it. args is grown by
// ecs_read_thread (realloc) and freed by ecs_thread_free.
typedef struct {
	int64_t tid, pid, ptid;
	ecs_string exe, exepath, cwd;
	uint32_t tty, uid, gid;
	uint32_t nargs, args_cap;
	ecs_string* args;
} ecs_thread;

// ecs_read_thread reads the members in want of the entry of tid. It returns
// 1 when found, 0 when the table has no such entry, -1 on a failed read or
// allocation (the entry is released in every case).
int ecs_read_thread(const ecs_threads* t,
                    const ecs_reader_vtable* r,
                    int64_t tid,
                    uint32_t want,
                    ecs_thread* out);

void ecs_thread_free(ecs_thread* out);

// ecs_read_fd reads the name of file descriptor fd of thread tid (in the
// table libsinsp's file_descriptors field gives: the process's when the
// thread shares its files). It returns 1 when found, 0 when the thread or
// the fd is not in the tables, -1 on a failed read (entries are released in
// every case). The name is the owner's, valid during the current call.
int ecs_read_fd(const ecs_threads* t,
                const ecs_reader_vtable* r,
                int64_t tid,
                int64_t fd,
                ecs_string* out);

#endif
