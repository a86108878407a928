//go:build linux

package job

import (
	"os"
	"strings"
)

// cpuName returns the processor's model name from /proc/cpuinfo, as the
// Go benchmark header gives it, or "".
func cpuName() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
