package propertytest

import (
	"context"
	"errors"
	"fmt"

	"github.com/kvchaos/kvchaos/kv"
)

// CountVisit is the seed's visit counter: get, +1, put. Not atomic.
func CountVisit(ctx context.Context, b kv.Backend, page string) (int, error) {
	return kv.NewStore[int](b).Update(ctx, "visits:"+page, 0, func(n int) int { return n + 1 })
}

// CountVisitAtomic counts with compare-and-set (the store must have CAS).
func CountVisitAtomic(ctx context.Context, b kv.Backend, page string) (int, error) {
	return kv.NewStore[int](b).UpdateAtomic(ctx, "visits:"+page, 0, func(n int) int { return n + 1 })
}

// Account is what a signup stores under the user's name.
type Account struct {
	Owner string `json:"owner"`
}

// ErrNameTaken is returned by a signup whose name is taken.
var ErrNameTaken = errors.New("name taken")

// Signup is the naive handler: check that the name is free, then store.
func Signup(ctx context.Context, b kv.Backend, name, owner string) error {
	users := kv.NewStore[Account](b)
	taken, err := users.Exists(ctx, "user:"+name)
	if err != nil {
		return err
	}
	if taken {
		return ErrNameTaken
	}
	return users.Put(ctx, "user:"+name, Account{Owner: owner})
}

// SignupAtomic creates the account only if the name is absent, in one
// step (create-if-absent: PutIf with no version).
func SignupAtomic(ctx context.Context, b kv.Backend, name, owner string) error {
	_, err := kv.NewStore[Account](b).PutIf(ctx, "user:"+name, Account{Owner: owner}, "")
	if errors.Is(err, kv.ErrConflict) {
		return ErrNameTaken
	}
	if err != nil {
		return fmt.Errorf("signup %q: %w", name, err)
	}
	return nil
}
