package extractor

/*
#include <stdint.h>
*/
import "C"

import "unsafe"

// ecs_go_extract_fields is the Go extraction behind the C
// plugin_extract_fields of memo.c, for the calls its memo cannot answer:
// slots (NULL, or one per field) are the result slots of the fields, and
// the fields from required on are prefetched (see extractFields).
//
//export ecs_go_extract_fields
func ecs_go_extract_fields(s C.uintptr_t, evt, in unsafe.Pointer, slots *C.uint32_t, required C.uint32_t) C.int32_t {
	return C.int32_t(extractFields(uintptr(s), evt, in, (*uint32)(unsafe.Pointer(slots)), int(required)))
}
