package etcd

import (
	"errors"
	"strings"

	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/kvchaos/kvchaos/internal/adapterkit"
	"github.com/kvchaos/kvchaos/kv"
)

// wrap classifies an etcd client error. Timeouts, lost connections and
// leaderless moments are kv.ErrUnavailable (the outcome is unknown); a
// request over the size limit is kv.ErrValueTooLarge; any other error the
// server sent keeps only the native error.
func wrap(op, key string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, rpctypes.ErrRequestTooLarge) || errors.Is(err, rpctypes.ErrGRPCRequestTooLarge) || tooLarge(err) {
		return adapterkit.Wrap(storeName, op, key, kv.ErrValueTooLarge, err)
	}
	if adapterkit.IsTransport(err) || unavailable(err) {
		return adapterkit.Wrap(storeName, op, key, kv.ErrUnavailable, err)
	}
	return adapterkit.Wrap(storeName, op, key, nil, err)
}

// tooLarge reports the client's own refusal to send an oversized message.
func tooLarge(err error) bool {
	s, ok := status.FromError(err)
	return ok && s.Code() == codes.ResourceExhausted && strings.Contains(s.Message(), "larger than max")
}

func unavailable(err error) bool {
	for _, e := range []error{rpctypes.ErrNoLeader, rpctypes.ErrLeaderChanged, rpctypes.ErrTimeout,
		rpctypes.ErrTimeoutDueToLeaderFail, rpctypes.ErrTimeoutDueToConnectionLost, rpctypes.ErrNotCapable,
		rpctypes.ErrStopped, rpctypes.ErrTooManyRequests, rpctypes.ErrUnhealthy} {
		if errors.Is(err, e) {
			return true
		}
	}
	if s, ok := status.FromError(err); ok {
		switch s.Code() {
		case codes.Unavailable, codes.DeadlineExceeded, codes.Canceled, codes.Aborted, codes.ResourceExhausted:
			return true
		}
	}
	return false
}
