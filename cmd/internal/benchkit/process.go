package benchkit

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"time"
)

// StartTimeout is how long a server may take to become ready unless told otherwise.
const StartTimeout = 30 * time.Second

// EnvSecretKey is the variable that gives `partnerhub serve` its master key
// (--secret-key); PostgreSQL needs one, the same on every instance.
const EnvSecretKey = "PARTNERHUB_SECRET_KEY"

// Cmd is a child process to start.
type Cmd struct {
	Name   string    // names the process in errors
	Bin    string    // the program
	Args   []string  // its arguments
	Env    []string  // added to this process's environment; a later entry wins
	Stdout io.Writer // nil: discarded
	Stderr io.Writer // nil: os.Stderr, so the child's warnings and errors stay visible
}

// Process is a running child process.
type Process struct {
	Name   string // as in Cmd
	cancel context.CancelFunc
	done   chan struct{} // closed when the process has exited
	err    error         // its exit status, valid after done
}

// StartProcess starts c. Cancelling ctx, or calling Stop, asks the child to shut down
// with an interrupt and kills it if it has not exited five seconds later.
func StartProcess(ctx context.Context, c Cmd) (*Process, error) {
	ctx, cancel := context.WithCancel(ctx)
	cmd := exec.CommandContext(ctx, c.Bin, c.Args...)
	if len(c.Env) > 0 {
		cmd.Env = append(os.Environ(), c.Env...)
	}
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 5 * time.Second
	cmd.Stdout = c.Stdout
	if cmd.Stdout == nil {
		cmd.Stdout = io.Discard
	}
	cmd.Stderr = c.Stderr
	if cmd.Stderr == nil {
		cmd.Stderr = os.Stderr
	}
	if err := cmd.Start(); err != nil {
		cancel()
		return nil, fmt.Errorf("start %s: %w", c.Name, err)
	}
	p := &Process{Name: c.Name, cancel: cancel, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// Stop shuts the process down and waits until it has exited. Safe to call twice.
func (p *Process) Stop() {
	p.cancel()
	<-p.done
}

// Done is closed when the process has exited.
func (p *Process) Done() <-chan struct{} { return p.done }

// Err is the process's exit status; valid once Done is closed.
func (p *Process) Err() error { return p.err }

// Exited returns an error if the process is no longer running.
func (p *Process) Exited() error {
	select {
	case <-p.done:
		return fmt.Errorf("%s exited early: %v", p.Name, p.err)
	default:
		return nil
	}
}

// WaitOK polls url until it answers 200, the process exits, or timeout passes.
func (p *Process) WaitOK(ctx context.Context, url string, timeout time.Duration) error {
	client := &http.Client{Timeout: time.Second, Transport: &http.Transport{Proxy: nil}}
	defer client.CloseIdleConnections()
	deadline := time.Now().Add(timeout)
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
		if err := p.Exited(); err != nil {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s did not answer %s with 200 within %s", p.Name, url, timeout)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// FreeAddr returns a loopback address with a port that was free a moment ago. The
// child binds it a few milliseconds later; if another program takes it in between, the
// child exits and the run fails loudly rather than measuring the wrong server.
func FreeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// HubCmd is a `partnerhub serve` to start.
type HubCmd struct {
	Name string   // names the hub in errors
	Bin  string   // the partnerhub binary
	Args []string // the flags of serve, but not --addr, which StartHub adds
	Env  []string // added to this process's environment; a later entry wins
	// Stdout, if set, is called with each line the hub prints on stdout, one line after
	// the other from one goroutine, until it exits; otherwise stdout is discarded.
	Stdout func(line string)
	Stderr io.Writer // nil: os.Stderr
	// OwnPort has the hub bind 127.0.0.1:0 itself and makes it ready when it prints its
	// listening line; otherwise StartHub gives it a free port (FreeAddr) and it is ready
	// when GET /healthz answers 200.
	OwnPort bool
	Timeout time.Duration // to become ready; 0: StartTimeout
}

// Hub is a running `partnerhub serve` on loopback.
type Hub struct {
	*Process
	Base string // http://127.0.0.1:port
}

var listeningRE = regexp.MustCompile(`listening on (http://\S+)`)

// StartHub starts `c.Bin serve c.Args… --addr <loopback>` and waits until it is ready (see
// HubCmd.OwnPort). It stops the hub again if it is not ready in time, exits or ctx ends.
func StartHub(ctx context.Context, c HubCmd) (*Hub, error) {
	timeout := c.Timeout
	if timeout == 0 {
		timeout = StartTimeout
	}
	addr := "127.0.0.1:0"
	if !c.OwnPort {
		var err error
		if addr, err = FreeAddr(); err != nil {
			return nil, err
		}
	}
	onLine := c.Stdout
	listening := make(chan string, 1)
	if c.OwnPort {
		onLine = func(line string) {
			if m := listeningRE.FindStringSubmatch(line); m != nil {
				select {
				case listening <- m[1]:
				default:
				}
			}
			if c.Stdout != nil {
				c.Stdout(line)
			}
		}
	}
	cmd := Cmd{Name: c.Name, Bin: c.Bin, Args: append(append([]string{"serve"}, c.Args...), "--addr", addr),
		Env: c.Env, Stderr: c.Stderr}
	var pw *io.PipeWriter
	if onLine != nil {
		// The reader keeps draining stdout after start-up so that the hub never blocks
		// on a full pipe.
		var pr *io.PipeReader
		pr, pw = io.Pipe()
		cmd.Stdout = pw
		go func() {
			sc := bufio.NewScanner(pr)
			for sc.Scan() {
				onLine(sc.Text())
			}
			io.Copy(io.Discard, pr)
		}()
	}
	p, err := StartProcess(ctx, cmd)
	if err != nil {
		if pw != nil {
			pw.Close()
		}
		return nil, err
	}
	if pw != nil {
		go func() {
			<-p.done
			pw.Close()
		}()
	}
	h := &Hub{Process: p, Base: "http://" + addr}
	if !c.OwnPort {
		if err := p.WaitOK(ctx, h.Base+"/healthz", timeout); err != nil {
			p.Stop()
			return nil, err
		}
		return h, nil
	}
	select {
	case h.Base = <-listening:
		return h, nil
	case <-p.done:
		p.Stop()
		return nil, fmt.Errorf("%s exited before listening: %v", c.Name, p.err)
	case <-ctx.Done():
		p.Stop()
		return nil, ctx.Err()
	case <-time.After(timeout):
		p.Stop()
		return nil, fmt.Errorf("%s did not print its listening line within %s", c.Name, timeout)
	}
}

// NewSecretKey is a new master key as `partnerhub serve` reads it from EnvSecretKey: 32
// random bytes, base64.
func NewSecretKey() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}
