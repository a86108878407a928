package shard

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/montecarlo-risk/montecarlo/sim"
)

// MaxShards is the largest shard count accepted.
const MaxShards = 1_000_000

// Spec is shard Index (0-based) of Count.
type Spec struct {
	Index, Count int
}

// Parse reads a spec written "K/N": shard K (0-based) of N.
func Parse(s string) (Spec, error) {
	k, n, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok {
		return Spec{}, fmt.Errorf("shard %q: write it K/N, shard K (counted from 0) of N, e.g. 3/100", s)
	}
	ki, err1 := strconv.Atoi(strings.TrimSpace(k))
	ni, err2 := strconv.Atoi(strings.TrimSpace(n))
	if err1 != nil || err2 != nil {
		return Spec{}, fmt.Errorf("shard %q: K and N must be whole numbers, e.g. 3/100", s)
	}
	return Spec{ki, ni}.check(fmt.Sprintf("shard %q", s))
}

func (s Spec) check(what string) (Spec, error) {
	switch {
	case s.Count < 1 || s.Count > MaxShards:
		return Spec{}, fmt.Errorf("%s: the shard count must be between 1 and %d, got %d", what, MaxShards, s.Count)
	case s.Index < 0 || s.Index >= s.Count:
		return Spec{}, fmt.Errorf("%s: the shard index must be between 0 and %d (shards count from 0), got %d", what, s.Count-1, s.Index)
	}
	return s, nil
}

// String returns the spec as "K/N".
func (s Spec) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// Blocks returns the shard's range of the blocks of a run of the given
// trials: the Index-th of Count contiguous ranges, as equal as whole blocks
// allow. A shard may be empty when there are fewer blocks than shards.
func (s Spec) Blocks(trials int64) sim.BlockRange {
	b := sim.Blocks(trials)
	return sim.BlockRange{Lo: b * int64(s.Index) / int64(s.Count), Hi: b * int64(s.Index+1) / int64(s.Count)}
}

// Engine describes where a batch engine puts a task's index and count.
type Engine struct {
	Name  string
	Index string // variable holding the index
	Base  int    // the index of the first task: 0 or 1
	Count string // variable holding the count, "" if the engine sets none
	// First and Last, when set, hold the range of indices (Grid Engine),
	// from which the count follows.
	First, Last string
	// CPUs, when set, holds the number of CPUs the engine gave the task;
	// a shard then runs that many workers unless --workers says otherwise.
	// Container engines (k8s, AWS and Google Cloud Batch) set a CPU limit
	// instead, which the Go runtime reads itself.
	CPUs string
}

// Engines lists the batch engines FromEnv knows, by the name --shard-from
// takes (see shared notes: each engine's documentation).
var Engines = []Engine{
	{Name: "slurm", Index: "SLURM_ARRAY_TASK_ID", Count: "SLURM_ARRAY_TASK_COUNT", First: "SLURM_ARRAY_TASK_MIN", CPUs: "SLURM_CPUS_ON_NODE"},
	{Name: "k8s", Index: "JOB_COMPLETION_INDEX"},
	{Name: "aws-batch", Index: "AWS_BATCH_JOB_ARRAY_INDEX", Count: "AWS_BATCH_JOB_ARRAY_SIZE"},
	{Name: "gcp-batch", Index: "BATCH_TASK_INDEX", Count: "BATCH_TASK_COUNT"},
	{Name: "lsf", Index: "LSB_JOBINDEX", Base: 1, CPUs: "LSB_DJOB_NUMPROC"},
	{Name: "pbs", Index: "PBS_ARRAY_INDEX", CPUs: "NCPUS"},
	{Name: "sge", Index: "SGE_TASK_ID", Base: 1, First: "SGE_TASK_FIRST", Last: "SGE_TASK_LAST", CPUs: "NSLOTS"},
	{Name: "htcondor", Index: "MONTECARLO_SHARD_INDEX", CPUs: "OMP_NUM_THREADS"},
	{Name: "nomad", Index: "NOMAD_ALLOC_INDEX"},
}

// CPUs returns the number of CPUs the named engine gave the task, read
// with getenv, or 0 when the engine names none or the variable is unset or
// not a positive whole number (the run then uses every core it sees).
func CPUs(engine string, getenv func(string) string) int {
	for _, e := range Engines {
		if e.Name == engine && e.CPUs != "" {
			if n, err := strconv.Atoi(strings.TrimSpace(getenv(e.CPUs))); err == nil && n > 0 {
				return n
			}
		}
	}
	return 0
}

// FromEnv returns the spec of the task the named engine runs, read with
// getenv (os.Getenv). count is the shard count given on the command line,
// 0 if none: it is required for engines that set no count variable, and
// must agree with the engine's where it sets one. Nothing is guessed: a
// missing or inconsistent variable is an error naming it.
func FromEnv(engine string, getenv func(string) string, count int) (Spec, error) {
	var e *Engine
	var names []string
	for i := range Engines {
		names = append(names, Engines[i].Name)
		if Engines[i].Name == engine {
			e = &Engines[i]
		}
	}
	if e == nil {
		return Spec{}, fmt.Errorf("--shard-from %q: unknown engine; use one of %s", engine, strings.Join(names, ", "))
	}
	num := func(name string) (int, bool, error) {
		v := strings.TrimSpace(getenv(name))
		if v == "" {
			return 0, false, nil
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return 0, true, fmt.Errorf("--shard-from %s: $%s is %q, not a whole number", engine, name, v)
		}
		return n, true, nil
	}
	idx, ok, err := num(e.Index)
	if err != nil {
		return Spec{}, err
	}
	if !ok {
		return Spec{}, fmt.Errorf("--shard-from %s: $%s is not set: is this task part of a %s array job?", engine, e.Index, engine)
	}
	base := e.Base
	if e.First != "" {
		if first, ok, err := num(e.First); err != nil {
			return Spec{}, err
		} else if ok {
			base = first
		}
	}
	engineCount := 0
	switch {
	case e.Count != "":
		n, ok, err := num(e.Count)
		if err != nil {
			return Spec{}, err
		}
		if ok {
			engineCount = n
		}
	case e.Last != "":
		last, ok, err := num(e.Last)
		if err != nil {
			return Spec{}, err
		}
		if ok {
			engineCount = last - base + 1
		}
	}
	switch {
	case engineCount == 0 && count == 0:
		what := "sets no shard count"
		if e.Count != "" {
			what = "$" + e.Count + " is not set"
		}
		return Spec{}, fmt.Errorf("--shard-from %s: %s; give the count with --shard-count N", engine, what)
	case engineCount != 0 && count != 0 && engineCount != count:
		return Spec{}, fmt.Errorf("--shard-from %s: --shard-count %d disagrees with the engine's count %d", engine, count, engineCount)
	case count == 0:
		count = engineCount
	}
	return Spec{idx - base, count}.check(fmt.Sprintf("--shard-from %s ($%s=%d, first index %d)", engine, e.Index, idx, base))
}
