package testserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// EtcdMember is one etcd process of an Etcd cluster.
type EtcdMember struct {
	*Process
	// ClientAddr is the member's client host:port on 127.0.0.1.
	ClientAddr string
	// PeerURL is the member's raft peer URL.
	PeerURL string
}

// Etcd is a running etcd cluster of one or more members.
type Etcd struct {
	Members []*EtcdMember
	cleanup func()
}

// StartEtcd starts a single-node etcd. dir holds data and logs; "" makes
// a temporary one.
func StartEtcd(dir string) (*Etcd, error) { return StartEtcdCluster(dir, 1) }

// StartEtcdCluster starts an n-member etcd cluster with fast elections
// (50 ms heartbeat, 500 ms election timeout) and waits until every member
// reports healthy.
func StartEtcdCluster(dir string, n int) (*Etcd, error) {
	if n < 1 {
		return nil, fmt.Errorf("etcd cluster size %d: must be at least 1", n)
	}
	bin, err := findBinary("etcd", "etcd-server")
	if err != nil {
		return nil, err
	}
	ports, err := freePorts(2 * n)
	if err != nil {
		return nil, err
	}
	dir, cleanup, err := workDir(dir, "kvchaos-etcd-")
	if err != nil {
		return nil, err
	}
	e := &Etcd{cleanup: cleanup}
	names := make([]string, n)
	var initial []string
	for i := range n {
		names[i] = fmt.Sprintf("etcd-%d-%d", i+1, ports[2*i])
		initial = append(initial, fmt.Sprintf("%s=http://127.0.0.1:%d", names[i], ports[2*i+1]))
	}
	token := "kvchaos-" + strconv.Itoa(ports[0])
	for i := range n {
		client := "http://127.0.0.1:" + strconv.Itoa(ports[2*i])
		peer := "http://127.0.0.1:" + strconv.Itoa(ports[2*i+1])
		p, err := startProcess(names[i], dir, nil, bin,
			"--name", names[i], "--data-dir", filepath.Join(dir, names[i]+".data"),
			"--listen-client-urls", client, "--advertise-client-urls", client,
			"--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
			"--initial-cluster", strings.Join(initial, ","), "--initial-cluster-state", "new",
			"--initial-cluster-token", token, "--heartbeat-interval", "50", "--election-timeout", "500")
		if err != nil {
			_ = e.Close()
			return nil, err
		}
		e.Members = append(e.Members, &EtcdMember{Process: p, ClientAddr: client[len("http://"):], PeerURL: peer})
	}
	for _, m := range e.Members {
		if err := m.waitReady(30*time.Second, m.healthy); err != nil {
			_ = e.Close()
			return nil, err
		}
	}
	return e, nil
}

// Endpoints returns the members' client addresses.
func (e *Etcd) Endpoints() []string {
	out := make([]string, len(e.Members))
	for i, m := range e.Members {
		out[i] = m.ClientAddr
	}
	return out
}

// URL returns the cluster's etcd:// URL listing every member.
func (e *Etcd) URL() string { return "etcd://" + strings.Join(e.Endpoints(), ",") }

// Close stops every member and removes the directory if it owns it.
func (e *Etcd) Close() error {
	var errs []error
	for _, m := range e.Members {
		errs = append(errs, m.Stop())
	}
	e.cleanup()
	return errors.Join(errs...)
}

// Leader returns the member that is currently the raft leader, asking the
// live members through the HTTP gateway.
func (e *Etcd) Leader() (*EtcdMember, error) {
	ids := map[string]*EtcdMember{}
	leader := ""
	for _, m := range e.Members {
		if m.Exited() {
			continue
		}
		st, err := m.status()
		if err != nil {
			continue
		}
		ids[st.Header.MemberID] = m
		if st.Leader != "" && st.Leader != "0" {
			leader = st.Leader
		}
	}
	if m, ok := ids[leader]; ok {
		return m, nil
	}
	return nil, fmt.Errorf("etcd: no live member is the leader (leader id %q)", leader)
}

type etcdStatus struct {
	Header struct {
		MemberID string `json:"member_id"`
	} `json:"header"`
	Leader string `json:"leader"`
}

var httpClient = &http.Client{Timeout: 2 * time.Second}

func (m *EtcdMember) status() (etcdStatus, error) {
	var st etcdStatus
	resp, err := httpClient.Post("http://"+m.ClientAddr+"/v3/maintenance/status", "application/json", strings.NewReader("{}"))
	if err != nil {
		return st, err
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		return st, fmt.Errorf("status: HTTP %d", resp.StatusCode)
	}
	return st, json.NewDecoder(resp.Body).Decode(&st)
}

func (m *EtcdMember) healthy() error {
	resp, err := httpClient.Get("http://" + m.ClientAddr + "/health")
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	var h struct {
		Health string `json:"health"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&h); err != nil {
		return err
	}
	if h.Health != "true" {
		return fmt.Errorf("health %q", h.Health)
	}
	return nil
}
