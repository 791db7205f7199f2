import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";

describe("loadConfig", () => {
  it("defaults to keyword searches on the calling thread, and reads KEYWORD_THREAD", () => {
    expect(loadConfig({}).keywordThread).toBe(false);
    expect(loadConfig({ KEYWORD_THREAD: "on" }).keywordThread).toBe(true);
    expect(loadConfig({ KEYWORD_THREAD: " ON " }).keywordThread).toBe(true);
    expect(loadConfig({ KEYWORD_THREAD: "0" }).keywordThread).toBe(false);
  });

  it("names a bad KEYWORD_THREAD and what it accepts", () => {
    let error: unknown;
    try {
      loadConfig({ KEYWORD_THREAD: "sometimes" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variables).toEqual(["KEYWORD_THREAD"]);
    expect((error as ConfigError).message).toMatch(/KEYWORD_THREAD.*on or off/);
  });
});
