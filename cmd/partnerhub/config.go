package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
)

// envPrefix prefixes the environment variable of every option: --db ↔ PARTNERHUB_DB.
const envPrefix = "PARTNERHUB_"

// envName returns the environment variable that sets the flag called name.
func envName(name string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
}

// options is a flag set whose defaults can come from PARTNERHUB_* environment variables;
// flags given on the command line win over the environment.
type options struct {
	fs  *flag.FlagSet
	env map[string]string
	err error
}

func newOptions(name, summary string, out io.Writer) *options {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	o := &options{fs: fs, env: map[string]string{}}
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: partnerhub %s [options]\n\n%s\n\nOptions (each also settable by its environment variable):\n", name, summary)
		o.printDefaults(out)
	}
	return o
}

func (o *options) lookup(name string) (string, bool) {
	v, ok := os.LookupEnv(envName(name))
	if ok {
		o.env[name] = v
	}
	return v, ok
}

func (o *options) String(name, def, usage string) *string {
	if v, ok := o.lookup(name); ok {
		def = v
	}
	return o.fs.String(name, def, usage)
}

// Secret is String for a value that must not be echoed: --help shows the built-in default
// (empty), never the value the environment supplies.
func (o *options) Secret(name, usage string) *string {
	p := o.fs.String(name, "", usage)
	if v, ok := o.lookup(name); ok {
		*p = v
	}
	return p
}

func (o *options) Bool(name string, def bool, usage string) *bool {
	if v, ok := o.lookup(name); ok {
		b, err := strconv.ParseBool(v)
		if err != nil && o.err == nil {
			o.err = fmt.Errorf("%s: %q is not true or false", envName(name), v)
		}
		def = b
	}
	return o.fs.Bool(name, def, usage)
}

func (o *options) Int(name string, def int, usage string) *int {
	if v, ok := o.lookup(name); ok {
		n, err := strconv.Atoi(v)
		if err != nil && o.err == nil {
			o.err = fmt.Errorf("%s: %q is not a whole number", envName(name), v)
		}
		def = n
	}
	return o.fs.Int(name, def, usage)
}

func (o *options) Duration(name string, def time.Duration, usage string) *time.Duration {
	if v, ok := o.lookup(name); ok {
		d, err := time.ParseDuration(v)
		if err != nil && o.err == nil {
			o.err = fmt.Errorf("%s: %q is not a duration such as 10s", envName(name), v)
		}
		def = d
	}
	return o.fs.Duration(name, def, usage)
}

// parse parses args; environment errors come first.
func (o *options) parse(args []string) error {
	if o.err != nil {
		return o.err
	}
	if err := o.fs.Parse(args); err != nil {
		return err
	}
	if o.fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", o.fs.Arg(0))
	}
	return nil
}

func (o *options) printDefaults(out io.Writer) {
	var lines []string
	o.fs.VisitAll(func(f *flag.Flag) {
		def := f.DefValue
		if def == "" {
			def = `""`
		}
		lines = append(lines, fmt.Sprintf("  --%-24s %s\n      %-26s default: %s", f.Name, f.Usage, envName(f.Name), def))
	})
	sort.Strings(lines)
	fmt.Fprintln(out, strings.Join(lines, "\n"))
}
