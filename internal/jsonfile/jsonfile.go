package jsonfile

import (
	"bytes"
	"encoding/json"
	"os"
)

// Write writes v to path as indented JSON without HTML escaping, in one
// write, so a reader never sees half a file written by a finished call.
func Write(path string, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}
