package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/kvchaos/kvchaos/internal/swarm"
)

// The CI examples of docs/swarm.md are configuration files in the repo;
// these tests parse them and run their kvchaos command lines through the
// CLI's own flag parsing, so a renamed flag or a shard left out breaks
// the build rather than a user's CI.

// exampleCommand is a kvchaos command line found in an example, after the
// shell expansion of its shard index.
type exampleCommand struct {
	cmd  string // "swarm" or "swarm merge"
	runs int
	// shard and out are set for swarm; dirs for merge.
	shard swarm.Shard
	out   string
	dirs  []string
}

// parseExampleCommand finds the kvchaos invocation in a shell line (after
// "&&", before "||") and parses it with the real command tree.
func parseExampleCommand(t *testing.T, line string) exampleCommand {
	t.Helper()
	line = strings.Join(strings.Fields(line), " ")
	re := regexp.MustCompile(`(?:^|&& )\S*kvchaos (swarm [^|&]*)`)
	m := re.FindStringSubmatch(line)
	require.NotNil(t, m, "no kvchaos swarm command in %q", line)
	args := strings.Fields(m[1])
	root := newRoot(io.Discard, io.Discard)
	cmd, rest, err := root.Find(args)
	require.NoError(t, err, line)
	require.NoError(t, cmd.ParseFlags(rest), line)
	ec := exampleCommand{cmd: strings.TrimPrefix(cmd.CommandPath(), "kvchaos ")}
	ec.out = cmd.Flags().Lookup("out").Value.String()
	require.NotEmpty(t, ec.out, "--out is required: %q", line)
	switch ec.cmd {
	case "swarm":
		ec.runs, err = strconv.Atoi(cmd.Flags().Lookup("runs").Value.String())
		require.NoError(t, err)
		ec.shard, err = swarm.ParseShard(cmd.Flags().Lookup("shard").Value.String())
		require.NoError(t, err, line)
		_, err = swarm.New(swarm.Options{Runs: ec.runs, Shard: ec.shard, Out: ec.out})
		require.NoError(t, err, line)
	case "swarm merge":
		ec.dirs = cmd.Flags().Args()
	default:
		t.Fatalf("unexpected command %q in %q", ec.cmd, line)
	}
	return ec
}

// checkShardsAndMerge asserts that the shard commands are i/n for every i
// in 1..n exactly once, over one --runs, and that merge reads every
// shard's directory.
func checkShardsAndMerge(t *testing.T, shards []exampleCommand, merge exampleCommand) {
	t.Helper()
	require.NotEmpty(t, shards)
	n := len(shards)
	var seen []int
	var outs []string
	for _, s := range shards {
		assert.Equal(t, n, s.shard.Count, "every shard divides the seeds by the number of machines")
		assert.Equal(t, shards[0].runs, s.runs, "every shard covers the same --runs")
		seen = append(seen, s.shard.Index)
		outs = append(outs, s.out)
	}
	slices.Sort(seen)
	for i := range n {
		assert.Equal(t, i+1, seen[i], "shard %d/%d appears once", i+1, n)
	}
	assert.Equal(t, "swarm merge", merge.cmd)
	assert.ElementsMatch(t, outs, merge.dirs, "merge reads every shard's directory")
}

func readYAMLDocs(t *testing.T, path string) []map[string]any {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	dec := yaml.NewDecoder(f)
	var docs []map[string]any
	for {
		var d map[string]any
		err := dec.Decode(&d)
		if err == io.EOF {
			return docs
		}
		require.NoError(t, err, path)
		docs = append(docs, d)
	}
}

// at follows a path of map keys and list indexes through a YAML document.
func at(t *testing.T, v any, path ...any) any {
	t.Helper()
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			require.True(t, ok, "%v: not a map at %q", path, k)
			v, ok = m[k]
			require.True(t, ok, "%v: no key %q", path, k)
		case int:
			l, ok := v.([]any)
			require.True(t, ok && k < len(l), "%v: no item %d", path, k)
			v = l[k]
		}
	}
	return v
}

func examplePath(name string) string { return filepath.Join("..", "..", "docs", "examples", name) }

func TestSwarmGitHubActionsExample(t *testing.T) {
	t.Parallel()
	docs := readYAMLDocs(t, examplePath("swarm-github.yml"))
	require.Len(t, docs, 1)
	wf := docs[0]
	matrix := at(t, wf, "jobs", "swarm", "strategy", "matrix", "shard").([]any)
	assert.Equal(t, false, at(t, wf, "jobs", "swarm", "strategy", "fail-fast"), "one failing shard must not cancel the others")
	assert.Equal(t, "swarm", at(t, wf, "jobs", "merge", "needs"))

	runOf := func(job string) []string {
		var lines []string
		for _, st := range at(t, wf, "jobs", job, "steps").([]any) {
			if r, ok := st.(map[string]any)["run"].(string); ok && strings.Contains(r, "kvchaos swarm") {
				lines = append(lines, r)
			}
		}
		require.Len(t, lines, 1, "job %s runs kvchaos swarm once", job)
		return lines
	}
	swarmLine := runOf("swarm")[0]
	var shards []exampleCommand
	for _, v := range matrix {
		line := strings.ReplaceAll(swarmLine, "${{ matrix.shard }}", fmt.Sprint(v))
		shards = append(shards, parseExampleCommand(t, line))
	}
	checkShardsAndMerge(t, shards, parseExampleCommand(t, runOf("merge")[0]))
}

func TestSwarmKubernetesIndexedJobExample(t *testing.T) {
	t.Parallel()
	docs := readYAMLDocs(t, examplePath("swarm-k8s-job.yaml"))
	require.Len(t, docs, 2, "the swarm Job and the merge Job")
	job, mergeJob := docs[0], docs[1]
	for _, d := range docs {
		assert.Equal(t, "batch/v1", d["apiVersion"])
		assert.Equal(t, "Job", d["kind"])
	}
	assert.Equal(t, "Indexed", at(t, job, "spec", "completionMode"))
	completions := at(t, job, "spec", "completions").(int)
	require.Positive(t, completions)

	script := func(d map[string]any) string {
		c := at(t, d, "spec", "template", "spec", "containers", 0)
		assert.Equal(t, []any{"/bin/sh", "-c"}, at(t, c, "command"))
		return at(t, c, "args", 0).(string)
	}
	// Kubernetes sets JOB_COMPLETION_INDEX to 0..completions-1 in each pod.
	index := regexp.MustCompile(`\$\(\(JOB_COMPLETION_INDEX \+ 1\)\)`)
	line := script(job)
	require.Regexp(t, index, line, "the shard comes from the pod's completion index")
	var shards []exampleCommand
	for i := range completions {
		shards = append(shards, parseExampleCommand(t, index.ReplaceAllString(line, strconv.Itoa(i+1))))
	}
	checkShardsAndMerge(t, shards, parseExampleCommand(t, script(mergeJob)))
}
