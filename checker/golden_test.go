package checker

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/model"
)

var update = flag.Bool("update", false, "rewrite checker/testdata/golden from the current output")

// goldenCase is a hand-written history of testdata/histories with the
// options it is checked under and the verdict it must get.
type goldenCase struct {
	file    string
	opts    Options
	verdict Verdict // "" = reading the file must fail
}

func goldenCases() map[string]goldenCase {
	zero, one := "0", "1"
	return map[string]goldenCase{
		"empty":                  {file: "empty.jsonl", verdict: Unknown},
		"header-only":            {file: "header-only.jsonl", verdict: Unknown},
		"garbage-line":           {file: "garbage-line.jsonl"},
		"torn-last-line":         {file: "torn-last-line.jsonl", verdict: Valid},
		"all-failed":             {file: "all-failed.jsonl", verdict: Unknown},
		"txn":                    {file: "txn.edn", verdict: Unknown},
		"register-model-cas":     {file: "register-model-cas.edn", opts: Options{Model: model.KindRegister}, verdict: Unknown},
		"lost-increment-get-put": {file: "lost-increment-get-put.jsonl", opts: Options{Expect: ExpectEventual}, verdict: Invalid},
		"lost-update-atomic":     {file: "lost-update-atomic.edn", opts: Options{Initial: &one}, verdict: Invalid},
		"stale-read":             {file: "stale-read.edn", verdict: Invalid},
		"stale-read-eventual":    {file: "stale-read-eventual.edn", opts: Options{Expect: ExpectEventual}, verdict: Valid},
		"read-your-writes":       {file: "read-your-writes.edn", opts: Options{Expect: ExpectReadYourWrites}, verdict: Invalid},
		"failed-cas-mismatch":    {file: "failed-cas-mismatch.edn", opts: Options{Model: model.KindCASRegister}, verdict: Invalid},
		"failed-cas-no-op":       {file: "failed-cas-no-op.edn", opts: Options{Model: model.KindCASRegister, FailedCASNoOp: true}, verdict: Valid},
		"conflict-false":         {file: "conflict-false.edn", opts: Options{Model: model.KindCASRegister}, verdict: Valid},
		"maelstrom-11":           {file: "maelstrom-11.edn", opts: Options{Model: model.KindCASRegister}, verdict: Valid},
		"maelstrom-22":           {file: "maelstrom-22.edn", opts: Options{Model: model.KindCASRegister}, verdict: Invalid},
		"initial-zero":           {file: "initial-zero.edn", opts: Options{Model: model.KindCASRegister, Initial: &zero}, verdict: Valid},
		"initial-absent":         {file: "initial-absent.edn", opts: Options{Model: model.KindCASRegister}, verdict: Invalid},
	}
}

// TestGoldenHistories checks each hand-written history and compares the
// text summary with testdata/golden/NAME.txt (go test -run Golden
// -update rewrites them).
func TestGoldenHistories(t *testing.T) {
	for name, c := range goldenCases() {
		t.Run(name, func(t *testing.T) {
			h, err := readGolden(filepath.Join("testdata/histories", c.file))
			var got string
			if c.verdict == "" {
				require.Error(t, err)
				got = "read error: " + err.Error() + "\n"
			} else {
				require.NoError(t, err)
				c.opts.Timeout = time.Minute
				rep := Check(h, c.opts)
				assert.Equal(t, c.verdict, rep.Verdict, rep.Text())
				got = rep.Text()
			}
			golden := filepath.Join("testdata/golden", name+".txt")
			if *update {
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test -run Golden -update to write it")
			assert.Equal(t, string(want), got)
		})
	}
}

func readGolden(path string) (history.History, error) {
	f, err := os.Open(path)
	if err != nil {
		return history.History{}, err
	}
	defer f.Close()
	if strings.HasSuffix(path, ".edn") {
		return history.ReadEDN(f)
	}
	h, _, err := history.ReadJSONL(f)
	return h, err
}
