/** Discord's mention syntax, which the bot removes before a question reaches retrieval. */
import { visibleQuestion } from "../retrieval/index.js";

/**
 * The question in a message or option: Discord mentions (<@123>, <@!123>, <@&123>) removed and
 * white space collapsed; empty when nothing visible is left.
 */
export function questionText(text: string): string {
  return visibleQuestion(text.replace(/<@[!&]?\d+>/g, " "));
}
