package sim_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/history"
)

func TestConvergenceAfterHealAndQuiescence(t *testing.T) {
	for _, p := range presets(t) {
		t.Run(p.Name(), func(t *testing.T) {
			for seed := range uint64(3) {
				chaos := chaosCluster(t, seed, p)
				keys := chaos.Keys()
				require.NotEmpty(t, keys)
				for _, k := range keys {
					reads := chaos.ReadAll(k)
					for _, r := range reads[1:] {
						assert.NoError(t, r.Err)
						assert.Equal(t, reads[0].Found, r.Found, "key %s region %s", k, r.Region)
						assert.Equal(t, string(reads[0].Value), string(r.Value), "key %s region %s", k, r.Region)
						assert.Equal(t, reads[0].Version, r.Version, "key %s region %s", k, r.Region)
					}
				}
				h := chaos.History()
				var quiescent int
				for _, a := range h.Annotations {
					if a.Kind == history.AnnotationQuiescent {
						quiescent++
					}
				}
				assert.Equal(t, 1, quiescent)
			}
		})
	}
}
