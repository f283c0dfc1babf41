package history

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// fuzzLimits keeps fuzzed inputs' lines small, so that the line limit is
// exercised too.
var fuzzLimits = ReadOptions{MaxLineBytes: 4 << 10}

func FuzzReadJSONL(f *testing.F) {
	var buf bytes.Buffer
	require.NoError(f, WriteJSONL(&buf, sampleHistory()))
	valid := map[string]bool{ // seeds that must read without an error
		buf.String(): true,
		`{"type":"op","id":0,"f":"put","in":{"value_b64":"/w=="},"call":1,"status":"ok","return":2}`:                                                             true,
		`{"type":"op","id":0,"f":"put","key":"<img src=x onerror=alert(1)>","in":{"value":"\u202e<script>alert(1)</script>"},"call":1,"status":"ok","return":2}`: true,
	}
	for s := range valid {
		f.Add([]byte(s))
	}
	f.Add(buf.Bytes()[:buf.Len()/2])
	f.Add([]byte(`{"type":"invoke","id":0,"f":"get","call":1}` + "\n" + `{"type":"complete","id":0,"status":"ok","return":0}`))
	f.Add([]byte("{\n}\n\x00"))
	f.Add([]byte(`{"type":"op","id":0,"f":"put","in":{"value":"` + strings.Repeat("v", 5000) + `"},"call":1,"status":"ok","return":2}` + "\n{}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, _, err := ReadJSONL(bytes.NewReader(data), fuzzLimits)
		if err != nil {
			require.False(t, valid[string(data)], "a valid seed failed to read: %v", err)
			require.Less(t, len(err.Error()), 1000, "an error echoes its input")
			return
		}
		// Whatever reads cleanly writes and reads back the same.
		var out bytes.Buffer
		require.NoError(t, WriteJSONL(&out, h))
		again, warnings, err := ReadJSONL(&out)
		require.NoError(t, err)
		require.Empty(t, warnings)
		require.Equal(t, len(h.Ops), len(again.Ops))
		require.Equal(t, len(h.Annotations), len(again.Annotations))
	})
}

func FuzzReadEDN(f *testing.F) {
	var buf bytes.Buffer
	require.NoError(f, WriteEDN(&buf, sampleHistory()))
	f.Add(buf.Bytes())
	for _, name := range []string{"kv/c01-ok.txt"} {
		data, err := os.ReadFile(filepath.Join(porcupineData, name))
		require.NoError(f, err)
		f.Add(data[:min(len(data), 2000)])
	}
	valid := map[string]bool{ // seeds that must read without an error
		buf.String(): true,
		`[#jepsen.history.Op{:process 0, :type :invoke, :f :cas, :value [1 [2 3]]}]`:                true,
		`{:process 0 :type :invoke :f :read :value \a :key #inst "2020-01-01T00:00:00Z"}`:           true,
		`{:process 0 :type :invoke :f :write :key "<b onmouseover=alert(1)>" :value "\u202e</td>"}`: true,
		string(nestedEDN(maxEDNDepth - 2)):                                                          true,
		`{:process :nemesis, :type :info, :f :start, :value #{1 2} :time 3} ; c`:                    true,
	}
	for s := range valid {
		f.Add([]byte(s))
	}
	f.Add([]byte(`{{} 1} #_ [ "\" ]`))
	f.Add(nestedEDN(maxEDNDepth + 1))
	f.Add([]byte("{:process 0, :type :invoke, :f :write, :value " + strings.Repeat("#a ", 2000) + "1}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, err := ReadEDN(bytes.NewReader(data), fuzzLimits)
		if err != nil {
			require.False(t, valid[string(data)], "a valid seed failed to read: %v", err)
			require.Less(t, len(err.Error()), 1000, "an error echoes its input")
			return
		}
		var out bytes.Buffer
		if err := WriteEDN(&out, h); err != nil {
			return // e.g. times that go backwards across processes
		}
		again, err := ReadEDN(&out)
		require.NoError(t, err, out.String())
		require.Equal(t, len(h.Ops), len(again.Ops))
	})
}
