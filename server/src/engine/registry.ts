import { ALL_RULES } from '../../../rules';
import type { Rule } from './rule';

const BY_ID = new Map<string, Rule>(ALL_RULES.map((r) => [r.meta.id, r]));

export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id);
}

export function allRules(): readonly Rule[] {
  return ALL_RULES;
}
