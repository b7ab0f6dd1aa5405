import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { Dispatcher } from "../../core/dispatcher.ts";
import type { I18n } from "../../core/i18n.ts";
import type { IdentityService, PlatformIdentity } from "../../services/identity.ts";
import { consolePort } from "./console-port.ts";
import { renderCardText } from "./render.ts";

export interface ConsoleOptions {
  /** Where files attached to replies (reports, exports) are saved. */
  exportDir: string;
  dispatcher: Dispatcher;
  identity: IdentityService;
  i18n: I18n;
  member: PlatformIdentity;
  channelId: string;
  input: Readable;
  output: Writable;
  interactive: boolean;
}

const MAX_LINE = 4000;
const QUIT = new Set(["/quitter", "/quit", "/exit"]);

/** Saves a file under a name that never overwrites an earlier one; returns its path. */
function saveFile(dir: string, name: string, data: Buffer): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${name.replace(/[^\w.-]/g, "_")}`);
  writeFileSync(file, data);
  return file;
}

/** Removes control characters (pasted escapes, NUL...) that would garble the terminal or the parser. */
export function sanitizeLine(line: string): string {
  return line
    .replace(/[\p{Cc}\p{Cf}]/gu, " ")
    .trim()
    .slice(0, MAX_LINE);
}

/**
 * The terminal channel: one demo member talking to the bot, a line per command. Reads a TTY
 * interactively, or lines from a pipe (scripts, tests). Same dispatcher as Slack and Discord.
 */
export async function runConsole(options: ConsoleOptions): Promise<void> {
  const { dispatcher, identity, i18n, output } = options;
  const write = (text: string) => output.write(text + "\n");
  const posted = new Map<string, string>();
  const portFor = async () =>
    consolePort(write, i18n.translator((await identity.resolve(options.member)).locale), posted);

  const first = await identity.resolve(options.member);
  write(
    i18n.translator(first.locale)("common:console.welcome", {
      territory: first.territory.name,
      member: first.member.displayName,
    }),
  );

  const lines = createInterface({ input: options.input, terminal: options.interactive, crlfDelay: Infinity });
  if (options.interactive) {
    lines.setPrompt("> ");
    lines.prompt();
  }
  for await (const rawLine of lines) {
    const line = sanitizeLine(rawLine);
    if (line === "") {
      if (options.interactive) lines.prompt();
      continue;
    }
    const resolved = await identity.resolve(options.member);
    const t = i18n.translator(resolved.locale);
    if (QUIT.has(line.toLowerCase())) {
      write(t("common:console.bye"));
      break;
    }
    if (!line.startsWith("/")) {
      write(t("common:console.not_a_command"));
    } else {
      const [, command = "", text = ""] = /^\/(\S*)\s*(.*)$/s.exec(line) ?? [];
      const reply = await dispatcher.execute({
        identity: resolved,
        channelId: options.channelId,
        platform: await portFor(),
        command,
        text,
      });
      const replyT = i18n.translator((await identity.resolve(options.member)).locale);
      write(renderCardText(reply, replyT));
      for (const file of reply.files ?? [])
        write(
          `  📎 ${replyT("common:console.file_saved", { path: saveFile(options.exportDir, file.name, file.data) })}`,
        );
    }
    if (options.interactive) lines.prompt();
  }
  lines.close();
}
