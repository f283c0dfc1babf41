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
	// demos (run one with: kvchaos demo NAME):
	//   cached-not-found   an edge cache remembers that a key did not exist, even after it is created
	//   clock-skew-lww     last-writer-wins on a skewed clock keeps the older write and silently drops the newer
	//   lost-update        the visit counter: Store[int].Update (get, then put) loses visits; UpdateAtomic does not
	//   quorum-staleness   how stale are quorum reads? t-visibility for R=1,W=1 against R=2,W=2 (N=3)
	//   read-your-writes   a Dynamo-style store with R=1, W=1 lets a client miss its own write; R+W>N does not
	//   stale-read         an edge cache (Cloudflare-like) serves an old price for up to 60 s after it changed
}
