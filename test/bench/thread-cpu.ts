import { readFileSync } from "node:fs";

/** Clock ticks per second for /proc times (USER_HZ; 100 on Linux everywhere it matters). */
const TICKS_PER_S = 100;

/**
 * CPU milliseconds (user + system) spent so far by the calling thread, from
 * /proc/thread-self/stat: `process.cpuUsage()` counts every thread, and the
 * bench's receivers share the process with the server.
 */
export function threadCpuMs() {
  const stat = readFileSync("/proc/thread-self/stat", "utf8");
  // Fields after the command name (which may hold spaces), counted from `state` as 3.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S;
}

/** CPU milliseconds of the whole process (every thread). */
export function processCpuMs() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
