"use client";

import { useSyncExternalStore } from "react";
import { formatRelativeTime } from "@/lib/images/describe/format";

/**
 * The one way the portal writes a moment. Absolute forms are UTC in one fixed style, so
 * the server's rendering and the browser's agree; relative ages ("3 hours ago") are
 * computed in the browser from its own clock, never from the server's: the server (and
 * the first paint) shows the absolute time, and the age replaces it once the page runs.
 * Hovering shows the exact UTC time.
 */
export type TimeFormat = "relative" | "date" | "datetime" | "time";

const TICK_MS = 30_000;
let now = 0;
let timer: ReturnType<typeof setInterval> | undefined;
const listeners = new Set<() => void>();

function tick(): void {
  now = Date.now();
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(tick, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/**
 * The browser's current time, refreshed every 30 s by one shared timer (a table of ten
 * thousand ages needs one clock, not ten thousand); null while rendering on the server
 * and hydrating, where only an absolute time can be right.
 */
export function useNow(): number | null {
  return useSyncExternalStore(subscribe, readNow, () => null);
}

function readNow(): number {
  // Stable between calls (React requires it); subscribe and tick move it forward.
  if (now === 0) now = Date.now();
  return now;
}

const DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const TIME = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });

/** `date` "1 Dec 2026", `datetime` "1 Dec 2026, 14:05 UTC", `time` "14:05 UTC" (pure; server and browser alike). */
export function formatAbsoluteTime(date: Date, format: Exclude<TimeFormat, "relative">): string {
  if (format === "date") return DATE.format(date);
  if (format === "time") return `${TIME.format(date)} UTC`;
  return `${DATE.format(date)}, ${TIME.format(date)} UTC`;
}

/** A moment (ISO string, Date or epoch ms) in one of the portal's formats; `empty` shows for null. */
export function Time({ value, format = "relative", empty = "—", className }: { value: string | Date | number | null | undefined; format?: TimeFormat; empty?: string; className?: string }) {
  const current = useNow();
  if (value === null || value === undefined) return <span className="text-slate-400">{empty}</span>;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return <span className="text-slate-400">{empty}</span>;
  const iso = date.toISOString();
  const text = format !== "relative" ? formatAbsoluteTime(date, format) : current === null ? formatAbsoluteTime(date, "datetime") : formatRelativeTime(date, current);
  return (
    <time dateTime={iso} title={`${iso.replace("T", " ").slice(0, 19)} UTC`} className={className}>
      {text}
    </time>
  );
}
