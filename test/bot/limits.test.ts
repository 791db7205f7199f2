import { describe, expect, it } from "vitest";
import { QuestionLimiter, limitMessage } from "../../src/bot/limits.js";
import { parseSettingValue } from "../../src/bot/settings-input.js";
import { SettingError, SettingsStore } from "../../src/bot/settings.js";
import { DEFAULT_MIN_RELEVANCE } from "../../src/retrieval/types.js";
import { openDatabase } from "../../src/bot/db.js";

describe("QuestionLimiter", () => {
  it("caps questions per server per minute and frees the slots a minute later", () => {
    let now = 0;
    const limiter = new QuestionLimiter(() => now);
    const limits = { cooldownSeconds: 0, questionsPerMinute: 3 };
    for (let i = 0; i < 3; i++) expect(limiter.take("g", `u${i}`, limits)).toEqual({ ok: true });
    now = 20_000;
    const refused = limiter.take("g", "u9", limits);
    expect(refused).toEqual({ ok: false, retryAfterMs: 40_000, reason: "server" });
    expect(limiter.take("other-guild", "u9", limits).ok).toBe(true);
    expect(limitMessage(refused as Extract<typeof refused, { ok: false }>, 0)).toBe(
      "This server has reached its limit of questions per minute: please try again in 40 s (<t:40:R>).",
    );
    now = 60_001;
    expect(limiter.take("g", "u9", limits).ok).toBe(true);
  });

  it("applies the cooldown per member", () => {
    let now = 0;
    const limiter = new QuestionLimiter(() => now);
    const limits = { cooldownSeconds: 10, questionsPerMinute: 100 };
    expect(limiter.take("g", "a", limits).ok).toBe(true);
    expect(limiter.take("g", "b", limits).ok).toBe(true);
    now = 4_000;
    expect(limiter.take("g", "a", limits)).toEqual({
      ok: false,
      retryAfterMs: 6_000,
      reason: "cooldown",
    });
    now = 10_000;
    expect(limiter.take("g", "a", limits).ok).toBe(true);
  });
});

describe("settings", () => {
  it("parse typed values and validate them with a message that says what is allowed", async () => {
    expect(parseSettingValue("channels", "<#123456789012345678>, <#223456789012345678>")).toEqual([
      "123456789012345678",
      "223456789012345678",
    ]);
    expect(parseSettingValue("channels", "none")).toEqual([]);
    expect(parseSettingValue("disabledCommands", "/ask, mention")).toEqual(["ask", "mention"]);
    expect(parseSettingValue("minRelevance", "0,6")).toBe(0.6);
    const store = new SettingsStore(await openDatabase({ dataDir: ":memory:" }));
    await expect(store.set("g", "u", "visibility", "secret")).rejects.toThrow(
      new SettingError(
        'visibility must be "public" (everyone sees answers) or "private" (only the asker); got "secret".',
      ),
    );
    await expect(store.set("g", "u", "disabledCommands", ["config"])).rejects.toThrow(SettingError);
    await store.set("g", "u", "minRelevance", 0.6);
    expect((await store.get("g")).minRelevance).toBe(0.6);
    expect(await store.history("g")).toEqual([
      {
        userId: "u",
        key: "minRelevance",
        old: DEFAULT_MIN_RELEVANCE,
        new: 0.6,
        at: expect.any(String),
      },
    ]);
  });
});
