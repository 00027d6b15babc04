/** Background jobs in PostgreSQL (pg-boss): define, enqueue, schedule, start and stop. */
export { defineJob, type JobContext, type JobDefinition, type JobKind } from "./job-definition";
export { enqueueJob, getJobState, scheduleJob, startJobs, stopJobs, type EnqueueOptions, type JobState, type StartJobsOptions } from "./job-runtime";
