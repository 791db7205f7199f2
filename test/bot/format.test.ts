import { describe, expect, it } from "vitest";
import {
  LIMITS,
  discordDate,
  escapeText,
  linkUrl,
  shorten,
  statementPages,
} from "../../src/bot/format.js";

describe("escapeText", () => {
  it("escapes Markdown so statement text shows literally", () => {
    expect(escapeText("**bold** _it_ `code` ~~s~~ |sp| [link](x)")).toBe(
      "\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~\\~s\\~\\~ \\|sp\\| \\[link\\](x)",
    );
    expect(escapeText("> quote\n# heading\n- item\n1. first")).toBe(
      "\\> quote\n\\# heading\n\\- item\n\\1. first",
    );
    expect(escapeText("<@123> <#45> <t:0:R> <:e:1> </cmd:1> a < b")).toBe(
      "\\<@123> \\<#45> \\<t:0:R> \\<:e:1> \\</cmd:1> a < b",
    );
  });
});

describe("shorten", () => {
  it("cuts at a word boundary with an ellipsis, within the limit", () => {
    const text = "The delegation underlined that reconstruction requires sustained financing";
    for (let max = 12; max < text.length; max += 7) {
      const short = shorten(text, max);
      expect(short.length).toBeLessThanOrEqual(max);
      expect(short.endsWith("…")).toBe(true);
      expect(text.startsWith(short.replace(/ ?…$/, ""))).toBe(true);
      expect(text[short.replace(/ ?…$/, "").length] ?? " ").toMatch(/[\s.]/);
    }
    expect(shorten("short", 10)).toBe("short");
  });
});

describe("linkUrl", () => {
  it("keeps a link from ending early or pointing anywhere but the web", () => {
    expect(linkUrl("https://example.org/a_(b)?q=<x>")).toBe(
      "https://example.org/a_%28b%29?q=%3Cx%3E",
    );
    expect(linkUrl("javascript:alert(1)")).toBeNull();
    expect(linkUrl("https://example.org/a b")).toBeNull();
    expect(linkUrl(`https://example.org/${"x".repeat(500)}`)).toBeNull();
    expect(linkUrl(null)).toBeNull();
  });
});

describe("discordDate", () => {
  it("is noon UTC of the day, so every reader's time zone shows that day", () => {
    expect(discordDate("2025-07-01")).toBe(`<t:${Date.UTC(2025, 6, 1, 12) / 1000}:D>`);
  });
});

describe("statementPages", () => {
  it("splits a long statement into pages within an embed, losing nothing", () => {
    const text = Array.from(
      { length: 300 },
      (_, i) => `Sentence number ${i} with *stars* in it.`,
    ).join(" ");
    const pages = statementPages({
      docId: "d",
      date: "2024-01-01",
      title: null,
      speaker: null,
      source: null,
      url: null,
      dateline: "CITY, May 1.",
      text,
    });
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page.length).toBeLessThanOrEqual(LIMITS.description);
    expect(pages.join(" ").replace(/\\/g, "")).toBe(`CITY, May 1. ${text}`);
  });
});
