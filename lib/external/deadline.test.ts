import { describe, expect, it } from "vitest";
import { createDeadline, formatSeconds, raceDeadline } from "./deadline";
import { UpstreamError } from "./upstream-error";

describe("deadline", () => {
  it("formats durations for messages", () => {
    expect(formatSeconds(5000)).toBe("5 s");
    expect(formatSeconds(2500)).toBe("2.5 s");
    expect(formatSeconds(300)).toBe("300 ms");
  });

  it("passes a result through in time and turns lateness into a timeout error", async () => {
    const quick = createDeadline(1000);
    await expect(raceDeadline(Promise.resolve(7), quick, "x")).resolves.toBe(7);
    quick.dispose();

    const short = createDeadline(20);
    const never = new Promise<never>(() => {});
    const error = await raceDeadline(never, short, "The DNS lookup of slow.example").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).reason).toBe("timeout");
    expect((error as UpstreamError).message).toBe("The DNS lookup of slow.example did not finish within 20 ms.");
  });
});
