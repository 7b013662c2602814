// harness loads a Falco plugin the way libsinsp's plugin loader does
// (dlopen RTLD_NOW|RTLD_LOCAL, dlsym of the plugin API symbols) and calls it
// as libsinsp does: plugin_init with an ss_plugin_init_input whose state
// tables are a stand-in of libsinsp's (standin.c), then
// plugin_extract_fields with one field per call, each with its own table
// reader. It prints JSON for the Go test (abi_test.go) to check. Built by
// the test with gcc against plugin-sdk-go's plugin_api.h.
//
// THREADS is a thread table file for the stand-in (see standin_load), or -.
//
// usage: harness LIB symbols
//        harness LIB info
//        harness LIB init CONFIG TABLES_MODE
//        harness LIB extract CONFIG THREADS EVENT_FILE EVTNUM OFFSETS(0|1) ID:FTYPE:FLIST:NAME...
//        harness LIB bench CONFIG THREADS EVENT_FILE ITERATIONS ID:FTYPE:FLIST:NAME...
//        harness LIB memo CONFIG THREADS EVENT_A EVENT_B ID:FTYPE:FLIST:NAME...
#include <dlfcn.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "plugin_api.h"
#include "standin.h"

static void *lib;

static void *sym(const char *name) {
	void *p = dlsym(lib, name);
	if(!p) {
		fprintf(stderr, "missing symbol %s\n", name);
		exit(3);
	}
	return p;
}

static void json_str(const char *s) {
	if(!s) {
		printf("null");
		return;
	}
	putchar('"');
	for(const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if(*p == '"' || *p == '\\') {
			printf("\\%c", *p);
		} else if(*p < 0x20) {
			printf("\\u%04x", *p);
		} else {
			putchar(*p);
		}
	}
	putchar('"');
}

static const char *required[] = {
        // required by libsinsp's plugin loader for every plugin
        "plugin_get_required_api_version", "plugin_get_version", "plugin_get_name",
        "plugin_get_description", "plugin_get_contact", "plugin_init", "plugin_destroy",
        "plugin_get_last_error",
        // extraction capability
        "plugin_get_fields", "plugin_extract_fields",
        // optional symbols the plugin relies on
        "plugin_get_extract_event_sources", "plugin_get_extract_event_types",
        "plugin_get_required_event_schema_version", "plugin_get_init_schema", NULL};

// Symbols a plugin without the capability would export; must be absent.
static const char *absent[] = {"plugin_get_id", "plugin_get_event_source", "plugin_open",
                               "plugin_next_batch", "plugin_parse_event", NULL};

static ss_plugin_t *init_plugin_mode(const char *config, const char *mode, ss_plugin_rc *rc) {
	ss_plugin_init_input in;
	memset(&in, 0, sizeof(in));
	in.config = config;
	standin_init_input(&in, mode);
	ss_plugin_t *(*init)(const ss_plugin_init_input *, ss_plugin_rc *) = sym("plugin_init");
	standin_begin_init();
	ss_plugin_t *s = init(&in, rc);
	standin_end_init();
	return s;
}

static ss_plugin_t *init_plugin(const char *config, ss_plugin_rc *rc) {
	return init_plugin_mode(config, "full", rc);
}

static const char *last_error(ss_plugin_t *s) {
	const char *(*f)(ss_plugin_t *) = sym("plugin_get_last_error");
	return f(s);
}

static void destroy(ss_plugin_t *s) {
	void (*f)(ss_plugin_t *) = sym("plugin_destroy");
	f(s);
}

static uint8_t *read_file(const char *path, size_t *len) {
	FILE *f = fopen(path, "rb");
	if(!f) {
		perror(path);
		exit(3);
	}
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	uint8_t *b = malloc(*len);
	if(fread(b, 1, *len, f) != *len) {
		perror(path);
		exit(3);
	}
	fclose(f);
	return b;
}

typedef struct {
	uint32_t id, ftype, flist;
	const char *name;
	const char *arg; // NULL: no argument
} spec;

// parse_specs reads ID:FTYPE:FLIST:NAME or ID:FTYPE:FLIST:NAME:ARG (the
// argument is the rest, colons included).
static spec *parse_specs(int n, char **argv) {
	spec *s = calloc((size_t)n, sizeof(spec));
	for(int i = 0; i < n; i++) {
		int used = 0;
		if(sscanf(argv[i], "%u:%u:%u:%n", &s[i].id, &s[i].ftype, &s[i].flist, &used) != 3 || used == 0) {
			fprintf(stderr, "bad field spec %s\n", argv[i]);
			exit(2);
		}
		char *name = strdup(argv[i] + used);
		char *colon = strchr(name, ':');
		if(colon) {
			*colon = 0;
			s[i].arg = colon + 1;
		}
		s[i].name = name;
	}
	return s;
}

// extract_one calls plugin_extract_fields for one field, as libsinsp's
// sinsp_filter_check_plugin::extract_nocache does.
static ss_plugin_rc extract_one(ss_plugin_t *s, const ss_plugin_event_input *evt, const spec *sp,
                                ss_plugin_extract_field *f, int offsets) {
	static ss_plugin_rc (*extract)(ss_plugin_t *, const ss_plugin_event_input *,
	                               const ss_plugin_field_extract_input *);
	if(!extract) {
		extract = sym("plugin_extract_fields");
	}
	memset(f, 0, sizeof(*f));
	f->field_id = sp->id;
	f->field = sp->name;
	if(sp->arg) {
		f->arg_key = sp->arg;
		f->arg_present = 1;
	}
	f->ftype = sp->ftype;
	f->flist = sp->flist;
	ss_plugin_extract_value_offsets off = {NULL, NULL};
	ss_plugin_field_extract_input in;
	memset(&in, 0, sizeof(in));
	in.num_fields = 1;
	in.fields = f;
	in.value_offsets = offsets ? &off : NULL;
	ss_plugin_table_reader_vtable_ext reader;
	standin_begin_extract(&in, &reader);
	ss_plugin_rc rc = extract(s, evt, &in);
	standin_end_extract(&reader);
	return rc;
}

static void print_value(const ss_plugin_extract_field *f, uint64_t i) {
	switch(f->ftype) {
	case FTYPE_STRING:
		json_str(f->res.str[i]);
		break;
	case FTYPE_UINT64:
		printf("%" PRIu64, f->res.u64[i]);
		break;
	case FTYPE_BOOL:
		printf("%s", f->res.boolean[i] ? "true" : "false");
		break;
	default:
		printf("\"unsupported type %u\"", f->ftype);
	}
}

static int cmd_info(void) {
	printf("{");
	const char *names[] = {"plugin_get_required_api_version", "plugin_get_name", "plugin_get_description",
	                       "plugin_get_contact", "plugin_get_version", "plugin_get_extract_event_sources",
	                       "plugin_get_fields", NULL};
	for(int i = 0; names[i]; i++) {
		const char *(*f)(void) = sym(names[i]);
		printf("\"%s\":", names[i]);
		json_str(f());
		printf(",");
	}
	ss_plugin_schema_type st;
	const char *(*schema)(ss_plugin_schema_type *) = sym("plugin_get_init_schema");
	const char *sc = schema(&st);
	printf("\"plugin_get_init_schema\":");
	json_str(sc);
	printf(",\"schema_type\":%d,", (int)st);

	ss_plugin_rc rc;
	ss_plugin_t *s = init_plugin("", &rc);
	uint32_t n = 0;
	uint16_t *(*types)(uint32_t *, ss_plugin_t *) = sym("plugin_get_extract_event_types");
	uint16_t *t = types(&n, s);
	printf("\"plugin_get_extract_event_types\":[");
	for(uint32_t i = 0; i < n; i++) {
		printf("%s%u", i ? "," : "", t[i]);
	}
	const char *(*schema_version)(ss_plugin_t *) = sym("plugin_get_required_event_schema_version");
	printf("],\"plugin_get_required_event_schema_version\":");
	json_str(schema_version(s));
	printf("}\n");
	destroy(s);
	return 0;
}

static int cmd_symbols(void) {
	printf("{\"present\":[");
	int first = 1;
	for(int i = 0; required[i]; i++) {
		if(dlsym(lib, required[i])) {
			printf("%s\"%s\"", first ? "" : ",", required[i]);
			first = 0;
		}
	}
	printf("],\"unexpected\":[");
	first = 1;
	for(int i = 0; absent[i]; i++) {
		if(dlsym(lib, absent[i])) {
			printf("%s\"%s\"", first ? "" : ",", absent[i]);
			first = 0;
		}
	}
	printf("]}\n");
	return 0;
}

static int cmd_init(const char *config, const char *mode) {
	ss_plugin_rc rc;
	ss_plugin_t *s = init_plugin_mode(config, mode, &rc);
	printf("{\"rc\":%d,\"error\":", (int)rc);
	json_str(rc == SS_PLUGIN_SUCCESS ? "" : last_error(s));
	destroy(s);
	printf(",\"outstanding\":%ld,\"violations\":%ld}\n", standin_outstanding(), standin_violations());
	return 0;
}

static int cmd_extract(const char *config, const char *threads, const char *file, uint64_t evtnum, int offsets,
                       int n, char **argv) {
	spec *sp = parse_specs(n, argv);
	standin_load(threads);
	size_t len;
	uint8_t *raw = read_file(file, &len);
	ss_plugin_rc rc;
	ss_plugin_t *s = init_plugin(config, &rc);
	if(rc != SS_PLUGIN_SUCCESS) {
		fprintf(stderr, "init: %s\n", last_error(s));
		return 1;
	}
	ss_plugin_event_input evt = {(const ss_plugin_event *)raw, evtnum, "syscall"};
	printf("{\"fields\":[");
	for(int i = 0; i < n; i++) {
		ss_plugin_extract_field f;
		rc = extract_one(s, &evt, &sp[i], &f, offsets);
		printf("%s{\"field\":\"%s\",\"rc\":%d", i ? "," : "", sp[i].name, (int)rc);
		if(rc != SS_PLUGIN_SUCCESS) {
			printf(",\"error\":");
			json_str(last_error(s));
		} else {
			printf(",\"values\":[");
			for(uint64_t j = 0; j < f.res_len; j++) {
				if(j) {
					printf(",");
				}
				print_value(&f, j);
			}
			printf("]");
		}
		printf("}");
	}
	destroy(s);
	printf("],\"outstanding\":%ld,\"violations\":%ld}\n", standin_outstanding(), standin_violations());
	return 0;
}

static void print_values(const ss_plugin_extract_field *f) {
	printf("[");
	for(uint64_t j = 0; j < f->res_len; j++) {
		if(j) {
			printf(",");
		}
		print_value(f, j);
	}
	printf("]");
}

// memo_round extracts every field of sp from evt, one call each (or, with
// together, in one call), and prints {"rc":[...],"values":[...],"hits":H,
// "misses":M} with the plugin's memo counters after the round.
static void memo_round(ss_plugin_t *s, const ss_plugin_event_input *evt, const spec *sp, int n, int together,
                       int first) {
	static void (*counters)(uintptr_t, uint64_t *, uint64_t *, uint64_t *);
	if(!counters) {
		counters = sym("ecs_memo_counters");
	}
	ss_plugin_extract_field *f = calloc((size_t)n, sizeof(*f));
	ss_plugin_rc *rc = calloc((size_t)n, sizeof(*rc));
	if(together) {
		static ss_plugin_rc (*extract)(ss_plugin_t *, const ss_plugin_event_input *,
		                               const ss_plugin_field_extract_input *);
		if(!extract) {
			extract = sym("plugin_extract_fields");
		}
		for(int i = 0; i < n; i++) {
			f[i].field_id = sp[i].id;
			f[i].field = sp[i].name;
			if(sp[i].arg) {
				f[i].arg_key = sp[i].arg;
				f[i].arg_present = 1;
			}
			f[i].ftype = sp[i].ftype;
			f[i].flist = sp[i].flist;
		}
		ss_plugin_field_extract_input in;
		memset(&in, 0, sizeof(in));
		in.num_fields = (uint32_t)n;
		in.fields = f;
		ss_plugin_table_reader_vtable_ext reader;
		standin_begin_extract(&in, &reader);
		ss_plugin_rc r = extract(s, evt, &in);
		standin_end_extract(&reader);
		for(int i = 0; i < n; i++) {
			rc[i] = r;
		}
	} else {
		for(int i = 0; i < n; i++) {
			rc[i] = extract_one(s, evt, &sp[i], &f[i], 0);
		}
	}
	printf("%s{\"rc\":[", first ? "" : ",");
	for(int i = 0; i < n; i++) {
		printf("%s%d", i ? "," : "", (int)rc[i]);
	}
	printf("],\"values\":[");
	for(int i = 0; i < n; i++) {
		printf("%s", i ? "," : "");
		if(rc[i] == SS_PLUGIN_SUCCESS) {
			print_values(&f[i]);
		} else {
			printf("null");
		}
	}
	uint64_t hits, misses, prefetched;
	counters((uintptr_t)s, &hits, &misses, &prefetched);
	printf("],\"hits\":%" PRIu64 ",\"misses\":%" PRIu64 ",\"prefetched\":%" PRIu64 "}", hits, misses,
	       prefetched);
	free(f);
	free(rc);
}

// cmd_memo extracts the fields as Falco does for an alert, in rounds: event
// A (evtnum 1); A again; event B (evtnum 2); a copy of A at another address
// with B's evtnum; A (evtnum 3) in one call of every field; A again one
// field per call; A with every field asked with the wrong type.
static int cmd_memo(const char *config, const char *threads, const char *file_a, const char *file_b, int n,
                    char **argv) {
	spec *sp = parse_specs(n, argv);
	standin_load(threads);
	size_t len_a, len_b;
	uint8_t *a = read_file(file_a, &len_a);
	uint8_t *b = read_file(file_b, &len_b);
	uint8_t *a2 = malloc(len_a);
	memcpy(a2, a, len_a);
	ss_plugin_rc rc;
	ss_plugin_t *s = init_plugin(config, &rc);
	if(rc != SS_PLUGIN_SUCCESS) {
		fprintf(stderr, "init: %s\n", last_error(s));
		return 1;
	}
	ss_plugin_event_input ea = {(const ss_plugin_event *)a, 1, "syscall"};
	ss_plugin_event_input eb = {(const ss_plugin_event *)b, 2, "syscall"};
	ss_plugin_event_input ea2 = {(const ss_plugin_event *)a2, 2, "syscall"};
	ss_plugin_event_input ea3 = {(const ss_plugin_event *)a, 3, "syscall"};
	printf("{\"rounds\":[");
	memo_round(s, &ea, sp, n, 0, 1);
	memo_round(s, &ea, sp, n, 0, 0);
	memo_round(s, &eb, sp, n, 0, 0);
	memo_round(s, &ea2, sp, n, 0, 0);
	memo_round(s, &ea3, sp, n, 1, 0);
	memo_round(s, &ea3, sp, n, 0, 0);
	for(int i = 0; i < n; i++) {
		sp[i].ftype = sp[i].ftype == FTYPE_STRING ? FTYPE_UINT64 : FTYPE_STRING;
	}
	memo_round(s, &ea3, sp, n, 0, 0);
	destroy(s);
	printf("],\"outstanding\":%ld,\"violations\":%ld}\n", standin_outstanding(), standin_violations());
	return 0;
}

static double now_ns(clockid_t clock) {
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

// cmd_bench times events made of one extract call per field, each event
// with a new event number (so the plugin decodes every event once).
static int cmd_bench(const char *config, const char *threads, const char *file, long iters, int n, char **argv) {
	spec *sp = parse_specs(n, argv);
	standin_load(threads);
	size_t len;
	uint8_t *raw = read_file(file, &len);
	ss_plugin_rc rc;
	ss_plugin_t *s = init_plugin(config, &rc);
	if(rc != SS_PLUGIN_SUCCESS) {
		fprintf(stderr, "init: %s\n", last_error(s));
		return 1;
	}
	ss_plugin_event_input evt = {(const ss_plugin_event *)raw, 0, "syscall"};
	ss_plugin_extract_field f;
	uint64_t values = 0;
	for(long i = 0; i < iters / 10 + 1; i++) { // warm up
		evt.evtnum++;
		for(int j = 0; j < n; j++) {
			extract_one(s, &evt, &sp[j], &f, 0);
		}
	}
	double start = now_ns(CLOCK_MONOTONIC), cpu_start = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	for(long i = 0; i < iters; i++) {
		evt.evtnum++;
		for(int j = 0; j < n; j++) {
			if(extract_one(s, &evt, &sp[j], &f, 0) != SS_PLUGIN_SUCCESS) {
				fprintf(stderr, "extract %s: %s\n", sp[j].name, last_error(s));
				return 1;
			}
			values += f.res_len;
		}
	}
	double ns = now_ns(CLOCK_MONOTONIC) - start, cpu = now_ns(CLOCK_PROCESS_CPUTIME_ID) - cpu_start;
	printf("{\"events\":%ld,\"ns_per_event\":%.1f,\"cpu_ns_per_event\":%.1f,\"ns_per_call\":%.1f,"
	       "\"values\":%" PRIu64 "}\n",
	       iters, ns / (double)iters, cpu / (double)iters, ns / (double)iters / n, values);
	destroy(s);
	return 0;
}

int main(int argc, char **argv) {
	if(argc < 3) {
		fprintf(stderr, "usage: harness LIB symbols|info|init|extract|bench|memo ...\n");
		return 2;
	}
	lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
	if(!lib) {
		fprintf(stderr, "dlopen: %s\n", dlerror());
		return 3;
	}
	const char *cmd = argv[2];
	if(!strcmp(cmd, "symbols")) {
		return cmd_symbols();
	}
	if(!strcmp(cmd, "info")) {
		return cmd_info();
	}
	if(!strcmp(cmd, "init") && argc == 5) {
		return cmd_init(argv[3], argv[4]);
	}
	if(!strcmp(cmd, "extract") && argc >= 9) {
		return cmd_extract(argv[3], argv[4], argv[5], strtoull(argv[6], NULL, 10), atoi(argv[7]), argc - 8, argv + 8);
	}
	if(!strcmp(cmd, "memo") && argc >= 8) {
		return cmd_memo(argv[3], argv[4], argv[5], argv[6], argc - 7, argv + 7);
	}
	if(!strcmp(cmd, "bench") && argc >= 8) {
		return cmd_bench(argv[3], argv[4], argv[5], atol(argv[6]), argc - 7, argv + 7);
	}
	fprintf(stderr, "bad arguments\n");
	return 2;
}
