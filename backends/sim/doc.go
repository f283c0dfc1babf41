// Package sim registers the "sim://" store URL: a deterministic simulated
// multi-region store (package github.com/kvchaos/kvchaos/sim). Import it
// for its side effect:
//
//	import _ "github.com/kvchaos/kvchaos/backends/sim"
//
// Parameters (all optional):
//
//	preset=linearizable|edgecache|replicated|quorum   the store's behaviour (default linearizable)
//	regions=N or regions=a,b,c                        the regions (default 3: us-east, eu-west, ap-south)
//	seed=N                                            the schedule's seed (default 0)
//	speed=F                                           free-running clients only: virtual time follows
//	                                                  the wall clock times F (0 = it moves only in runs)
//	nemesis=on|off|DURATION                           a random fault schedule from the seed, until the
//	                                                  store is quiesced (default off; on = 250ms)
//
// plus the registry's prefix=. The opened store has a Scheduler: clients
// run one at a time on the simulator's virtual clock, deterministically.
// The simulator's own recording is off; the runner records every client's
// operations itself, and the Scheduler's RecordFaults method adds the
// simulator's fault annotations to the runner's recorder.
package sim
