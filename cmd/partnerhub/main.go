// Command partnerhub is the PartnerHub server and its administration commands.
//
//	partnerhub [serve] [options]    run the hub (default)
//	partnerhub migrate [options]    apply database migrations and exit
//	partnerhub user create …        add a platform admin or support agent
//	partnerhub rotate-secret-key …  re-seal the database's secrets under a new secret key
//	partnerhub version              print the version
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "partnerhub:", err)
			os.Exit(1)
		}
	}
}

const usage = `PartnerHub — administration platform for a WhatsApp Business Solution Provider.

Usage:
  partnerhub [serve] [options]     run the hub (the default command)
  partnerhub migrate [options]     apply the database migrations and exit
  partnerhub user create [options] add a platform admin or support agent
  partnerhub rotate-secret-key [options]
                                   re-seal the database's secrets under a new secret key
  partnerhub version               print the version

Run "partnerhub <command> --help" for a command's options.
`

// run dispatches the subcommand in args.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
		cmd, args = "help", args[1:]
	} else if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, stdout, stderr)
	case "migrate":
		return migrateCmd(ctx, args, stdout, stderr)
	case "user":
		if len(args) == 0 || args[0] != "create" {
			return fmt.Errorf(`unknown "user" command; use "partnerhub user create --help"`)
		}
		return userCreate(ctx, args[1:], stdout, stderr)
	case "rotate-secret-key":
		return rotateSecretKey(ctx, args, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "partnerhub", version)
		return nil
	case "help":
		fmt.Fprint(stdout, usage)
		fmt.Fprintln(stdout, "\nserve options:")
		o, _ := serveOptions(stdout)
		o.printDefaults(stdout)
		return nil
	}
	return fmt.Errorf("unknown command %q\n\n%s", cmd, usage)
}

func newLogger(w io.Writer, level, format string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level: %w", err)
	}
	opts := &slog.HandlerOptions{Level: l}
	switch format {
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--log-format must be json or text, not %q", format)
}
