/** A corpus file (or one line of it) that cannot be indexed. Reported and skipped, never fatal. */
export class CorpusFileError extends Error {
  override name = "CorpusFileError";
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly line: number | null = null,
    options?: ErrorOptions,
  ) {
    super(`${line === null ? file : `${file}:${line}`}: ${reason}`, options);
  }
}

/** `index --strict`: files were skipped, so nothing was indexed. */
export class StrictCorpusError extends Error {
  override name = "StrictCorpusError";
  constructor(
    message: string,
    readonly skipped: CorpusFileError[],
  ) {
    super(message);
  }
}

/** The index directory is missing, corrupt, or built with other settings. */
export class IndexError extends Error {
  override name = "IndexError";
  constructor(
    message: string,
    readonly indexDir: string,
    readonly kind: "missing" | "corrupt" | "mismatch" | "locked",
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The embedding model could not be loaded (no network, missing files, bad folder). */
export class ModelLoadError extends Error {
  override name = "ModelLoadError";
  constructor(
    readonly model: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A question or option that cannot be answered as given. */
export class QueryError extends Error {
  override name = "QueryError";
}

/** Text of an error and its causes, for logs. */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    parts.push(current instanceof Error ? current.message : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(" ← caused by: ");
}
