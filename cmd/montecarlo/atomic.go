package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
)

// writeFileAtomic writes data to dir/name so that readers see either the
// old file or the complete new one, never a partial file: it writes a
// temporary file in dir, syncs it to disk, and renames it over dir/name
// (rename within a directory is atomic on POSIX file systems), then syncs
// dir so that the rename itself survives a crash. dir is created if needed.
// On any error, or when ctx is cancelled before the rename, the temporary
// file is removed and dir/name is untouched.
func writeFileAtomic(ctx context.Context, dir, name string, data []byte) (err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+name+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = ctx.Err(); err != nil {
		return err
	}
	if err = os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		return err
	}
	if d, derr := os.Open(dir); derr == nil {
		// Best effort: not every file system supports syncing a directory.
		d.Sync()
		d.Close()
	}
	return nil
}

// outError wraps an error writing the --out directory.
func outError(dir string, err error) error {
	return fmt.Errorf("writing %s: %w", filepath.Join(dir, resultFile), err)
}
