package postgres

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBenchScriptRunsTheAdapterSQL: scripts/bench-postgres.sh gives pgbench
// the adapter's own schema, Get and Put (its variables :key, :value and
// :ttl standing for $1, $2 and $3), so the comparison stays fair when the
// SQL changes.
func TestBenchScriptRunsTheAdapterSQL(t *testing.T) {
	raw, err := os.ReadFile("../../scripts/bench-postgres.sh")
	require.NoError(t, err)
	heredocs := map[string]string{}
	for _, m := range regexp.MustCompile(`(?s)cat >"\$tmp/(\w+)\.sql" <<'SQL'\n(.*?)\nSQL\n`).FindAllStringSubmatch(string(raw), -1) {
		heredocs[m[1]] = m[2]
	}
	require.Len(t, heredocs, 3, "schema.sql, get.sql and put.sql heredocs")
	s := newStatements("kvchaos_bench")
	params := strings.NewReplacer(":key", "$1", ":value", "$2", ":ttl::", "$3::")
	statement := func(name string) string {
		lines := strings.Split(heredocs[name], "\n")
		if strings.HasPrefix(lines[0], `\set `) {
			lines = lines[1:]
		}
		return strings.TrimSuffix(params.Replace(strings.Join(lines, "\n")), ";")
	}
	assert.Equal(t, s.schema, heredocs["schema"])
	assert.Equal(t, s.get, statement("get"))
	assert.Equal(t, s.put, statement("put"))
}
