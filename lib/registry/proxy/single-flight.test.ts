import { describe, expect, it } from "vitest";
import { SingleFlight } from "./single-flight";

describe("SingleFlight", () => {
  it("runs the work once for concurrent callers and shares its result", async () => {
    const flights = new SingleFlight<number>();
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const work = async () => {
      runs += 1;
      await gate;
      return 42;
    };
    const calls = Array.from({ length: 8 }, () => flights.run("blob", work));
    expect(calls.filter((call) => call.isLeader)).toHaveLength(1);
    expect(flights.has("blob")).toBe(true);
    release();
    expect(await Promise.all(calls.map((call) => call.promise))).toEqual(Array(8).fill(42));
    expect(runs).toBe(1);
    expect(flights.has("blob")).toBe(false);
  });

  it("shares a failure, then lets the next caller try again", async () => {
    const flights = new SingleFlight<string>();
    const first = flights.run("k", async () => {
      throw new Error("upstream down");
    });
    const follower = flights.run("k", async () => "never");
    await expect(first.promise).rejects.toThrow("upstream down");
    await expect(follower.promise).rejects.toThrow("upstream down");
    const retry = flights.run("k", async () => "ok");
    expect(retry.isLeader).toBe(true);
    expect(await retry.promise).toBe("ok");
  });
});
