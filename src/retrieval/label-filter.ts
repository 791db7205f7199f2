/**
 * The date and speaker filter of a question as a test on chunk labels, over two typed arrays, so
 * that filtering a candidate costs two array reads (HNSW and SQLite ask for every chunk they
 * visit) and the keyword worker can share the arrays with the engine.
 */

export interface LabelTables {
  /** By label: the statement's date as YYYYMMDD; 0 where there is no such chunk. */
  date: Uint32Array;
  /** By label: the speaker's place in the engine's sorted speaker names; -1 for none. */
  speaker: Int32Array;
}

/** A filter as plain data (it crosses to the keyword worker). */
export interface FilterSpec {
  /** YYYYMMDD bounds, inclusive. */
  since: number;
  until: number;
  /** By speaker place: 1 for the speakers asked for; null for any speaker. */
  speakers: Uint8Array | null;
}

/** Label tables in shared memory, so the keyword worker reads the engine's arrays, not copies. */
export function sharedLabelTables(labels: number): LabelTables {
  const date = new Uint32Array(new SharedArrayBuffer(labels * Uint32Array.BYTES_PER_ELEMENT));
  const speaker = new Int32Array(new SharedArrayBuffer(labels * Int32Array.BYTES_PER_ELEMENT));
  speaker.fill(-1);
  return { date, speaker };
}

export function labelFilter(tables: LabelTables, spec: FilterSpec): (label: number) => boolean {
  const { date: dates, speaker: speakerOf } = tables;
  const { since, until, speakers } = spec;
  return (label) => {
    const date = label < dates.length ? dates[label]! : 0;
    if (date === 0 || date < since || date > until) return false;
    if (!speakers) return true;
    const speaker = speakerOf[label]!;
    return speaker >= 0 && speakers[speaker] === 1;
  };
}

/** "2024-03-01" → 20240301 (dates are checked ISO dates by now). */
export function dateNumber(date: string): number {
  return (
    Number(date.slice(0, 4)) * 10_000 + Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10))
  );
}
