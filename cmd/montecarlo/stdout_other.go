//go:build !linux

package main

// stdoutClosed reports whether the process started with its standard output
// closed; only Linux can tell (see stdout_linux.go).
func stdoutClosed() bool { return false }
