import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The Node flags and script `npm start` runs (read from package.json, defaults of its shell
 * variables applied): the bot is measured as users run it, from the compiled bundle.
 */
export function npmStartCommand(): { flags: string[]; script: string } {
  const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> };
  const command = pkg.scripts.start?.split("&&").at(-1)?.trim() ?? "";
  const words = command.replace(/\$\{\w+:-([^}]*)\}/g, "$1").split(/\s+/);
  const script = words.at(-1) ?? "";
  if (words[0] !== "node" || !script.endsWith(".js")) throw new Error(`Unexpected start script: ${command}`);
  return { flags: words.slice(1, -1), script };
}

/** Starts a script (TypeScript under tsx, or compiled JavaScript); its output is drained and kept for errors. */
export function start(script: string, env: Record<string, string>, flags: string[] = []): ChildProcess {
  const loader = script.endsWith(".ts") ? ["--import", "tsx"] : [];
  const child = spawn(process.execPath, [...flags, ...loader, script], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let tail = "";
  const keep = (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  child.on("exit", (code) => {
    if (code && code !== 143 && code !== 0) process.stderr.write(`${script} exited with ${code}:\n${tail}\n`);
  });
  return child;
}

/** Resident memory of a process, in MB (Linux /proc). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** CPU time a process has used so far (user and system), in ms (Linux /proc, clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const done = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([done, new Promise((r) => setTimeout(r, 3000))]);
  if (child.exitCode === null) child.kill("SIGKILL");
}
