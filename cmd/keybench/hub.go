package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"time"
)

// startTimeout bounds how long an instance may take to print its listening line.
const startTimeout = 60 * time.Second

// instance is a `partnerhub serve` child process on a free loopback port.
type instance struct {
	name   string
	base   string // http://127.0.0.1:port
	cancel context.CancelFunc
	done   chan struct{} // closed when the process has exited
	err    error         // its exit status, valid after done
}

var listeningRE = regexp.MustCompile(`listening on (http://\S+)`)

// startInstance starts `bin serve` on dsn, with env added to this process's environment,
// and waits until it prints the address it listens on. Cancelling ctx, or calling stop,
// asks it to shut down with an interrupt and kills it if it has not exited five seconds
// later. The simulator is off (--simulator-step 0) so that nothing but the benchmark
// writes to the database.
func startInstance(ctx context.Context, name, bin, dsn string, env []string) (*instance, error) {
	ctx, cancel := context.WithCancel(ctx)
	cmd := exec.CommandContext(ctx, bin, "serve", "--db", dsn, "--addr", "127.0.0.1:0",
		"--simulator-step", "0", "--log-level", "error")
	cmd.Env = append(os.Environ(), env...) // a later entry wins over an inherited one
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 5 * time.Second
	cmd.Stderr = os.Stderr // errors stay visible
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		cancel()
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		cancel()
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	in := &instance{name: name, cancel: cancel, done: make(chan struct{})}
	addr := make(chan string, 1)
	go func() {
		// Keeps draining stdout after the listening line, so the child never blocks on
		// a full pipe.
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := listeningRE.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case addr <- m[1]:
				default:
				}
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	go func() {
		in.err = cmd.Wait()
		close(in.done)
	}()
	select {
	case in.base = <-addr:
		return in, nil
	case <-in.done:
		return nil, fmt.Errorf("%s exited before listening: %v", name, in.err)
	case <-ctx.Done():
		in.stop()
		return nil, ctx.Err()
	case <-time.After(startTimeout):
		in.stop()
		return nil, fmt.Errorf("%s did not print its listening line within %s", name, startTimeout)
	}
}

// stop shuts the instance down and waits until it has exited. Safe to call twice.
func (in *instance) stop() {
	in.cancel()
	<-in.done
}

// exited describes the instance's exit, or returns "" while it runs.
func (in *instance) exited() string {
	select {
	case <-in.done:
		return fmt.Sprintf(" (%s exited: %v)", in.name, in.err)
	default:
		return ""
	}
}

// newClient is a keep-alive client without proxies, for one instance.
func newClient() *http.Client {
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		Proxy: nil, MaxIdleConnsPerHost: 4, IdleConnTimeout: time.Minute, DisableCompression: true,
	}}
}

// do sends one request and returns the status and the body (at most 1 MiB, fully read
// so that the connection is reused).
func do(ctx context.Context, client *http.Client, method, url string, header http.Header, body any) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return 0, nil, err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, raw, err
}

// signIn gets an access token for the rotations' user from the Partner API token
// endpoint of in.
func signIn(ctx context.Context, client *http.Client, in *instance, f fixture) (string, error) {
	return signInAs(ctx, client, in, f.email, f.password)
}

// signInAs gets an access token for email from the Partner API token endpoint of in.
func signInAs(ctx context.Context, client *http.Client, in *instance, email, password string) (string, error) {
	code, raw, err := do(ctx, client, http.MethodPost, in.base+"/api/v2/token", nil,
		map[string]string{"username": email, "password": password})
	if err != nil {
		return "", fmt.Errorf("sign in on %s: %w%s", in.name, err, in.exited())
	}
	if code != http.StatusOK {
		return "", fmt.Errorf("sign in on %s: HTTP %d: %s", in.name, code, raw)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(raw, &tok); err != nil || tok.AccessToken == "" {
		return "", errors.New("sign in: no access_token in the answer")
	}
	return tok.AccessToken, nil
}
