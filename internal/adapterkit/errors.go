package adapterkit

import (
	"context"
	"errors"
	"fmt"
	"net"
	"syscall"

	"github.com/kvchaos/kvchaos/kv"
)

// Error is an adapter error: a kv sentinel (Kind) plus the native client
// error that caused it (Err, possibly nil). errors.Is matches the sentinel
// and errors.As reaches the native error.
type Error struct {
	// Store names the adapter ("redis", "etcd", ...).
	Store string
	// Op is the Backend method ("get", "put", "putif", "delete", "list").
	Op string
	// Key is the key operated on, or the prefix of a list.
	Key string
	// Kind is the kv sentinel error (kv.ErrNotFound, kv.ErrUnavailable, ...);
	// nil when the store refused the call for a reason kv has no name for,
	// or when Err is a kv error that carries the sentinel itself.
	Kind error
	// Err is the native error; nil when the adapter itself decided.
	Err error
}

// Error formats the store, op, key, sentinel and native error.
func (e *Error) Error() string {
	s := fmt.Sprintf("%s %s %q", e.Store, e.Op, e.Key)
	for _, err := range e.Unwrap() {
		s += ": " + err.Error()
	}
	return s
}

// Unwrap returns the sentinel and the native error, for errors.Is/As.
func (e *Error) Unwrap() []error {
	errs := make([]error, 0, 2)
	for _, err := range []error{e.Kind, e.Err} {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// Wrap returns an *Error of the given kind around native.
func Wrap(store, op, key string, kind, native error) error {
	return &Error{Store: store, Op: op, Key: key, Kind: kind, Err: native}
}

// IsTransport reports whether err is a context deadline/cancellation or a
// network failure: the call's outcome is unknown, so adapters wrap such
// errors as kv.ErrUnavailable.
func IsTransport(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	var oe *net.OpError
	if errors.As(err, &oe) {
		return true
	}
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, net.ErrClosed)
}

// Classify wraps native as kv.ErrUnavailable when it is a transport error
// and as fallback otherwise. It returns nil for a nil error.
func Classify(store, op, key string, native, fallback error) error {
	if native == nil {
		return nil
	}
	if IsTransport(native) {
		return Wrap(store, op, key, kv.ErrUnavailable, native)
	}
	return Wrap(store, op, key, fallback, native)
}
