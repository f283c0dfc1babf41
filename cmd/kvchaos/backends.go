package main

// The stores kvchaos can open by URL: each package registers its scheme.
import (
	_ "github.com/kvchaos/kvchaos/backends/mem"
	_ "github.com/kvchaos/kvchaos/backends/sim"
)
