package shard

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/montecarlo-risk/montecarlo/sim"
)

// Identity is what makes partials parts of the same run.
type Identity struct {
	ScenarioSHA256 string   `json:"scenario_sha256"`
	Scenario       string   `json:"scenario"` // name or file, for messages
	Seed           uint64   `json:"seed"`
	Trials         int64    `json:"trials"`
	ShardCount     int      `json:"shard_count"`
	Engine         string   `json:"engine_version"`
	Variant        string   `json:"variant,omitempty"`
	Overrides      []string `json:"overrides,omitempty"` // "name=dist", in order
	Sampling       string   `json:"sampling"`            // the sampling design, e.g. "random"
	NaN            string   `json:"nan"`                 // the NaN policy: "fail" or "skip"
	// Compare, for the shards of a comparison or sweep, describes its
	// members in the job's own encoding (job reads it back); "" for a
	// run. Partials merge only if it is the same.
	Compare string `json:"compare,omitempty"`
}

// Partial is the aggregate of some shards of a run.
type Partial struct {
	Identity
	// Shards lists the shard indices aggregated, sorted.
	Shards    []int
	Aggregate *sim.Aggregate
}

// Missing returns the shard indices that p lacks, in order.
func (p *Partial) Missing() []int {
	var out []int
	for i := range p.ShardCount {
		if _, ok := slices.BinarySearch(p.Shards, i); !ok {
			out = append(out, i)
		}
	}
	return out
}

const (
	partialMagic   = "MCPART\x00"
	partialVersion = 1
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// MarshalBinary encodes the partial: a magic number and version, the
// identity and shard list as JSON, the aggregate (sim's own versioned,
// checksummed encoding), and a CRC-32C of everything.
func (p *Partial) MarshalBinary() ([]byte, error) {
	head, err := json.Marshal(struct {
		Identity
		Shards []int `json:"shards"`
	}{p.Identity, p.Shards})
	if err != nil {
		return nil, err
	}
	agg, err := p.Aggregate.MarshalBinary()
	if err != nil {
		return nil, err
	}
	b := []byte(partialMagic)
	b = binary.LittleEndian.AppendUint16(b, partialVersion)
	b = binary.AppendUvarint(b, uint64(len(head)))
	b = append(b, head...)
	b = append(b, agg...)
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, crcTable)), nil
}

// UnmarshalBinary decodes what MarshalBinary wrote, refusing other
// versions and truncated or corrupt data.
func (p *Partial) UnmarshalBinary(data []byte) error {
	head, agg, err := splitPartial(data)
	if err != nil {
		return err
	}
	a := new(sim.Aggregate)
	if err := a.UnmarshalBinary(agg); err != nil {
		return err
	}
	*p = Partial{Identity: head.Identity, Shards: head.Shards, Aggregate: a}
	return nil
}

// partialHead is the JSON header of a partial file.
type partialHead struct {
	Identity
	Shards []int `json:"shards"`
}

// splitPartial checks a partial file's magic number, version and checksum
// and returns its header and the bytes of its aggregate.
func splitPartial(data []byte) (head partialHead, agg []byte, err error) {
	if len(data) < len(partialMagic)+2+4 || !bytes.HasPrefix(data, []byte(partialMagic)) {
		return head, nil, errors.New("not a montecarlo partial file (bad magic number)")
	}
	if v := binary.LittleEndian.Uint16(data[len(partialMagic):]); v != partialVersion {
		return head, nil, fmt.Errorf("partial file format version %d; this engine reads version %d", v, partialVersion)
	}
	body := data[:len(data)-4]
	if crc32.Checksum(body, crcTable) != binary.LittleEndian.Uint32(data[len(data)-4:]) {
		return head, nil, errors.New("the partial file is truncated or corrupt (checksum mismatch)")
	}
	rest := body[len(partialMagic)+2:]
	n, k := binary.Uvarint(rest)
	if k <= 0 || n > uint64(len(rest)-k) {
		return head, nil, errors.New("the partial file is corrupt (bad header length)")
	}
	if err := json.Unmarshal(rest[k:k+int(n)], &head); err != nil {
		return head, nil, fmt.Errorf("the partial file is corrupt (header: %v)", err)
	}
	if head.ShardCount < 1 || head.ShardCount > MaxShards || !slices.IsSorted(head.Shards) || len(head.Shards) == 0 ||
		head.Shards[0] < 0 || head.Shards[len(head.Shards)-1] >= head.ShardCount || len(slices.Compact(slices.Clone(head.Shards))) != len(head.Shards) {
		return head, nil, errors.New("the partial file is corrupt (bad shard list)")
	}
	return head, rest[k+int(n):], nil
}

// mergeEncoded adds the partial data encodes to p, as Merge would once it
// is decoded, adding its counts and sums into p's as they are read.
func (p *Partial) mergeEncoded(data []byte) error {
	head, agg, err := splitPartial(data)
	if err != nil {
		return err
	}
	if err := p.canMerge(&head.Identity, head.Shards); err != nil {
		return err
	}
	if err := p.Aggregate.MergeBinary(agg); err != nil {
		return err
	}
	p.Shards = append(p.Shards, head.Shards...)
	slices.Sort(p.Shards)
	return nil
}

// WriteFile writes p to path atomically: to a temporary file in the same
// folder, synced, then renamed over path, so a reader never sees half a
// file and a retried shard replaces its earlier output.
func (p *Partial) WriteFile(path string) (err error) {
	data, err := p.MarshalBinary()
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil { // readable by a merge job of another user
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// ReadFile reads a partial written by WriteFile.
func ReadFile(path string) (*Partial, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	p := new(Partial)
	if err := p.UnmarshalBinary(data); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}

// FileName is the conventional name of shard s's partial file.
func FileName(s Spec) string { return fmt.Sprintf("part-%06d-of-%06d.mcpart", s.Index, s.Count) }

// Merge adds the shards of o to p. It refuses a partial of another run
// (naming what differs) and shards that p already holds. The result does
// not depend on the order of merging.
func (p *Partial) Merge(o *Partial) error {
	if err := p.canMerge(&o.Identity, o.Shards); err != nil {
		return err
	}
	if err := p.Aggregate.Merge(o.Aggregate); err != nil {
		return err
	}
	p.Shards = append(p.Shards, o.Shards...)
	slices.Sort(p.Shards)
	return nil
}

// canMerge reports why the shards of a partial of run id cannot merge
// into p.
func (p *Partial) canMerge(id *Identity, shards []int) error {
	if err := sameRun(&p.Identity, id); err != nil {
		return err
	}
	for _, s := range shards {
		if _, dup := slices.BinarySearch(p.Shards, s); dup {
			return fmt.Errorf("shard %d/%d is given twice", s, p.ShardCount)
		}
	}
	return nil
}

// sameRun reports how b's run differs from a's.
func sameRun(a, b *Identity) error {
	var diffs []string
	add := func(what string, x, y any) {
		diffs = append(diffs, fmt.Sprintf("%s %v against %v", what, x, y))
	}
	if a.ScenarioSHA256 != b.ScenarioSHA256 {
		add("scenario", short(a), short(b))
	}
	if a.Seed != b.Seed {
		add("seed", a.Seed, b.Seed)
	}
	if a.Trials != b.Trials {
		add("trials", a.Trials, b.Trials)
	}
	if a.ShardCount != b.ShardCount {
		add("shard count", a.ShardCount, b.ShardCount)
	}
	if a.Engine != b.Engine {
		add("engine version", a.Engine, b.Engine)
	}
	if a.NaN != b.NaN {
		add("NaN policy", a.NaN, b.NaN)
	}
	if a.Sampling != b.Sampling {
		add("sampling design", a.Sampling, b.Sampling)
	}
	if a.Variant != b.Variant {
		add("variant", q(a.Variant), q(b.Variant))
	}
	if !slices.Equal(a.Overrides, b.Overrides) {
		add("overrides", q(strings.Join(a.Overrides, "; ")), q(strings.Join(b.Overrides, "; ")))
	}
	if a.Compare != b.Compare {
		what := func(c string) string {
			if c == "" {
				return "a run"
			}
			return "a comparison"
		}
		if (a.Compare == "") != (b.Compare == "") {
			add("kind", what(a.Compare), what(b.Compare))
		} else {
			add("members", "of one comparison", "of another")
		}
	}
	if len(diffs) > 0 {
		return fmt.Errorf("the partials are of different runs: %s; merge only the shards of one run", strings.Join(diffs, ", "))
	}
	return nil
}

func short(id *Identity) string {
	h := id.ScenarioSHA256
	if len(h) > 12 {
		h = h[:12]
	}
	return fmt.Sprintf("%s (sha256 %s)", id.Scenario, h)
}

func q(s string) string { return fmt.Sprintf("%q", s) }

// MergeFiles reads the partial files in paths one at a time (memory does
// not grow with their number) and merges them. Unless allowMissing, every
// shard of the run must be present; the error names the missing ones.
func MergeFiles(paths []string, allowMissing bool) (*Partial, error) {
	if len(paths) == 0 {
		return nil, errors.New("merge: no partial files given")
	}
	total, err := ReadFile(paths[0])
	if err != nil {
		return nil, err
	}
	// The others are added into the first as they are read: nothing of
	// theirs is kept but their sample blocks.
	for _, path := range paths[1:] {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		if err := total.mergeEncoded(data); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	if m := total.Missing(); len(m) > 0 && !allowMissing {
		return nil, fmt.Errorf("merge: %d of %d shards are missing (%s); run them, or pass --allow-missing for a smaller run",
			len(m), total.ShardCount, shardList(m, total.ShardCount))
	}
	return total, nil
}

// shardList names up to ten shards.
func shardList(m []int, n int) string {
	var parts []string
	for i, s := range m {
		if i == 10 {
			parts = append(parts, fmt.Sprintf("and %d more", len(m)-10))
			break
		}
		parts = append(parts, fmt.Sprintf("%d/%d", s, n))
	}
	return strings.Join(parts, ", ")
}
