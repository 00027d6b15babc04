import { spawn, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { processCpuSeconds, processTreeCpuSeconds } from "./process-cpu";

/** A Node child that keeps one core busy for `milliseconds`. */
const BUSY = (milliseconds: number) => ["-e", `const end = Date.now() + ${milliseconds}; while (Date.now() < end) {}`];

describe.runIf(process.platform === "linux")("a process tree's CPU", () => {
  it("counts children still running and children that ended, beside the process's own", async () => {
    const before = processTreeCpuSeconds(process.pid);
    const own = processCpuSeconds(process.pid);
    // Ended and waited for: it moves into this process's own fields.
    expect(spawnSync(process.execPath, BUSY(400)).status).toBe(0);
    const afterEnded = processTreeCpuSeconds(process.pid);
    expect(afterEnded - before).toBeGreaterThanOrEqual(0.3);
    // Still running: counted from its own fields.
    const running = spawn(process.execPath, BUSY(1500), { stdio: "ignore" });
    const exited = new Promise((resolve) => running.once("exit", resolve));
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(processTreeCpuSeconds(process.pid) - afterEnded).toBeGreaterThanOrEqual(0.3);
    await exited;
    // This process's own CPU did not grow by anything like the children's.
    expect(processCpuSeconds(process.pid) - own).toBeLessThan(afterEnded - before);
  });
});
