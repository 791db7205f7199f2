/**
 * Figures the eval corpus states more than once, with different values at different dates.
 * "latest" questions must be answered by the most recent mention; `eval-data.test.ts` checks
 * that every mention is in its statement and that each latest question points at the newest one.
 */
export interface FactMention {
  docId: string;
  /** Exact substring of the statement body carrying the figure. */
  text: string;
}

export interface RepeatedFact {
  name: string;
  mentions: FactMention[];
}

export const REPEATED_FACTS: RepeatedFact[] = [
  {
    name: "Valdorian citizens missing since the conflict",
    mentions: [
      {
        docId: "2019-03-14_geneva_kovalska_missing.txt",
        text: "5,214 Valdorian citizens remain unaccounted for",
      },
      {
        docId: "2021-08-30_ferrante_missing_persons.md",
        text: "Today 4,870 Valdorian citizens are still missing",
      },
      {
        docId: "2023-08-30_geneva_ferrante_disappearances.txt",
        text: "4,512 Valdorian citizens are still listed as missing",
      },
      {
        docId: "statements.jsonl#security-council-briefing-2025",
        text: "now lists 4,388 people as missing",
      },
    ],
  },
  {
    name: "civilians killed or injured by mines since the 2018 ceasefire",
    mentions: [
      {
        docId: "2020-11-09_newyork_aldaner_landmines.txt",
        text: "212 civilians have been killed or injured by landmines",
      },
      {
        docId: "2022-04-04_tarvel_keller_mine_awareness.txt",
        text: "risen to 341 killed or injured",
      },
      {
        docId: "2024-10-15_newyork_kovalska_first_committee.txt",
        text: "398 civilians have been killed or injured by mines",
      },
      {
        docId: "2026-01-22_brussels_aldaner_donor_conference.txt",
        text: "427 civilians have been killed or injured by mines",
      },
    ],
  },
  {
    name: "refugees and displaced persons returned since the ceasefire",
    mentions: [
      {
        docId: "2021-06-20_lindqvist_world_refugee_day.txt",
        text: "18,240 refugees and internally displaced people have returned",
      },
      {
        docId: "statements.jsonl#returns-briefing-2023",
        text: "42,500 displaced persons and refugees have returned",
      },
      {
        docId: "2025-06-20_lindqvist_returns.txt",
        text: "67,310 refugees and displaced persons have now returned",
      },
    ],
  },
  {
    name: "share of state expenditure for reconstruction and demining",
    mentions: [
      {
        docId: "2020-12-02_marenko_budget_2021.md",
        text: "3.2 per cent of total state expenditure is allocated to reconstruction",
      },
      {
        docId: "statements.jsonl#budget-2023",
        text: "allocate 4.1 per cent of total expenditure to reconstruction",
      },
      {
        docId: "2024-12-03_marenko_budget_2025.md",
        text: "will reach 5.6 per cent of total state expenditure",
      },
    ],
  },
  {
    name: "hectares cleared of mines",
    mentions: [
      {
        docId: "2022-04-04_tarvel_keller_mine_awareness.txt",
        text: "cleared 12,400 hectares of land",
      },
      {
        docId: "2026-01-22_brussels_aldaner_donor_conference.txt",
        text: "31,800 hectares have been cleared of mines",
      },
    ],
  },
  {
    name: "people still displaced",
    mentions: [
      {
        docId: "2021-06-20_lindqvist_world_refugee_day.txt",
        text: "about 190,000 people remain displaced",
      },
      { docId: "2025-06-20_lindqvist_returns.txt", text: "around 120,000 people remain displaced" },
    ],
  },
  {
    name: "relatives who gave DNA reference samples",
    mentions: [
      {
        docId: "2019-03-14_geneva_kovalska_missing.txt",
        text: "blood samples from 2,900 relatives",
      },
      {
        docId: "2023-08-30_geneva_ferrante_disappearances.txt",
        text: "holds samples from more than 6,800 relatives",
      },
    ],
  },
  {
    name: "missing persons identified in total",
    mentions: [
      {
        docId: "2023-08-30_geneva_ferrante_disappearances.txt",
        text: "identified a total of 702 people",
      },
      {
        docId: "statements.jsonl#security-council-briefing-2025",
        text: "identified 826 people since it began its work",
      },
    ],
  },
];
