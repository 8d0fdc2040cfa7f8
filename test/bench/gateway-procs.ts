/** Child processes of the gateway benchmark: spawning (optionally pinned to a CPU), JSON-line I/O, CPU and RSS. */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, connect } from "node:net";
import { cpus } from "node:os";
import { createInterface } from "node:readline";
import { execFileSync } from "node:child_process";

export const TSX = ["--import", "tsx/esm", "--conditions=source"];

let tick: number | undefined;
function clockTicks(): number {
  if (tick === undefined) {
    try {
      tick = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      tick = 100;
    }
  }
  return tick;
}

let hasTaskset: boolean | undefined;
function tasksetAvailable(): boolean {
  if (hasTaskset === undefined) {
    try {
      execFileSync("taskset", ["-p", String(process.pid)], { stdio: "ignore" });
      hasTaskset = true;
    } catch {
      hasTaskset = false;
    }
  }
  return hasTaskset;
}

/** CPUs this run can pin to: `gateway` for the gateways, `rest` for the upstream and the load generator. */
export function cpuPlan(): { gateway: number | undefined; rest: number | undefined; pinned: boolean } {
  const n = cpus().length;
  if (n < 2 || !tasksetAvailable()) return { gateway: undefined, rest: undefined, pinned: false };
  return { gateway: 0, rest: 1, pinned: true };
}

export class Child {
  readonly proc: ChildProcess;
  private readonly lines: string[] = [];
  private waiters: Array<(line: string | undefined) => void> = [];
  private closed = false;
  stderr = "";

  constructor(cmd: string, args: string[], options: { cpu?: number | undefined; env?: NodeJS.ProcessEnv; cwd: string }) {
    const pinned = options.cpu !== undefined && tasksetAvailable();
    this.proc = spawn(pinned ? "taskset" : cmd, pinned ? ["-c", String(options.cpu), cmd, ...args] : args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    createInterface({ input: this.proc.stdout! }).on("line", (line) => {
      const w = this.waiters.shift();
      if (w) w(line);
      else this.lines.push(line);
    });
    this.proc.stderr!.setEncoding("utf8").on("data", (d: string) => {
      if (this.stderr.length < 20_000) this.stderr += d;
    });
    this.proc.on("exit", () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w(undefined);
    });
  }

  get pid(): number {
    return this.proc.pid ?? -1;
  }

  /** The next stdout line, or an error after `timeoutMs` or when the process ended. */
  nextLine(timeoutMs: number): Promise<string> {
    const queued = this.lines.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.closed) return Promise.reject(new Error(`child ${this.pid} exited: ${this.stderr.slice(-2000)}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        reject(new Error(`child ${this.pid}: no output within ${timeoutMs} ms. stderr: ${this.stderr.slice(-2000)}`));
      }, timeoutMs);
      const done = (line: string | undefined) => {
        clearTimeout(timer);
        if (line === undefined) reject(new Error(`child ${this.pid} exited: ${this.stderr.slice(-2000)}`));
        else resolve(line);
      };
      this.waiters.push(done);
    });
  }

  /** Waits for a JSON line satisfying `accept`, skipping other output. */
  async nextJson<T>(timeoutMs: number, accept: (v: unknown) => boolean = () => true): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (let i = 0; i < 10_000; i++) {
      const line = await this.nextLine(Math.max(1, deadline - Date.now()));
      if (!line.startsWith("{")) continue;
      try {
        const v: unknown = JSON.parse(line);
        if (accept(v)) return v as T;
      } catch {
        // not ours
      }
    }
    throw new Error("too many unrelated lines");
  }

  send(value: unknown): void {
    this.proc.stdin!.write(JSON.stringify(value) + "\n");
  }

  async stop(): Promise<void> {
    if (this.closed) return;
    const exited = new Promise<void>((r) => this.proc.once("exit", () => r()));
    this.proc.stdin!.end();
    this.proc.kill("SIGTERM");
    const t = setTimeout(() => this.proc.kill("SIGKILL"), 3000);
    await exited;
    clearTimeout(t);
  }
}

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // After the command: state is field 3, utime field 14, stime field 15 (1-based over the whole line).
  return (Number(f[11]) + Number(f[12])) / clockTicks();
}

/** Resident set size now and at its peak, in MB. */
export function rssMB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? NaN);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const sock = connect(port, "127.0.0.1");
      sock.once("connect", () => {
        sock.destroy();
        resolve(true);
      });
      sock.once("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listening on 127.0.0.1:${port} after ${timeoutMs} ms`);
}
