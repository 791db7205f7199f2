/** Autocomplete choices: at most 25, each within Discord's 100-character limits. Pure. */
export interface Choice {
  name: string;
  value: string;
}

export function rankChoices(
  items: Array<{ name: string; value: string }>,
  typed: string,
): Choice[] {
  const query = typed.trim().toLowerCase();
  const scored = items
    .map((item) => {
      const name = item.name.toLowerCase();
      const score = !query
        ? 1
        : name.startsWith(query)
          ? 3
          : name.split(/\s+/).some((w) => w.startsWith(query))
            ? 2
            : name.includes(query)
              ? 1
              : 0;
      return { item, score };
    })
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.item.name.localeCompare(b.item.name));
  return scored
    .slice(0, 25)
    .map(({ item }) => ({ name: item.name.slice(0, 100), value: item.value.slice(0, 100) }));
}

export function speakerChoices(speakers: string[], typed: string): Choice[] {
  return rankChoices(
    speakers.map((s) => ({ name: s, value: s })),
    typed,
  );
}
