/**
 * The one place interactions are routed and errors caught: the user gets a short private message
 * (a follow-up when the reply was already deferred), the log gets the cause, the bot keeps going.
 */
import { type Interaction, MessageFlags, type RepliableInteraction } from "discord.js";
import { describeError, QueryError } from "../retrieval/index.js";
import type { BotContext } from "./context.js";
import type { Command, Component } from "./loader.js";
import type { QuestionSource } from "./metrics.js";

export const GENERIC_ERROR =
  "Sorry, something went wrong while answering. Please try again in a moment.";

export class Dispatcher {
  private readonly commands: Map<string, Command>;
  private readonly components: Map<string, Component>;
  private readonly inFlight = new Set<Promise<void>>();
  private accepting = true;

  constructor(
    commands: Command[],
    components: Component[],
    private readonly ctx: BotContext,
  ) {
    this.commands = new Map(commands.map((c) => [c.data.name, c]));
    this.components = new Map(components.map((c) => [c.prefix, c]));
  }

  /** Handles one interaction; never throws. */
  handle(interaction: Interaction): Promise<void> {
    const work = this.route(interaction).catch((error: unknown) => this.fail(interaction, error));
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
    return work;
  }

  /** Tracks other work (mention replies) so shutdown waits for it too. */
  track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  get isAccepting(): boolean {
    return this.accepting;
  }

  /** Stops taking new interactions and waits (up to `timeoutMs`) for those in flight. */
  async drain(timeoutMs = 10_000): Promise<void> {
    this.accepting = false;
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
    await Promise.race([Promise.allSettled([...this.inFlight]).then(() => undefined), timeout]);
  }

  private async route(interaction: Interaction): Promise<void> {
    if (!this.accepting) {
      if (interaction.isAutocomplete()) await interaction.respond([]);
      else if (interaction.isRepliable()) {
        await interaction.reply({
          content: "Verbatim is restarting; please ask again in a few seconds.",
          flags: MessageFlags.Ephemeral,
        });
      }
      return;
    }
    if (interaction.isChatInputCommand()) {
      const command = this.commands.get(interaction.commandName);
      if (!command) throw new Error(`No handler for the command /${interaction.commandName}`);
      await command.execute(interaction, this.ctx);
    } else if (interaction.isAutocomplete()) {
      const command = this.commands.get(interaction.commandName);
      if (command?.autocomplete) await command.autocomplete(interaction, this.ctx);
      // Every autocomplete gets an answer, if only an empty list.
      if (!interaction.responded) await interaction.respond([]);
    } else if (interaction.isButton()) {
      const [prefix = "", ...args] = interaction.customId.split(":");
      const component = this.components.get(prefix);
      if (!component) {
        await interaction.reply({
          content: "This button is no longer supported. Ask again with /ask.",
          flags: MessageFlags.Ephemeral,
        });
        return;
      }
      await component.execute(interaction, args, this.ctx);
    }
  }

  private async fail(interaction: Interaction, error: unknown): Promise<void> {
    const expected = error instanceof QueryError;
    const message = expected ? (error as Error).message : GENERIC_ERROR;
    const where = interaction.isChatInputCommand()
      ? `/${interaction.commandName}`
      : interaction.isAutocomplete()
        ? `/${interaction.commandName} autocomplete`
        : interaction.isButton()
          ? interaction.customId
          : `interaction ${interaction.type}`;
    const question: QuestionSource | null =
      interaction.isChatInputCommand() &&
      (interaction.commandName === "ask" || interaction.commandName === "trend")
        ? interaction.commandName
        : interaction.isButton() && interaction.customId.startsWith("more:")
          ? "more"
          : null;
    if (question) this.ctx.metrics.notAnswered(question, expected ? "refused" : "error");
    if (expected) this.ctx.log.info({ where, reason: message }, "question refused");
    else this.ctx.log.error({ where, err: error, cause: describeError(error) }, "handler failed");
    if (interaction.isAutocomplete()) {
      // Discord shows "Loading options failed" until it gets an answer: give it an empty list.
      if (!interaction.responded)
        await interaction
          .respond([])
          .catch((replyError: unknown) =>
            this.ctx.log.warn({ where, err: replyError }, "could not answer the autocomplete"),
          );
      return;
    }
    if (!interaction.isRepliable()) return;
    await tellUser(interaction, message).catch((replyError: unknown) =>
      this.ctx.log.warn({ where, err: replyError }, "could not tell the user about the error"),
    );
  }
}

async function tellUser(interaction: RepliableInteraction, content: string): Promise<void> {
  if (interaction.deferred || interaction.replied) {
    // The deferred reply may be public: replace it with a short notice, and say the rest privately.
    if (interaction.deferred && !interaction.replied)
      await interaction.deleteReply().catch(() => undefined);
    await interaction.followUp({
      content,
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  } else {
    await interaction.reply({
      content,
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  }
}
