package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/partnerhub/partnerhub/cmd/internal/benchkit"
)

// startInstance starts `bin serve` on dsn, with env added to this process's environment,
// and waits until it prints the address it listens on (it binds 127.0.0.1:0 itself).
// Cancelling ctx, or calling Stop, asks it to shut down with an interrupt and kills it if
// it has not exited five seconds later. The simulator is off (--simulator-step 0) so
// that nothing but the benchmark writes to the database.
func startInstance(ctx context.Context, name, bin, dsn string, env []string) (*benchkit.Hub, error) {
	return benchkit.StartHub(ctx, benchkit.HubCmd{Name: name, Bin: bin,
		Args: []string{"--db", dsn, "--simulator-step", "0", "--log-level", "error"},
		Env:  env, OwnPort: true, Timeout: 60 * time.Second})
}

// exited describes the instance's exit, or returns "" while it runs.
func exited(in *benchkit.Hub) string {
	select {
	case <-in.Done():
		return fmt.Sprintf(" (%s exited: %v)", in.Name, in.Err())
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
func signIn(ctx context.Context, client *http.Client, in *benchkit.Hub, f fixture) (string, error) {
	return signInAs(ctx, client, in, f.email, f.password)
}

// signInAs gets an access token for email from the Partner API token endpoint of in.
func signInAs(ctx context.Context, client *http.Client, in *benchkit.Hub, email, password string) (string, error) {
	code, raw, err := do(ctx, client, http.MethodPost, in.Base+"/api/v2/token", nil,
		map[string]string{"username": email, "password": password})
	if err != nil {
		return "", fmt.Errorf("sign in on %s: %w%s", in.Name, err, exited(in))
	}
	if code != http.StatusOK {
		return "", fmt.Errorf("sign in on %s: HTTP %d: %s", in.Name, code, raw)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(raw, &tok); err != nil || tok.AccessToken == "" {
		return "", errors.New("sign in: no access_token in the answer")
	}
	return tok.AccessToken, nil
}
