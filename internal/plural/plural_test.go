package plural

import "testing"

func TestCount(t *testing.T) {
	for _, tc := range []struct {
		n          int
		noun, want string
	}{
		{0, "rule", "0 rules"},
		{1, "rule", "1 rule"},
		{2, "rule", "2 rules"},
		{1, "EQL rule", "1 EQL rule"},
		{3, "rule-event verdict", "3 rule-event verdicts"},
		{2, "match", "2 matches"},
		{2, "alias", "2 aliases"},
		{2, "entry", "2 entries"},
		{2, "key", "2 keys"},
		{1, "exec", "1 exec"},
		{2, "exec", "2 execs"},
	} {
		if got := Count(tc.n, tc.noun); got != tc.want {
			t.Errorf("Count(%d, %q) = %q, want %q", tc.n, tc.noun, got, tc.want)
		}
	}
}
