//go:build !linux

package job

// cpuName returns "" where the processor's name is not read.
func cpuName() string { return "" }
