package docsnippets

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// snippet is one fenced Go block of a document.
type snippet struct {
	doc  string // file name, e.g. getting-started.md
	line int    // line of the opening fence
	code string
}

// knownImports maps the package names snippets use to their import paths.
var knownImports = map[string]string{
	"context": "context", "errors": "errors", "fmt": "fmt", "log": "log", "time": "time",
	"testing": "testing", "strings": "strings", "os": "os",
	"kv": "github.com/kvchaos/kvchaos/kv", "kvtest": "github.com/kvchaos/kvchaos/kvtest",
	"sim": "github.com/kvchaos/kvchaos/sim", "checker": "github.com/kvchaos/kvchaos/checker",
	"history": "github.com/kvchaos/kvchaos/history", "recipes": "github.com/kvchaos/kvchaos/recipes",
	"backends": "github.com/kvchaos/kvchaos/backends", "report": "github.com/kvchaos/kvchaos/internal/report",
	"swarm": "github.com/kvchaos/kvchaos/swarm", "workload": "github.com/kvchaos/kvchaos/workload",
	"model": "github.com/kvchaos/kvchaos/model", "emulator": "github.com/kvchaos/kvchaos/emulator",
	"edge":  "github.com/kvchaos/kvchaos/edge",
	"rapid": "pgregory.net/rapid",
}

var (
	fenceRE  = regexp.MustCompile("^```go( sketch)?\\s*$")
	importRE = regexp.MustCompile(`(?m)^import\s+(_\s+)?("[^"]+")\s*$`)
	declRE   = regexp.MustCompile(`(?m)^(func|type|var) `)
)

// extract returns the compiled and the sketch snippets of a markdown file.
func extract(t *testing.T, path string) (code, sketches []snippet) {
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	lines := strings.Split(string(data), "\n")
	for i := 0; i < len(lines); i++ {
		m := fenceRE.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		start := i
		var body []string
		for i++; i < len(lines) && !strings.HasPrefix(lines[i], "```"); i++ {
			body = append(body, lines[i])
		}
		s := snippet{doc: filepath.Base(path), line: start + 1, code: strings.Join(body, "\n") + "\n"}
		if m[1] != "" {
			sketches = append(sketches, s)
		} else {
			code = append(code, s)
		}
	}
	return code, sketches
}

// imports returns the import block for code: its own import lines plus
// the known packages it names.
func imports(code string, own []string, always ...string) string {
	set := slices.Clone(own)
	for _, name := range always {
		set = append(set, fmt.Sprintf("%q", knownImports[name]))
	}
	for name, path := range knownImports {
		if regexp.MustCompile(`\b` + name + `\.`).MatchString(code) {
			set = append(set, fmt.Sprintf("%q", path))
		}
	}
	slices.Sort(set)
	set = slices.Compact(set)
	return "import (\n\t" + strings.Join(set, "\n\t") + "\n)\n"
}

// hoistImports removes a snippet's import lines and returns them.
func hoistImports(code string) (string, []string) {
	var own []string
	for _, m := range importRE.FindAllStringSubmatch(code, -1) {
		own = append(own, strings.TrimSpace(m[1]+m[2]))
	}
	return importRE.ReplaceAllString(code, ""), own
}

// splitOutput separates a trailing "// Output:" comment from the code.
func splitOutput(code string) (body, output string) {
	i := strings.Index(code, "// Output:")
	if i < 0 {
		return code, ""
	}
	return code[:i], code[i:]
}

// TestEveryGoSnippetInTheDocsCompiles writes each document's snippets as
// one package under a temporary directory of this module and runs go test
// on all of them: every snippet must compile, and those with an output
// comment run as Examples and must print it.
func TestEveryGoSnippetInTheDocsCompiles(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	docs, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	require.NoError(t, err)
	docs = append(docs, filepath.Join(root, "README.md"))

	gen, err := os.MkdirTemp(".", "_snippets-") // "_": never part of ./...
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(gen) })

	var pkgs []string
	compiled, examples, sketched := 0, 0, 0
	for _, doc := range docs {
		code, sketches := extract(t, doc)
		sketched += len(sketches)
		if len(code) == 0 {
			continue
		}
		base := strings.NewReplacer("-", "", ".md", "").Replace(strings.ToLower(filepath.Base(doc)))
		for i, s := range code {
			name := base // a document's snippets share a package...
			if strings.HasPrefix(strings.TrimSpace(s.code), "package ") {
				name = fmt.Sprintf("%sfile%02d", base, i) // ...except whole files
			}
			dir := filepath.Join(gen, name)
			require.NoError(t, os.MkdirAll(dir, 0o755))
			src := snippetFile(name, i, s)
			require.NoError(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("s%02d_test.go", i)), []byte(src), 0o644))
			compiled++
			if strings.Contains(s.code, "// Output:") {
				examples++
			}
			if pkg := "./" + filepath.ToSlash(dir); !slices.Contains(pkgs, pkg) {
				pkgs = append(pkgs, pkg)
			}
		}
	}
	t.Logf("%d snippets compiled (%d run as examples), %d sketches not compiled", compiled, examples, sketched)
	require.Greater(t, compiled, 10)
	require.Greater(t, examples, 2)

	args := append([]string{"test", "-count=1", "-run", "^Example"}, pkgs...)
	cmd := exec.Command("go", args...)
	out, err := cmd.CombinedOutput()
	assert.NoError(t, err, "the docs' Go snippets (the file names say which: sNN is the NN-th snippet of the document):\n%s", out)
}

// snippetFile renders snippet i of a document as a test file of package
// name.
func snippetFile(name string, i int, s snippet) string {
	code, own := hoistImports(s.code)
	header := fmt.Sprintf("// %s:%d\n", s.doc, s.line)
	switch {
	case strings.HasPrefix(strings.TrimSpace(code), "package main"):
		// a whole program: its main becomes an Example, so its output is checked
		code = strings.Replace(strings.TrimSpace(code), "package main", "package "+name, 1)
		code = strings.Replace(code, "func main() {", fmt.Sprintf("func Example_s%02d() {", i), 1)
		return header + code + "\n"
	case declRE.MatchString(code):
		return header + "package " + name + "\n\n" + imports(code, own) + "\n" + code
	}
	body, output := splitOutput(code)
	fn := fmt.Sprintf("func snippet%02d(ctx context.Context, backend kv.Backend, t *testing.T) error {\n{\n%s}\nreturn nil\n}\n", i, body)
	if output != "" {
		fn += fmt.Sprintf("\nfunc Example_s%02d() {\n\tif err := snippet%02d(context.Background(), kv.NewMemory(), nil); err != nil {\n\t\tpanic(err)\n\t}\n\t%s}\n", i, i, output)
	}
	src := fn + "\n"
	return header + "package " + name + "\n\n" + imports(src, own, "context", "kv", "testing") + "\n" + src
}
