package e2e

import "github.com/eql2falco/eql2falco/elastic/eql/eval"

// EQLProgram is the EQL side of a rule: a program of the reference
// evaluator, run on the documents of a view (ViewOf the source rule). It
// builds the evaluator's document once per Doc and view (in Doc.Cache) for
// every rule of the run, with the fields the rules read (Doc.Needed).
type EQLProgram struct {
	Program *eval.Program
	View    View
}

func (e *EQLProgram) document(d *Doc) (*eval.Document, error) {
	m := e.Program.Mapping()
	if doc, ok := d.Cache[e.View].(*eval.Document); ok && doc.Mapping() == m {
		return doc, nil
	}
	doc := eval.NewDocument(m)
	for _, f := range d.Fields {
		if d.Needed != nil && !d.Needed[f.Name] || !f.In(e.View) {
			continue
		}
		if err := doc.Add(f.Name, f.Value); err != nil {
			return nil, err
		}
	}
	d.Cache[e.View] = doc
	return doc, nil
}

// DocumentView implements Viewer.
func (e *EQLProgram) DocumentView() View { return e.View }

// Fields implements FieldLister.
func (e *EQLProgram) Fields() []string { return e.Program.Fields() }

// Match implements EQL.
func (e *EQLProgram) Match(d *Doc) (bool, error) {
	doc, err := e.document(d)
	if err != nil {
		return false, err
	}
	return e.Program.Match(doc)
}

// Explain implements EQL.
func (e *EQLProgram) Explain(d *Doc) string {
	doc, err := e.document(d)
	if err != nil {
		return err.Error()
	}
	return e.Program.Explain(doc).String()
}
