/** Shared test helpers: temporary folders and a counting embedder (a stand-in adapter for unit tests). */
import { createHash } from "node:crypto";
import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Embedder } from "../src/retrieval/embedder.js";
import { terms } from "../src/retrieval/terms.js";
import type { Statement } from "../src/retrieval/types.js";

/** Names this test run's own temporary folder (set by test/setup/global.ts for the workers). */
export const TEST_RUN_DIR_VARIABLE = "VERBATIM_TEST_RUN_DIR";

/** This test run's temporary folder, removed when the run ends (the OS's outside a test run). */
export function testRunDir(): string {
  return process.env[TEST_RUN_DIR_VARIABLE] ?? os.tmpdir();
}

/** A new folder inside the run's folder, so that the run's teardown removes it with the rest. */
export async function tempDir(prefix = "verbatim-"): Promise<string> {
  return mkdtemp(path.join(testRunDir(), prefix));
}

export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
}

/** Hashed bag-of-stems vectors; records every text it is asked to embed. */
export class CountingEmbedder implements Embedder {
  readonly embedded: string[] = [];
  constructor(
    readonly modelId = "test/counting",
    readonly dimension = 32,
  ) {}

  async embed(texts: string[]): Promise<Float32Array[]> {
    this.embedded.push(...texts);
    return texts.map((text) => {
      const v = new Float32Array(this.dimension);
      for (const term of terms(text)) {
        const h = createHash("md5").update(term).digest();
        v[h[0]! % this.dimension]! += h[1]! & 1 ? 1 : -1;
      }
      const norm = Math.hypot(...v) || 1;
      return v.map((x) => x / norm);
    });
  }
}

/** A statement as the corpus reader would give it: "d.txt", dated 2024-01-01, no metadata. */
export function makeStatement(text: string, extra: Partial<Statement> = {}): Statement {
  return {
    docId: "d.txt",
    date: "2024-01-01",
    title: null,
    speaker: null,
    source: null,
    url: null,
    dateline: null,
    text,
    ...extra,
  };
}

export const statementFile = (date: string, body: string) =>
  ` date ${date} GENEVA, Switzerland, March 3. ${body}`;

export { freePort } from "../scripts/testing/free-port.js";
