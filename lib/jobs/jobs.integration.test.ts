import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { testDatabaseUrl, uniqueSuffix } from "../test/database";
import { defineJob, enqueueJob, getJobState, startJobs, stopJobs, type JobContext } from "./index";

afterEach(async () => {
  await stopJobs();
});

/** Resolves when `predicate` holds, checking every 100 ms for at most `ms`. */
async function waitFor(predicate: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("background jobs (pg-boss on the test database)", () => {
  it("runs an enqueued job once with its data and marks it completed", async () => {
    const seen: Array<{ data: { n: number }; context: JobContext }> = [];
    const job = defineJob<{ n: number }>({
      name: `test-run-${uniqueSuffix()}`,
      handler: async (data, context) => {
        seen.push({ data, context });
      },
    });
    await startJobs({ connectionString: testDatabaseUrl(), jobs: [job], pollingIntervalSeconds: 0.5 });
    const id = await enqueueJob(job, { n: 42 });
    await waitFor(async () => (await getJobState(job, id)) === "completed");
    expect(seen).toHaveLength(1);
    expect(seen[0].data).toEqual({ n: 42 });
    expect(seen[0].context.jobId).toBe(id);
    expect(seen[0].context.retryCount).toBe(0);
  });

  it("retries a job whose handler throws, and fails it for good after retryLimit", async () => {
    let tries = 0;
    const flaky = defineJob<{ failTimes: number }>({
      name: `test-flaky-${uniqueSuffix()}`,
      retryLimit: 1,
      retryDelaySeconds: 0,
      handler: async (data) => {
        tries++;
        if (tries <= data.failTimes) throw new Error(`failure ${tries}`);
      },
    });
    await startJobs({ connectionString: testDatabaseUrl(), jobs: [flaky], pollingIntervalSeconds: 0.5 });
    const recovers = await enqueueJob(flaky, { failTimes: 1 });
    await waitFor(async () => (await getJobState(flaky, recovers)) === "completed");
    expect(tries).toBe(2);

    tries = 0;
    const neverRecovers = await enqueueJob(flaky, { failTimes: 99 });
    await waitFor(async () => (await getJobState(flaky, neverRecovers)) === "failed");
    expect(tries).toBe(2);
  });

  it("aborts running handlers when the server stops, and the job runs again at the next start", async () => {
    const runs: number[] = [];
    const job = defineJob<object>({
      name: `test-stop-${uniqueSuffix()}`,
      retryDelaySeconds: 0,
      handler: async (_data, context) => {
        runs.push(context.retryCount);
        if (context.retryCount > 0) return;
        await new Promise<void>((_resolve, reject) => context.signal.addEventListener("abort", () => reject(context.signal.reason)));
      },
    });
    await startJobs({ connectionString: testDatabaseUrl(), jobs: [job], pollingIntervalSeconds: 0.5 });
    const id = await enqueueJob(job, {});
    await waitFor(() => runs.length === 1);
    await stopJobs();
    expect(await getJobState(job, id)).toBe("retry");
    await startJobs({ connectionString: testDatabaseUrl(), jobs: [job], pollingIntervalSeconds: 0.5 });
    await waitFor(async () => (await getJobState(job, id)) === "completed");
    expect(runs).toEqual([0, 1]);
  });

  it("loses no job when the worker process is killed mid-run: another worker runs it after it expires", async () => {
    const name = `test-crash-${uniqueSuffix()}`;
    const child = spawn(process.execPath, ["--import", "tsx", "lib/jobs/test-support/crash-worker.ts", name], {
      env: { ...process.env, DATABASE_URL: testDatabaseUrl() },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const lines = createInterface({ input: child.stdout! });
    const nextLine = () => new Promise<string>((resolve, reject) => {
      lines.once("line", resolve);
      child.once("exit", (code) => reject(new Error(`crash worker exited with ${code}`)));
    });
    try {
      expect(await nextLine()).toBe("ready");
      const rerun: string[] = [];
      const job = defineJob<{ value: string }>({
        name,
        expireInSeconds: 3,
        retryDelaySeconds: 0,
        handler: async (data) => {
          rerun.push(data.value);
        },
      });
      const id = await enqueueJob(job, { value: "precious" });
      expect(await nextLine()).toBe(`started ${id} precious`);
      child.kill("SIGKILL");
      expect(await getJobState(job, id)).toBe("active");

      await startJobs({ connectionString: testDatabaseUrl(), jobs: [job], pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 });
      await waitFor(async () => (await getJobState(job, id)) === "completed", 30_000);
      expect(rerun).toEqual(["precious"]);
    } finally {
      child.kill("SIGKILL");
    }
  });
});
