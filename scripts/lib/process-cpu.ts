// CPU seconds spent by processes during a benchmark step, read from /proc (Linux): the
// server under test, a third-party registry, and the clients the benchmark ran and waited
// for. On a 2-core machine the sum over all processes bounds how fast a step can go.
import { readFileSync, readdirSync } from "node:fs";

const CLOCK_TICKS_PER_SECOND = 100;

/** Fields of /proc/<pid>/stat after the command name (which may contain spaces). */
function statFields(pid: number | "self"): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** CPU seconds of a running process so far, in user space and in the kernel on its behalf (system). */
export function processCpuTimes(pid: number): { user: number; system: number } {
  const fields = statFields(pid);
  return { user: Number(fields[11]) / CLOCK_TICKS_PER_SECOND, system: Number(fields[12]) / CLOCK_TICKS_PER_SECOND };
}

/** User plus system CPU seconds of a running process so far. */
export function processCpuSeconds(pid: number): number {
  const { user, system } = processCpuTimes(pid);
  return user + system;
}

/**
 * CPU seconds so far of a process and of its children: its own, those of children that
 * exited and were waited for, and those of children still running. For a PostgreSQL
 * server: the postmaster, a backend per connection, and its background workers.
 */
export function processTreeCpuSeconds(pid: number): number {
  const used = (fields: string[], withWaitedChildren: boolean) =>
    (Number(fields[11]) + Number(fields[12]) + (withWaitedChildren ? Number(fields[13]) + Number(fields[14]) : 0)) / CLOCK_TICKS_PER_SECOND;
  let seconds = used(statFields(pid), true);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let fields: string[];
    try {
      fields = statFields(Number(entry));
    } catch {
      continue; // the process ended meanwhile
    }
    // Field 4 of /proc/<pid>/stat, the parent's id. A child that ended and was waited for moved into the parent's own fields above.
    if (Number(fields[1]) === pid) seconds += used(fields, false);
  }
  return seconds;
}

/** User plus system CPU seconds of this process's children that exited and were waited for (skopeo runs). */
export function finishedChildrenCpuSeconds(): number {
  const fields = statFields("self");
  return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS_PER_SECOND;
}

/** CPU seconds so far of a running process's main thread and of all its other threads (V8's garbage-collector helpers, libuv's file pool; Node leaves them unnamed). */
export function threadCpuSeconds(pid: number): { main: number; others: number } {
  const seconds = { main: 0, others: 0 };
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
    } catch {
      continue; // the thread ended meanwhile
    }
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    seconds[Number(tid) === pid ? "main" : "others"] += (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  }
  return seconds;
}

/**
 * Seconds the hypervisor ran something else while this machine's CPUs wanted to run
 * ("steal" in /proc/stat, summed over CPUs): a step that took longer, or whose process
 * was charged more CPU, while this grew was disturbed from outside the machine.
 */
export function machineStealSeconds(): number {
  const total = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!.trim().split(/\s+/);
  return Number(total[8] ?? 0) / CLOCK_TICKS_PER_SECOND;
}
