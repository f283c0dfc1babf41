package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"
)

func main() {
	var c config
	flag.IntVar(&c.workers, "workers", 50, "concurrent visitors")
	flag.IntVar(&c.visits, "visits", 20, "visits per visitor")
	flag.DurationVar(&c.latency, "latency", 100*time.Microsecond, "simulated round trip per backend call (0 for none)")
	flag.Parse()
	if err := run(context.Background(), os.Stdout, c); err != nil {
		fmt.Fprintln(os.Stderr, "visitcounter:", err)
		os.Exit(2)
	}
}
