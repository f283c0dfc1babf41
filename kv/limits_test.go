package kv_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/kv"
)

func TestLimitsValidate(t *testing.T) {
	require.NoError(t, kv.DefaultLimits().Validate())
	cases := map[string]func(*kv.Limits){
		"MaxKeyBytes":    func(l *kv.Limits) { l.MaxKeyBytes = 0 },
		"MaxValueBytes":  func(l *kv.Limits) { l.MaxValueBytes = -1 },
		"MinTTL":         func(l *kv.Limits) { l.MinTTL = -1 },
		"MaxTTL":         func(l *kv.Limits) { l.MaxTTL = l.MinTTL - 1 },
		"MaxPageSize":    func(l *kv.Limits) { l.MaxPageSize = 0 },
		"MaxPrefixBytes": func(l *kv.Limits) { l.MaxPrefixBytes = -5 },
	}
	for field, mutate := range cases {
		l := kv.DefaultLimits()
		mutate(&l)
		err := l.Validate()
		require.ErrorIs(t, err, kv.ErrInvalidArgument, field)
		assert.Contains(t, err.Error(), "Limits."+field)
	}
}
