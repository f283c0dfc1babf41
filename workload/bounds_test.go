package workload

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestValidateRejectsUnboundedOptions: each hostile value fails up front,
// naming its flag, instead of failing at the end (NaN cannot be written to
// run.json) or running away (1e-300 ops/s ran unthrottled).
func TestValidateRejectsUnboundedOptions(t *testing.T) {
	base := Options{Workload: "register", Clients: 4, Keys: 3, Ops: 100}
	for name, tc := range map[string]struct {
		mut  func(*Options)
		want string
	}{
		"rate NaN":        {func(o *Options) { o.Rate = math.NaN() }, "--rate: must be a number"},
		"rate +Inf":       {func(o *Options) { o.Rate = math.Inf(1) }, "--rate: must be a number"},
		"rate -Inf":       {func(o *Options) { o.Rate = math.Inf(-1) }, "--rate: must be a number"},
		"rate 1e-300":     {func(o *Options) { o.Rate = 1e-300 }, "--rate: 1e-300 is outside"},
		"rate 1e300":      {func(o *Options) { o.Rate = 1e300 }, "--rate: 1e+300 is outside"},
		"keys 1e9":        {func(o *Options) { o.Keys = 1_000_000_000 }, "--keys: 1000000000 is more than 100000"},
		"clients 100000":  {func(o *Options) { o.Clients = 100_000 }, "--clients: 100000 is more than 1000"},
		"ops 10000000000": {func(o *Options) { o.Ops = 10_000_000_000 }, "--ops: 10000000000 is more than"},
	} {
		o := base
		tc.mut(&o)
		err := o.validate()
		require.Error(t, err, name)
		assert.Contains(t, err.Error(), tc.want, name)
	}
}

func TestValidateForceLiftsUpperBoundsOnly(t *testing.T) {
	o := Options{Workload: "register", Clients: 100_000, Keys: 1_000_000_000, Ops: 100, Force: true}
	require.NoError(t, o.validate())
	o.Rate = math.NaN()
	require.Error(t, o.validate(), "--force never admits NaN")
	o.Rate = 0.001
	require.NoError(t, o.validate())
}
