import { describe, expect, it } from "vitest";
import { BURST_SECTION, findSection, withSection } from "../../scripts/bench/sections.js";

const section = `${BURST_SECTION.start}\n## Bursts\n| a | $1 |\n${BURST_SECTION.end}`;

describe("sections of docs/benchmarks.md owned by other scripts", () => {
  it("are appended once, replaced in place, and carried over into a new report", () => {
    const report = "# Benchmarks\n\nfigures\n";
    const withBurst = withSection(report, section);
    expect(withBurst).toBe(`# Benchmarks\n\nfigures\n\n${section}\n`);
    expect(findSection(withBurst)).toBe(section);
    const newer = section.replace("## Bursts", "## Bursts, again");
    expect(withSection(`${withBurst}tail\n`, newer)).toBe(
      `# Benchmarks\n\nfigures\n\n${newer}\ntail\n`,
    );
    // What npm run bench does: a fresh report keeps the section of the file it replaces.
    expect(withSection("# New report\n", findSection(withBurst)!)).toBe(
      `# New report\n\n${section}\n`,
    );
    expect(findSection(report)).toBeNull();
  });
});
