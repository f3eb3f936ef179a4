package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/services/storage/storagetest"
)

// selfSigned writes a fresh self-signed certificate for 127.0.0.1 and localhost and its
// key as PEM files, and returns their paths and a pool that trusts the certificate.
func selfSigned(t *testing.T) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	// The certificate's validity comes from the real clock: TLS checks it against the time
	// of the handshake, whatever the hub's clock is.
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "partnerhub test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, DNSNames: []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

// TestServeHTTPS: with --tls-cert and --tls-key the hub speaks HTTPS (HTTP/2) itself, as
// integrations that only call HTTPS need, announces an https:// URL, and refuses plain
// HTTP on that port.
func TestServeHTTPS(t *testing.T) {
	certFile, keyFile, pool := selfSigned(t)
	base, out, stop := startServe(t, "--db", storagetest.DSN(t), "--tls-cert", certFile, "--tls-key", keyFile)
	if !strings.HasPrefix(base, "https://") || !strings.Contains(out.String(), "API docs: https://") {
		t.Fatalf("the hub announces %q: %s", base, out)
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: pool}, ForceAttemptHTTP2: true,
	}}
	res, err := client.Get(base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.TLS == nil || res.ProtoMajor != 2 {
		t.Fatalf("readyz over TLS: %d, TLS %v, %s", res.StatusCode, res.TLS != nil, res.Proto)
	}
	// A partner's token request over HTTPS, as 100eyes sends it.
	res, err = client.Post(base+"/api/v2/token", "application/json", strings.NewReader(`{"username":"nobody@example.com","password":"wrong-password-1"}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 401 {
		t.Fatalf("token over TLS: %d, want 401 for wrong credentials", res.StatusCode)
	}
	// Plain HTTP to the TLS port gets no API answer.
	plain, err := (&http.Client{Timeout: 5 * time.Second}).Get("http" + strings.TrimPrefix(base, "https") + "/readyz")
	if err == nil {
		plain.Body.Close()
		if plain.StatusCode == 200 {
			t.Fatal("plain HTTP was served on the HTTPS port")
		}
	}
	if err := stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}
}

func TestServeRefusesHalfATLSConfiguration(t *testing.T) {
	certFile, keyFile, _ := selfSigned(t)
	for _, args := range [][]string{{"--tls-cert", certFile}, {"--tls-key", keyFile}, {"--tls-cert", keyFile, "--tls-key", certFile}} {
		err := run(context.Background(), append([]string{"serve", "--addr", "127.0.0.1:0", "--db", storagetest.DSN(t)}, args...), &syncBuffer{}, &syncBuffer{})
		if err == nil || !strings.Contains(err.Error(), "--tls-") {
			t.Errorf("serve %v: %v, want a refusal naming the TLS flags", args, err)
		}
	}
}
