import { readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";

/**
 * CPU seconds, for benchmarks on a shared machine: wall time there says as much about the
 * neighbours as about the code, CPU time much less. Linux only (/proc); elsewhere null.
 */
const TICKS_PER_SECOND = 100;

/** CPU of the children this process has waited for (cutime + cstime of /proc/self/stat). */
export function waitedChildrenCpuSeconds(): number | null {
  return statFields("/proc/self/stat", (f) => (Number(f[13]) + Number(f[14])) / TICKS_PER_SECOND);
}

/** CPU of every live process in a process group (utime + stime), e.g. a Prism CLI and its guard. */
export function processGroupCpuSeconds(pgid: number): number | null {
  let total = 0;
  try {
    for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
      total +=
        statFields(`/proc/${pid}/stat`, (f) =>
          Number(f[2]) === pgid ? (Number(f[11]) + Number(f[12])) / TICKS_PER_SECOND : 0,
        ) ?? 0;
    }
  } catch {
    return null;
  }
  return total;
}

/** This process, all its threads. */
export function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** One line saying how busy the machine was: load averages against its cores. */
export function machineLoad(cores: number): string {
  const [one, five] = loadavg();
  return `load average ${one.toFixed(2)} (1 min), ${five.toFixed(2)} (5 min) on ${cores} cores`;
}

/** Fields of a /proc stat line after the command name (which may hold spaces), numbered from 0 = state. */
function statFields<T>(file: string, read: (fields: string[]) => T): T | null {
  try {
    const text = readFileSync(file, "utf8");
    return read(text.slice(text.lastIndexOf(")") + 2).split(" "));
  } catch {
    return null;
  }
}
