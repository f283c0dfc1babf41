// Package docsnippets holds the test that compiles every Go snippet of the
// documentation (docs/*.md and README.md) and runs those that show their
// output (a "// Output:" comment), so the docs cannot drift from the API.
//
// A snippet fenced as "```go" is compiled: a whole file ("package main"
// with its imports) as it is; declarations (func, type, var) together with
// the other declaration snippets of the same document, as one package;
// statements inside a function of (ctx context.Context, backend
// kv.Backend, t *testing.T) error, so they may use ctx, backend and t and
// return an error. Imports of the packages a snippet names are added. A
// snippet with a "// Output:" comment runs as an Example. A snippet fenced
// "```go sketch" (placeholders such as myadapter.New(...)) is not
// compiled; the test lists how many there are.
package docsnippets
