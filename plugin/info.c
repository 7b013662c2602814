// Info symbols of the ecs plugin (see main.go for why they are in C). The
// strings equal the constants of package plugin/ecs; the ABI test checks it.
// The two version symbols, plugin_get_version and
// plugin_get_required_api_version, are exported from Go (main.go) so that
// the versions have one source, the constants of plugin/ecs.
#include <stdint.h>

const char* plugin_get_name(void) { return "ecs"; }

const char* plugin_get_description(void) {
	return "ECS (Elastic Common Schema) fields for exec and file events, with the meaning Elastic Defend and Defend for Containers give them";
}

const char* plugin_get_contact(void) { return "https://github.com/eql2falco/eql2falco"; }

// Extraction capability: syscall events of these types only.
const char* plugin_get_extract_event_sources(void) { return "[\"syscall\"]"; }

uint16_t* plugin_get_extract_event_types(uint32_t* numtypes, void* s) {
	(void)s;
	static uint16_t types[] = {
		293, // PPME_SYSCALL_EXECVE_19_X
		331, // PPME_SYSCALL_EXECVEAT_X
		3,   // PPME_SYSCALL_OPEN_X
		307, // PPME_SYSCALL_OPENAT_2_X
		327, // PPME_SYSCALL_OPENAT2_X
		301, // PPME_SYSCALL_UNLINK_2_X
		303, // PPME_SYSCALL_UNLINKAT_2_X
		175, // PPME_SYSCALL_RENAME_X
		177, // PPME_SYSCALL_RENAMEAT_X
		319, // PPME_SYSCALL_RENAMEAT2_X
	};
	*numtypes = sizeof(types) / sizeof(types[0]);
	return types;
}

// Falco >= 0.42 checks it against the driver's event schema (major 4).
const char* plugin_get_required_event_schema_version(void* s) {
	(void)s;
	return "4.0.0";
}
