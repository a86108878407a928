#!/bin/sh
# Submits a run of deploy/aws-batch/shards.json as an array job of 100
# shards (AWS_BATCH_JOB_ARRAY_INDEX and AWS_BATCH_JOB_ARRAY_SIZE, which
# --shard-from aws-batch reads), and the merge as a job that runs only if
# every shard succeeded (--depends-on the array job).
#
#   aws batch register-job-definition --cli-input-json file://deploy/aws-batch/shards.json
#   aws batch register-job-definition --cli-input-json file://deploy/aws-batch/merge.json
#   QUEUE=my-queue sh deploy/aws-batch/submit.sh
set -eu
: "${QUEUE:?set QUEUE to the job queue}"
shards=$(aws batch submit-job --job-name montecarlo-shards --job-queue "$QUEUE" \
  --job-definition montecarlo-shard --array-properties size=100 \
  --query jobId --output text)
aws batch submit-job --job-name montecarlo-merge --job-queue "$QUEUE" \
  --job-definition montecarlo-merge --depends-on jobId="$shards" \
  --query jobId --output text
