package testserver

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// Process is one running server process, started in its own process group
// so that signals reach it and any children.
type Process struct {
	// Name identifies the process in logs ("redis", "etcd-2", ...).
	Name string
	// LogPath is the file receiving the process's stdout and stderr.
	LogPath string

	// stopSignal asks for a clean shutdown (default SIGTERM).
	stopSignal syscall.Signal

	cmd  *exec.Cmd
	done chan struct{}
	log  *os.File
}

// startProcess runs bin with args, output to dir/<name>.log. cred, when not
// nil, runs it as another user (PostgreSQL refuses to run as root).
func startProcess(name, dir string, cred *syscall.Credential, bin string, args ...string) (*Process, error) {
	logPath := filepath.Join(dir, name+".log")
	f, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("%s log: %w", name, err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = f, f
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: cred}
	if err := cmd.Start(); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &Process{Name: name, LogPath: logPath, stopSignal: syscall.SIGTERM, cmd: cmd,
		done: make(chan struct{}), log: f}
	go func() {
		_ = cmd.Wait()
		_ = f.Close()
		close(p.done)
	}()
	return p, nil
}

// PID returns the process id.
func (p *Process) PID() int { return p.cmd.Process.Pid }

// Exited reports whether the process has exited.
func (p *Process) Exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

func (p *Process) signal(sig syscall.Signal) error {
	if p.Exited() {
		return nil
	}
	if err := syscall.Kill(-p.PID(), sig); err != nil && !errors.Is(err, syscall.ESRCH) {
		return fmt.Errorf("signal %v to %s (pgid %d): %w", sig, p.Name, p.PID(), err)
	}
	return nil
}

// Stop asks the process group to shut down cleanly (after SIGCONT, in case
// it is paused) and kills it if it has not exited within 10 seconds.
func (p *Process) Stop() error {
	_ = p.signalTree(syscall.SIGCONT)
	if err := p.signal(p.stopSignal); err != nil {
		return err
	}
	select {
	case <-p.done:
		return nil
	case <-time.After(10 * time.Second):
		return p.Kill()
	}
}

// Kill sends SIGKILL to the process group and waits for the exit.
func (p *Process) Kill() error {
	if err := p.signalTree(syscall.SIGKILL); err != nil {
		return err
	}
	<-p.done
	return nil
}

// Pause freezes the process and all its descendants with SIGSTOP:
// connections stay open but nothing answers, like a stalled machine.
func (p *Process) Pause() error { return p.signalTree(syscall.SIGSTOP) }

// Resume continues a paused process and its descendants with SIGCONT.
func (p *Process) Resume() error { return p.signalTree(syscall.SIGCONT) }

// tail returns the last bytes of the log, for startup error messages.
func (p *Process) tail() string {
	b, err := os.ReadFile(p.LogPath)
	if err != nil {
		return ""
	}
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(b)
}

// waitReady polls ready every 50 ms until it returns nil, the process
// exits, or timeout passes.
func (p *Process) waitReady(timeout time.Duration, ready func() error) error {
	deadline := time.Now().Add(timeout)
	for {
		err := ready()
		if err == nil {
			return nil
		}
		if p.Exited() {
			return fmt.Errorf("%s exited during startup: %v\n%s", p.Name, err, p.tail())
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s not ready after %v: %v\n%s", p.Name, timeout, err, p.tail())
		}
		time.Sleep(50 * time.Millisecond)
	}
}
