import { describe, expect, it } from "vitest";
import { createReadiness } from "./health";

describe("createReadiness", () => {
  it("is ready only when every check passes, and says which failed", async () => {
    let databaseUp = true;
    const readiness = createReadiness([
      { name: "database", run: async () => { if (!databaseUp) throw new Error("connection refused"); } },
      { name: "blob store", run: async () => {} },
    ], { cacheMs: 0 });
    expect(await readiness.probe()).toEqual({ ready: true, checks: { database: { ok: true }, "blob store": { ok: true } } });
    databaseUp = false;
    expect(await readiness.probe()).toEqual({ ready: false, checks: { database: { ok: false, error: "connection refused" }, "blob store": { ok: true } } });
  });

  it("shares one evaluation between concurrent and recent probes", async () => {
    let runs = 0;
    const readiness = createReadiness([{ name: "database", run: async () => { runs += 1; await new Promise((resolve) => setTimeout(resolve, 20)); } }], { cacheMs: 60_000 });
    await Promise.all([readiness.probe(), readiness.probe(), readiness.probe()]);
    await readiness.probe();
    expect(runs).toBe(1);
  });

  it("fails a check that hangs, and answers unready once stopping", async () => {
    const readiness = createReadiness([{ name: "database", run: () => new Promise(() => {}) }], { cacheMs: 0, timeoutMs: 50 });
    expect((await readiness.probe()).checks.database).toEqual({ ok: false, error: "database did not answer within 50 ms" });
    readiness.markStopping();
    expect((await readiness.probe()).ready).toBe(false);
  });
});
