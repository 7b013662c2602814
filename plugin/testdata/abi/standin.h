// The stand-in of libsinsp's state tables (standin.c) for the ABI harness.
#ifndef STANDIN_H
#define STANDIN_H

#include "plugin_api.h"

// standin_init_input sets the owner and the tables of an init input. mode
// is "full", "none" (no tables input), "nothreads" (no threads table) or
// "nocwd" (a threads table without the cwd field).
void standin_init_input(ss_plugin_init_input* in, const char* mode);
void standin_begin_init(void);
void standin_end_init(void);
void standin_begin_extract(ss_plugin_field_extract_input* in, ss_plugin_table_reader_vtable_ext* r);
void standin_end_extract(ss_plugin_table_reader_vtable_ext* r);
void standin_load(const char* path);
long standin_outstanding(void);
long standin_violations(void);

#endif
