package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/kv"
	"github.com/kvchaos/kvchaos/sim"
)

func init() {
	addDemo(demo{name: "write-skew",
		summary: "two doctors each check the other is on call, then both go off call: an invariant over two keys breaks",
		story: `Alice and Bob are on call; at least one must stay. Each, feeling unwell,
checks that the other is on call and, if so, goes off call. The store is
linearizable: every single read and write is atomic.`,
		broken: variant{`a key per doctor ("oncall/alice", "oncall/bob"): read both, write your own`, func(d *demoCtx) (demoRun, error) {
			return onCall(d, false)
		}},
		fixed: variant{`the rota in one key ("oncall"), changed with UpdateAtomic (compare-and-set)`, func(d *demoCtx) (demoRun, error) {
			return onCall(d, true)
		}},
		why: `What went wrong: each doctor's decision rested on a read of the other's key,
and neither write touched the key the other read, so no per-key check can
see a conflict: write skew. Keep the keys an invariant spans in one value
changed by compare-and-set, or use a store with multi-key transactions (D1,
a database, a Durable Object that owns both).`,
		lesson: "an invariant over two keys needs one atomic unit: put both in one key with CAS, or use a transaction",
	})
	addDemo(demo{name: "aba",
		summary: "compare-and-set on the value, not the version: a stack pop succeeds after the stack changed and came back",
		story: `A stack of jobs kept as linked keys: "head" names the top node, "node/<id>"
names the next one; the stack is n1 → n2 → n3. Worker A starts to pop: it
reads head (n1) and n1's next (n2), then pauses for a second. Meanwhile B
pops n1, pops n2, and pushes n1 back (now n1 → n3).`,
		broken: variant{`A's compare-and-set compares the value: "is head still n1?"`, func(d *demoCtx) (demoRun, error) {
			return abaStack(d, false)
		}},
		fixed: variant{"A's compare-and-set compares the version it read (PutIf), and retries", func(d *demoCtx) (demoRun, error) {
			return abaStack(d, true)
		}},
		why: `What went wrong: head went n1 → n2 → n3 → n1. A saw n1 again and concluded
nothing had changed, so it set head to the n2 it had read before: n2, which
B had already popped, is back, and n3 is skipped. The version of the key
changes on every write, even one that writes an old value back.`,
		lesson: "compare versions, not values: a value can change and come back (ABA); a version never repeats",
	})
	addDemo(demo{name: "signup-race",
		summary: "check-then-put uniqueness: two users both check a name is free, both take it, one account is lost",
		story: `Two people sign up with the name "alice" at the same moment, one in
eu-west, one in ap-south (the store's central node is in us-east). The
handler checks that the name is free, then stores the account.`,
		broken: variant{`Exists("user/alice") then Put, on an edge store (edgecache preset, no CAS)`, func(d *demoCtx) (demoRun, error) {
			return signup(d, false)
		}},
		fixed: variant{"create-if-absent (PutIf with no version) on a store that has it (linearizable preset: a Durable Object, D1, a database)", func(d *demoCtx) (demoRun, error) {
			return signup(d, true)
		}},
		why: `What went wrong: both checks ran before either write, so both saw the name
free, both were welcomed, and the later write silently replaced the first
account. No sequence of gets and puts on a store without compare-and-set
can close that window: uniqueness needs one place that decides (create-if-
absent, a unique index, a Durable Object per name). docs/recipes.md.`,
		lesson: "uniqueness cannot be checked then written: create-if-absent in one atomic step, outside KV if it has no CAS",
	})
}

// onCall runs the two doctors.
func onCall(d *demoCtx, oneKey bool) (demoRun, error) {
	c, err := d.cluster(sim.Linearizable())
	if err != nil {
		return demoRun{}, err
	}
	type rota = map[string]bool
	doctor := func(me, other string) func(ctx context.Context, a *act) {
		return func(ctx context.Context, a *act) {
			a.at(ctx, time.Second)
			if oneKey {
				_, _ = kv.NewStore[rota](a.b).UpdateAtomic(ctx, "oncall", rota{}, func(r rota) rota {
					if r[other] {
						r[me] = false
					}
					return r
				})
				return
			}
			_, _, _ = a.Get(ctx, "oncall/"+me)
			if v, _, _ := a.Get(ctx, "oncall/"+other); v == "on" {
				_ = a.Put(ctx, "oncall/"+me, "off")
			}
		}
	}
	keys := []string{"oncall/alice", "oncall/bob"}
	if oneKey {
		keys = []string{"oncall"}
	}
	h, names, err := play(c, []actor{
		{"rota", "us-east", func(ctx context.Context, a *act) {
			if oneKey {
				_ = kv.NewStore[rota](a.b).Put(ctx, "oncall", rota{"alice": true, "bob": true})
				return
			}
			_ = a.Put(ctx, "oncall/alice", "on")
			_ = a.Put(ctx, "oncall/bob", "on")
		}},
		{"alice", "eu-west", doctor("alice", "bob")},
		{"bob", "ap-south", doctor("bob", "alice")},
	}, keys...)
	if err != nil {
		return demoRun{}, err
	}
	var onDuty []string
	if oneKey {
		var r rota
		_ = json.Unmarshal([]byte(lastRead(h, "oncall")), &r)
		for _, n := range []string{"alice", "bob"} {
			if r[n] {
				onDuty = append(onDuty, n)
			}
		}
	} else {
		for _, n := range []string{"alice", "bob"} {
			if lastRead(h, "oncall/"+n) == "on" {
				onDuty = append(onDuty, n)
			}
		}
	}
	var marked []int
	if len(onDuty) == 0 {
		for _, n := range []string{"alice", "bob"} {
			marked = append(marked, opsOf(h, clientOf(names, n), history.FuncPut, "oncall/"+n)...)
		}
	}
	return demoRun{h: h, names: names, struck: len(onDuty) == 0, marked: marked,
		says: fmt.Sprintf("on call afterwards: %v", onDuty)}, nil
}

// abaStack runs the two workers on the linked stack.
func abaStack(d *demoCtx, versioned bool) (demoRun, error) {
	c, err := d.cluster(sim.Linearizable())
	if err != nil {
		return demoRun{}, err
	}
	h, names, err := play(c, []actor{
		{"setup", "us-east", func(ctx context.Context, a *act) {
			_ = a.Put(ctx, "node/n1", "n2")
			_ = a.Put(ctx, "node/n2", "n3")
			_ = a.Put(ctx, "node/n3", "-")
			_ = a.Put(ctx, "head", "n1")
		}},
		{"A", "us-east", func(ctx context.Context, a *act) {
			a.at(ctx, time.Second)
			head, ver, _ := a.item(ctx, "head")
			next, _, _ := a.item(ctx, "node/"+head)
			a.sleep(ctx, time.Second) // a pause: GC, a slow call
			if !versioned {
				if cur, curVer, _ := a.item(ctx, "head"); cur == head {
					_, _ = a.putIf(ctx, "head", next, curVer)
				}
				return
			}
			if ok, _ := a.putIf(ctx, "head", next, ver); !ok {
				pop(ctx, a)
			}
		}},
		{"B", "us-east", func(ctx context.Context, a *act) {
			a.at(ctx, 1200*time.Millisecond)
			pop(ctx, a)
			pop(ctx, a)
			_ = a.Put(ctx, "node/n1", "n3")
			for {
				head, ver, _ := a.item(ctx, "head")
				if ok, err := a.putIf(ctx, "head", "n1", ver); ok || err != nil || head == "" {
					return
				}
			}
		}},
	}, "head")
	if err != nil {
		return demoRun{}, err
	}
	top := lastRead(h, "head")
	var marked []int
	if top == "n2" {
		marked = opsOf(h, clientOf(names, "A"), history.FuncCAS, "head")
	}
	return demoRun{h: h, names: names, struck: top == "n2", marked: marked,
		says: fmt.Sprintf("head is now %s (A popped n1; the stack should be n3)", top)}, nil
}

// pop removes the top of the stack with a versioned compare-and-set,
// retrying on conflict.
func pop(ctx context.Context, a *act) {
	for range 10 {
		head, ver, ok := a.item(ctx, "head")
		if !ok {
			return
		}
		next, _, _ := a.item(ctx, "node/"+head)
		if done, err := a.putIf(ctx, "head", next, ver); done || err != nil {
			return
		}
	}
}

// signup runs the two signups of "alice".
func signup(d *demoCtx, createIfAbsent bool) (demoRun, error) {
	p := sim.Preset(sim.EdgeCache())
	if createIfAbsent {
		p = sim.Linearizable()
	}
	c, err := d.cluster(p)
	if err != nil {
		return demoRun{}, err
	}
	welcomed := map[string]bool{}
	person := func(who string) func(ctx context.Context, a *act) {
		return func(ctx context.Context, a *act) {
			a.at(ctx, time.Second)
			if createIfAbsent {
				if ok, _ := a.putIf(ctx, "user/alice", who, ""); ok {
					welcomed[who] = true
				}
				return
			}
			if taken, err := a.Exists(ctx, "user/alice"); err == nil && !taken {
				if a.Put(ctx, "user/alice", who) == nil {
					welcomed[who] = true
				}
			}
		}
	}
	h, names, err := play(c, []actor{
		{"signup-eu", "eu-west", person("account from eu-west")},
		{"signup-ap", "ap-south", person("account from ap-south")},
	}, "user/alice")
	if err != nil {
		return demoRun{}, err
	}
	owner := lastRead(h, "user/alice")
	var lost []string
	var marked []int
	for _, op := range h.Ops {
		if (op.Func == history.FuncPut || op.Func == history.FuncCAS) && op.Outcome == history.OutcomeOK && op.Input.Value != owner {
			lost = append(lost, op.Input.Value)
			marked = append(marked, op.ID)
		}
	}
	return demoRun{h: h, names: names, struck: len(lost) > 0, marked: marked,
		says: fmt.Sprintf("%d signup(s) welcomed; the name belongs to the %s; acknowledged and lost: %v", len(welcomed), owner, lost)}, nil
}
