package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	os.Exit(execute(os.Args[1:], os.Stdout, os.Stderr))
}

// execute runs the command line args and returns the process exit code.
// SIGINT and SIGTERM cancel the command's context: run stops its clients
// gracefully and still checks what was recorded.
func execute(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root := newRoot(stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	return exitCode(err, stderr)
}

// Exit codes.
const (
	exitValid     = 0
	exitAnomalies = 1
	exitError     = 2
)

// errAnomalies is returned by a command whose checks found anomalies; the
// summary has already been printed.
var errAnomalies = errors.New("anomalies found")

// exitCode maps a command's error to the exit code and prints it.
func exitCode(err error, stderr io.Writer) int {
	switch {
	case err == nil:
		return exitValid
	case errors.Is(err, errAnomalies):
		return exitAnomalies
	default:
		fmt.Fprintln(stderr, "kvchaos:", err)
		return exitError
	}
}
