package faultproxy_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"time"

	"github.com/kvchaos/kvchaos/faultproxy"
	"github.com/kvchaos/kvchaos/history"
)

// Example puts a proxy between a client and an echo server, blackholes
// it, and heals it: the request sent during the blackhole is answered
// after the heal.
func Example() {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	defer ln.Close()
	go func() { // an echo server
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		line, _ := bufio.NewReader(c).ReadString('\n')
		_, _ = c.Write([]byte(line))
	}()

	p, err := faultproxy.New(ln.Addr().String(), faultproxy.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer p.Close()
	blackhole := faultproxy.Fault{Kind: faultproxy.Blackhole}
	_ = p.Apply(blackhole)
	c, _ := net.Dial("tcp", p.Addr())
	defer c.Close()
	_, _ = c.Write([]byte("hello\n"))
	fmt.Println(blackhole)
	p.Heal()
	reply, _ := bufio.NewReader(c).ReadString('\n')
	fmt.Printf("after the heal: %q\n", reply)
	// Output:
	// blackhole both ways
	// after the heal: "hello\n"
}

// ExampleStartSchedule runs a seeded random fault schedule against a proxy,
// records each fault on a history.Recorder (so a report shades it next to
// the operations), and prints the first fault it applied.
func ExampleStartSchedule() {
	p, err := faultproxy.New("127.0.0.1:6379", faultproxy.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer p.Close()
	rec := history.NewRecorder()
	first := make(chan faultproxy.Event, 1)
	s, err := faultproxy.StartSchedule(context.Background(), faultproxy.ScheduleConfig{
		Seed: 1, Interval: 10 * time.Millisecond, Recorder: rec,
		OnEvent: func(ev faultproxy.Event) {
			select {
			case first <- ev:
			default:
			}
		},
	}, p)
	if err != nil {
		fmt.Println(err)
		return
	}
	ev := <-first
	s.Stop() // heals every proxy
	fmt.Println(ev.ID, ev.Text())
	fmt.Println(rec.History().Annotations[0].Text)
	// Output:
	// 1 down (connections reset, new ones refused) at 127.0.0.1:6379
	// down (connections reset, new ones refused) at 127.0.0.1:6379
}
