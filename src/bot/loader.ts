/**
 * Finds the commands, components and events in their folders and checks each export against a
 * schema, so a malformed module fails at start-up with its file name, not at the first use.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  ClientEvents,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import { z } from "zod";
import type { BotContext } from "./context.js";

export interface Command {
  data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
}

export interface Component {
  /** custom_id is `${prefix}:${args joined by ":"}`. */
  prefix: string;
  execute(interaction: ButtonInteraction, args: string[], ctx: BotContext): Promise<void>;
}

export interface BotEvent<K extends keyof ClientEvents = keyof ClientEvents> {
  name: K;
  once?: boolean;
  execute(ctx: BotContext, ...args: ClientEvents[K]): Promise<void> | void;
}

const fn = z.custom<(...args: never[]) => unknown>(
  (v) => typeof v === "function",
  "must be a function",
);

const CommandSchema = z.object({
  data: z.object({ name: z.string().regex(/^[\w-]{1,32}$/), toJSON: fn }),
  execute: fn,
  autocomplete: fn.optional(),
});
const ComponentSchema = z.object({ prefix: z.string().regex(/^[a-z]+$/), execute: fn });
const EventSchema = z.object({ name: z.string(), once: z.boolean().optional(), execute: fn });

const here = path.dirname(fileURLToPath(import.meta.url));

async function loadFolder<T>(folder: string, schema: z.ZodType, kind: string): Promise<T[]> {
  const dir = path.join(here, folder);
  const files = readdirSync(dir)
    .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith(".d.ts"))
    .sort();
  const out: T[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(path.join(dir, file)).href)) as {
      default?: unknown;
    };
    const parsed = schema.safeParse(module.default);
    if (!parsed.success) {
      throw new Error(
        `${kind} module ${folder}/${file} must export default { ${kind === "command" ? "data, execute" : kind === "component" ? "prefix, execute" : "name, execute"} }: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
      );
    }
    out.push(module.default as T);
  }
  return out;
}

export const loadCommands = () => loadFolder<Command>("commands", CommandSchema, "command");
export const loadComponents = () =>
  loadFolder<Component>("components", ComponentSchema, "component");
export const loadEvents = () => loadFolder<BotEvent>("events", EventSchema, "event");
