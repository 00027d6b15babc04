/**
 * What changed in the registry's tables, learned from PostgreSQL's LISTEN/NOTIFY, so an
 * instance may keep answers between requests and still agree with every other instance
 * on the same database.
 *
 * Protocol (migration 20261201055000_registry_change_notify): statement triggers on the
 * tables below send `pg_notify('slipway_registry_changes', <table>)` when a change
 * commits. One dedicated connection per feed LISTENs; every notification bumps the
 * generation of its topic. A cached answer records the generation it was read under and
 * is used only while that generation is current (notified-cache.ts), so a read that
 * raced a change is never kept. While the connection is down the feed is not live:
 * nothing is cached or served from cache, since notifications sent then are lost; on
 * reconnecting, every generation moves on. What stays is PostgreSQL's delivery delay
 * (the listener hears of a commit a moment after it happens); changes this instance makes
 * itself through the registry are also announced locally (`announce`), so they are seen
 * at once here.
 */
import pg from "pg";

export const CHANGE_CHANNEL = "slipway_registry_changes";

/** What an answer depends on: the tag-to-manifest mapping, or who may do what. */
export type ChangeTopic = "manifests" | "access";

/** Which tables each topic hears about (the triggers cover exactly these). */
export const TOPIC_TABLES: Record<ChangeTopic, readonly string[]> = {
  manifests: ["Repository", "Manifest", "Tag"],
  access: ["Team", "App", "Membership", "User", "AccessToken", "ServiceAccount"],
};

const TOPIC_OF_TABLE = new Map(Object.entries(TOPIC_TABLES).flatMap(([topic, tables]) => tables.map((table) => [table, topic as ChangeTopic])));
const RECONNECT_DELAY_MS = 1000;

export interface RegistryChangeFeed {
  /** True while the feed is listening; only then may answers be reused across requests. */
  isLive(): boolean;
  /** The topic's current generation: it moves on with every change heard, and on every reconnect. */
  generation(topic: ChangeTopic): number;
  /** Moves the topic's generation on at once, for a change this instance has just made. */
  announce(topic: ChangeTopic): void;
  close(): Promise<void>;
}

/** A change feed that is never live: every answer is read from the database (no caching). */
export const NO_CHANGE_FEED: RegistryChangeFeed = { isLive: () => false, generation: () => 0, announce: () => undefined, close: async () => undefined };

/**
 * Opens a feed on its own connection to `connectionString` and resolves once it listens
 * (or, if the database is not reachable now, once that attempt failed, with a feed that is
 * not live yet and keeps retrying). `onError` hears each lost connection.
 */
export async function openRegistryChangeFeed(connectionString: string, onError?: (error: Error) => void): Promise<RegistryChangeFeed> {
  const feed = createRegistryChangeFeed(connectionString, onError);
  await feed.ready;
  return feed;
}

/** openRegistryChangeFeed without waiting: the feed is not live until `ready` resolves (for synchronous wiring). */
export function createRegistryChangeFeed(connectionString: string, onError: (error: Error) => void = () => undefined): RegistryChangeFeed & { ready: Promise<void> } {
  const generations: Record<ChangeTopic, number> = { manifests: 0, access: 0 };
  let client: pg.Client | null = null;
  let isListening = false;
  let isClosed = false;
  let retry: NodeJS.Timeout | null = null;
  const moveAll = () => {
    for (const topic of Object.keys(generations) as ChangeTopic[]) generations[topic] += 1;
  };

  const lose = (lost: pg.Client, error: Error) => {
    if (client !== lost) return;
    isListening = false;
    client = null;
    moveAll();
    lost.removeAllListeners("notification");
    lost.end().catch(() => undefined);
    if (isClosed) return;
    onError(error);
    retry = setTimeout(() => void connect(), RECONNECT_DELAY_MS);
    retry.unref();
  };

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString });
    client = next;
    next.on("error", (error) => lose(next, error));
    next.on("end", () => lose(next, new Error("the change feed's connection ended")));
    next.on("notification", (message) => {
      const topic = TOPIC_OF_TABLE.get(message.payload ?? "");
      if (topic) generations[topic] += 1;
      else moveAll();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANGE_CHANNEL}`);
      if (client !== next || isClosed) return;
      // Anything committed before LISTEN took effect was never heard: start from new generations.
      moveAll();
      isListening = true;
    } catch (error) {
      lose(next, error as Error);
    }
  };

  const ready = connect();
  return {
    ready,
    isLive: () => isListening,
    generation: (topic) => generations[topic],
    announce: (topic) => {
      generations[topic] += 1;
    },
    close: async () => {
      isClosed = true;
      isListening = false;
      if (retry) clearTimeout(retry);
      const current = client;
      client = null;
      moveAll();
      await current?.end().catch(() => undefined);
    },
  };
}
