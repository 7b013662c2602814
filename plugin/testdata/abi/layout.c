// layout checks, at compile time, that the plugin's own declarations of
// the state tables API (plugin/extractor/tables.h) and of the extraction
// structs (plugin/extractor/memo.h) have the layout of the real
// plugin_api.h. The ABI test compiles it with both headers.
#include <stddef.h>

#include "plugin_api.h"
#include "memo.h"
#include "tables.h"

#define SAME_SIZE(a, b) _Static_assert(sizeof(a) == sizeof(b), "size of " #a)
#define SAME_OFFSET(a, fa, b, fb) _Static_assert(offsetof(a, fa) == offsetof(b, fb), "offset of " #a "." #fa)

SAME_SIZE(ecs_state_data, ss_plugin_state_data);
SAME_OFFSET(ecs_state_data, s64, ss_plugin_state_data, s64);
SAME_OFFSET(ecs_state_data, table, ss_plugin_state_data, table);

SAME_SIZE(ecs_fields_vtable, ss_plugin_table_fields_vtable_ext);
SAME_SIZE(ecs_fields_vtable, ss_plugin_table_fields_vtable);
SAME_OFFSET(ecs_fields_vtable, get_table_field, ss_plugin_table_fields_vtable_ext, get_table_field);

SAME_SIZE(ecs_reader_vtable, ss_plugin_table_reader_vtable_ext);
SAME_OFFSET(ecs_reader_vtable, get_table_size, ss_plugin_table_reader_vtable_ext, get_table_size);
SAME_OFFSET(ecs_reader_vtable, get_table_entry, ss_plugin_table_reader_vtable_ext, get_table_entry);
SAME_OFFSET(ecs_reader_vtable, read_entry_field, ss_plugin_table_reader_vtable_ext, read_entry_field);
SAME_OFFSET(ecs_reader_vtable, release_table_entry, ss_plugin_table_reader_vtable_ext, release_table_entry);
SAME_OFFSET(ecs_reader_vtable, iterate_entries, ss_plugin_table_reader_vtable_ext, iterate_entries);

SAME_SIZE(ecs_writer_vtable, ss_plugin_table_writer_vtable_ext);
SAME_OFFSET(ecs_writer_vtable, create_table_entry, ss_plugin_table_writer_vtable_ext, create_table_entry);
SAME_OFFSET(ecs_writer_vtable, destroy_table_entry, ss_plugin_table_writer_vtable_ext, destroy_table_entry);

SAME_SIZE(ecs_init_tables_input, ss_plugin_init_tables_input);
SAME_OFFSET(ecs_init_tables_input, get_table, ss_plugin_init_tables_input, get_table);
SAME_OFFSET(ecs_init_tables_input, fields, ss_plugin_init_tables_input, fields);
SAME_OFFSET(ecs_init_tables_input, fields_ext, ss_plugin_init_tables_input, fields_ext);
SAME_OFFSET(ecs_init_tables_input, reader_ext, ss_plugin_init_tables_input, reader_ext);
SAME_OFFSET(ecs_init_tables_input, writer_ext, ss_plugin_init_tables_input, writer_ext);

SAME_SIZE(ecs_init_input, ss_plugin_init_input);
SAME_OFFSET(ecs_init_input, config, ss_plugin_init_input, config);
SAME_OFFSET(ecs_init_input, owner, ss_plugin_init_input, owner);
SAME_OFFSET(ecs_init_input, get_owner_last_error, ss_plugin_init_input, get_owner_last_error);
SAME_OFFSET(ecs_init_input, tables, ss_plugin_init_input, tables);
SAME_OFFSET(ecs_init_input, log_fn, ss_plugin_init_input, log_fn);

SAME_SIZE(ecs_extract_field, ss_plugin_extract_field);
SAME_OFFSET(ecs_extract_field, res, ss_plugin_extract_field, res);
SAME_OFFSET(ecs_extract_field, res_len, ss_plugin_extract_field, res_len);
SAME_OFFSET(ecs_extract_field, field_id, ss_plugin_extract_field, field_id);
SAME_OFFSET(ecs_extract_field, field, ss_plugin_extract_field, field);
SAME_OFFSET(ecs_extract_field, arg_key, ss_plugin_extract_field, arg_key);
SAME_OFFSET(ecs_extract_field, arg_index, ss_plugin_extract_field, arg_index);
SAME_OFFSET(ecs_extract_field, arg_present, ss_plugin_extract_field, arg_present);
SAME_OFFSET(ecs_extract_field, ftype, ss_plugin_extract_field, ftype);
SAME_OFFSET(ecs_extract_field, flist, ss_plugin_extract_field, flist);

SAME_SIZE(ecs_event_input, ss_plugin_event_input);
SAME_OFFSET(ecs_event_input, evt, ss_plugin_event_input, evt);
SAME_OFFSET(ecs_event_input, evtnum, ss_plugin_event_input, evtnum);
SAME_OFFSET(ecs_event_input, evtsrc, ss_plugin_event_input, evtsrc);

SAME_SIZE(ecs_extract_input, ss_plugin_field_extract_input);
SAME_OFFSET(ecs_extract_input, num_fields, ss_plugin_field_extract_input, num_fields);
SAME_OFFSET(ecs_extract_input, fields, ss_plugin_field_extract_input, fields);
SAME_OFFSET(ecs_extract_input, table_reader, ss_plugin_field_extract_input, table_reader);
SAME_OFFSET(ecs_extract_input, table_reader_ext, ss_plugin_field_extract_input, table_reader_ext);
SAME_OFFSET(ecs_extract_input, value_offsets, ss_plugin_field_extract_input, value_offsets);
_Static_assert(offsetof(ss_plugin_event, len) == 16, "ppm_evt_hdr.len");

// The values the plugin passes and compares.
_Static_assert((int)ECS_ST_INT64 == (int)SS_PLUGIN_ST_INT64, "SS_PLUGIN_ST_INT64");
_Static_assert((int)ECS_ST_UINT32 == (int)SS_PLUGIN_ST_UINT32, "SS_PLUGIN_ST_UINT32");
_Static_assert((int)ECS_ST_UINT64 == (int)SS_PLUGIN_ST_UINT64, "SS_PLUGIN_ST_UINT64");
_Static_assert((int)ECS_ST_STRING == (int)SS_PLUGIN_ST_STRING, "SS_PLUGIN_ST_STRING");
_Static_assert((int)ECS_ST_TABLE == (int)SS_PLUGIN_ST_TABLE, "SS_PLUGIN_ST_TABLE");
_Static_assert((int)ECS_RC_SUCCESS == (int)SS_PLUGIN_SUCCESS, "SS_PLUGIN_SUCCESS");
_Static_assert((int)ECS_RC_FAILURE == (int)SS_PLUGIN_FAILURE, "SS_PLUGIN_FAILURE");
_Static_assert(sizeof(ss_plugin_state_type) == sizeof(int), "enums are passed as int");
_Static_assert(sizeof(ss_plugin_rc) == sizeof(int), "enums are returned as int");
_Static_assert(sizeof(ss_plugin_bool) == sizeof(uint32_t), "ss_plugin_bool");
