package testserver

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strconv"
	"time"
)

// NATS is a running nats-server with JetStream enabled.
type NATS struct {
	*Process
	// Addr is the client host:port on 127.0.0.1.
	Addr string

	cleanup func()
}

// URL returns the server's nats:// URL.
func (n *NATS) URL() string { return "nats://" + n.Addr }

// Close stops the server and removes its directory if it owns it.
func (n *NATS) Close() error {
	err := n.Stop()
	n.cleanup()
	return err
}

// StartNATS starts nats-server -js with its store in dir ("" makes a
// temporary one) and waits until the monitoring /healthz endpoint reports
// JetStream ready.
func StartNATS(dir string) (*NATS, error) {
	bin, err := findBinary("nats-server", "nats-server")
	if err != nil {
		return nil, err
	}
	ports, err := freePorts(2)
	if err != nil {
		return nil, err
	}
	dir, cleanup, err := workDir(dir, "kvchaos-nats-")
	if err != nil {
		return nil, err
	}
	name := "nats-" + strconv.Itoa(ports[0])
	p, err := startProcess(name, dir, nil, bin, "-js", "-a", "127.0.0.1", "-p", strconv.Itoa(ports[0]),
		"-m", strconv.Itoa(ports[1]), "-sd", filepath.Join(dir, name+".store"))
	if err != nil {
		cleanup()
		return nil, err
	}
	n := &NATS{Process: p, Addr: "127.0.0.1:" + strconv.Itoa(ports[0]), cleanup: cleanup}
	health := "http://127.0.0.1:" + strconv.Itoa(ports[1]) + "/healthz?js-enabled=true"
	ready := func() error {
		resp, err := httpClient.Get(health)
		if err != nil {
			return err
		}
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("healthz: HTTP %d", resp.StatusCode)
		}
		return nil
	}
	if err := p.waitReady(15*time.Second, ready); err != nil {
		_ = n.Close()
		return nil, err
	}
	return n, nil
}
