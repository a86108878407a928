package report

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
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
var reportExts = map[string]bool{".sha256": true, ".md": true, ".html": true, ".csv": true, ".json": true, ".png": true, ".svg": true, ".pdf": true}

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
	// A symbolic link to a folder stands for that folder: the report
	// replaces the folder and keeps the link.
	if fi, err := os.Lstat(dir); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		if target, err := filepath.EvalSymlinks(dir); err == nil {
			dir = target
		}
	}
	if err := replaceable(dir); err != nil {
		return err
	}
	files = append(files[:len(files):len(files)], File{Name: ManifestFile, Data: manifest(files)})
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
		return &NotReplaceableError{Dir: dir, Why: "it exists and is not a folder"}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	record, err := readManifest(dir)
	if err != nil {
		return &NotReplaceableError{Dir: dir, Why: "it is not empty and holds no " + ManifestFile + " record of a report (" + names(entries) + ")"}
	}
	var foreign []string
	for _, e := range entries {
		if e.Name() == ManifestFile {
			continue
		}
		want, ok := record[e.Name()]
		if !ok || !e.Type().IsRegular() {
			foreign = append(foreign, e.Name())
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil || sha256Hex(b) != want {
			foreign = append(foreign, e.Name()+" (changed since the report wrote it)")
		}
	}
	if len(foreign) > 0 {
		return &NotReplaceableError{Dir: dir, Why: "it holds files the report did not write: " + strings.Join(foreign, ", "), Files: foreign}
	}
	return nil
}

// NotReplaceableError is WriteFolder's refusal to replace a folder that
// is not, exactly, a report it wrote: the files it names would be lost.
type NotReplaceableError struct {
	Dir   string
	Why   string
	Files []string // files the report did not write (or that changed since)
}

func (e *NotReplaceableError) Error() string {
	return fmt.Sprintf("report: %s cannot be replaced: %s; the report replaces the whole folder, so move those files or choose a new folder name", e.Dir, e.Why)
}

// ManifestFile is the record of the files a report folder holds, in
// sha256sum's format (so that `sha256sum -c` checks it): WriteFolder
// replaces only a folder whose files are exactly those it records, unchanged.
const ManifestFile = "manifest.sha256"

func manifest(files []File) []byte {
	var b strings.Builder
	for _, f := range files {
		fmt.Fprintf(&b, "%s  %s\n", sha256Hex(f.Data), f.Name)
	}
	return []byte(b.String())
}

func readManifest(dir string) (map[string]string, error) {
	b, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		sum, name, ok := strings.Cut(line, "  ")
		if !ok || len(sum) != 64 || name == "" {
			return nil, errors.New("bad manifest")
		}
		m[name] = sum
	}
	return m, nil
}

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func names(entries []os.DirEntry) string {
	var n []string
	for i, e := range entries {
		if i == 3 {
			n = append(n, "...")
			break
		}
		n = append(n, e.Name())
	}
	return strings.Join(n, ", ")
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
