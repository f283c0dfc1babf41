package kvtest

import "testing"

func runConcurrent(t *testing.T, h Harness) {}
