package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/gin-gonic/gin"
)

// bareServerFlag re-executes the load generator as the bare Gin server. It is not a
// registered flag, so it stays out of -help: only the load generator itself uses it.
const bareServerFlag = "-bare-server"

// bareRoute is the bare server's only route.
const bareRoute = "/ping"

// startTimeout bounds how long a server may take to answer its first request.
const startTimeout = 30 * time.Second

// process is a server child process on loopback.
type process struct {
	name   string
	cmd    *exec.Cmd
	cancel context.CancelFunc
	done   chan struct{} // closed when the process has exited
	err    error         // its exit status, valid after done
}

// startProcess starts bin with args. Cancelling ctx, or calling stop, asks the child to
// shut down with an interrupt and kills it if it has not exited five seconds later.
func startProcess(ctx context.Context, name, bin string, args []string, stdout io.Writer) (*process, error) {
	ctx, cancel := context.WithCancel(ctx)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 5 * time.Second
	cmd.Stdout = stdout
	cmd.Stderr = os.Stderr // the servers' warnings and errors stay visible
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

// freeAddr returns a loopback address with a port that was free a moment ago. The
// child binds it a few milliseconds later; if another program takes it in between, the
// child exits and the run fails loudly rather than measuring the wrong server.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
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

// hub is a running `partnerhub serve --demo` with a temporary SQLite database.
type hub struct {
	*process
	base   string
	logins map[string][2]string // role → email, password of the first login printed for it
}

// startHub starts bin on a free loopback port with a fresh database in dir, waits until
// it is healthy, and collects the demo logins it prints.
func startHub(ctx context.Context, bin, dir string) (*hub, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	args := []string{"serve", "--demo", "--addr", addr, "--db", filepath.Join(dir, "hub.db"), "--log-level", "warn"}
	// The stdout reader must keep draining after start-up so the hub never blocks on a
	// full pipe; it hands over the logins once the listening line has gone by (the
	// logins are printed before it).
	pr, pw := io.Pipe()
	p, err := startProcess(ctx, "partnerhub", bin, args, pw)
	if err != nil {
		pw.Close()
		return nil, err
	}
	go func() {
		<-p.done
		pw.Close()
	}()
	loginsc := make(chan map[string][2]string, 1)
	go func() {
		logins := map[string][2]string{}
		sc := bufio.NewScanner(pr)
		sent := false
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			switch {
			case sent:
			case len(f) == 4 && f[0] == "login:":
				// The first login of a role wins: the demo prints Acme Messaging's
				// (partner payment) before Globex Connect's (direct payment).
				if _, seen := logins[f[1]]; !seen {
					logins[f[1]] = [2]string{f[2], f[3]}
				}
			case len(f) > 2 && f[0] == "PartnerHub" && f[2] == "listening":
				loginsc <- logins
				sent = true
			}
		}
		io.Copy(io.Discard, pr)
	}()
	h := &hub{process: p, base: "http://" + addr}
	if err := waitOK(ctx, p, h.base+"/healthz"); err != nil {
		p.stop()
		return nil, err
	}
	select {
	case h.logins = <-loginsc:
	case <-time.After(5 * time.Second):
		p.stop()
		return nil, errors.New("partnerhub is healthy but never printed its listening line")
	}
	return h, nil
}

// token signs in with role's demo login through the Partner API token endpoint and
// returns the access token.
func (h *hub) token(ctx context.Context, role string) (string, error) {
	login, ok := h.logins[role]
	if !ok {
		return "", fmt.Errorf("partnerhub printed no %q demo login (got %d logins)", role, len(h.logins))
	}
	body, _ := json.Marshal(map[string]string{"username": login[0], "password": login[1]})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.base+"/api/v2/token", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{Proxy: nil}}
	defer client.CloseIdleConnections()
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("get token: %w", err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("get token: HTTP %s: %s", resp.Status, raw)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(raw, &tok); err != nil || tok.AccessToken == "" {
		return "", fmt.Errorf("get token: no access_token in %s", raw)
	}
	return tok.AccessToken, nil
}

// startBare re-executes this program as the bare Gin server on a free loopback port, so
// it is a process of its own exactly like the hub, and waits until it answers.
func startBare(ctx context.Context) (*process, string, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, "", err
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, "", err
	}
	p, err := startProcess(ctx, "bare gin server", self, []string{bareServerFlag, addr}, io.Discard)
	if err != nil {
		return nil, "", err
	}
	url := "http://" + addr + bareRoute
	if err := waitOK(ctx, p, url); err != nil {
		p.stop()
		return nil, "", err
	}
	return p, url, nil
}

// serveBare is the bare server: a gin.New() engine in release mode with no middleware
// and one route returning a small JSON object, the floor any Gin handler stands on.
func serveBare(addr string) error {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.GET(bareRoute, func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"message": "pong"}) })
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	// The same http.Server limits as `partnerhub serve`, so the comparison isolates
	// the handler stack rather than the server's timeouts.
	srv := &http.Server{
		Handler:           r,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shut)
}
