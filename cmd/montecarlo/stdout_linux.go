package main

import (
	"os"

	"golang.org/x/sys/unix"
)

// stdoutClosed reports whether the process started with its standard output
// closed (`montecarlo run >&-`). The Go runtime then opens /dev/null on file
// descriptor 1, read-write, so that writes succeed and the table would be
// lost without a word; a shell's `> /dev/null` opens it write-only, so the
// two are told apart by the access mode.
func stdoutClosed() bool {
	var st, null unix.Stat_t
	if unix.Fstat(1, &st) != nil || unix.Stat(os.DevNull, &null) != nil {
		return false
	}
	if st.Mode&unix.S_IFMT != unix.S_IFCHR || st.Rdev != null.Rdev {
		return false
	}
	fl, err := unix.FcntlInt(1, unix.F_GETFL, 0)
	return err == nil && fl&unix.O_ACCMODE == unix.O_RDWR
}
