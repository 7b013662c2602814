// Package mdsection keeps generated sections of Markdown files in step with
// the code that generates them: a section is the text between the lines
// "<!-- NAME -->" and "<!-- /NAME -->".
package mdsection

import (
	"fmt"
	"os"
	"strings"
)

// Section is a generated section: its name and its current text.
type Section struct {
	Name, Body string
}

// Replace returns doc with the body of section name replaced, and false when
// doc has no such section.
func Replace(doc, name, body string) (string, bool) {
	start, end := "<!-- "+name+" -->\n", "<!-- /"+name+" -->"
	i := strings.Index(doc, start)
	j := strings.Index(doc, end)
	if i < 0 || j < i {
		return doc, false
	}
	return doc[:i+len(start)] + body + doc[j:], true
}

// Sync compares the sections of the file at path with their current text.
// With write set it rewrites the file; otherwise it returns an error naming
// the stale file, and fix (a command) as the remedy.
func Sync(path string, write bool, fix string, sections ...Section) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	doc := string(b)
	for _, s := range sections {
		var ok bool
		if doc, ok = Replace(doc, s.Name, s.Body); !ok {
			return fmt.Errorf("%s: no <!-- %s --> ... <!-- /%s --> section", path, s.Name, s.Name)
		}
	}
	if write {
		return os.WriteFile(path, []byte(doc), 0o644)
	}
	if doc != string(b) {
		return fmt.Errorf("%s: the generated sections are stale; run %s", path, fix)
	}
	return nil
}
