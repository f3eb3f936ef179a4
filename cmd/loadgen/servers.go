package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/cmd/internal/benchkit"
)

// bareServerFlag re-executes the load generator as the bare Gin server. It is not a
// registered flag, so it stays out of -help: only the load generator itself uses it.
const bareServerFlag = "-bare-server"

// bareRoute is the bare server's only route.
const bareRoute = "/ping"

// hub is a running `partnerhub serve --demo` with a temporary SQLite database.
type hub struct {
	*benchkit.Hub
	logins map[string][2]string // role → email, password of the first login printed for it
}

// startHub starts bin on a free loopback port with a fresh database in dir, waits until
// it is healthy, and collects the demo logins it prints.
func startHub(ctx context.Context, bin, dir string) (*hub, error) {
	// The logins are printed before the listening line; they are handed over once it has
	// gone by.
	loginsc := make(chan map[string][2]string, 1)
	logins := map[string][2]string{}
	sent := false
	onLine := func(line string) {
		f := strings.Fields(line)
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
	hp, err := benchkit.StartHub(ctx, benchkit.HubCmd{Name: "partnerhub", Bin: bin,
		// The per-number throughput limit (Meta's 80/s) is raised so that POST /messages
		// measures the hub's own cost of a send, not the limit.
		Args: []string{"--demo", "--db", filepath.Join(dir, "hub.db"), "--log-level", "warn", "--message-throughput", "100000"}, Stdout: onLine})
	if err != nil {
		return nil, err
	}
	h := &hub{Hub: hp}
	select {
	case h.logins = <-loginsc:
	case <-time.After(5 * time.Second):
		hp.Stop()
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
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.Base+"/api/v2/token", bytes.NewReader(body))
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
func startBare(ctx context.Context) (*benchkit.Process, string, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, "", err
	}
	addr, err := benchkit.FreeAddr()
	if err != nil {
		return nil, "", err
	}
	p, err := benchkit.StartProcess(ctx, benchkit.Cmd{Name: "bare gin server", Bin: self, Args: []string{bareServerFlag, addr}})
	if err != nil {
		return nil, "", err
	}
	url := "http://" + addr + bareRoute
	if err := p.WaitOK(ctx, url, benchkit.StartTimeout); err != nil {
		p.Stop()
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
