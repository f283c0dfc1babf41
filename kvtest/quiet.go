package kvtest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"pgregory.net/rapid"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/internal/swarm"
)

// quietTB is the rapid.TB Simulate runs rapid with. It keeps rapid's
// draws of the schedule (dozens per case) out of the output, holds rapid's
// failure report and the minimal case's log until the search is over, and
// then fails the test once, with a message that reads like the bug (see
// Simulate).
type quietTB struct {
	rapid.TB

	mu       sync.Mutex
	failed   bool
	rapidMsg string   // rapid's failure report
	logs     []string // the minimal case's log: the property's draws and messages
}

// Logf keeps a log line, unless it is one of the simulator's draws.
func (q *quietTB) Logf(format string, args ...any) { q.log(fmt.Sprintf(format, args...)) }

// Log keeps a log line.
func (q *quietTB) Log(args ...any) { q.log(fmt.Sprint(args...)) }

func (q *quietTB) log(msg string) {
	if isSchedulerDraw(msg) {
		return
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	q.logs = append(q.logs, msg)
}

// Errorf records a failure; rapid's own report is kept for finish.
func (q *quietTB) Errorf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	q.mu.Lock()
	defer q.mu.Unlock()
	q.failed = true
	if q.rapidMsg == "" && strings.HasPrefix(msg, "[rapid] ") {
		q.rapidMsg = msg
		return
	}
	q.logs = append(q.logs, msg)
}

// Error records a failure.
func (q *quietTB) Error(args ...any) { q.Errorf("%s", fmt.Sprint(args...)) }

// Fatalf records a failure; finish stops the test.
func (q *quietTB) Fatalf(format string, args ...any) { q.Errorf(format, args...) }

// Fatal records a failure; finish stops the test.
func (q *quietTB) Fatal(args ...any) { q.Error(args...) }

// Fail records a failure.
func (q *quietTB) Fail() { q.mu.Lock(); q.failed = true; q.mu.Unlock() }

// FailNow records a failure; rapid calls it last, and finish stops the
// test after printing the report.
func (q *quietTB) FailNow() { q.Fail() }

// Failed reports whether the search failed.
func (q *quietTB) Failed() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.failed || q.TB.Failed()
}

// finish ends Simulate: on success it passes rapid's log on; on failure
// it fails the test with the report of the minimal case.
func (q *quietTB) finish(minimal *Sim) {
	q.TB.Helper()
	q.mu.Lock()
	failed, rapidMsg, logs := q.failed, q.rapidMsg, q.logs
	q.mu.Unlock()
	if !failed {
		for _, l := range logs {
			q.TB.Log(l)
		}
		return
	}
	q.TB.Fatal(failureReport(q.TB.Name(), rapidMsg, logs, minimal))
}

// schedLabel and randLabel label the simulator's draws.
const (
	schedLabel = "kvtest.schedule"
	randLabel  = "kvtest.random"
)

// isSchedulerDraw reports whether a rapid log line is a simulator draw.
func isSchedulerDraw(msg string) bool {
	return strings.HasPrefix(msg, "[rapid] draw "+schedLabel+":") || strings.HasPrefix(msg, "[rapid] draw "+randLabel+":")
}

var (
	seedRE     = regexp.MustCompile(`-rapid\.seed=(\d+)`)
	failfileRE = regexp.MustCompile(`-rapid\.failfile="([^"]+)"`)
	drawRE     = regexp.MustCompile(`^\[rapid\] draw (.*?): (.*)$`)
)

// failureReport is the message a failing Simulate ends with.
func failureReport(testName, rapidMsg string, logs []string, minimal *Sim) string {
	var b strings.Builder
	first, rest, _ := strings.Cut(rapidMsg, "\n")
	what := propertyMessage(rapidMsg)
	fmt.Fprintf(&b, "kvtest: property failed: %s\n", what)
	if strings.HasPrefix(first, "[rapid] panic") || strings.HasPrefix(first, "[rapid] flaky") {
		// a panic's traceback, or rapid's account of a flaky property
		fmt.Fprintf(&b, "%s\n", strings.TrimSuffix(strings.TrimSpace(rest), "Failed test output:"))
	}
	for _, l := range logs {
		if m := drawRE.FindStringSubmatch(l); m != nil {
			fmt.Fprintf(&b, "drawn: %s = %s\n", m[1], m[2])
		} else if !strings.HasPrefix(l, "[rapid] ") && l != what {
			fmt.Fprintf(&b, "log: %s\n", l)
		}
	}
	if minimal != nil {
		h := minimal.Cluster.History()
		names := minimal.ClientNames()
		fmt.Fprintf(&b, "interleaving of the minimal case (preset %s; clients named in the order of the Go calls):\n%s",
			minimal.Cluster.Preset(), interleaving(h, names))
		fmt.Fprintf(&b, "order: %s\n", order(h, names))
		fmt.Fprintf(&b, "clients: %s\n", clientLegend(h, names))
		for _, line := range explain(h, names, 3) {
			if !strings.Contains(what, line) { // AssertNo's message already has it
				fmt.Fprintf(&b, "checker: %s\n", line)
			}
		}
	}
	b.WriteString(replayLine(testName, rapidMsg))
	return b.String()
}

// clientLegend maps the names to the client ids a history file, a report
// ("c0 us-east") and checker.Check's own text use: "A = client 0 (us-east)".
func clientLegend(h history.History, names map[int]string) string {
	var parts []string
	seen := map[int]bool{}
	for _, op := range h.Ops {
		if !seen[op.Client] {
			seen[op.Client] = true
			parts = append(parts, fmt.Sprintf("%s = client %d (%s)", names[op.Client], op.Client, op.Region))
		}
	}
	return strings.Join(parts, ", ")
}

// propertyMessage is the property's own failure message inside rapid's
// report ("[rapid] failed after 3 tests: MSG\nTo reproduce...").
func propertyMessage(rapidMsg string) string {
	what, _, _ := strings.Cut(rapidMsg, "\nTo reproduce")
	if _, after, ok := strings.Cut(what, " tests: "); ok && strings.HasPrefix(what, "[rapid] ") {
		return after
	}
	return what
}

// explain returns up to n of the checker's findings on h, clients named.
func explain(h history.History, names map[int]string, n int) []string {
	var out []string
	for _, res := range checker.Check(h, checker.Options{}).Results {
		for _, a := range res.Anomalies {
			if len(out) < n {
				out = append(out, fmt.Sprintf("[%s] %s", a.Kind, nameClients(a.Text, names)))
			}
		}
	}
	return out
}

var (
	clientRE = regexp.MustCompile(`client (\d+)`)
	quotedRE = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)
)

// nameClients replaces the checker's "client N" by the client's name, and
// its quoted JSON values by the JSON itself.
func nameClients(text string, names map[int]string) string {
	text = quotedRE.ReplaceAllStringFunc(text, func(q string) string {
		if v, err := strconv.Unquote(q); err == nil && strings.ContainsAny(v, "{[") && json.Valid([]byte(v)) {
			return v
		}
		return q
	})
	return clientRE.ReplaceAllStringFunc(text, func(m string) string {
		var id int
		if _, err := fmt.Sscanf(m, "client %d", &id); err == nil {
			if n, ok := names[id]; ok {
				return "client " + n
			}
		}
		return m
	})
}

// replayLine is the go test command that reproduces the minimal case.
func replayLine(testName, rapidMsg string) string {
	run := swarm.RunPattern(testName)
	seed := seedRE.FindStringSubmatch(rapidMsg)
	file := failfileRE.FindStringSubmatch(rapidMsg)
	switch {
	case file != nil && seed != nil:
		return fmt.Sprintf("replay (in the package's directory): go test -run '%s' -rapid.seed=%s\n  (or, without the search: go test -run '%s' -rapid.failfile=%q)\n", run, seed[1], run, file[1])
	case seed != nil:
		return fmt.Sprintf("replay (in the package's directory): go test -run '%s' -rapid.seed=%s\n", run, seed[1])
	case file != nil:
		return fmt.Sprintf("replay (in the package's directory): go test -run '%s' -rapid.failfile=%q\n", run, file[1])
	}
	return fmt.Sprintf("replay: go test -run '%s' (rapid printed no seed)\n", run)
}
