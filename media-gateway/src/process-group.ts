import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

/**
 * ffmpeg runs in its own process group (spawned detached) so that one signal reaches it and
 * anything it forks. Every live group is listed here; if the gateway process exits for any
 * reason Node still runs 'exit' handlers for (or an unhandled SIGINT/SIGTERM/SIGHUP), the
 * groups are SIGKILLed synchronously so no ffmpeg outlives it.
 */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', killAllGroups);
  // A signal's default action ends Node without 'exit' handlers. When nobody else handles it,
  // kill the groups and re-raise, so the process still dies of the signal as it would have.
  // When the host handles it (main.ts closes the gateway gracefully), leave it to the host.
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      if (process.listenerCount(sig) > 1) return;
      killAllGroups();
      process.removeListener(sig, onSignal);
      process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}

function killAllGroups(): void {
  for (const pid of liveGroups) signalGroup(pid, 'SIGKILL');
  liveGroups.clear();
}

export function spawnGroup(command: string, args: string[], cwd?: string): ChildProcess {
  installExitHook();
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'], cwd });
  const pid = child.pid;
  if (pid !== undefined) {
    liveGroups.add(pid);
    // 'exit' means Node reaped it (no zombie); the group is gone with its leader in our use.
    child.once('exit', () => liveGroups.delete(pid));
  }
  return child;
}

export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

export function liveGroupCount(): number {
  return liveGroups.size;
}

/** Resolves when the child has exited (immediately if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Kills ffmpeg processes left by a gateway that died without running its exit hook (SIGKILL,
 * OOM): those were reparented to init (ppid 1) and still name our HLS dir in their argv.
 * Processes of a live gateway sharing the dir are not touched: their parent is that gateway.
 */
export async function reapOrphans(hlsDir: string): Promise<number[]> {
  const killed: number[] = [];
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return killed;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const [cmdline, stat] = await Promise.all([readFile(`/proc/${e}/cmdline`, 'utf8'), readFile(`/proc/${e}/stat`, 'utf8')]);
      const argv = cmdline.split('\0');
      // A tee output (transcoding with WebRTC on) names the dir inside its `[...]path|...` spec.
      if (!argv[0]?.endsWith('ffmpeg') || !argv.some((a) => a.startsWith(`${hlsDir}/`) || a.includes(`]${hlsDir}/`))) continue;
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== 1) continue;
      try {
        process.kill(Number(e), 'SIGKILL');
        killed.push(Number(e));
      } catch {
        // already gone
      }
    } catch {
      // the process vanished while we looked
    }
  }
  return killed;
}
