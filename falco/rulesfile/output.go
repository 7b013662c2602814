package rulesfile

import (
	"fmt"
	"strings"

	"github.com/eql2falco/eql2falco/falco/condition"
)

// outputField is a %field token of a rule output.
type outputField struct {
	Info   *condition.FieldInfo
	Offset int // of the '%'
}

// outputError is a problem in an output format, at a byte offset.
type outputError struct {
	Offset int
	Msg    string
}

// containerInfo is replaced by Falco before the output is compiled
// (deprecated since the container plugin).
const containerInfo = "container.info"

// parseOutput reads the %field tokens of an output format as libsinsp's
// event formatter does: an optional leading '*'; after each '%' an optional
// width in digits, optional transformers "name(", then the longest known
// field name that prefixes the rest, an optional [argument], and a ')' per
// transformer. Text between tokens is literal.
func parseOutput(format string, cat condition.Catalog) ([]outputField, []outputError) {
	var fields []outputField
	var errs []outputError
	s := strings.TrimPrefix(format, "*")
	base := len(format) - len(s)
	for j := 0; j < len(s); j++ {
		if s[j] != '%' {
			continue
		}
		start := j
		if j == len(s)-1 {
			errs = append(errs, outputError{base + j, "invalid formatting syntax: formatting cannot end with a %"})
			break
		}
		k := j + 1
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k == len(s) {
			errs = append(errs, outputError{base + j, "invalid formatting syntax: formatting cannot end with a number"})
			break
		}
		open := 0
		for {
			moved := false
			for _, t := range append([]string{"val"}, transformerNames()...) {
				if strings.HasPrefix(s[k:], t+"(") {
					k += len(t) + 1
					open++
					moved = true
				}
			}
			if !moved {
				break
			}
		}
		if strings.HasPrefix(s[k:], containerInfo) {
			j = k + len(containerInfo) - 1
			continue
		}
		name := longestField(s[k:], cat)
		if name == "" {
			errs = append(errs, outputError{base + start, fmt.Sprintf("invalid formatting token %%%s: not a known field", token(s[k:]))})
			j = k
			continue
		}
		info, _ := cat.Field(name)
		k += len(name)
		if k < len(s) && s[k] == '[' && info.Arg != condition.ArgNone {
			end := strings.IndexByte(s[k:], ']')
			if end < 0 {
				errs = append(errs, outputError{base + k, fmt.Sprintf("field '%s': argument without ']'", name)})
				break
			}
			k += end + 1
		} else if info.Arg == condition.ArgRequired {
			errs = append(errs, outputError{base + start, fmt.Sprintf("field '%s' requires an argument", name)})
		}
		for ; open > 0; open-- {
			if k >= len(s) || s[k] != ')' {
				errs = append(errs, outputError{base + k, "expected ')' closing a transformer"})
				break
			}
			k++
		}
		fields = append(fields, outputField{Info: info, Offset: base + start})
		j = k - 1
	}
	return fields, errs
}

func transformerNames() []string {
	return []string{"tolower", "toupper", "b64", "basename", "len", "join", "concat", "getopt"}
}

// longestField returns the longest field name of the catalog that prefixes s.
func longestField(s string, cat condition.Catalog) string {
	run := len(token(s))
	for end := run; end > 0; end-- {
		if _, ok := cat.Field(s[:end]); ok {
			return s[:end]
		}
	}
	return ""
}

// token returns the field-name-like text at the start of s, for messages.
func token(s string) string {
	end := 0
	for end < len(s) && (s[end] == '.' || s[end] == '_' || s[end] >= 'a' && s[end] <= 'z' ||
		s[end] >= 'A' && s[end] <= 'Z' || s[end] >= '0' && s[end] <= '9') {
		end++
	}
	if end == 0 && s != "" {
		end = 1
	}
	return s[:end]
}
