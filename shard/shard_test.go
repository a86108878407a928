package shard

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/montecarlo-risk/montecarlo/scenario"
	"github.com/montecarlo-risk/montecarlo/sim"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Spec
		err  string
	}{
		{"3/100", Spec{3, 100}, ""},
		{" 0 / 1 ", Spec{0, 1}, ""},
		{"100/100", Spec{}, "between 0 and 99"},
		{"-1/4", Spec{}, "between 0 and 3"},
		{"1/0", Spec{}, "between 1 and"},
		{"3", Spec{}, "K/N"},
		{"a/b", Spec{}, "whole numbers"},
	} {
		got, err := Parse(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("Parse(%q) = %v, %v; want an error with %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("Parse(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

func TestFromEnv(t *testing.T) {
	for _, tc := range []struct {
		engine string
		env    map[string]string
		count  int
		want   Spec
		err    string
	}{
		{"slurm", map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "8", "SLURM_ARRAY_TASK_MIN": "0"}, 0, Spec{3, 8}, ""},
		{"slurm", map[string]string{"SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_COUNT": "8", "SLURM_ARRAY_TASK_MIN": "1"}, 0, Spec{3, 8}, ""},
		{"slurm", map[string]string{}, 0, Spec{}, "SLURM_ARRAY_TASK_ID is not set"},
		{"slurm", map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "8"}, 4, Spec{}, "disagrees"},
		{"k8s", map[string]string{"JOB_COMPLETION_INDEX": "7"}, 10, Spec{7, 10}, ""},
		{"k8s", map[string]string{"JOB_COMPLETION_INDEX": "7"}, 0, Spec{}, "--shard-count"},
		{"k8s", map[string]string{"JOB_COMPLETION_INDEX": "10"}, 10, Spec{}, "between 0 and 9"},
		{"aws-batch", map[string]string{"AWS_BATCH_JOB_ARRAY_INDEX": "0", "AWS_BATCH_JOB_ARRAY_SIZE": "2"}, 0, Spec{0, 2}, ""},
		{"gcp-batch", map[string]string{"BATCH_TASK_INDEX": "1", "BATCH_TASK_COUNT": "2"}, 0, Spec{1, 2}, ""},
		{"lsf", map[string]string{"LSB_JOBINDEX": "1"}, 5, Spec{0, 5}, ""},
		{"lsf", map[string]string{"LSB_JOBINDEX": "0"}, 5, Spec{}, "between 0 and 4"}, // 0 = not an array job
		{"sge", map[string]string{"SGE_TASK_ID": "5", "SGE_TASK_FIRST": "1", "SGE_TASK_LAST": "10"}, 0, Spec{4, 10}, ""},
		{"pbs", map[string]string{"PBS_ARRAY_INDEX": "2"}, 3, Spec{2, 3}, ""},
		{"htcondor", map[string]string{"MONTECARLO_SHARD_INDEX": "2"}, 3, Spec{2, 3}, ""},
		{"nomad", map[string]string{"NOMAD_ALLOC_INDEX": "x"}, 3, Spec{}, "not a whole number"},
		{"yarn", nil, 3, Spec{}, "unknown engine"},
	} {
		got, err := FromEnv(tc.engine, func(k string) string { return tc.env[k] }, tc.count)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s %v: %v, %v; want an error with %q", tc.engine, tc.env, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s %v: %v, %v; want %v", tc.engine, tc.env, got, err, tc.want)
		}
	}
}

// TestBlocksPartition: the shards' ranges are contiguous and cover every
// block exactly once.
func TestBlocksPartition(t *testing.T) {
	for _, trials := range []int64{1, 1000, 1024, 100_000, 1e7 + 3} {
		for _, n := range []int{1, 2, 3, 7, 100, 5000} {
			next := int64(0)
			for k := range n {
				r := Spec{k, n}.Blocks(trials)
				if r.Lo != next || r.Hi < r.Lo {
					t.Fatalf("%d trials, shard %d/%d: %v after %d", trials, k, n, r, next)
				}
				next = r.Hi
			}
			if next != sim.Blocks(trials) {
				t.Errorf("%d trials, %d shards: cover %d of %d blocks", trials, n, next, sim.Blocks(trials))
			}
		}
	}
}

// runShards runs every shard of openai-2024 and writes its partial file.
func runShards(t *testing.T, dir string, n int, cfg sim.Config, id Identity) []string {
	t.Helper()
	s, err := scenario.Builtin("openai-2024")
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for k := range n {
		spec := Spec{k, n}
		c := cfg
		c.Blocks = spec.Blocks(cfg.Trials)
		a, err := sim.RunAggregate(context.Background(), s.Model, c)
		if err != nil {
			t.Fatal(err)
		}
		p := &Partial{Identity: id, Shards: []int{k}, Aggregate: a}
		path := filepath.Join(dir, FileName(spec))
		if err := p.WriteFile(path); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	return paths
}

// TestMergeEqualsOneRun: the shards of a periodic scenario merged in
// shuffled orders, and as partials of partials, give the single run's
// result bit for bit.
func TestMergeEqualsOneRun(t *testing.T) {
	s, _ := scenario.Builtin("openai-2024")
	cfg := sim.Config{Trials: 70*sim.BlockSize + 11, Seed: 42}
	want, err := sim.Run(context.Background(), s.Model, cfg)
	if err != nil {
		t.Fatal(err)
	}
	id := Identity{ScenarioSHA256: "abc", Scenario: "openai-2024", Seed: 42, Trials: cfg.Trials, ShardCount: 5, Engine: "test", Sampling: "random"}
	paths := runShards(t, t.TempDir(), 5, cfg, id)
	rng := rand.New(rand.NewPCG(1, 1))
	for range 3 {
		rng.Shuffle(len(paths), func(i, j int) { paths[i], paths[j] = paths[j], paths[i] })
		got, err := MergeFiles(paths, false)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Aggregate.Result(), want) {
			t.Error("merged shards differ from one run")
		}
	}
	// A merge tree: merge two halves, save them, merge the saved halves.
	dir := t.TempDir()
	left, err := MergeFiles(paths[:2], true)
	if err != nil {
		t.Fatal(err)
	}
	right, err := MergeFiles(paths[2:], true)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range []*Partial{left, right} {
		if err := p.WriteFile(filepath.Join(dir, []string{"l", "r"}[i])); err != nil {
			t.Fatal(err)
		}
	}
	tree, err := MergeFiles([]string{filepath.Join(dir, "r"), filepath.Join(dir, "l")}, false)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(tree.Aggregate.Result(), want) {
		t.Error("a merge tree differs from one run")
	}
}

func TestMergeRefuses(t *testing.T) {
	cfg := sim.Config{Trials: 8 * sim.BlockSize, Seed: 1}
	id := Identity{ScenarioSHA256: "abc", Scenario: "openai-2024", Seed: 1, Trials: cfg.Trials, ShardCount: 4, Engine: "test", Sampling: "random"}
	dir := t.TempDir()
	paths := runShards(t, dir, 4, cfg, id)
	other := id
	other.Seed = 2
	cfgOther := cfg
	cfgOther.Seed = 2
	otherPaths := runShards(t, t.TempDir(), 4, cfgOther, other)
	corrupt := filepath.Join(dir, "corrupt.mcpart")
	data, _ := os.ReadFile(paths[0])
	data[len(data)/2] ^= 1
	os.WriteFile(corrupt, data, 0o644)
	truncated := filepath.Join(dir, "truncated.mcpart")
	os.WriteFile(truncated, data[:len(data)/3], 0o644)
	for _, tc := range []struct {
		name  string
		paths []string
		want  string
	}{
		{"missing", paths[:3], "1 of 4 shards are missing (3/4)"},
		{"duplicate", []string{paths[0], paths[1], paths[1]}, "shard 1/4 is given twice"},
		{"other seed", []string{paths[0], otherPaths[1]}, "seed 1 against 2"},
		{"corrupt", []string{paths[1], corrupt}, "corrupt"},
		{"truncated", []string{truncated}, "corrupt"},
		{"none", nil, "no partial files"},
	} {
		if _, err := MergeFiles(tc.paths, false); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error with %q", tc.name, err, tc.want)
		}
	}
	// With missing shards allowed, the result is the smaller run.
	p, err := MergeFiles(paths[:3], true)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Aggregate.Trials(); got != 6*sim.BlockSize {
		t.Errorf("3 of 4 shards hold %d trials, want %d", got, 6*sim.BlockSize)
	}
	// No temporary files are left beside the partials.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

func TestCPUs(t *testing.T) {
	for _, tc := range []struct {
		engine string
		env    map[string]string
		want   int
	}{
		{"slurm", map[string]string{"SLURM_CPUS_ON_NODE": "4"}, 4},
		{"slurm", map[string]string{}, 0},
		{"slurm", map[string]string{"SLURM_CPUS_ON_NODE": "x"}, 0},
		{"slurm", map[string]string{"SLURM_CPUS_ON_NODE": "0"}, 0},
		{"lsf", map[string]string{"LSB_DJOB_NUMPROC": " 8 "}, 8},
		{"pbs", map[string]string{"NCPUS": "2"}, 2},
		{"sge", map[string]string{"NSLOTS": "3"}, 3},
		{"htcondor", map[string]string{"OMP_NUM_THREADS": "6"}, 6},
		{"k8s", map[string]string{"SLURM_CPUS_ON_NODE": "4"}, 0}, // the Go runtime reads the container's CPU limit
		{"nope", map[string]string{}, 0},
	} {
		if got := CPUs(tc.engine, func(k string) string { return tc.env[k] }); got != tc.want {
			t.Errorf("CPUs(%s, %v) = %d, want %d", tc.engine, tc.env, got, tc.want)
		}
	}
}
