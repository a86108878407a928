// Package deploy holds the recipes that run montecarlo on cluster batch
// engines (k8s/: a Kubernetes Indexed Job and its merge Job; aws-batch/:
// AWS Batch job definitions and the submit script) and the tests that
// check them: that they parse as what they claim to be, and that the
// shards and the merge agree on image, shard count and paths.
package deploy
