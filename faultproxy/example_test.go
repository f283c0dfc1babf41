package faultproxy_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"time"

	"github.com/kvchaos/kvchaos/faultproxy"
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

// ExampleNewSchedule runs a seeded random fault schedule against a proxy
// and prints the first fault it applied; Annotator would record each one
// on a history.Recorder instead.
func ExampleNewSchedule() {
	p, err := faultproxy.New("127.0.0.1:6379", faultproxy.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer p.Close()
	first := make(chan faultproxy.Event, 1)
	s, err := faultproxy.NewSchedule(faultproxy.ScheduleConfig{
		Seed: 1, Interval: 10 * time.Millisecond,
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
	s.Start(context.Background())
	ev := <-first
	s.Stop() // heals every proxy
	fmt.Println(ev.ID, ev.Text())
	// Output:
	// 1 down (connections reset, new ones refused) at 127.0.0.1:6379
}
