/**
 * Once per test run: generates the small test embedding model (tests never download anything)
 * and starts a throwaway PostgreSQL cluster for the tests of the shared database. Without
 * PostgreSQL those tests are skipped, and the run says so loudly, at its start and at its end;
 * so does a run without Chromium, which skips the preview's screenshot test.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import {
  DEFAULT_CORPUS_DIRS,
  readCorpusText,
  writeTestModel,
} from "../../scripts/make-test-model.js";
import { CHROMIUM_PATHS, findChromium } from "../../src/cli/chromium.js";
import { startPostgresCluster } from "./postgres-cluster.js";

export const TEST_MODEL_DIR = path.resolve(".cache/models/verbatim-test");

declare module "vitest" {
  export interface ProvidedContext {
    /** The test cluster's admin URL, or why there is none. */
    postgres: { url: string } | { skipped: string };
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  // The same vocabulary as `npx tsx scripts/make-test-model.ts`, so the two never overwrite each other.
  await writeTestModel(TEST_MODEL_DIR, { extraText: await readCorpusText(DEFAULT_CORPUS_DIRS) });
  const cluster = await startPostgresCluster();
  const banners = findChromium() ? "" : noChromiumBanner();
  if (cluster.available) {
    project.provide("postgres", { url: cluster.url });
    process.stderr.write(banners);
    return () => {
      cluster.stop();
      process.stderr.write(banners);
    };
  }
  project.provide("postgres", { skipped: cluster.reason });
  const banner = `${skippedBanner(cluster.reason)}${banners}`;
  process.stderr.write(banner);
  return () => process.stderr.write(banner);
}

function noChromiumBanner(): string {
  const line = "!".repeat(78);
  return [
    "",
    line,
    `!! SKIPPED: the preview's PNG screenshot test did not run: no Chromium at ${CHROMIUM_PATHS.join(", ")}.`,
    "!!   skipped: test/cli/preview.test.ts (takes a PNG screenshot); apt-get install chromium",
    line,
    "",
  ].join("\n");
}

/** Names the test files whose PostgreSQL tests do not run, and why. */
function skippedBanner(reason: string): string {
  const files = testFiles("test").filter((file) =>
    readFileSync(file, "utf8").includes("describeWithPostgres("),
  );
  const line = "!".repeat(78);
  return [
    "",
    line,
    `!! SKIPPED: the PostgreSQL tests (shared database) did not run. ${reason}.`,
    ...files.map((file) => `!!   skipped: ${file} (its "with PostgreSQL" tests)`),
    line,
    "",
  ].join("\n");
}

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return entry.name.endsWith(".test.ts") ? [full] : [];
  });
}
