import { decide, type Rubric, type RubricDecision, type Scores } from './rubric.js';

// How a panel's independent scores become one decision. Pure, so the workflow can decide and tests can
// pin the arithmetic.

export interface PanelAggregate {
  /** Mean level per criterion, two decimals. */
  scores: Scores;
  /** Largest difference between two panel members on any one criterion. */
  spread: number;
  /** Criteria whose difference exceeds the moderation threshold. */
  disputed: string[];
}

export function aggregatePanel(rubric: Rubric, panelScores: Scores[], moderationSpread: number): PanelAggregate {
  const scores: Scores = {};
  let spread = 0;
  const disputed: string[] = [];
  for (const criterion of rubric.criteria) {
    const levels = panelScores.map((s) => s[criterion.key] ?? rubric.levels.min);
    const mean = levels.reduce((sum, level) => sum + level, 0) / Math.max(1, levels.length);
    scores[criterion.key] = Math.round(mean * 100) / 100;
    const difference = levels.length ? Math.max(...levels) - Math.min(...levels) : 0;
    spread = Math.max(spread, difference);
    if (difference > moderationSpread) disputed.push(criterion.key);
  }
  return { scores, spread, disputed };
}

/** The panel's decision, or null when the scores disagree too much and a moderator must decide. */
export function panelDecision(rubric: Rubric, panelScores: Scores[], moderationSpread: number): (RubricDecision & PanelAggregate) | null {
  const aggregate = aggregatePanel(rubric, panelScores, moderationSpread);
  if (aggregate.disputed.length > 0) return null;
  return { ...decide(rubric, aggregate.scores), ...aggregate };
}

/** Majority of the reviewers' votes; a tie sends the case to a new panel, the fairest way to break it. */
export function appealOutcome(votes: ('upheld' | 'overturned' | 'reassess')[]): 'upheld' | 'overturned' | 'reassess' {
  const counts = new Map<string, number>();
  for (const vote of votes) counts.set(vote, (counts.get(vote) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  if (ranked.length === 0 || (ranked.length > 1 && ranked[0]![1] === ranked[1]![1])) return 'reassess';
  return ranked[0]![0] as 'upheld' | 'overturned' | 'reassess';
}
