package sim

import (
	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/internal/simstore"
)

func init() { backends.Register("sim", simstore.Open) }
