import { describe, expect, it } from "vitest";
import type { RegistryHandlerOptions } from "@/lib/registry/http/context";
import { checkLicenseCached } from "@/lib/registry/http/license-check";

const claim = { customerId: "c1", appId: "a1", fingerprint: "f1" };

/** Handler options with only what the license check reads. */
function optionsWith(answers: (string | null | Error)[], cacheMs: number) {
  const calls: string[] = [];
  const options = {
    licenseCheckCacheMs: cacheMs,
    checkLicense: async (customerId: string, fingerprint: string) => {
      calls.push(`${customerId}/${fingerprint}`);
      const answer = answers.shift() ?? null;
      if (answer instanceof Error) throw answer;
      return answer;
    },
  } as unknown as RegistryHandlerOptions;
  return { options, calls };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the license check cache", () => {
  it("asks once for concurrent requests and reuses the answer within the window", async () => {
    const { options, calls } = optionsWith([null], 10_000);
    const answers = await Promise.all([checkLicenseCached(options, claim), checkLicenseCached(options, claim)]);
    expect(answers).toEqual([null, null]);
    expect(await checkLicenseCached(options, claim)).toBeNull();
    expect(calls).toEqual(["c1/f1"]);
  });

  it("asks again once the window has passed, so a revocation bites", async () => {
    const { options, calls } = optionsWith([null, "license revoked"], 20);
    expect(await checkLicenseCached(options, claim)).toBeNull();
    await sleep(30);
    expect(await checkLicenseCached(options, claim)).toBe("license revoked");
    expect(calls).toHaveLength(2);
  });

  it("does not keep a failed check", async () => {
    const { options, calls } = optionsWith([new Error("database down"), null], 10_000);
    await expect(checkLicenseCached(options, claim)).rejects.toThrow("database down");
    expect(await checkLicenseCached(options, claim)).toBeNull();
    expect(calls).toHaveLength(2);
  });

  it("keeps answers apart per license fingerprint and per handler", async () => {
    const first = optionsWith([null, "license revoked"], 10_000);
    expect(await checkLicenseCached(first.options, claim)).toBeNull();
    expect(await checkLicenseCached(first.options, { ...claim, fingerprint: "f2" })).toBe("license revoked");
    const second = optionsWith(["license revoked"], 10_000);
    expect(await checkLicenseCached(second.options, claim)).toBe("license revoked");
  });

  it("refuses license tokens when the handler has no checker", async () => {
    expect(await checkLicenseCached({} as RegistryHandlerOptions, claim)).toMatch(/not accepted/);
  });
});
