package testserver

import (
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// Postgres is a running PostgreSQL server made with initdb, reachable over
// TCP on 127.0.0.1 as user postgres with trust authentication.
type Postgres struct {
	*Process
	// Addr is host:port on 127.0.0.1.
	Addr string

	cleanup func()
}

// URL returns a postgres:// URL for database postgres.
func (p *Postgres) URL() string {
	return "postgres://postgres@" + p.Addr + "/postgres?sslmode=disable"
}

// Close stops the server and removes its data directory.
func (p *Postgres) Close() error {
	err := p.Stop()
	p.cleanup()
	return err
}

// StartPostgres runs initdb into a fresh data directory and starts
// postgres on a free port, without fsync. dir receives the logs ("" makes a
// temporary one). Run as root, both run as the postgres user, which owns
// the data directory.
func StartPostgres(dir string) (*Postgres, error) {
	const hint = "postgresql"
	pgDirs := []string{"/usr/lib/postgresql/*/bin", "/usr/local/pgsql/bin"}
	initdb, err := findBinary("initdb", hint, pgDirs...)
	if err != nil {
		return nil, err
	}
	if real, err := filepath.EvalSymlinks(initdb); err == nil {
		initdb = real // /usr/local/bin/initdb may link into the versioned bin dir
	}
	binDir := filepath.Dir(initdb)
	ports, err := freePorts(1)
	if err != nil {
		return nil, err
	}
	logDir, cleanLogs, err := workDir(dir, "kvchaos-pglog-")
	if err != nil {
		return nil, err
	}
	base, err := os.MkdirTemp("", "kvchaos-pg-")
	if err != nil {
		cleanLogs()
		return nil, fmt.Errorf("temp dir: %w", err)
	}
	cleanup := func() { _ = os.RemoveAll(base); cleanLogs() }
	cred, err := postgresCredential(base)
	if err != nil {
		cleanup()
		return nil, err
	}
	data := filepath.Join(base, "data")
	init := exec.Command(initdb, "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
		"--locale=C", "-N")
	init.Dir = base
	init.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if out, err := init.CombinedOutput(); err != nil {
		cleanup()
		return nil, fmt.Errorf("initdb: %w\n%s", err, out)
	}
	port := strconv.Itoa(ports[0])
	proc, err := startProcess("postgres-"+port, logDir, cred, filepath.Join(binDir, "postgres"),
		"-D", data, "-p", port, "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
		"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
		"-c", "max_connections=200")
	if err != nil {
		cleanup()
		return nil, err
	}
	proc.stopSignal = syscall.SIGINT // fast shutdown; SIGTERM waits for clients
	pg := &Postgres{Process: proc, Addr: "127.0.0.1:" + port, cleanup: cleanup}
	isready := filepath.Join(binDir, "pg_isready")
	ready := func() error {
		out, err := exec.Command(isready, "-q", "-h", "127.0.0.1", "-p", port, "-U", "postgres").CombinedOutput()
		if err != nil {
			return fmt.Errorf("pg_isready: %v %s", err, out)
		}
		return nil
	}
	if err := proc.waitReady(30*time.Second, ready); err != nil {
		_ = pg.Close()
		return nil, err
	}
	return pg, nil
}

// postgresCredential returns nil when not running as root; as root it
// returns the postgres user's credential and hands dir to that user.
func postgresCredential(dir string) (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("running as root needs the postgres user to run initdb: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	if err := os.Chown(dir, uid, gid); err != nil {
		return nil, fmt.Errorf("chown %s: %w", dir, err)
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}
