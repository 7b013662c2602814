// Package catalog is the set of Falco fields this project's rules may use:
// Falco's own fields (condition.NativeFields) and the fields of the ecs
// plugin, converted from the plugin's field table (plugin/ecs) in this one
// place. The translator checks its output against it, and so does anything
// that loads the generated rules (the parity harness, rules tests).
//
//	cat := catalog.Default()                       // condition.Catalog
//	rs, ds := rulesfile.Check(f, catalog.Options()) // Falco rules checks with the ecs plugin loaded
package catalog
