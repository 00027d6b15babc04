/**
 * With SMTP_URL set, an invitation is mailed as well as shown: a real SMTP conversation
 * with a local sink (smtp-server from npm) on a free loopback port.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as invitationsRoute from "@/app/api/v1/team/invitations/route";
import { callRoute } from "@/lib/test/call-route";
import { uniqueSuffix } from "@/lib/test/database";
import { createTestTeam } from "./test-team";

const received: { to: string[]; body: string }[] = [];
let server: SMTPServer;
let port: number;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let body = "";
      stream.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), body });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.server.address() as AddressInfo).port;
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("invitation mail", () => {
  it("sends the one-time link to the invitee when SMTP_URL is set, and only shows it when not", async () => {
    const team = await createTestTeam("mail");
    const shownOnly = await callRoute(invitationsRoute.POST, { method: "POST", token: team.owner.token, path: "/api/v1/team/invitations", json: { email: `first-${uniqueSuffix()}@example.test`, role: "viewer" } });
    expect(shownOnly.body.mail).toBe("not_configured");

    process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
    const email = `mailed-${uniqueSuffix()}@example.test`;
    const mailed = await callRoute(invitationsRoute.POST, { method: "POST", token: team.owner.token, path: "/api/v1/team/invitations", json: { email, role: "developer" } });
    expect(mailed.status).toBe(201);
    expect(mailed.body.mail).toBe("sent");
    const message = received.find((entry) => entry.to.includes(email));
    expect(message).toBeDefined();
    expect(message!.body.replace(/=\r?\n/g, "")).toContain(mailed.body.invitation.url);
  });
});
