// Command gen writes the ecsmapping table from ECS's ecs_flat.yml.
package main

import (
	"flag"
	"log"
	"os"

	"github.com/eql2falco/eql2falco/elastic/ecsmapping/internal/gen"
)

func main() {
	in := flag.String("in", "", "ecs_flat.yml")
	out := flag.String("out", "", "output table")
	flag.Parse()
	src, err := os.ReadFile(*in)
	if err != nil {
		log.Fatal(err)
	}
	table, err := gen.Generate(src)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, table, 0o644); err != nil {
		log.Fatal(err)
	}
}
