package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/model"
)

// checkFlags are the checker options shared by run and check.
type checkFlags struct {
	expect    string
	model     string
	timeout   time.Duration
	failedCAS string
	initial   string
	// initialSet: --initial was given (an empty value is a value).
	initialSet bool
}

func (c *checkFlags) register(cmd *cobra.Command, withModel bool) {
	fl := cmd.Flags()
	fl.StringVar(&c.expect, "expect", string(checker.ExpectLinearizable),
		"guarantee the store is held to: linearizable, sessions, read-your-writes or eventual")
	fl.DurationVar(&c.timeout, "timeout", 10*time.Second, "linearizability search timeout (an exhausted search is reported as unknown)")
	if withModel {
		fl.StringVar(&c.model, "model", string(model.KindKV), "linearizability model: register, cas-register or kv")
		fl.StringVar(&c.failedCAS, "failed-cas", "mismatch",
			"how a failed cas is read: mismatch (the compare did not match, decided per op from :conflict and :error; see docs/checks.md) or no-op (no effect, says nothing, as Knossos)")
		fl.StringVar(&c.initial, "initial", "", "the value every key holds before the history (default: absent), e.g. 0 for Knossos's (cas-register 0)")
	}
}

// options validates the flags into checker options, naming a bad flag.
func (c *checkFlags) options() (checker.Options, error) {
	o := checker.Options{Expect: checker.Expect(c.expect), Model: model.Kind(c.model), Timeout: c.timeout, FailedCASNoOp: c.failedCAS == "no-op"}
	if c.initialSet {
		o.Initial = &c.initial
	}
	switch c.failedCAS {
	case "", "mismatch", "no-op":
	default:
		return o, fmt.Errorf("--failed-cas: unknown reading %q (want mismatch or no-op)", c.failedCAS)
	}
	switch o.Expect {
	case checker.ExpectLinearizable, checker.ExpectSessions, checker.ExpectReadYourWrites, checker.ExpectEventual:
	default:
		return o, fmt.Errorf("--expect: unknown guarantee %q (want linearizable, sessions, read-your-writes or eventual)", c.expect)
	}
	if o.Model == "" {
		o.Model = model.KindKV
	}
	if _, err := o.Model.Porcupine(); err != nil {
		return o, fmt.Errorf("--model: %w", err)
	}
	if c.timeout <= 0 {
		return o, fmt.Errorf("--timeout: must be positive, got %s", c.timeout)
	}
	return o, nil
}
