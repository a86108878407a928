package deploy

import (
	"encoding/json"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	"sigs.k8s.io/yaml"
)

// flagValue returns the value of --name=VALUE (or "--name VALUE") in args.
func flagValue(args []string, name string) (string, bool) {
	for i, a := range args {
		if v, ok := strings.CutPrefix(a, "--"+name+"="); ok {
			return v, true
		}
		if a == "--"+name && i+1 < len(args) {
			return args[i+1], true
		}
	}
	return "", false
}

func loadJob(t *testing.T, path string) *batchv1.Job {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var j batchv1.Job
	if err := yaml.UnmarshalStrict(b, &j); err != nil {
		t.Fatalf("%s is not a batch/v1 Job: %v", path, err)
	}
	if j.APIVersion != "batch/v1" || j.Kind != "Job" {
		t.Fatalf("%s: %s %s, want batch/v1 Job", path, j.APIVersion, j.Kind)
	}
	if len(j.Spec.Template.Spec.Containers) != 1 {
		t.Fatalf("%s: %d containers, want 1", path, len(j.Spec.Template.Spec.Containers))
	}
	return &j
}

// mountOf returns the volume source name mounted at the start of path.
func mountOf(j *batchv1.Job, path string) string {
	c := j.Spec.Template.Spec.Containers[0]
	for _, m := range c.VolumeMounts {
		if strings.HasPrefix(path, m.MountPath+"/") {
			for _, v := range j.Spec.Template.Spec.Volumes {
				if v.Name == m.Name && v.PersistentVolumeClaim != nil {
					return "pvc:" + v.PersistentVolumeClaim.ClaimName
				}
			}
		}
	}
	return ""
}

// TestKubernetes parses the manifests with the typed batch/v1 API and
// checks the contract: an Indexed Job whose completions are the shard
// count, shards from JOB_COMPLETION_INDEX, partials on a volume the merge
// Job mounts at the same path, one image.
func TestKubernetes(t *testing.T) {
	shards, merge := loadJob(t, "k8s/shards.yaml"), loadJob(t, "k8s/merge.yaml")
	s := shards.Spec
	if s.CompletionMode == nil || *s.CompletionMode != batchv1.IndexedCompletion || s.Completions == nil {
		t.Fatal("shards.yaml is not an Indexed Job with completions")
	}
	sc, mc := s.Template.Spec.Containers[0], merge.Spec.Template.Spec.Containers[0]
	if sc.Image != mc.Image {
		t.Errorf("shards run %s, merge %s: partials of different engines do not merge", sc.Image, mc.Image)
	}
	if sc.Args[0] != "run" || mc.Args[0] != "merge" {
		t.Errorf("commands %v and %v", sc.Args, mc.Args)
	}
	if v, _ := flagValue(sc.Args, "shard-from"); v != "k8s" {
		t.Errorf("shards: --shard-from %q, want k8s", v)
	}
	if v, _ := flagValue(sc.Args, "shard-count"); v != itoa(*s.Completions) {
		t.Errorf("shards: --shard-count %s but completions %d: every shard count must agree", v, *s.Completions)
	}
	parts, ok := flagValue(sc.Args, "partial-out")
	if !ok || !slices.Contains(mc.Args, parts) {
		t.Errorf("shards write %q, merge reads %v", parts, mc.Args)
	}
	if a, b := mountOf(shards, parts), mountOf(merge, parts); a == "" || a != b {
		t.Errorf("the partials dir %s is on %q for the shards and %q for the merge", parts, a, b)
	}
	if s.Template.Spec.RestartPolicy != "Never" {
		t.Errorf("restartPolicy %q: an Indexed Job's failed shard should be retried by the Job (backoffLimitPerIndex)", s.Template.Spec.RestartPolicy)
	}
}

func itoa(n int32) string { b, _ := json.Marshal(n); return string(b) }

type batchDef struct {
	JobDefinitionName   string
	Type                string
	ContainerProperties struct {
		Image   string
		Command []string
	}
}

func loadDef(t *testing.T, path string) batchDef {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var d batchDef
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return d
}

// TestAWSBatch checks the job definitions and the submit script: array
// shards from AWS_BATCH_JOB_ARRAY_INDEX and SIZE, the merge depending on
// the array job, the same image and partials dir.
func TestAWSBatch(t *testing.T) {
	shards, merge := loadDef(t, "aws-batch/shards.json"), loadDef(t, "aws-batch/merge.json")
	sc, mc := shards.ContainerProperties, merge.ContainerProperties
	if sc.Image != mc.Image || shards.Type != "container" {
		t.Errorf("images %s and %s, type %s", sc.Image, mc.Image, shards.Type)
	}
	if v, _ := flagValue(sc.Command, "shard-from"); v != "aws-batch" || sc.Command[0] != "run" {
		t.Errorf("shards command %v", sc.Command)
	}
	if parts, _ := flagValue(sc.Command, "partial-out"); mc.Command[0] != "merge" || !slices.Contains(mc.Command, parts) {
		t.Errorf("shards write %q, merge runs %v", parts, mc.Command)
	}
	script, err := os.ReadFile("aws-batch/submit.sh")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"--array-properties size=", "--depends-on jobId=", "--job-definition " + shards.JobDefinitionName, "--job-definition " + merge.JobDefinitionName} {
		if !strings.Contains(string(script), want) {
			t.Errorf("submit.sh lacks %q", want)
		}
	}
	if sh, err := exec.LookPath("sh"); err == nil {
		if out, err := exec.Command(sh, "-n", "aws-batch/submit.sh").CombinedOutput(); err != nil {
			t.Errorf("submit.sh: %v: %s", err, out)
		}
	}
}

// TestDockerfile: the image builds the command with the version variable
// the command declares, and every recipe runs an image of that name.
func TestDockerfile(t *testing.T) {
	b, err := os.ReadFile("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	app, err := os.ReadFile("../cmd/montecarlo/app.go")
	if err != nil {
		t.Fatal(err)
	}
	df := string(b)
	if !strings.Contains(df, "./cmd/montecarlo") || !strings.Contains(df, "CGO_ENABLED=0") {
		t.Error("the Dockerfile does not build a static ./cmd/montecarlo")
	}
	if m := regexp.MustCompile(`-X main\.(\w+)=`).FindStringSubmatch(df); m == nil || !strings.Contains(string(app), "var "+m[1]+" = ") {
		t.Errorf("the Dockerfile sets main.%v, which cmd/montecarlo does not declare", m)
	}
	if !strings.Contains(loadJob(t, "k8s/shards.yaml").Spec.Template.Spec.Containers[0].Image, "/montecarlo:") {
		t.Error("the Kubernetes recipe does not run the montecarlo image")
	}
}
