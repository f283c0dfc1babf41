package history

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func FuzzReadJSONL(f *testing.F) {
	var buf bytes.Buffer
	require.NoError(f, WriteJSONL(&buf, sampleHistory()))
	f.Add(buf.Bytes())
	f.Add(buf.Bytes()[:buf.Len()/2])
	f.Add([]byte(`{"type":"invoke","id":0,"f":"get","call":1}` + "\n" + `{"type":"complete","id":0,"status":"ok","return":0}`))
	f.Add([]byte(`{"type":"op","id":0,"f":"put","in":{"value_b64":"/w=="},"call":1,"status":"ok","return":2}`))
	f.Add([]byte("{\n}\n\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, _, err := ReadJSONL(bytes.NewReader(data))
		if err != nil {
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
	f.Add([]byte(`[#jepsen.history.Op{:process 0, :type :invoke, :f :cas, :value [1 [2 3]]}]`))
	f.Add([]byte(`{:process :nemesis, :type :info, :f :start, :value #{1 2} :time 3} ; c`))
	f.Add([]byte(`{:process 0 :type :invoke :f :read :value \a :key #inst "2020-01-01"}`))
	f.Add([]byte(`{{} 1} #_ [ "\" ]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, err := ReadEDN(bytes.NewReader(data))
		if err != nil {
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
