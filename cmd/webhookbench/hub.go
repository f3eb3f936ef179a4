package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"time"
)

// startTimeout bounds how long the hub may take to answer /healthz.
const startTimeout = 30 * time.Second

// process is the hub child process on loopback.
type process struct {
	name   string
	cmd    *exec.Cmd
	cancel context.CancelFunc
	done   chan struct{} // closed when the process has exited
	err    error         // its exit status, valid after done
}

// startProcess starts bin with args. Cancelling ctx, or calling stop, asks the child to
// shut down with an interrupt and kills it if it has not exited five seconds later. The
// child's stderr (its warnings and errors) is copied to ours, each line prefixed.
func startProcess(ctx context.Context, name, bin string, args []string) (*process, error) {
	ctx, cancel := context.WithCancel(ctx)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 5 * time.Second
	cmd.Stdout = io.Discard // the bootstrap admin's one-time password and the listening line
	cmd.Stderr = &prefixWriter{prefix: name + ": ", w: os.Stderr}
	if err := cmd.Start(); err != nil {
		cancel()
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &process{name: name, cmd: cmd, cancel: cancel, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// stop shuts the process down and waits until it has exited. Safe to call twice.
func (p *process) stop() {
	p.cancel()
	<-p.done
}

// exited returns an error if the process is no longer running.
func (p *process) exited() error {
	select {
	case <-p.done:
		return fmt.Errorf("%s exited early: %v", p.name, p.err)
	default:
		return nil
	}
}

// freeAddr returns a loopback address with a port that was free a moment ago. The hub
// binds it a few milliseconds later; if another program takes it in between, the hub
// exits and the run fails loudly rather than measuring the wrong server.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// startHub starts `bin serve` on dsn and a free loopback port with insecure (loopback,
// http) webhooks allowed and the simulator's automatic progression off, and waits until
// it answers /healthz.
func startHub(ctx context.Context, name, bin, dsn string) (*process, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	args := []string{"serve", "--db", dsn, "--addr", addr, "--allow-insecure-webhooks",
		"--simulator-step", "0", "--log-level", "warn"}
	p, err := startProcess(ctx, name, bin, args)
	if err != nil {
		return nil, err
	}
	if err := waitOK(ctx, p, "http://"+addr+"/healthz"); err != nil {
		p.stop()
		if ctx.Err() == nil {
			// The usual cause: a binary older than this program, whose embedded
			// migrations have already been applied to the database.
			err = fmt.Errorf("%w (is %s built from this source tree? run make build)", err, bin)
		}
		return nil, err
	}
	return p, nil
}

// waitOK polls url until it answers 200, the process exits, or startTimeout passes.
func waitOK(ctx context.Context, p *process, url string) error {
	client := &http.Client{Timeout: time.Second, Transport: &http.Transport{Proxy: nil}}
	defer client.CloseIdleConnections()
	deadline := time.Now().Add(startTimeout)
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		if resp, err := client.Do(req); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if err := p.exited(); err != nil {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s did not answer %s with 200 within %s", p.name, url, startTimeout)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// prefixWriter writes whole lines to w, each starting with prefix.
type prefixWriter struct {
	mu     sync.Mutex
	prefix string
	w      io.Writer
	buf    []byte
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.buf = append(p.buf, b...)
	for {
		i := bytes.IndexByte(p.buf, '\n')
		if i < 0 {
			break
		}
		fmt.Fprintf(p.w, "%s%s\n", p.prefix, p.buf[:i])
		p.buf = p.buf[i+1:]
	}
	return len(b), nil
}
