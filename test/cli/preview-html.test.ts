/** The preview page: Discord's Markdown as HTML, and nothing from a statement ever as markup. */
import { describe, expect, it } from "vitest";
import { answerButtons } from "../../src/bot/build-answer.js";
import { answerView } from "../../src/bot/answer-view.js";
import { discordDate } from "../../src/bot/format.js";
import { markdownHtml } from "../../src/cli/discord-markdown.js";
import { previewHtml } from "../../src/cli/preview-html.js";
import type { AskResult, Passage } from "../../src/retrieval/types.js";

const now = new Date("2025-07-02T10:00:00Z");

function passage(quote: string, extra: Partial<Passage> = {}): Passage {
  return {
    quote,
    start: 0,
    end: quote.length,
    chunkId: "a.txt::0",
    date: "2025-07-01",
    speaker: "Tofig Musayev",
    title: "Statement at the General Assembly",
    source: "Trend",
    url: "https://example.org/statement",
    docId: "a.txt",
    score: 0.9,
    relevance: 0.9,
    match: "answer",
    ...extra,
  };
}

function result(passages: Passage[]): AskResult {
  return {
    question: "how many are still missing?",
    passages,
    hasMore: true,
    filters: { since: null, until: null, speaker: null },
    period: null,
    mode: "hybrid",
    tookMs: 3,
  };
}

/** The page a real answer makes, as the preview command builds it. */
function page(passages: Passage[], contexts = passages.map(() => ({ before: "", after: "" }))) {
  const answer = result(passages);
  return previewHtml(
    { ...answerView(answer, contexts), components: answerButtons(7, 0, answer) },
    { invokedBy: { user: "you", command: "ask" }, now },
  );
}

describe("discord markdown as HTML", () => {
  const html = (text: string) => markdownHtml(text, { now });

  it("renders what the bot writes as Discord reads it: bold, escapes, links, timestamps, quotes, subtext", () => {
    expect(html("**Nearly 4,000** are \\*not\\* bold")).toBe(
      "<strong>Nearly 4,000</strong> are *not* bold",
    );
    expect(html("\\[1\\] [Title](https://example.org/a_%28b%29)")).toBe(
      '[1] <a href="https://example.org/a_%28b%29">Title</a>',
    );
    expect(html(discordDate("2025-07-01"))).toBe('<span class="timestamp">July 1, 2025</span>');
    expect(html("<t:1751371200:R>")).toBe('<span class="timestamp">22 hours ago</span>');
    expect(html("*it* __under__ ~~gone~~ `co*de*` ||secret||")).toBe(
      '<em>it</em> <u>under</u> <s>gone</s> <code>co*de*</code> <span class="spoiler">secret</span>',
    );
    expect(html("> one\n> **two**\n— after\n-# small")).toBe(
      '<blockquote>one<br><strong>two</strong></blockquote>— after<br><div class="subtext">small</div>',
    );
  });

  it("escapes everything else, and links only to the web", () => {
    expect(html("<script>alert(1)</script> & \"quotes\" 'too'")).toBe(
      "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;too&#39;",
    );
    expect(html("[click](javascript:alert(1))")).toBe("click");
    expect(html("<@123456789012345678> <#123456789012345678>")).toBe(
      '<span class="mention">@user</span> <span class="mention">#channel</span>',
    );
  });
});

describe("previewHtml", () => {
  it("shows an answer as Discord would: block-quoted sentence, date, numbered link, buttons", () => {
    const html = page(
      [
        passage("Nearly 4,000 Azerbaijani citizens are still missing."),
        passage("Close.", { match: "related", title: null, url: null }),
      ],
      [
        { before: "Musayev spoke.", after: "" },
        { before: "", after: "" },
      ],
    );
    expect(html).toContain(
      "<blockquote>Musayev spoke. <strong>Nearly 4,000 Azerbaijani citizens are still missing.</strong></blockquote>",
    );
    expect(html).toContain(
      '— Tofig Musayev · <span class="timestamp">July 1, 2025</span> · [1] <a href="https://example.org/statement">Statement at the General Assembly</a>',
    );
    // Answers in the accent colour; related passages apart, grey, under their heading.
    expect(html).toContain('<div class="embed" style="border-left-color:#4f6d8f">');
    expect(html).toMatch(
      /<div class="embed" style="border-left-color:#99a1aa"><div class="embed-title">Related passages<\/div>/,
    );
    expect(html).toContain('<div class="content"><strong>Q:</strong> how many');
    for (const label of ["More results", "Helpful", "Not helpful", "Details", "Full statement 2"])
      expect(html).toContain(`${label}</span>`);
    expect(html).toContain('<span class="button primary">More results</span>');
    expect(html).toContain('<span class="who">you</span> used <span class="command">/ask</span>');
  });

  it("never lets statement text become markup", () => {
    const evil = `<script>alert(1)</script><img src=x onerror=alert(2)>"><b>x</b>`;
    const html = page([
      passage(`${evil} and [click](javascript:alert(3))`, {
        title: `${evil} title`,
        speaker: `${evil} speaker`,
        url: 'https://example.org/"onmouseover="alert(4)',
      }),
    ]);
    // The page's own measuring script is the only script.
    expect(html.match(/<script/g)).toHaveLength(1);
    // No element or attribute of its own: every "<" and quotation mark of it is escaped.
    expect(html).not.toMatch(/<img|<b>|href="javascript|" ?onmouseover/);
    expect(html).toContain('href="https://example.org/%22onmouseover=%22alert%284%29"');
    expect(html).toContain(
      "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;",
    );
  });
});
