package job

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// duckdbScript reads a trials file with DuckDB's Node.js API and prints,
// as JSON, its columns and their types, its row count, the sum of its
// trial column, its key/value metadata and every value of three trials.
const duckdbScript = `
const { DuckDBInstance } = require('@duckdb/node-api');
(async () => {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const f = "read_parquet('" + process.argv[2] + "')";
  const rows = async (q) => (await c.runAndReadAll(q)).getRowObjectsJson();
  const out = {
    columns: (await rows('DESCRIBE SELECT * FROM ' + f)).map(r => [r.column_name, r.column_type]),
    count: (await rows('SELECT count(*)::DOUBLE AS n, sum(trial)::DOUBLE AS s FROM ' + f))[0],
    meta: Object.fromEntries((await rows("SELECT key::VARCHAR AS k, value::VARCHAR AS v FROM parquet_kv_metadata('" + process.argv[2] + "')")).map(r => [r.k, r.v])),
    trials: await rows('SELECT * FROM ' + f + ' WHERE trial IN (0, 1234, 4999) ORDER BY trial'),
  };
  console.log(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(1); });
`

// TestTrialsOutDuckDB reads a Parquet export with DuckDB, an independent
// reader, when node and its @duckdb/node-api module are installed (.ci/run
// installs the module with npm and sets NODE_PATH); else it skips. DuckDB
// must see the columns in the CSV's order with their types, every trial,
// the provenance, and the values parquet-go reads, bit for bit.
func TestTrialsOutDuckDB(t *testing.T) {
	os.Getenv("NODE_PATH") // where node finds the module: read here so that go test's cache keys on it
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("no node: DuckDB's reader is not checked")
	}
	if err := exec.Command(node, "-e", "require.resolve('@duckdb/node-api')").Run(); err != nil {
		t.Skip("no @duckdb/node-api module for node (set NODE_PATH): DuckDB's reader is not checked")
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "t.parquet")
	runTrials(t, periodicScenario, Options{Trials: 5000, TrialsOut: out})
	script := filepath.Join(dir, "read.js")
	os.WriteFile(script, []byte(duckdbScript), 0o644)
	b, err := exec.Command(node, script, out).Output()
	if err != nil {
		t.Fatalf("DuckDB: %v", err)
	}
	var got struct {
		Columns [][2]string
		Count   struct{ N, S float64 }
		Meta    map[string]string
		Trials  []map[string]any
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("DuckDB printed %s: %v", b, err)
	}
	tf := readTrials(t, out)
	if len(got.Columns) != len(tf.names) {
		t.Fatalf("DuckDB sees columns %v, parquet-go %v", got.Columns, tf.names)
	}
	for i, c := range got.Columns {
		want := "DOUBLE"
		if i == 0 {
			want = "BIGINT"
		}
		if c[0] != tf.names[i] || c[1] != want {
			t.Errorf("DuckDB column %d is %s %s, want %s %s", i, c[0], c[1], tf.names[i], want)
		}
	}
	if got.Count.N != 5000 || got.Count.S != 4999*5000/2 {
		t.Errorf("DuckDB counts %v trials summing to %v", got.Count.N, got.Count.S)
	}
	for k, v := range tf.meta {
		if got.Meta[k] != v {
			t.Errorf("DuckDB metadata %s = %q, parquet-go's %q", k, got.Meta[k], v)
		}
	}
	if len(got.Trials) != 3 {
		t.Fatalf("DuckDB found %d of trials 0, 1234 and 4999", len(got.Trials))
	}
	for _, row := range got.Trials {
		trial, _ := strconv.Atoi(row["trial"].(string)) // a BIGINT comes as a string
		for c, name := range tf.names[1:] {
			v, ok := row[name].(float64)
			if want := tf.rows[trial][c]; !ok || math.Float64bits(v) != math.Float64bits(want) {
				t.Errorf("trial %d %s: DuckDB reads %v, parquet-go %v", trial, name, row[name], want)
			}
		}
	}
}
