package propertytest

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/kvtest"
	"github.com/kvchaos/kvchaos/sim"
)

// naive reports whether this run tests the naive handlers (the child
// process of TestNaiveHandlersFailReadably).
var naive = os.Getenv("KVCHAOS_EXAMPLE_NAIVE") == "1"

// TestVisitCounter: however the visits of 1..3 visitors interleave, every
// visit counts.
func TestVisitCounter(t *testing.T) {
	count := CountVisitAtomic
	if naive {
		count = CountVisit
	}
	kvtest.Simulate(t, sim.Config{}, func(s *kvtest.Sim) {
		visitors := rapid.IntRange(1, 3).Draw(s.T, "visitors")
		for range visitors {
			s.Go(func(ctx context.Context, b kv.Backend) error {
				_, err := count(ctx, b, "home")
				return err
			})
		}
		s.Run()
		s.AssertNo(checker.KindLostUpdate)
		n, err := kv.NewStore[int](s.Region("")).GetOr(context.Background(), "visits:home", 0)
		if err != nil {
			s.T.Fatal(err)
		}
		if n != visitors {
			s.T.Fatalf("%d visits counted as %d", visitors, n)
		}
	})
}

// TestSignupRace: when two people sign up with the same name, at most one
// is welcomed, and the account stored is the welcomed one's.
func TestSignupRace(t *testing.T) {
	signup := SignupAtomic
	if naive {
		signup = Signup
	}
	kvtest.Simulate(t, sim.Config{}, func(s *kvtest.Sim) {
		welcomed := map[string]bool{}
		for _, who := range []string{"ana", "bo"} {
			s.Go(func(ctx context.Context, b kv.Backend) error {
				err := signup(ctx, b, "alice", who)
				if err == nil {
					welcomed[who] = true
				}
				if errors.Is(err, ErrNameTaken) {
					return nil
				}
				return err
			}, kvtest.Named(who))
		}
		s.Run()
		acct, _, err := kv.NewStore[Account](s.Region("")).Get(context.Background(), "user:alice")
		if err != nil {
			s.T.Fatal(err)
		}
		if len(welcomed) != 1 || !welcomed[acct.Owner] {
			s.T.Fatalf("welcomed %d people for one name; the account belongs to %q", len(welcomed), acct.Owner)
		}
	})
}

// TestNaiveHandlersFailReadably runs the two properties above against the
// naive handlers in a child process, as a user would see them fail, and
// checks the failure reads like the bug: the property's message, named
// clients, values as JSON, no scheduler draws, a replay line.
func TestNaiveHandlersFailReadably(t *testing.T) {
	if naive {
		return // this is the child
	}
	for name, want := range map[string][]string{
		"TestVisitCounter": {
			`kvtest: property failed: the history shows 1 finding(s) of lost-update:`,
			`drawn: visitors = 2`,
			`order: `,
			`replay (in the package's directory): go test -run '^TestVisitCounter$' -rapid.seed=`,
		},
		"TestSignupRace": {
			`kvtest: property failed: welcomed 2 people for one name; the account belongs to "`,
			` ana `, ` bo `,
			`put "user:alice" ← {"owner":"`,
			`replay (in the package's directory): go test -run '^TestSignupRace$' -rapid.seed=`,
		},
	} {
		t.Run(name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^"+name+"$", "-rapid.seed=1", "-rapid.nofailfile")
			cmd.Env = append(os.Environ(), "KVCHAOS_EXAMPLE_NAIVE=1")
			out, err := cmd.CombinedOutput()
			require.Error(t, err, "the naive handler must fail its property:\n%s", out)
			text := string(out)
			t.Logf("what the user sees:\n%s", text)
			for _, w := range want {
				assert.Contains(t, text, w)
			}
			assert.NotRegexp(t, regexp.MustCompile(`draw (sched|rand|kvtest\.)`), text, "no scheduler draws")
			assert.NotContains(t, text, `\"`, "no escaped JSON")
		})
	}
}
