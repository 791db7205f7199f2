/** Turning a question into a Discord answer: shared by /ask, mentions and "More results". */
import {
  type APIActionRowComponent,
  type APIButtonComponent,
  ButtonStyle,
  ComponentType,
} from "discord.js";
import type { AskOptions, AskResult } from "../retrieval/index.js";
import type { BotContext } from "./context.js";
import { answerView } from "./answer-view.js";
import type { EmbedPayload } from "./format.js";
import type { QuestionSource } from "./metrics.js";
import { quoteContext } from "./quote-context.js";
import { detailsId } from "./components/details.js";

export interface AnswerRequest {
  /** Where the question came from, for the metrics. */
  command: QuestionSource;
  question: string;
  options: AskOptions;
  offset: number;
  /** Set when paging an earlier answer. */
  answerId?: number;
  where: { guildId: string | null; channelId: string | null; userId: string };
}

export interface AnswerPayload {
  content: string;
  embeds: EmbedPayload[];
  components: Array<APIActionRowComponent<APIButtonComponent>>;
  allowedMentions: { parse: []; repliedUser: false };
}

/** Nobody is ever pinged by a quote: statement text can contain "@everyone" or "<@id>". */
export const NO_MENTIONS = { parse: [] as [], repliedUser: false as const };

/** At most this much of the sentence before and after the first answer's quote. */
const CONTEXT_CHARS = { before: 220, after: 220 };

export async function buildAnswer(
  ctx: BotContext,
  request: AnswerRequest,
): Promise<{ payload: AnswerPayload; result: AskResult; answerId: number }> {
  const started = performance.now();
  const result = await ctx.retriever.ask(request.question, {
    ...request.options,
    offset: request.offset,
  });
  const answerId =
    request.answerId ??
    (await ctx.answers.create(request.question, request.options, request.where));
  await ctx.answers.recordPage(answerId, request.offset, result);
  ctx.metrics.answered(request.command, result, (performance.now() - started) / 1000);
  const contexts = result.passages.map((p) =>
    quoteContext(ctx.retriever.statement(p.docId)?.text ?? "", p.start, p.end, CONTEXT_CHARS),
  );
  const view = answerView(result, contexts, request.offset);
  return {
    payload: {
      ...view,
      components: answerButtons(answerId, request.offset, result),
      allowedMentions: NO_MENTIONS,
    },
    result,
    answerId,
  };
}

type ActionStyle = ButtonStyle.Primary | ButtonStyle.Secondary;

function button(
  customId: string,
  label: string,
  style: ActionStyle = ButtonStyle.Secondary,
  emoji?: string,
): APIButtonComponent {
  return emoji
    ? { type: ComponentType.Button, custom_id: customId, label, style, emoji: { name: emoji } }
    : { type: ComponentType.Button, custom_id: customId, label, style };
}

/**
 * More results, feedback, Details (scores, files, search mode), and one "Full statement" button
 * per passage (five to a row).
 */
export function answerButtons(
  answerId: number,
  offset: number,
  result: AskResult,
): Array<APIActionRowComponent<APIButtonComponent>> {
  if (result.passages.length === 0) return [];
  const first: APIButtonComponent[] = [];
  if (result.hasMore)
    first.push(
      button(
        `more:${answerId}:${offset + result.passages.length}`,
        "More results",
        ButtonStyle.Primary,
      ),
    );
  first.push(button(`fb:${answerId}:up`, "Helpful", ButtonStyle.Secondary, "👍"));
  first.push(button(`fb:${answerId}:down`, "Not helpful", ButtonStyle.Secondary, "👎"));
  first.push(button(detailsId({ answerId, offset }), "Details"));
  const rows: Array<APIActionRowComponent<APIButtonComponent>> = [
    { type: ComponentType.ActionRow, components: first },
  ];
  const full = result.passages.map((_, i) =>
    button(`full:${answerId}:${offset}:${i}`, `Full statement ${offset + i + 1}`),
  );
  for (let i = 0; i < full.length; i += 5)
    rows.push({ type: ComponentType.ActionRow, components: full.slice(i, i + 5) });
  return rows;
}
