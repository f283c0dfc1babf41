package history

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/kv"
)

func TestConflictFlagFromTheError(t *testing.T) {
	var stream bytes.Buffer
	rec := NewRecorder(WithClock(tick()), WithStream(&stream))
	ctx := context.Background()
	b := Record(kv.NewMemory(), rec, 1, "")
	cas := b.(kv.CAS)
	_, err := cas.PutIf(ctx, "k", []byte("v"), "no-such-version", kv.PutOptions{})
	require.ErrorIs(t, err, kv.ErrConflict)
	rec.Begin(1, "", FuncCAS, "k\x00", Input{Value: "v"}).End(Output{}, OutcomeFail, fmt.Errorf("bad key: %w", kv.ErrInvalidKey))
	rec.Begin(2, "", FuncCAS, "k", Input{Value: "w"}).End(Output{}, OutcomeUnknown, fmt.Errorf("lost reply after %w", kv.ErrConflict))

	h := rec.History()
	require.Len(t, h.Ops, 3)
	assert.True(t, h.Ops[0].Output.Conflict, "the compare did not match")
	assert.Equal(t, OutcomeFail, h.Ops[1].Outcome)
	assert.False(t, h.Ops[1].Output.Conflict, "an invalid key says nothing about the state")
	assert.False(t, h.Ops[2].Output.Conflict, "only a failed op is a conflict")

	assert.Contains(t, stream.String(), `"out":{"conflict":true}`)
	read, warns, err := ReadJSONL(&stream)
	require.NoError(t, err)
	assert.Empty(t, warns)
	assert.Equal(t, h.Ops, read.Ops, "the stream carries the flag")
}

func TestEDNConflictConvention(t *testing.T) {
	in := `{:process 0, :type :invoke, :f :cas, :value [1 2], :time 1}
{:process 0, :type :fail, :f :cas, :value [1 2], :time 2}
{:process 0, :type :invoke, :f :cas, :value [1 2], :time 3}
{:process 0, :type :fail, :f :cas, :value [1 2], :time 4, :error "invalid key", :conflict false}
{:process 0, :type :invoke, :f :write, :value 3, :time 5}
{:process 0, :type :fail, :f :write, :value 3, :time 6}
{:process 0, :type :invoke, :f :write, :value 3, :time 7}
{:process 0, :type :fail, :f :write, :value 3, :time 8, :conflict true}
{:process 0, :type :invoke, :f :cas, :value [1 2], :time 9}
{:process 0, :type :info, :f :cas, :value [1 2], :time 10}
`
	h, err := ReadEDN(strings.NewReader(in))
	require.NoError(t, err)
	var got []bool
	for _, op := range h.Ops {
		got = append(got, op.Output.Conflict)
	}
	assert.Equal(t, []bool{true, false, false, true, false}, got,
		"a :fail :cas is a mismatch unless it says otherwise; :info never is")

	var out bytes.Buffer
	require.NoError(t, WriteEDN(&out, h))
	assert.Equal(t, 2, strings.Count(out.String(), ":conflict"), "written only where the convention errs:\n%s", out.String())
	back, err := ReadEDN(&out)
	require.NoError(t, err)
	assert.Equal(t, h.Ops, back.Ops)
}

func TestEDNConflictMustBeABoolean(t *testing.T) {
	in := `{:process 0, :type :invoke, :f :cas, :value [1 2], :time 1}
{:process 0, :type :fail, :f :cas, :value [1 2], :time 2, :conflict "yes"}
`
	_, err := ReadEDN(strings.NewReader(in))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "line 2")
	assert.Contains(t, err.Error(), ":conflict")
}
