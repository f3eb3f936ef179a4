package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/partnerhub/partnerhub/frontend"
	"github.com/partnerhub/partnerhub/handlers"
	"github.com/partnerhub/partnerhub/services/auth"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/demo"
	"github.com/partnerhub/partnerhub/services/hub"
	"github.com/partnerhub/partnerhub/services/messaging"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/webhooks"
)

// serveConfig is the configuration of the serve command; fields point at parsed flags.
type serveConfig struct {
	addr, db, jwtSecret, adminEmail, logLevel, logFormat, trustedProxies *string
	publicURL, secretKey, tlsCert, tlsKey                                *string
	demo, secureCookies, allowInsecureWebhooks                           *bool
	shutdownTimeout, simulatorStep, webhookRetryWindow, webhookTimeout   *time.Duration
	webhookConcurrency, messageThroughput                                *int
	messageDeliverAfter, messageReadAfter                                *time.Duration
}

const defaultDB = "./data/partnerhub.db"

func serveOptions(out io.Writer) (*options, *serveConfig) {
	o := newOptions("serve", "Runs the hub: JSON API, OpenAPI document and web UI on one port.", out)
	return o, &serveConfig{
		addr:            o.String("addr", "127.0.0.1:8080", "listen address (host:port)"),
		publicURL:       o.String("public-url", "", "URL clients reach this hub at, returned as channel keys' address (empty: http://<listen address>, https:// with --tls-cert)"),
		tlsCert:         o.String("tls-cert", "", "PEM certificate (chain) file: serve HTTPS (HTTP/2 on) instead of HTTP; needs --tls-key"),
		tlsKey:          o.String("tls-key", "", "PEM private key file of --tls-cert"),
		db:              o.String("db", defaultDB, "SQLite file path, or a postgres:// URL for several instances"),
		jwtSecret:       o.Secret("jwt-secret", "JWT signing secret, at least 32 bytes (empty: generated once and kept sealed in the database)"),
		secretKey:       o.Secret("secret-key", secretKeyUsage),
		adminEmail:      o.String("admin-email", "admin@partnerhub.local", "email of the platform admin created on first start"),
		demo:            o.Bool("demo", false, "seed demo partners, clients, channels and a user per role, and print their logins"),
		secureCookies:   o.Bool("secure-cookies", false, "mark session cookies Secure (when served over HTTPS or behind a TLS proxy)"),
		trustedProxies:  o.String("trusted-proxies", "", "comma-separated proxy IPs/CIDRs whose X-Forwarded-For is trusted"),
		logLevel:        o.String("log-level", "info", "debug, info, warn or error"),
		logFormat:       o.String("log-format", "json", "json or text"),
		shutdownTimeout: o.Duration("shutdown-timeout", 10*time.Second, "how long in-flight requests may finish after SIGTERM"),
		allowInsecureWebhooks: o.Bool("allow-insecure-webhooks", false,
			"DEVELOPMENT ONLY: accept http:// and loopback/private webhook URLs and explicit ports"),
		webhookRetryWindow: o.Duration("webhook-retry-window", 24*time.Hour,
			"how long failed webhook deliveries are retried before they are marked failed (at most 168h)"),
		webhookConcurrency: o.Int("webhook-concurrency", 32, "webhook deliveries in flight at once per partner (1–256)"),
		webhookTimeout: o.Duration("webhook-timeout", 10*time.Second,
			"how long one webhook delivery attempt may take; a crashed instance's deliveries are retried after 3× this"),
		simulatorStep: o.Duration("simulator-step", 30*time.Second,
			"how long the provider simulator keeps a new number in each onboarding status (0 = only by operator control)"),
		messageDeliverAfter: o.Duration("message-deliver-after", time.Second, "how long the simulated WhatsApp takes from sent to delivered"),
		messageReadAfter:    o.Duration("message-read-after", 2*time.Second, "how long a simulated WhatsApp user takes from delivered to read"),
		messageThroughput: o.Int("message-throughput", 80,
			"messages per second one number may send (Meta's Cloud API default 80; higher throughput tiers allow up to 1000)"),
	}
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, cfg := serveOptions(stderr)
	if err := o.parse(args); err != nil {
		return err
	}
	log, err := newLogger(stderr, *cfg.logLevel, *cfg.logFormat)
	if err != nil {
		return err
	}
	if *cfg.webhookRetryWindow <= 0 || *cfg.webhookRetryWindow > webhooks.MaxRetryWindow {
		return fmt.Errorf("--webhook-retry-window must be between 1s and 168h")
	}
	if *cfg.webhookConcurrency < 1 || *cfg.webhookConcurrency > 256 {
		return fmt.Errorf("--webhook-concurrency must be between 1 and 256")
	}
	if *cfg.webhookTimeout < time.Second || *cfg.webhookTimeout > time.Minute {
		return fmt.Errorf("--webhook-timeout must be between 1s and 1m")
	}
	if *cfg.messageThroughput < 1 || *cfg.messageThroughput > 100_000 {
		return fmt.Errorf("--message-throughput must be between 1 and 100000")
	}
	if *cfg.messageDeliverAfter < 10*time.Millisecond || *cfg.messageDeliverAfter > time.Hour ||
		*cfg.messageReadAfter < 10*time.Millisecond || *cfg.messageReadAfter > time.Hour {
		return fmt.Errorf("--message-deliver-after and --message-read-after must be between 10ms and 1h")
	}
	givenKey, err := givenSecretKey(*cfg.db, *cfg.secretKey)
	if err != nil {
		return err
	}
	tlsConfig, err := loadTLS(*cfg.tlsCert, *cfg.tlsKey)
	if err != nil {
		return err
	}
	scheme := "http"
	if tlsConfig != nil {
		scheme = "https"
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	ln, err := net.Listen("tcp", *cfg.addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	publicURL := strings.TrimRight(*cfg.publicURL, "/")
	if publicURL == "" {
		publicURL = scheme + "://" + displayAddr(ln.Addr())
	}
	store, err := storage.Open(ctx, *cfg.db, storage.Options{})
	if err != nil {
		return err
	}
	defer store.Close()
	sk, err := resolveSecretKey(ctx, store, *cfg.db, givenKey, true)
	if err != nil {
		return err
	}
	if sk.created {
		fmt.Fprintf(stdout, "secret key: created %s (kid %s); keep it with the database's backups: without it the secrets in the database cannot be opened\n", sk.file, sk.key.ID())
	}
	h, err := hub.New(ctx, store, clock.Real{}, hub.Config{
		Auth:                  auth.Config{Secret: []byte(*cfg.jwtSecret)},
		AllowInsecureWebhooks: *cfg.allowInsecureWebhooks,
		SimulatorStep:         *cfg.simulatorStep,
		Webhooks: webhooks.Config{RetryWindow: *cfg.webhookRetryWindow, Timeout: *cfg.webhookTimeout,
			PerPartner: *cfg.webhookConcurrency},
		Messaging: messaging.Config{DeliverAfter: *cfg.messageDeliverAfter, ReadAfter: *cfg.messageReadAfter,
			Throughput: *cfg.messageThroughput},
		Logger:    log,
		PublicURL: publicURL,
		SecretKey: sk.key.Text(),
	})
	if err != nil {
		return err
	}
	created, password, err := h.Users.EnsureBootstrapAdmin(ctx, *cfg.adminEmail)
	if err != nil {
		return fmt.Errorf("create first admin: %w", err)
	}
	if created {
		fmt.Fprintf(stdout, "first admin: created platform admin %s with one-time password %s (shown only now; change it at first sign-in)\n", *cfg.adminEmail, password)
	}
	if *cfg.demo {
		logins, err := demo.Seed(ctx, store.Client, h.Users)
		if err != nil {
			return err
		}
		if err := demo.SeedTickets(ctx, store.Client, h.Support, h.Clock.Now()); err != nil {
			return fmt.Errorf("demo tickets: %w", err)
		}
		if err := h.Platform.SeedDemo(ctx); err != nil {
			return fmt.Errorf("demo platform numbers: %w", err)
		}
		for _, l := range logins {
			fmt.Fprintf(stdout, "login: %s %s %s\n", l.Role, l.Email, demo.Password)
		}
	}
	var proxies []string
	for _, p := range strings.Split(*cfg.trustedProxies, ",") {
		if p = strings.TrimSpace(p); p != "" {
			proxies = append(proxies, p)
		}
	}
	// Served over HTTPS itself, the hub's cookies are Secure whatever the flag says.
	srv, err := handlers.New(h, handlers.Config{SecureCookies: *cfg.secureCookies || tlsConfig != nil, TrustedProxies: proxies}, log, frontend.FS())
	if err != nil {
		return err
	}
	httpSrv := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		TLSConfig:         tlsConfig,
	}
	fmt.Fprintf(stdout, "PartnerHub %s listening on %s://%s (API docs: %s://%s/swagger/index.html)\n", version, scheme, displayAddr(ln.Addr()), scheme, displayAddr(ln.Addr()))
	log.Info("listening", "addr", ln.Addr().String(), "database", string(store.Dialect), "version", version, "secret_key_id", sk.key.ID())

	if *cfg.allowInsecureWebhooks {
		log.Warn("--allow-insecure-webhooks is on: http and loopback webhook URLs are accepted (development only)")
	}
	background := make(chan struct{})
	go func() { defer close(background); h.RunBackground(ctx, log) }()
	errc := make(chan error, 1)
	go func() {
		if tlsConfig != nil {
			// The certificate is in TLSConfig; ServeTLS also turns HTTP/2 on.
			errc <- httpSrv.ServeTLS(ln, "", "")
			return
		}
		errc <- httpSrv.Serve(ln)
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "timeout", cfg.shutdownTimeout.String())
	shutCtx, cancel := context.WithTimeout(context.Background(), *cfg.shutdownTimeout)
	defer cancel()
	if err := httpSrv.Shutdown(shutCtx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	// Background work records what it did before the store closes.
	select {
	case <-background:
	case <-shutCtx.Done():
		log.Warn("background work did not stop in time")
	}
	log.Info("stopped")
	return nil
}

func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok || tcp.IP.IsUnspecified() {
		return fmt.Sprintf("localhost:%d", tcp.Port)
	}
	return a.String()
}

// loadTLS reads the certificate and key named by --tls-cert and --tls-key; neither means
// plain HTTP, one without the other is a mistake worth stopping for.
func loadTLS(certFile, keyFile string) (*tls.Config, error) {
	if certFile == "" && keyFile == "" {
		return nil, nil
	}
	if certFile == "" || keyFile == "" {
		return nil, fmt.Errorf("--tls-cert and --tls-key go together: give both PEM files, or neither for plain HTTP")
	}
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, fmt.Errorf("--tls-cert/--tls-key: %w", err)
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, nil
}
