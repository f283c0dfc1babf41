package layers

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// surfaceBudget is the most exported identifiers (Surface's count) the
// public packages may have together. Lower it when the surface shrinks;
// raising it is an API decision to make on purpose, not a side effect.
const surfaceBudget = 350

// TestSurfaceStaysWithinBudget lists the exported identifiers per public
// package and fails when their total exceeds surfaceBudget.
func TestSurfaceStaysWithinBudget(t *testing.T) {
	surface, err := Surface(filepath.Join("..", ".."))
	require.NoError(t, err)
	require.Contains(t, surface, "kv", "the walk found the module's packages")
	pkgs := make([]string, 0, len(surface))
	total := 0
	for pkg, names := range surface {
		pkgs = append(pkgs, pkg)
		total += len(names)
	}
	sort.Slice(pkgs, func(i, j int) bool {
		if a, b := len(surface[pkgs[i]]), len(surface[pkgs[j]]); a != b {
			return a > b
		}
		return pkgs[i] < pkgs[j]
	})
	var b strings.Builder
	for _, pkg := range pkgs {
		fmt.Fprintf(&b, "%-20s %3d\n", pkg, len(surface[pkg]))
	}
	fmt.Fprintf(&b, "%-20s %3d (budget %d)", "total", total, surfaceBudget)
	t.Log("exported identifiers per public package:\n" + b.String())
	if total > surfaceBudget {
		t.Errorf("the public packages export %d identifiers, over the budget of %d:\n%s\n"+
			"unexport or move to internal/ what users do not need, or raise surfaceBudget on purpose",
			total, surfaceBudget, b.String())
	}
}

func TestSurfaceCountsNamesAndMethodsOfExportedTypes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		t.Helper()
		path := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(src), 0o644))
	}
	write("go.mod", "module example.com/m\n")
	write("p/p.go", `package p

type T[K any] struct{ Field int }
type hidden struct{}
type I interface{ M() }

func New() *T[int]                { return nil }
func (t *T[K]) Get() K             { var k K; return k }
func (t T[K]) unexported()         {}
func (hidden) Exported()           {}
func helper()                      {}

const A, b = 1, 2
var (
	V = 1
	w = 2
)
`)
	write("p/p_test.go", "package p\n\nfunc TestX() {}\n")
	write("p/internal/q/q.go", "package q\n\nfunc Q() {}\n")
	write("cmd/c/main.go", "package main\n\nfunc Main() {}\n")
	write("examples/e/e.go", "package e\n\nfunc E() {}\n")
	surface, err := Surface(dir)
	require.NoError(t, err)
	assert.Equal(t, map[string][]string{"p": {"A", "I", "New", "T", "T.Get", "V"}}, surface)
}
