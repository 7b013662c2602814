// A stand-in for libecs.so in dist's tests: a shared object exporting the
// symbols dist checks for. Built with gcc by the test.
const char *plugin_get_required_api_version(void) { return "3.11.0"; }
const char *plugin_get_name(void) { return "ecs"; }
const char *plugin_get_version(void) { return "0.1.0"; }
void *plugin_init(void *in, int *rc) { (void)in; *rc = 0; return 0; }
int plugin_extract_fields(void *s, const void *e, const void *in) { (void)s; (void)e; (void)in; return 0; }
