/**
 * Stopping a server process and everything it started.
 *
 * Servers are spawned as the leader of their own process group, so a wrapper such as `npx` and
 * the real server it starts can be signalled together. Shutdown follows the MCP stdio guidance,
 * every step bounded in time: end stdin and wait; SIGTERM the group and wait; SIGKILL the group.
 * Group members that outlive the leader (a grandchild that ignored end-of-input) get the same
 * SIGTERM-then-SIGKILL treatment. As a last resort, groups still alive when the client process
 * exits are killed from an `exit` hook.
 */
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Time limits of the shutdown sequence, in milliseconds. */
export interface ShutdownTimeouts {
  /** How long to wait for the server to exit after its stdin is closed. Default 2000. */
  readonly stdinGraceMs?: number;
  /** How long to wait after SIGTERM before SIGKILL. Default 2000. */
  readonly termGraceMs?: number;
  /** How long to wait for the process to disappear after SIGKILL. Default 2000. */
  readonly killGraceMs?: number;
}

const DEFAULTS = { stdinGraceMs: 2000, termGraceMs: 2000, killGraceMs: 2000 } as const;
const POLL_MS = 20;

const liveGroups = new Set<number>();
let exitHookInstalled = false;

/** Registers a spawned group so it is killed if the client process exits without closing it. */
export function trackProcessGroup(pid: number): void {
  liveGroups.add(pid);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const group of liveGroups) signalGroup(group, 'SIGKILL');
    });
  }
}

/** Forgets a group once it is gone. */
export function untrackProcessGroup(pid: number): void {
  liveGroups.delete(pid);
}

/** Sends `signal` to the whole group led by `pid` (to the process alone on Windows). */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * True while any process of the group led by `pid` is alive. On Linux the process table is read,
 * so zombies (exited, never reaped, as happens under a container init that does not reap) do not
 * count as alive; elsewhere a signal-0 probe answers.
 */
export function groupAlive(pid: number): boolean {
  if (process.platform === 'linux') {
    const members = liveMembersFromProc(pid);
    if (members !== undefined) return members > 0;
  }
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Stops `child` and its group: end stdin, wait, SIGTERM, wait, SIGKILL, wait; then the same for
 * any group member left behind. Resolves when nothing of the group is left, or when every time
 * limit has passed.
 */
export async function stopProcessGroup(child: ChildProcess, timeouts: ShutdownTimeouts = {}): Promise<void> {
  const { stdinGraceMs, termGraceMs, killGraceMs } = { ...DEFAULTS, ...timeouts };
  const pid = child.pid;
  if (pid === undefined) return;
  const exited = exitOf(child);

  if (!hasExited(child)) {
    child.stdin?.end();
    if (!(await within(exited, stdinGraceMs))) {
      signalGroup(pid, 'SIGTERM');
      if (!(await within(exited, termGraceMs))) {
        signalGroup(pid, 'SIGKILL');
        await within(exited, killGraceMs);
      }
    }
  }
  await stopLeftovers(pid, termGraceMs, killGraceMs);
  untrackProcessGroup(pid);
}

/** Cleans up group members that outlived the leader. */
export async function stopLeftovers(pid: number, termGraceMs: number, killGraceMs: number): Promise<void> {
  if (process.platform === 'win32' || !groupAlive(pid)) return;
  signalGroup(pid, 'SIGTERM');
  if (await groupGone(pid, termGraceMs)) return;
  signalGroup(pid, 'SIGKILL');
  await groupGone(pid, killGraceMs);
}

/** Counts the non-zombie processes of group `pgid` in /proc, or `undefined` if /proc is unreadable. */
function liveMembersFromProc(pgid: number): number | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  let count = 0;
  for (const entry of entries) {
    const first = entry.charCodeAt(0);
    if (first < 48 || first > 57) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
    } catch {
      continue;
    }
    // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') count++;
  }
  return count;
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function exitOf(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Waits for `promise` at most `ms` milliseconds; true if it settled in time. Leaves no timer behind. */
export async function within(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true as const), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

async function groupGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (groupAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return true;
}
