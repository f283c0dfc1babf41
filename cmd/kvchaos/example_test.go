package main

import (
	"io"
	"os"
)

// kvchaos demo without a name lists the teaching scenarios.
func Example() {
	code := execute([]string{"demo"}, os.Stdout, io.Discard)
	if code != exitValid {
		panic(code)
	}
	// Output:
	// demos (run one with: kvchaos demo NAME; each runs the pitfall and its fix):
	//   aba                compare-and-set on the value, not the version: a stack pop succeeds after the stack changed and came back
	//   cached-not-found   an edge cache remembers that a key did not exist, even after it is created
	//   clock-skew-lww     last-writer-wins on a skewed clock keeps the older write and silently drops the newer
	//   edge-counter       no CAS on an edge store (Cloudflare-like): a counter key loses visits; a key per writer summed by a listing does not
	//   list-lag           a key just written is missing from a listing for up to 60 s, even in the region that wrote it
	//   lost-update        the visit counter: Store[int].Update (get, then put) loses visits; UpdateAtomic does not
	//   monotonic-reads    a user whose requests land in different regions sees a value go back in time
	//   quorum-staleness   how stale are quorum reads? t-visibility for R=1,W=1 against R=2,W=2 (N=3)
	//   read-your-writes   a Dynamo-style store with R=1, W=1 lets a client miss its own write; R+W>N does not
	//   signup-race        check-then-put uniqueness: two users both check a name is free, both take it, one account is lost
	//   stale-read         an edge cache (Cloudflare-like) serves an old price for up to 60 s after it changed
	//   write-skew         two doctors each check the other is on call, then both go off call: an invariant over two keys breaks
}
