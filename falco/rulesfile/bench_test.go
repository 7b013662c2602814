package rulesfile

import "testing"

// BenchmarkLoad reads and checks the seed rules file (parse, expand,
// type-check and compile).
func BenchmarkLoad(b *testing.B) {
	src, err := Marshal(seedFile())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, ds := Load("seed.yaml", src, testOpts); ds.HasErrors() {
			b.Fatal(ds)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "files/s")
}

// BenchmarkMarshal writes the seed rules file (including the read-back
// verification).
func BenchmarkMarshal(b *testing.B) {
	f := seedFile()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Marshal(f); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "files/s")
}
