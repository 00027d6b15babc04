/**
 * Readiness: the portal is ready when the database answers, every migration is applied
 * and the blob store takes a write. Probes may come every second from each load
 * balancer, so one evaluation is shared by concurrent probes and reused for `cacheMs`;
 * each check has its own timeout, so a hung database makes the probe fail, not hang.
 * While the process shuts down it answers unready at once.
 */
export interface ReadinessCheck {
  name: string;
  run: () => Promise<void>;
  /** Reuse a success this long (a check that writes, e.g. the blob store). */
  cacheMs?: number;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; error?: string }>;
}

export interface Readiness {
  probe(): Promise<ReadinessReport>;
  /** From now on every probe says unready (shutdown). */
  markStopping(): void;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The last non-empty line of an error's message (Prisma's open with blank lines and the call), at most 200 characters. */
function summariseError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text.split("\n").map((line) => line.trim()).filter(Boolean);
  return (lines.at(-1) ?? "failed").slice(0, 200);
}

/** A readiness evaluator over `checks`, each limited to `timeoutMs`, results shared for `cacheMs`. */
export function createReadiness(checks: ReadinessCheck[], options: { cacheMs?: number; timeoutMs?: number } = {}): Readiness {
  const cacheMs = options.cacheMs ?? 1000;
  const timeoutMs = options.timeoutMs ?? 2000;
  let stopping = false;
  let last: { at: number; report: ReadinessReport } | null = null;
  let running: Promise<ReadinessReport> | null = null;
  const passedAt = new Map<string, number>();

  async function evaluate(): Promise<ReadinessReport> {
    const entries = await Promise.all(
      checks.map(async (check) => {
        const passed = passedAt.get(check.name);
        if (check.cacheMs && passed !== undefined && Date.now() - passed < check.cacheMs) return [check.name, { ok: true }] as const;
        try {
          await withTimeout(check.run(), timeoutMs, check.name);
          passedAt.set(check.name, Date.now());
          return [check.name, { ok: true }] as const;
        } catch (error) {
          passedAt.delete(check.name);
          return [check.name, { ok: false, error: summariseError(error) }] as const;
        }
      }),
    );
    const report = { ready: entries.every(([, result]) => result.ok), checks: Object.fromEntries(entries) };
    last = { at: Date.now(), report };
    return report;
  }

  return {
    async probe() {
      if (stopping) return { ready: false, checks: { shutdown: { ok: false, error: "shutting down" } } };
      if (last && Date.now() - last.at < cacheMs) return last.report;
      running ??= evaluate().finally(() => {
        running = null;
      });
      return running;
    },
    markStopping() {
      stopping = true;
    },
  };
}
