package report

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// writeHook, when set (by tests), is called before each file is written
// into the temporary folder; an error it returns fails WriteFolder there.
var writeHook func(name string) error

// reportExts are the extensions of the files a report folder holds.
var reportExts = map[string]bool{".md": true, ".html": true, ".csv": true, ".json": true, ".png": true, ".svg": true, ".pdf": true}

// WriteFolder writes files as the folder dir, atomically: readers see the
// previous folder or the complete new one, never a mix or a partial file.
// It also removes what a killed earlier run left beside dir (see
// removeStale).
//
// The files are written into a new temporary directory beside dir (same
// parent, so the same file system), each synced to disk. Then dir, if it
// exists, is renamed to a backup name, the temporary directory is renamed
// to dir and the backup is removed. On any error, or when ctx is cancelled
// (Ctrl-C) before the swap, the temporary directory is removed and dir is
// untouched; if the second rename fails, the backup is renamed back.
//
// Because the whole of dir is replaced, an existing dir must be empty or a
// previous report: it must hold result.json (or, for a comparison report,
// compare.json) from montecarlo and nothing but regular .md, .html, .csv,
// .json, .png, .svg and .pdf files. Anything else is an error, so that --out
// never deletes unrelated files.
func WriteFolder(ctx context.Context, dir string, files []File) (err error) {
	if dir == "" {
		return errors.New("report: no folder given")
	}
	dir = filepath.Clean(dir)
	if err := replaceable(dir); err != nil {
		return err
	}
	parent, base := filepath.Split(dir)
	if parent == "" {
		parent = "."
	}
	if base == "" || base == "." || base == ".." {
		return fmt.Errorf("report: %s: give the report folder a name of its own, e.g. %s", dir, filepath.Join(dir, "montecarlo-report"))
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err = os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	for _, f := range files {
		if err = ctx.Err(); err != nil {
			return err
		}
		if writeHook != nil {
			if err = writeHook(f.Name); err != nil {
				return fmt.Errorf("writing %s: %w", filepath.Join(dir, f.Name), err)
			}
		}
		if err = writeSynced(filepath.Join(tmp, f.Name), f.Data); err != nil {
			return fmt.Errorf("writing %s: %w", filepath.Join(dir, f.Name), err)
		}
	}
	syncDir(tmp)
	if err = ctx.Err(); err != nil {
		return err
	}
	backup := ""
	if _, serr := os.Lstat(dir); serr == nil {
		b, berr := os.MkdirTemp(parent, "."+base+".old-")
		if berr != nil {
			return berr
		}
		os.Remove(b) // only its unique name is needed
		if err = os.Rename(dir, b); err != nil {
			return err
		}
		backup = b
	}
	if err = os.Rename(tmp, dir); err != nil {
		if backup != "" {
			os.Rename(backup, dir)
		}
		return err
	}
	syncDir(parent)
	if backup != "" {
		if rerr := os.RemoveAll(backup); rerr != nil {
			return fmt.Errorf("report: wrote %s but could not remove the previous report %s: %w", dir, backup, rerr)
		}
	}
	removeStale(parent, base, time.Now())
	return nil
}

// staleAge is how old a leftover temporary or backup folder must be before
// WriteFolder removes it: older than any report still being written.
const staleAge = 10 * time.Minute

// removeStale removes, best effort, the temporary and backup folders of
// base in parent that a killed run left behind (".base.tmp-*" and
// ".base.old-*"), if older than staleAge and holding nothing but report
// files: SIGKILL or a power cut gives WriteFolder no chance to clean up.
func removeStale(parent, base string, now time.Time) {
	for _, pattern := range []string{"." + base + ".tmp-*", "." + base + ".old-*"} {
		matches, _ := filepath.Glob(filepath.Join(parent, pattern))
		for _, m := range matches {
			fi, err := os.Lstat(m)
			if err != nil || !fi.IsDir() || now.Sub(fi.ModTime()) < staleAge || !onlyReportFiles(m) {
				continue
			}
			os.RemoveAll(m)
		}
	}
}

// onlyReportFiles reports whether dir holds nothing but regular files with
// a report's extensions.
func onlyReportFiles(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !reportExts[strings.ToLower(filepath.Ext(e.Name()))] {
			return false
		}
	}
	return true
}

// replaceable checks that dir does not exist, is empty, or holds a
// previous report and nothing else.
func replaceable(dir string) error {
	fi, err := os.Lstat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	} else if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("report: %s exists and is not a folder", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	var foreign []string
	for _, e := range entries {
		if !e.Type().IsRegular() || !reportExts[strings.ToLower(filepath.Ext(e.Name()))] {
			foreign = append(foreign, e.Name())
		}
	}
	isReport := false
	if b, err := os.ReadFile(filepath.Join(dir, ResultFile)); err == nil {
		var doc struct{ Schema string }
		isReport = json.Unmarshal(b, &doc) == nil && strings.HasPrefix(doc.Schema, "montecarlo-result/")
	}
	if b, err := os.ReadFile(filepath.Join(dir, CompareFile)); err == nil { // a comparison report
		var doc struct{ Schema string }
		isReport = isReport || json.Unmarshal(b, &doc) == nil && strings.HasPrefix(doc.Schema, "montecarlo-compare/")
	}
	if !isReport || len(foreign) > 0 {
		why := "it holds no montecarlo " + ResultFile
		if len(foreign) > 0 {
			if len(foreign) > 3 {
				foreign = append(foreign[:3], "...")
			}
			why = "it holds files that are not part of a report (" + strings.Join(foreign, ", ") + ")"
		}
		return fmt.Errorf("report: %s is not empty and not a previous report (%s); the report replaces the whole folder, so choose a new folder name", dir, why)
	}
	return nil
}

func writeSynced(path string, data []byte) (err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	return f.Sync()
}

// syncDir makes renames in dir durable; best effort, as not every file
// system can sync a directory.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
