package layers

import (
	"errors"
	"fmt"
	"go/build"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// module is the import path the packages' paths are relative to.
const module = "github.com/kvchaos/kvchaos"

// Layer is one level of the stack: the packages in it, as module-relative
// import paths; a pattern ending in "/*" matches every package below that
// directory.
type Layer struct {
	Name     string
	Packages []string
}

// Stack is kvchaos's layering, bottom first. A package may import packages
// of lower layers only, plus the imports listed in Within.
var Stack = []Layer{
	{"rules and file helpers", []string{"internal/kvrule", "internal/jsonfile", "internal/streamfile", "internal/cputime", "internal/redact", "internal/byteslab", "internal/addrtable"}},
	{"the contract (kv)", []string{"kv"}},
	{"built on kv alone: the record, the edge protocol, recipes", []string{"history", "edge", "internal/edgewire", "recipes"}},
	{"simulate", []string{"sim"}},
	{"judge", []string{"model", "checker"}},
	{"the backend registry", []string{"backends"}},
	{"stores and network faults", []string{"backends/*", "faultproxy", "internal/adapterkit", "internal/edgeclient", "internal/simstore"}},
	{"drive runs and show results", []string{"workload", "internal/report", "emulator"}},
	{"many runs", []string{"internal/swarm", "swarm"}},
	{"suites and harnesses", []string{"kvtest", "internal/emutest", "examples/*"}},
	{"test helpers", []string{"internal/adaptertest", "internal/testserver", "internal/layers", "internal/docsnippets"}},
	{"the command", []string{"cmd/*"}},
}

// Within lists the imports allowed between packages of one layer,
// importer → imported; "backends/*" as an importer means every adapter.
var Within = map[string][]string{
	"checker":              {"model"},
	"backends/*":           {"internal/adapterkit", "internal/edgeclient", "internal/simstore"},
	"internal/edgeclient":  {"internal/adapterkit"},
	"internal/emutest":     {"kvtest"},
	"swarm":                {"internal/swarm"},
	"internal/edgewire":    {"edge"},
	"internal/adaptertest": {"internal/testserver"},
}

// TestOnly are packages that only test code (files ending in _test.go)
// and the other test-only packages may import.
var TestOnly = []string{"internal/adaptertest", "internal/testserver", "internal/layers", "internal/docsnippets"}

// Package is what Check needs to know of one package: its module-relative
// path and the module-relative paths of the module packages its non-test
// files import.
type Package struct {
	Path    string
	Imports []string
}

// LayerOf returns the index in Stack of the layer holding pkg, or -1.
func LayerOf(pkg string) int {
	for i, l := range Stack {
		for _, p := range l.Packages {
			if match(p, pkg) {
				return i
			}
		}
	}
	return -1
}

func match(pattern, pkg string) bool {
	if dir, ok := strings.CutSuffix(pattern, "/*"); ok {
		return strings.HasPrefix(pkg, dir+"/")
	}
	return pattern == pkg
}

// allowedWithin reports whether from may import to inside one layer.
func allowedWithin(from, to string) bool {
	for imp, tos := range Within {
		if match(imp, from) && slices.ContainsFunc(tos, func(t string) bool { return match(t, to) }) {
			return true
		}
	}
	return false
}

// Check returns one message per import that breaks the layering, sorted:
// a package in no layer, an import of a higher layer, an import within a
// layer that Within does not list, an import of a test-only package from
// non-test code.
func Check(pkgs []Package) []string {
	var bad []string
	for _, p := range pkgs {
		from := LayerOf(p.Path)
		if from < 0 {
			bad = append(bad, fmt.Sprintf("%s is in no layer: add it to layers.Stack (and docs/architecture.md)", p.Path))
			continue
		}
		for _, imp := range p.Imports {
			to := LayerOf(imp)
			switch {
			case slices.Contains(TestOnly, imp) && !slices.Contains(TestOnly, p.Path):
				bad = append(bad, fmt.Sprintf("%s imports %s, which only tests may import", p.Path, imp))
			case to < 0:
				// Reported as a package in no layer when the module has it.
			case to > from:
				bad = append(bad, fmt.Sprintf("%s imports %s: layer %q is above %s's layer %q",
					p.Path, imp, Stack[to].Name, path.Base(p.Path), Stack[from].Name))
			case to == from && !allowedWithin(p.Path, imp):
				bad = append(bad, fmt.Sprintf("%s imports %s: both are in layer %q and layers.Within does not allow it",
					p.Path, imp, Stack[from].Name))
			}
		}
	}
	sort.Strings(bad)
	return bad
}

// Walk reads every package of the module rooted at root with go/build
// (skipping testdata, node_modules and hidden directories) and returns
// each one's module-relative path and the module packages its non-test
// files import.
func Walk(root string) ([]Package, error) {
	var pkgs []Package
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		name := d.Name()
		if p != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "node_modules") {
			return filepath.SkipDir
		}
		bp, err := build.ImportDir(p, 0)
		var none *build.NoGoError
		if errors.As(err, &none) {
			return nil
		}
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		pkg := Package{Path: filepath.ToSlash(rel)}
		for _, imp := range bp.Imports {
			if r, ok := strings.CutPrefix(imp, module+"/"); ok {
				pkg.Imports = append(pkg.Imports, r)
			}
		}
		pkgs = append(pkgs, pkg)
		return nil
	})
	return pkgs, err
}
