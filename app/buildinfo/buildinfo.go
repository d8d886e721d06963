// Package buildinfo says which build of kitaportal runs: version, commit
// and build date, for `kitaportal version`, the start-up log, /metrics and
// the admin screen.
package buildinfo

import (
	"runtime"
	"runtime/debug"
)

// Set at build time with -ldflags "-X kitaportal/app/buildinfo.version=…" (a
// release; commit and date as the Makefile sets them); otherwise the module
// version and the VCS stamp of the build.
var version, commit, date = "", "", ""

// Build is what this binary is: version, commit and build (commit) time.
type Build struct {
	Version string `json:"version"`
	Commit  string `json:"commit"`
	Date    string `json:"date"`
	Go      string `json:"go"`
}

// Read reads the binary's build information.
func Read() Build {
	b := Build{Version: version, Go: runtime.Version()}
	info, ok := debug.ReadBuildInfo()
	if ok {
		if b.Version == "" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			b.Version = info.Main.Version
		}
		dirty := false
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				b.Commit = s.Value
			case "vcs.time":
				b.Date = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if dirty && b.Commit != "" {
			b.Commit += "-modified"
		}
	}
	if b.Commit == "" {
		b.Commit, b.Date = commit, date
	}
	if b.Version == "" {
		b.Version = "dev"
	}
	return b
}

// String is the one line `kitaportal version` prints.
func (b Build) String() string {
	s := "kitaportal " + b.Version
	if b.Commit != "" {
		s += " (commit " + b.Commit
		if b.Date != "" {
			s += ", " + b.Date
		}
		s += ")"
	}
	return s + " " + b.Go
}
