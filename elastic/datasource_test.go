package elastic

import "testing"

func TestSearchesD4C(t *testing.T) {
	cases := []struct {
		index []string
		want  bool
	}{
		{[]string{"logs-cloud_defend.process*"}, true},
		{[]string{"logs-cloud_defend.*"}, true},
		{[]string{"logs-endpoint.events.process*", "logs-cloud_defend.process*"}, true},
		{[]string{"logs-*"}, true},
		{[]string{"*"}, true},
		{[]string{"logs-cloud_defend.process-prod"}, true},
		{[]string{"logs-endpoint.events.process*"}, false},
		{[]string{"endgame-*", "auditbeat-*", "logs-sentinel_one_cloud_funnel.*"}, false},
		{[]string{"logs-endpoint.events.*,logs-cloud_defend.*"}, true},
		{[]string{"-logs-cloud_defend.*"}, false},
		{nil, false},
	}
	for _, c := range cases {
		r := &Rule{Index: c.index}
		if got := r.SearchesD4C(); got != c.want {
			t.Errorf("SearchesD4C(%q) = %v, want %v", c.index, got, c.want)
		}
	}
}
