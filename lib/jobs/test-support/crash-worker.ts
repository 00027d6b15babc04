// A worker process for the crash test: runs the job kind named on the command line with
// a handler that announces the job on stdout and then never finishes, so the test can
// kill the process with SIGKILL while the job is active.
import { defineJob, startJobs } from "../index";

const name = process.argv[2];
if (!name || !process.env.DATABASE_URL) {
  console.error("usage: DATABASE_URL=... crash-worker.ts <job name>");
  process.exit(2);
}
const job = defineJob<{ value: string }>({
  name,
  expireInSeconds: 3,
  retryDelaySeconds: 0,
  handler: async (data, context) => {
    process.stdout.write(`started ${context.jobId} ${data.value}\n`);
    await new Promise(() => {});
  },
});
void startJobs({ connectionString: process.env.DATABASE_URL, jobs: [job], pollingIntervalSeconds: 0.5 }).then(() => process.stdout.write("ready\n"));
