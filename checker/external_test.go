package checker

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/history"
)

// porcupineDir is porcupine's module, with its test data and tests.
var porcupineDir = filepath.Join(os.Getenv("HOME"), "go/pkg/mod/github.com/anishathalye/porcupine@v1.3.1")

// porcupineVerdicts reads the verdict porcupine's own tests assert for each
// file, e.g. checkJepsen(t, 2, true) or checkKv(t, "c10-bad", false, true).
func porcupineVerdicts(t *testing.T, pattern string) map[string]bool {
	src, err := os.ReadFile(filepath.Join(porcupineDir, "porcupine_test.go"))
	require.NoError(t, err)
	out := map[string]bool{}
	for _, m := range regexp.MustCompile(pattern).FindAllStringSubmatch(string(src), -1) {
		out[m[1]] = m[2] == "true"
	}
	require.NotEmpty(t, out)
	return out
}

func readEDNFile(t testing.TB, path string, convert bool) history.History {
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	if convert {
		var buf bytes.Buffer
		require.NoError(t, history.ConvertJepsenLog(bytes.NewReader(raw), &buf))
		raw = buf.Bytes()
	}
	h, err := history.ReadEDN(bytes.NewReader(raw))
	require.NoError(t, err, path)
	return h
}

func TestPorcupineEtcdVerdicts(t *testing.T) {
	want := porcupineVerdicts(t, `checkJepsen\(t, (\d+), (true|false)\)`)
	require.Len(t, want, 102)
	for num, ok := range want {
		n, _ := strconv.Atoi(num)
		name := fmt.Sprintf("etcd_%03d", n)
		t.Run(name, func(t *testing.T) {
			h := readEDNFile(t, filepath.Join(porcupineDir, "test_data/jepsen", name+".log"), true)
			rep := Check(h, Options{Model: "cas-register", Timeout: time.Minute})
			lin, found := rep.Result(Linearizable)
			require.True(t, found)
			if ok {
				assert.Equal(t, StatusOK, lin.Status, lin.Explanation)
				assert.Equal(t, Valid, rep.Verdict, rep.Text())
			} else {
				assert.Equal(t, StatusViolated, lin.Status, lin.Explanation)
				assert.Equal(t, Invalid, rep.Verdict)
				assert.Equal(t, []string{""}, lin.Linearizability.IllegalKeys)
			}
		})
	}
}

func TestPorcupineKVVerdicts(t *testing.T) {
	want := porcupineVerdicts(t, `checkKv\(t, "(c\d+-\w+)", (true|false), true\)`)
	require.Len(t, want, 6)
	for name, ok := range want {
		t.Run(name, func(t *testing.T) {
			h := readEDNFile(t, filepath.Join(porcupineDir, "test_data/kv", name+".txt"), false)
			rep := Check(h, Options{Timeout: time.Minute})
			lin, _ := rep.Result(Linearizable)
			if ok {
				assert.Equal(t, StatusOK, lin.Status, lin.Explanation)
				assert.Equal(t, Valid, rep.Verdict, rep.Text())
			} else {
				assert.Equal(t, StatusViolated, lin.Status, lin.Explanation)
				assert.Equal(t, Invalid, rep.Verdict)
				assert.NotEmpty(t, lin.Linearizability.IllegalKeys)
				assert.Contains(t, string(lin.Linearizability.Visualization), "<html")
			}
		})
	}
}
