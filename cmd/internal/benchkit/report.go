package benchkit

import (
	"debug/buildinfo"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"text/tabwriter"
)

// Machine describes where the numbers come from; they mean little without it. A
// command's report embeds it, so its fields come first in the report's JSON.
type Machine struct {
	GOOS         string `json:"goos"`
	GOARCH       string `json:"goarch"`
	NumCPU       int    `json:"num_cpu"`
	GOMAXPROCS   int    `json:"gomaxprocs"`
	GoVersion    string `json:"go_version"`
	HubGoVersion string `json:"hub_go_version"`
}

// ReadMachine describes this machine and the Go release the partnerhub binary bin was
// built with.
func ReadMachine(bin string) (Machine, error) {
	bi, err := buildinfo.ReadFile(bin)
	if err != nil {
		return Machine{}, fmt.Errorf("%s: %w (run make build first)", bin, err)
	}
	return Machine{GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, NumCPU: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0),
		GoVersion: runtime.Version(), HubGoVersion: bi.GoVersion}, nil
}

// Describe is the start of the report's machine line, after "machine: ", for the
// command tool: "linux/amd64, NumCPU=2, GOMAXPROCS=2, tool go1.x, partnerhub built with go1.x".
func (m Machine) Describe(tool string) string {
	return fmt.Sprintf("%s/%s, NumCPU=%d, GOMAXPROCS=%d, %s %s, partnerhub built with %s",
		m.GOOS, m.GOARCH, m.NumCPU, m.GOMAXPROCS, tool, m.GoVersion, m.HubGoVersion)
}

// Table is the tabwriter the result tables are aligned with; Flush it at the end.
func Table(out io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(out, 0, 0, 3, ' ', 0)
}

// WriteJSON writes v, indented, to the file path (a -json flag).
func WriteJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
