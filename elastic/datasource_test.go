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

func TestSearchesDataset(t *testing.T) {
	cases := []struct {
		index   []string
		dataset string
		want    bool
	}{
		{[]string{"logs-cloud_defend.file*"}, D4CFileDataset, true},
		{[]string{"logs-cloud_defend.process*"}, D4CFileDataset, false},
		{[]string{"logs-cloud_defend.*"}, D4CFileDataset, true},
		{[]string{"logs-endpoint.events.*"}, DefendFileDataset, true},
		{[]string{"logs-endpoint.events.file-*"}, DefendFileDataset, true},
		{[]string{"logs-endpoint.events.file-prod"}, DefendFileDataset, true},
		{[]string{"logs-endpoint.events.process*"}, DefendFileDataset, false},
		{[]string{"auditbeat-*", "logs-sentinel_one_cloud_funnel.*"}, DefendFileDataset, false},
		{[]string{"logs-*"}, DefendProcessDataset, true},
		{[]string{"-logs-endpoint.events.*"}, DefendFileDataset, false},
		{nil, DefendFileDataset, false},
	}
	for _, c := range cases {
		r := &Rule{Index: c.index}
		if got := r.SearchesDataset(c.dataset); got != c.want {
			t.Errorf("SearchesDataset(%q, %s) = %v, want %v", c.index, c.dataset, got, c.want)
		}
	}
}
