import { describeOptions, type OptionSpec } from "./options.ts";
import { isGroup, type CommandEntry, type CommandModule } from "./command.ts";

/** Every command the bot knows, by path. Built once from commands/index.ts. */
export class Registry {
  readonly entries: readonly CommandEntry[];
  private readonly byKey = new Map<string, CommandEntry>();
  private readonly specs = new Map<string, OptionSpec[]>();

  constructor(readonly modules: readonly CommandModule[]) {
    const entries: CommandEntry[] = [];
    for (const module of modules) {
      const members = isGroup(module)
        ? module.subcommands.map((definition) => ({ path: [module.name, definition.name], definition }))
        : [{ path: [module.name], definition: module }];
      for (const { path, definition } of members) {
        const entry: CommandEntry = { path, key: path.join("."), definition };
        if (this.byKey.has(entry.key)) throw new Error(`Command ${entry.key} is defined twice`);
        this.byKey.set(entry.key, entry);
        this.specs.set(entry.key, describeOptions(definition.options));
        entries.push(entry);
      }
    }
    this.entries = entries;
  }

  get(key: string): CommandEntry | undefined {
    return this.byKey.get(key);
  }

  /** The entry of a key the registry itself listed (a module's own name or subcommand). */
  entryOf(key: string): CommandEntry {
    const entry = this.byKey.get(key);
    if (!entry) throw new Error(`No command entry for "${key}"`);
    return entry;
  }

  module(name: string): CommandModule | undefined {
    return this.modules.find((m) => m.name === name);
  }

  optionSpecs(entry: CommandEntry): OptionSpec[] {
    return this.specs.get(entry.key) ?? [];
  }

  /**
   * Text options that are neither screened for personal data nor exempt by declaration
   * ("candidature.deposer note"): a text built with a bare z.string() lands here.
   */
  unscreenedTextOptions(): string[] {
    return this.entries.flatMap((entry) =>
      this.optionSpecs(entry)
        .filter((spec) => spec.kind === "text" && !isProtected(spec))
        .map((spec) => `${entry.key} ${spec.name}`),
    );
  }

  /** "/config quota <dispositif> <annee> <nombre> [..]" with option names as the user sees them. */
  usage(entry: CommandEntry): string {
    const options = this.optionSpecs(entry).map((spec) => (spec.required ? `<${spec.name}>` : `[${spec.name}]`));
    return ["/" + entry.path.join(" "), ...options].join(" ");
  }
}

function isProtected(spec: OptionSpec): boolean {
  const screening = spec.screening;
  if (!screening) return false;
  return screening.screened || screening.exemptBecause.trim().length > 0;
}
