/**
 * Once per test run: generates the small test embedding model (tests never download anything)
 * and starts a throwaway PostgreSQL cluster for the tests of the shared database. Without
 * PostgreSQL those tests are skipped, and the run says so loudly, at its start and at its end;
 * so does a run without Chromium, which skips the preview's screenshot test.
 * Every temporary folder of the run is made inside one folder of the run's own, removed at the
 * end; the test model lives in `.cache/test-models`, never in the models a user downloads.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import {
  DEFAULT_CORPUS_DIRS,
  DEFAULT_TEST_MODEL_DIR,
  readCorpusText,
  writeTestModel,
} from "../../scripts/make-test-model.js";
import { CHROMIUM_PATHS, findChromium } from "../../src/cli/chromium.js";
import { TEST_RUN_DIR_VARIABLE, testRunDir } from "../helpers.js";
import { startPostgresCluster } from "../../scripts/testing/postgres-cluster.js";

export const TEST_MODEL_DIR = DEFAULT_TEST_MODEL_DIR;

/**
 * The model settings for a process a test starts: the test model, and a model cache in this run's
 * folder, so that nothing a test runs writes into the project's `.cache/models`.
 */
export function testModelEnv(): { EMBEDDING_MODEL: string; MODEL_CACHE_DIR: string } {
  return {
    EMBEDDING_MODEL: TEST_MODEL_DIR,
    MODEL_CACHE_DIR: path.join(testRunDir(), "model-cache"),
  };
}

const RUN_DIR_PREFIX = "verbatim-test-run-";

declare module "vitest" {
  export interface ProvidedContext {
    /** The test cluster's admin URL, or why there is none. */
    postgres: { url: string } | { skipped: string };
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  removeAbandonedRunDirs();
  const runDir = mkdtempSync(path.join(os.tmpdir(), `${RUN_DIR_PREFIX}${process.pid}-`));
  // Read by tempDir() in the test workers, which inherit this process's environment.
  process.env[TEST_RUN_DIR_VARIABLE] = runDir;
  const removeRunDir = () => rmSync(runDir, { recursive: true, force: true });
  // The same vocabulary as `npx tsx scripts/make-test-model.ts`, so the two never overwrite each other.
  await writeTestModel(TEST_MODEL_DIR, { extraText: await readCorpusText(DEFAULT_CORPUS_DIRS) });
  const cluster = await startPostgresCluster();
  const banners = findChromium() ? "" : noChromiumBanner();
  if (cluster.available) {
    project.provide("postgres", { url: cluster.url });
    process.stderr.write(banners);
    return () => {
      try {
        cluster.stop();
      } finally {
        removeRunDir();
        process.stderr.write(banners);
      }
    };
  }
  project.provide("postgres", { skipped: cluster.reason });
  const banner = `${skippedBanner(cluster.reason)}${banners}`;
  process.stderr.write(banner);
  return () => {
    removeRunDir();
    process.stderr.write(banner);
  };
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

/** Run folders of earlier runs that were killed before their teardown (their process is gone). */
function removeAbandonedRunDirs(): void {
  for (const name of readdirSync(os.tmpdir())) {
    const pid = Number(/^verbatim-test-run-(\d+)-/.exec(name)?.[1]);
    if (!pid || processRunning(pid)) continue;
    rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
  }
}

function processRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
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
