/**
 * "Test connection" for an external registry: the real protocol, step by step, each
 * with its own 5 s budget and a plain-words result. Steps stop at the first failure:
 *
 *   resolve       DNS and the address policy (EXTERNAL_REGISTRY_ALLOW), scheme choice
 *   connect       TCP/TLS and `GET /v2/`: is this a registry, and what does it ask for
 *   authenticate  the Basic or Bearer challenge answered with the stored credentials
 *   manifest      `HEAD` of image:tag (only when an image is named; tag defaults to latest)
 *
 * Messages carry the upstream's own error text but never the stored password.
 */
import { invalidInput } from "@/lib/errors";
import { explainTag, isDigest } from "@/lib/registry/names";
import { ALLOW_ENV } from "./address-guard";
import { createDeadline, DEFAULT_STEP_TIMEOUT_MS, type Deadline } from "./deadline";
import { describeRegistryKind, normaliseEndpoint, resolveApiHost, toRepositoryPath, type NormalisedEndpoint } from "./endpoint";
import { pullScope, secretsOf, type RegistryCredentials } from "./registry-auth";
import {
  authenticateSession,
  headManifestInSession,
  openRegistrySession,
  probeRegistry,
  type ApiProbe,
  type RegistryClientOptions,
  type RegistrySession,
} from "./registry-client";
import { redactSecrets, UpstreamError } from "./upstream-error";

export type ConnectionStepName = "resolve" | "connect" | "authenticate" | "manifest";

export interface ConnectionStep {
  step: ConnectionStepName;
  ok: boolean;
  message: string;
  ms: number;
}

export interface ConnectionTestResult {
  ok: boolean;
  steps: ConnectionStep[];
  /** Total time, all steps. */
  ms: number;
}

export interface ConnectionTestInput {
  endpoint: string;
  username?: string;
  password?: string;
  image?: string;
  tag?: string;
}

/**
 * Runs the connection test. Bad input (endpoint, image, tag) throws `invalid_input`;
 * everything the upstream does wrong is a failed step, never a throw.
 */
export async function testRegistryConnection(input: ConnectionTestInput, options: RegistryClientOptions): Promise<ConnectionTestResult> {
  const endpoint = normaliseEndpoint(input.endpoint);
  const target = input.image ? { repository: toRepositoryPath(endpoint, input.image), reference: checkReference(input.tag) } : undefined;
  const credentials: RegistryCredentials = { username: input.username, password: input.password };
  const runner = createStepRunner(options.timeoutMs ?? DEFAULT_STEP_TIMEOUT_MS, secretsOf(credentials));
  const guard = { allow: options.allow, resolve: options.resolve };

  const session = await runner.run("resolve", async (deadline) => {
    const opened = await openRegistrySession(endpoint, credentials, guard, deadline);
    return { value: opened, message: describeResolved(endpoint, opened) };
  });
  const probe = session && (await runner.run("connect", async (deadline) => {
    const result = await probeRegistry(session, deadline);
    return { value: result, message: describeProbe(session, result) };
  }));
  const authenticated = session && probe && (await runner.run("authenticate", async (deadline) => {
    const scope = target ? pullScope(target.repository) : undefined;
    const authorization = await authenticateSession(session, probe, { scope, deadline });
    const message = authorization
      ? `The registry accepted the credentials (${authorization.via}).`
      : "The registry answers /v2/ without credentials; they will be checked when an image is pulled.";
    return { value: true, message };
  }));
  if (session && authenticated && target) {
    await runner.run("manifest", async (deadline) => {
      const head = await headManifestInSession(session, target.repository, target.reference, deadline);
      const details = [head.mediaType, head.digest, head.size !== undefined ? `${head.size} bytes` : undefined].filter(Boolean).join(", ");
      return { value: head, message: `Found ${head.repository}:${head.reference}${details ? ` (${details})` : ""}.` };
    });
  }
  return runner.result();
}

function checkReference(tag: string | undefined): string {
  const reference = tag?.trim() || "latest";
  if (isDigest(reference)) return reference;
  const reason = explainTag(reference);
  if (reason) throw invalidInput("tag", reason);
  return reference;
}

function describeResolved(endpoint: NormalisedEndpoint, session: RegistrySession): string {
  const { host } = resolveApiHost(endpoint);
  const via = host === endpoint.host ? "" : ` (the ${describeRegistryKind(endpoint.kind).label} API host for ${endpoint.host})`;
  const allowed = session.destination.isAllowListed ? `, allowed by ${ALLOW_ENV}` : "";
  const scheme = session.scheme === "https" ? "HTTPS" : "plain HTTP";
  return `${host}${via} resolved to ${session.destination.addresses.join(", ")}${allowed}; connecting over ${scheme}.`;
}

function describeProbe(session: RegistrySession, probe: ApiProbe): string {
  if (probe.isAnonymous) return `${session.base}/v2/ answered 200: this is a registry and it allows anonymous access.`;
  const challenge = probe.challenges.find((c) => c.scheme === "bearer") ?? probe.challenges[0];
  const realm = challenge.params.realm ? ` (realm ${challenge.params.realm})` : "";
  const scheme = challenge.scheme === "bearer" ? "Bearer" : "Basic";
  return `${session.base}/v2/ answered 401: this is a registry and it asks for ${scheme} authentication${realm}.`;
}

const STEP_FAILURE_PREFIX: Record<ConnectionStepName, string> = {
  resolve: "Resolving the registry host failed",
  connect: "Connecting to the registry failed",
  authenticate: "Authentication failed",
  manifest: "The image look-up failed",
};

/** Runs steps in order, timing each under its own deadline and stopping after the first failure. */
function createStepRunner(timeoutMs: number, secrets: string[]) {
  const steps: ConnectionStep[] = [];
  const started = performance.now();
  let failed = false;
  return {
    async run<T>(step: ConnectionStepName, body: (deadline: Deadline) => Promise<{ value: T; message: string }>): Promise<T | undefined> {
      if (failed) return undefined;
      const deadline = createDeadline(timeoutMs);
      const stepStarted = performance.now();
      try {
        const { value, message } = await body(deadline);
        steps.push({ step, ok: true, message: redactSecrets(message, secrets), ms: elapsed(stepStarted) });
        return value;
      } catch (error) {
        if (!(error instanceof UpstreamError)) throw error;
        failed = true;
        const message = `${STEP_FAILURE_PREFIX[step]}: ${error.message}`;
        steps.push({ step, ok: false, message: redactSecrets(message, secrets), ms: elapsed(stepStarted) });
        return undefined;
      } finally {
        deadline.dispose();
      }
    },
    result(): ConnectionTestResult {
      return { ok: !failed, steps, ms: elapsed(started) };
    },
  };
}

function elapsed(since: number): number {
  return Math.round(performance.now() - since);
}
