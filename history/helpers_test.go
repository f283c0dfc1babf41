package history

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sampleHistory has one op of every kind and status, in call order, with
// the edge cases the formats must carry: zero-length ops, an op never
// completed, empty and absent values, annotations.
func sampleHistory() History {
	return History{
		Ops: []Op{
			{ID: 0, Client: 0, Region: "eu", Func: FuncPut, Key: "a", Input: Input{Value: "1", TTLMillis: 60000},
				Output: Output{Version: "v1"}, Outcome: OutcomeOK, Call: 10, Return: 20},
			{ID: 1, Client: 1, Region: "us", Func: FuncGet, Key: "a", Output: Output{Found: true, Value: "1", Version: "v1"},
				Outcome: OutcomeOK, Call: 20, Return: 20},
			{ID: 2, Client: 1, Region: "us", Func: FuncGet, Key: "b", Outcome: OutcomeOK, Call: 20, Return: 25},
			{ID: 3, Client: 2, Func: FuncCAS, Key: "a", Input: Input{Value: "2", Expected: "v1"},
				Output: Output{Version: "v2"}, Outcome: OutcomeOK, Call: 30, Return: 40},
			{ID: 4, Client: 0, Func: FuncCAS, Key: "a", Input: Input{Value: "3", ExpectedValue: "1", HasExpectedValue: true},
				Output: Output{Conflict: true}, Outcome: OutcomeFail, Call: 31, Return: 41, Error: "kv: version conflict"},
			{ID: 5, Client: 3, Func: FuncList, Input: Input{Prefix: "a", Cursor: "c1", Limit: 10},
				Output: Output{Keys: []string{"a", "ab"}, Cursor: "c2"}, Outcome: OutcomeOK, Call: 50, Return: 60},
			{ID: 6, Client: 4, Func: FuncDelete, Key: "b", Outcome: OutcomeUnknown, Call: 55, Return: 70, Error: "timeout"},
			{ID: 7, Client: 5, Func: FuncUpdate, Key: "c", Input: Input{Value: ""}, Output: Output{Found: true, Value: "x \"q\"\n"},
				Outcome: OutcomeOK, Call: 56, Return: 80},
			{ID: 8, Client: 6, Func: FuncAppend, Key: "d", Input: Input{Value: "é"}, Outcome: OutcomeUnknown, Call: 90, Return: ReturnNever},
		},
		Annotations: []Annotation{
			{Kind: AnnotationFault, Regions: []string{"eu", "us"}, Text: "partition [eu] | [us]", Start: 15, End: 65},
			{Kind: AnnotationQuiescent, Text: "quiet", Start: 85, End: 85},
		},
	}
}

// killedChildHistory reruns the test named test in a child process with
// env set to a fresh file path; the child records into that file and
// SIGKILLs itself. It returns the path, after checking the child died of
// the signal.
func killedChildHistory(t *testing.T, test, env string) string {
	path := filepath.Join(t.TempDir(), "run.jsonl")
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$")
	cmd.Env = append(os.Environ(), env+"="+path)
	err := cmd.Run()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit)
	assert.Equal(t, "signal: killed", exit.Error())
	return path
}
