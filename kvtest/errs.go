package kvtest

import (
	"errors"

	"github.com/kvchaos/kvchaos/kv"
)

// isNotFound reports whether err says the key is absent.
func isNotFound(err error) bool { return errors.Is(err, kv.ErrNotFound) }

// isConflict reports whether err is a CAS conflict.
func isConflict(err error) bool { return errors.Is(err, kv.ErrConflict) }
