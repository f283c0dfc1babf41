package jsonfile

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestWriteIndentsAndKeepsMarkup(t *testing.T) {
	path := filepath.Join(t.TempDir(), "run.json")
	require.NoError(t, Write(path, map[string]string{"key": "<a&b>"}))
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, "{\n  \"key\": \"<a&b>\"\n}\n", string(got))
	require.Error(t, Write(path, func() {}), "a value JSON cannot hold is an error")
}
