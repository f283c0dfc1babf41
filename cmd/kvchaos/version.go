package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// versionInfo is what a binary knows about its own build.
type versionInfo struct {
	// Module is the main module's version: a tag such as v0.3.0 for a
	// `go install …@v0.3.0`; for a build from a checkout, the pseudo-version
	// Go derives from the revision (v0.0.0-DATE-REV, "+dirty" with
	// uncommitted changes) or "(devel)"; "unknown" without build
	// information.
	Module string
	// Revision is the VCS revision built, Time its commit time (RFC 3339)
	// and Modified whether the working tree had uncommitted changes; empty
	// when the build was not stamped (go build -buildvcs=false, or outside
	// a checkout).
	Revision, Time string
	Modified       bool
	// Go is the toolchain that built the binary.
	Go string
}

// readVersion extracts versionInfo from debug.ReadBuildInfo's answer.
func readVersion(bi *debug.BuildInfo, ok bool) versionInfo {
	v := versionInfo{Module: "unknown", Go: runtime.Version()}
	if !ok || bi == nil {
		return v
	}
	v.Module = bi.Main.Version
	if v.Module == "" {
		v.Module = "(devel)"
	}
	if bi.GoVersion != "" {
		v.Go = bi.GoVersion
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Revision = s.Value
		case "vcs.time":
			v.Time = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		}
	}
	return v
}

// short is the module version with the revision's first 12 digits, for
// run.json and reports.
func (v versionInfo) short() string {
	if len(v.Revision) >= 12 {
		return v.Module + " " + v.Revision[:12]
	}
	return v.Module
}

// String is what `kvchaos version` prints: the module version and Go
// version, then the revision and its commit time when the build knows
// them.
func (v versionInfo) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "kvchaos %s %s\n", v.Module, v.Go)
	if v.Revision != "" {
		fmt.Fprintf(&b, "revision: %s", v.Revision)
		if v.Modified {
			b.WriteString(" (with uncommitted changes)")
		}
		b.WriteString("\n")
	}
	if v.Time != "" {
		fmt.Fprintf(&b, "time:     %s\n", v.Time)
	}
	return b.String()
}

// buildVersion returns the main module's version ("(devel)" for a build
// from a checkout) and the VCS revision when it is known.
func buildVersion() string { return readVersion(debug.ReadBuildInfo()).short() }

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the kvchaos version",
		Long: `version prints the module version (a tag for 'go install …@vX.Y.Z'; a
pseudo-version or "(devel)" for a build from a checkout) and the Go version,
then, when the build recorded them, the VCS revision (marked when the
working tree had uncommitted changes) and that revision's commit time.`,
		Example: "  kvchaos version",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprint(cmd.OutOrStdout(), readVersion(debug.ReadBuildInfo()))
			return err
		},
	}
}
