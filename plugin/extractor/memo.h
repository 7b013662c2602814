// plugin_extract_fields in C, in front of the Go extraction: it answers a
// field already extracted from the same event with the value Go gave,
// without entering Go, and has the first call into Go for an event extract
// the fields Falco asked for in each of the last two events as well.
//
// libsinsp asks for one field per call, and Falco asks for the same field
// of the same event several times: once for the rule's condition, then,
// for each field of an alert's output, once for the text output, twice for
// the JSON output_fields (json_output), and once for the field values it
// passes to its outputs (libs 0.25.4 eventformatter.cpp, Falco 0.44.1
// formats.cpp), each time through a filter check of its own; and a rule's
// condition asks for the same fields, one call each, on every exec. A call
// into Go (a cgo callback) costs more than extracting most fields: the
// repeats are answered here, and the fields a condition keeps asking for
// come with its first call.
//
// The layouts below are those of plugin_types.h and plugin_api.h (API
// 3.11): the ABI test (plugin/abi_test.go) compiles testdata/abi/layout.c,
// which checks them against the real headers.
#ifndef ECS_MEMO_H
#define ECS_MEMO_H

#include <stdint.h>

// ss_plugin_extract_field
typedef struct {
	union {
		const char** str;
		uint64_t* u64;
		uint32_t* u32;
		void* ptr;
	} res;
	uint64_t res_len;
	uint32_t field_id;
	const char* field;
	const char* arg_key;
	uint64_t arg_index;
	uint32_t arg_present;
	uint32_t ftype;
	uint32_t flist;
} ecs_extract_field;

// ss_plugin_event_input
typedef struct {
	const void* evt; // const ss_plugin_event*: the event header, then its parameters
	uint64_t evtnum;
	const char* evtsrc;
} ecs_event_input;

// ss_plugin_field_extract_input
typedef struct {
	void* owner;
	const char* (*get_owner_last_error)(void* o);
	uint32_t num_fields;
	ecs_extract_field* fields;
	void* table_reader[4]; // the deprecated ss_plugin_table_reader_vtable
	void* table_reader_ext;
	void* value_offsets;
} ecs_extract_input;

// ECS_MEMO_FIELDS is how many distinct fields of one event are remembered;
// further fields of the same event are extracted by Go every time.
#define ECS_MEMO_FIELDS 32

// ECS_MEMO_MAX_CALL is the most fields of one call the memo handles; a
// larger call goes to Go as it is.
#define ECS_MEMO_MAX_CALL 64

// ECS_MEMO_HANDLES bounds the plugin instance handles (plugin-sdk-go's
// cgo.MaxHandle is 255).
#define ECS_MEMO_HANDLES 256

// ecs_memo_enable gives the instance behind handle a memo; without one, every
// call goes to Go. It returns 0, or -1 when out of memory or handle is out
// of range.
int ecs_memo_enable(uintptr_t handle);

// ecs_memo_free frees the memo of the instance behind handle, if any.
void ecs_memo_free(uintptr_t handle);

// ecs_memo_counters reports, for the instance behind handle, the fields
// answered from the memo, those asked of Go, and those Go extracted ahead
// of Falco's request since the memo was enabled.
void ecs_memo_counters(uintptr_t handle, uint64_t* hits, uint64_t* misses, uint64_t* prefetched);

#endif
