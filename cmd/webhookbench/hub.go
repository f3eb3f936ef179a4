package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/partnerhub/partnerhub/cmd/internal/benchkit"
)

// startHub starts `bin serve` on dsn and a free loopback port with insecure (loopback,
// http) webhooks allowed and the simulator's automatic progression off, and env added
// to the environment, and waits until it answers /healthz. The hub's stderr (its
// warnings and errors) is copied to ours, each line prefixed with name.
func startHub(ctx context.Context, name, bin, dsn string, env []string) (*benchkit.Hub, error) {
	h, err := benchkit.StartHub(ctx, benchkit.HubCmd{Name: name, Bin: bin,
		Args: []string{"--db", dsn, "--allow-insecure-webhooks", "--simulator-step", "0", "--log-level", "warn"},
		Env:  env, Stderr: &prefixWriter{prefix: name + ": ", w: os.Stderr}})
	if err != nil && ctx.Err() == nil {
		// The usual cause: a binary older than this program, whose embedded migrations
		// have already been applied to the database.
		err = fmt.Errorf("%w (is %s built from this source tree? run make build)", err, bin)
	}
	return h, err
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
