package layers

import (
	"go/build"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const module = "github.com/kvchaos/kvchaos"

// modulePackages reads every package of the module below root with
// go/build: its path and the module packages its non-test files import.
func modulePackages(t *testing.T, root string) []Package {
	t.Helper()
	var pkgs []Package
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		name := d.Name()
		if p != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "node_modules") {
			return filepath.SkipDir
		}
		bp, err := build.ImportDir(p, 0)
		if _, none := err.(*build.NoGoError); none {
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
	require.NoError(t, err)
	return pkgs
}

// TestModuleKeepsItsLayers fails, naming each offending import, when a
// package imports a layer above its own, or a package is in no layer.
func TestModuleKeepsItsLayers(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	_, err = os.Stat(filepath.Join(root, "go.mod"))
	require.NoError(t, err, "the module root is two directories up")
	pkgs := modulePackages(t, root)
	require.Greater(t, len(pkgs), 20, "the walk found the module's packages")
	for _, msg := range Check(pkgs) {
		t.Error(msg)
	}
}

func TestCheckNamesTheOffendingImport(t *testing.T) {
	bad := Check([]Package{
		{Path: "backends/fastly", Imports: []string{"kv", "edge", "emulator"}},
		{Path: "backends/redis", Imports: []string{"backends/etcd", "internal/adapterkit"}},
		{Path: "model", Imports: []string{"checker"}},
		{Path: "checker", Imports: []string{"model"}},
		{Path: "workload", Imports: []string{"internal/testserver"}},
		{Path: "newpkg", Imports: []string{"kv"}},
	})
	assert.Equal(t, []string{
		`backends/fastly imports emulator: layer "drive runs and show results" is above fastly's layer "stores and network faults"`,
		`backends/redis imports backends/etcd: both are in layer "stores and network faults" and layers.Within does not allow it`,
		`model imports checker: both are in layer "judge" and layers.Within does not allow it`,
		`newpkg is in no layer: add it to layers.Stack (and docs/architecture.md)`,
		`workload imports internal/testserver, which only tests may import`,
	}, bad)
}
