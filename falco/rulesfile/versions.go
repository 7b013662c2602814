package rulesfile

import (
	"fmt"
	"strconv"

	"github.com/eql2falco/eql2falco/falco/condition"
)

// EngineVersions maps Falco releases to the rules engine version they report
// (falco/userspace/engine/falco_engine_version.h at each release tag;
// before 0.37 the engine version was an integer N, read as 0.N.0).
var EngineVersions = []struct {
	Falco, Engine condition.Version
}{
	{condition.Version{Minor: 35}, condition.Version{Minor: 17}},
	{condition.Version{Minor: 36}, condition.Version{Minor: 26}},
	{condition.Version{Minor: 37}, condition.Version{Minor: 31}},
	{condition.Version{Minor: 38}, condition.Version{Minor: 40}},
	{condition.Version{Minor: 39}, condition.Version{Minor: 43}},
	{condition.Version{Minor: 40}, condition.Version{Minor: 46}},
	{condition.Version{Minor: 41}, condition.Version{Minor: 50}},
	{condition.Version{Minor: 42}, condition.Version{Minor: 57}},
	{condition.Version{Minor: 43}, condition.Version{Minor: 58}},
	{condition.Version{Minor: 44}, condition.Version{Minor: 62}},
}

// EngineFor returns the engine version of a Falco release (of the latest
// release in the table not after it).
func EngineFor(falco condition.Version) condition.Version {
	e := EngineVersions[0].Engine
	for _, r := range EngineVersions {
		if !falco.Less(r.Falco) {
			e = r.Engine
		}
	}
	return e
}

// FalcoFor returns the first Falco release whose engine version is at least
// engine, and false when no release in the table has it.
func FalcoFor(engine condition.Version) (condition.Version, bool) {
	for _, r := range EngineVersions {
		if !r.Engine.Less(engine) {
			return r.Falco, true
		}
	}
	return condition.Version{}, false
}

// ParseEngineVersion reads a required_engine_version value as Falco does: an
// integer N means 0.N.0, anything else must be x.y.z.
func ParseEngineVersion(s string) (condition.Version, error) {
	if n, err := strconv.ParseUint(s, 10, 32); err == nil {
		return condition.Version{Minor: int(n)}, nil
	}
	v, err := condition.ParseVersion(s)
	if err != nil {
		return v, fmt.Errorf("unable to parse engine version %q as a semver string; expected x.y.z", s)
	}
	return v, nil
}

// pluginSatisfies reports whether a plugin at version have meets a
// requirement for version want: same major version, and not older (Falco's
// sinsp_version::compatible_with).
func pluginSatisfies(have, want condition.Version) bool {
	return have.Major == want.Major && !have.Less(want)
}
