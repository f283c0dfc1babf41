package faultproxy

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/history"
)

func TestScheduleDrawsFromTheSeed(t *testing.T) {
	ps := []*Proxy{newProxy(t, "127.0.0.1:1"), newProxy(t, "127.0.0.1:2"), newProxy(t, "127.0.0.1:3")}
	draw := func(seed int64) []string {
		s, err := newSchedule(ScheduleConfig{Seed: seed, Interval: time.Second}, ps...)
		require.NoError(t, err)
		var out []string
		for range 40 {
			f, targets := s.next()
			require.NoError(t, f.validate())
			out = append(out, Event{Fault: f, Targets: targetsOf(targets)}.Text())
			gap := s.uniform(200*time.Millisecond, time.Second)
			assert.GreaterOrEqual(t, gap, 200*time.Millisecond)
			assert.LessOrEqual(t, gap, time.Second)
		}
		return out
	}
	a, b, other := draw(9), draw(9), draw(10)
	assert.Equal(t, a, b)
	assert.NotEqual(t, a, other)
	joined := ""
	for _, s := range a {
		joined += s + "\n"
	}
	for _, want := range []string{"latency +200ms ±100ms", "blackhole", "reset every connection", "refuse new connections", "down",
		"at 127.0.0.1:1, 127.0.0.1:2, 127.0.0.1:3\n", "at 127.0.0.1:2\n"} {
		assert.Contains(t, joined, want, "40 draws cover every kind and both target choices")
	}
}

// events collects a schedule's events.
type events struct {
	mu  sync.Mutex
	evs []Event
}

func (e *events) add(ev Event) { e.mu.Lock(); e.evs = append(e.evs, ev); e.mu.Unlock() }

func (e *events) list() []Event {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]Event(nil), e.evs...)
}

// assertPaired checks that every applied fault was healed, in order.
func assertPaired(t *testing.T, evs []Event, applied int) {
	t.Helper()
	require.Len(t, evs, 2*applied, "each applied fault is reported applied and healed")
	for i := 0; i < len(evs); i += 2 {
		on, off := evs[i], evs[i+1]
		assert.Equal(t, i/2+1, on.ID)
		assert.Equal(t, on.ID, off.ID)
		assert.False(t, on.Healed)
		assert.True(t, off.Healed)
		assert.Equal(t, on.Text(), off.Text())
		assert.False(t, off.Time.Before(on.Time))
	}
}

func TestScheduleRunsFaultsUntilStopped(t *testing.T) {
	e := startEcho(t)
	before := numGoroutines()
	p := newProxy(t, e.addr())
	var got events
	s, err := newSchedule(ScheduleConfig{Seed: 2, Interval: 20 * time.Millisecond, OnEvent: got.add}, p)
	require.NoError(t, err)
	s.start(context.Background())
	s.start(context.Background()) // a second start does nothing
	eventually(t, func() bool { return len(got.list()) >= 8 }, "four faults applied and healed")
	s.Stop()
	s.Stop()
	evs := got.list()
	assertPaired(t, evs, s.appliedCount())
	time.Sleep(60 * time.Millisecond)
	assert.Len(t, got.list(), len(evs), "nothing happens after Stop")
	dial(t, p.Addr()).roundTrip(t, "healed after Stop")
	require.NoError(t, p.Close())
	settledGoroutines(t, before)
}

func TestScheduleEndsWithItsContext(t *testing.T) {
	e := startEcho(t)
	p := newProxy(t, e.addr())
	var got events
	s, err := newSchedule(ScheduleConfig{Seed: 5, Interval: 10 * time.Millisecond, Kinds: []Kind{Blackhole}, OnEvent: got.add}, p)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	s.start(ctx)
	eventually(t, func() bool { return len(got.list()) >= 1 }, "a blackhole applied")
	cancel()
	eventually(t, func() bool { evs := got.list(); return evs[len(evs)-1].Healed }, "healed when the context ended")
	s.Stop()
	assertPaired(t, got.list(), s.appliedCount())
	dial(t, p.Addr()).roundTrip(t, "healed")
}

func TestStopWithoutStartHeals(t *testing.T) {
	e := startEcho(t)
	p := newProxy(t, e.addr())
	require.NoError(t, p.Apply(Fault{Kind: Blackhole}))
	s, err := newSchedule(ScheduleConfig{}, p)
	require.NoError(t, err)
	s.Stop()
	s.start(context.Background())
	s.Stop()
	assert.Zero(t, s.appliedCount(), "a start after Stop does nothing")
	dial(t, p.Addr()).roundTrip(t, "healed")
}

func TestScheduleConfigErrors(t *testing.T) {
	p := newProxy(t, "127.0.0.1:1")
	_, err := newSchedule(ScheduleConfig{})
	assert.ErrorContains(t, err, "at least one proxy")
	_, err = newSchedule(ScheduleConfig{Interval: -time.Second}, p)
	assert.ErrorContains(t, err, "Interval")
	_, err = newSchedule(ScheduleConfig{Kinds: []Kind{"flood"}}, p)
	assert.ErrorContains(t, err, `Kinds: faultproxy: Kind "flood"`)
	_, err = newSchedule(ScheduleConfig{Kinds: []Kind{}}, p)
	assert.ErrorContains(t, err, "Kinds is empty")
}

func TestRecorderGetsFaultSpans(t *testing.T) {
	now := int64(100)
	rec := history.NewRecorder(history.WithClock(func() int64 { return now }))
	on := Event{ID: 1, Fault: Fault{Kind: Blackhole, Direction: Downstream}, Targets: []string{"127.0.0.1:6379"}}
	off := on
	off.Healed = true
	note := annotator(rec)
	note(on)
	now = 250
	note(off)
	now = 300
	reset := Event{ID: 2, Fault: Fault{Kind: Reset}, Targets: []string{"127.0.0.1:6379"}}
	note(reset)
	reset.Healed = true
	note(reset)
	assert.Equal(t, []history.Annotation{
		{Kind: history.AnnotationFault, Text: "blackhole server→client (replies held) at 127.0.0.1:6379", Start: 100, End: 250},
		{Kind: history.AnnotationFault, Text: "reset every connection at 127.0.0.1:6379", Start: 300, End: 300},
	}, rec.History().Annotations)
}

func TestStartScheduleRecordsOnItsRecorder(t *testing.T) {
	e := startEcho(t)
	p := newProxy(t, e.addr())
	rec := history.NewRecorder()
	var got events
	s, err := StartSchedule(context.Background(), ScheduleConfig{Seed: 3, Interval: 10 * time.Millisecond, Recorder: rec, OnEvent: got.add}, p)
	require.NoError(t, err)
	eventually(t, func() bool { return len(got.list()) >= 4 }, "two faults applied and healed")
	s.Stop()
	evs := got.list()
	var healed []string
	for _, ev := range evs {
		if ev.Healed {
			healed = append(healed, ev.Text())
		}
	}
	var noted []string
	for _, a := range rec.History().Annotations {
		assert.Equal(t, history.AnnotationFault, a.Kind)
		noted = append(noted, a.Text)
	}
	assert.Equal(t, healed, noted, "one annotation per healed fault, in order")
	_, err = StartSchedule(context.Background(), ScheduleConfig{})
	assert.ErrorContains(t, err, "at least one proxy")
}
