package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestStdoutClosed: a standard output closed by the shell (>&-) is told
// apart from one redirected to /dev/null or to a file.
func TestStdoutClosed(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	for _, tc := range []struct {
		redirect string
		want     string
	}{
		{">&-", "true"},
		{">/dev/null", "false"},
		{">" + t.TempDir() + "/out.txt", "false"},
	} {
		cmd := exec.Command("sh", "-c", `exec "$0" -test.run '^$' `+tc.redirect, os.Args[0])
		cmd.Env = append(os.Environ(), "MONTECARLO_TEST_STDOUT_CLOSED=1")
		var got strings.Builder
		cmd.Stderr = &got
		if err := cmd.Run(); err != nil {
			t.Fatal(err)
		}
		if got.String() != tc.want {
			t.Errorf("stdout %s: stdoutClosed() = %q, want %s", tc.redirect, got.String(), tc.want)
		}
	}
}
