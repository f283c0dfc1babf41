package checker

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A finding quotes the values it is about; a multi-megabyte value is cut,
// and the text says so, instead of printing the value whole.
func TestFindingsDoNotQuoteLongValuesWhole(t *testing.T) {
	big1, big2 := strings.Repeat("a", 1<<20), strings.Repeat("b", 1<<20)
	var b hb
	b.update(0, "k", "", big1, 0, 10)
	b.update(1, "k", "", big2, 1, 11)
	b.get(2, "", "k", big2, 20, 21)
	_, res := run(b.h, LostUpdates, ExpectLinearizable)
	require.NotEmpty(t, res.Anomalies)
	for _, a := range res.Anomalies {
		assert.LessOrEqual(t, len(a.Text), maxFindingText+100)
		assert.Contains(t, a.Text, "finding cut at")
	}
	clipped := clipFinding(strings.Repeat("€", 2000)) // 3-byte runes: 4096 falls inside one
	assert.True(t, utf8.ValidString(clipped), "cut at a rune boundary")
	assert.True(t, strings.HasPrefix(clipped, strings.Repeat("€", 1365)+"… (finding cut at 4095 of its 6000 bytes"), clipped[4000:])
}
