package history

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// Whatever the fast decoder accepts, encoding/json decodes the same.
func FuzzFastLineMatchesJSON(f *testing.F) {
	var buf bytes.Buffer
	require.NoError(f, WriteJSONL(&buf, sampleHistory()))
	for _, line := range bytes.Split(buf.Bytes(), []byte("\n")) {
		f.Add(line)
	}
	for _, s := range []string{
		`{"type":"op","id":3,"client":-2,"region":"é","f":"cas","key":"k","in":{"value":"v","expected_value":"a","has_expected_value":true,"ttl_ms":60000},"out":{"found":false,"conflict":true},"status":"fail","call":1,"return":2,"error":"x"}`,
		`{"type":"op","id":4,"f":"cas","key":"k","out":{"no_conflict":true},"status":"fail","call":1,"return":2}`,
		`{"type":"op","id":01,"f":"get","call":1}`,
		`{"type":"op","id":1e3,"f":"get","call":1}`,
		`{"Type":"op","id":1,"f":"get","call":1}`,
		`{"type":"op","id":1,"f":"get","call":1,"in":{},"in":{"value":"a"}}`,
		`{"type":"op","id":1,"f":"get","call":99999999999999999999}`,
		`{"type":"op","id":1,"f":"get","key":"a\u0041","call":1}`,
		`{"type":"op","id":1,"f":"get","key":"` + "\xff" + `","call":1}`,
		`{"type":"op","id":1,"f":"get","call":1} x`,
		`{"type":"op","id":1,"f":"get","call":1,}`,
		` { "type" : "op" , "id" : 1 , "out" : { "found" : true , "value" : "" } } `,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		var fast jsonlLine
		d := fastLine{b: line, names: &nameTable{}, nums: &fastNums{}}
		if !d.decode(&fast) {
			return
		}
		var want jsonlLine
		require.NoError(t, json.Unmarshal(line, &want), "the fast decoder accepted %q", line)
		require.Equal(t, want, fast, "%q", line)
	})
}
