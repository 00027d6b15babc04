import { describe, expect, it } from "vitest";
import { createCustomerSchema, parseExpiry, updateCustomerSchema } from "./customer-input";

describe("customer input", () => {
  it("fills the defaults", () => {
    expect(createCustomerSchema.parse({ name: " Acme ", channel: "Stable" })).toEqual({ name: "Acme", channel: "Stable", type: "dev", airgap: false });
  });

  it("reads a date alone as the end of that day in UTC, and keeps a date-time", () => {
    expect(parseExpiry("2027-01-31")?.toISOString()).toBe("2027-01-31T23:59:59.999Z");
    expect(parseExpiry("2027-01-31T12:00:00Z")?.toISOString()).toBe("2027-01-31T12:00:00.000Z");
    expect(parseExpiry("next tuesday")).toBeNull();
    expect(parseExpiry("2027-02-31x")).toBeNull();
  });

  it("says which field is wrong and how to fix it", () => {
    const result = createCustomerSchema.safeParse({ name: "", channel: "Stable", type: "gold", email: "nope", expiresAt: "soon", airgap: "yes" });
    expect(result.success).toBe(false);
    const issues = Object.fromEntries(result.error!.issues.map((issue) => [issue.path.join("."), issue.message]));
    expect(issues).toMatchObject({
      name: "enter the customer's name",
      type: "must be one of dev, trial, paid, community",
      email: "enter a valid e-mail address or leave it empty",
      expiresAt: expect.stringMatching(/2027-01-31/),
      airgap: "must be true or false",
    });
  });

  it("treats an empty e-mail as none, and null expiry as clearing it", () => {
    expect(createCustomerSchema.parse({ name: "A", channel: "Beta", email: "" }).email).toBeNull();
    expect(updateCustomerSchema.parse({ expiresAt: null })).toEqual({ expiresAt: null });
  });
});
