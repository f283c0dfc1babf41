package layers

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestModuleKeepsItsLayers fails, naming each offending import, when a
// package imports a layer above its own, or a package is in no layer.
func TestModuleKeepsItsLayers(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	_, err = os.Stat(filepath.Join(root, "go.mod"))
	require.NoError(t, err, "the module root is two directories up")
	pkgs, err := Walk(root)
	require.NoError(t, err)
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
		{Path: "internal/adaptertest", Imports: []string{"internal/testserver", "kvtest"}},
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
