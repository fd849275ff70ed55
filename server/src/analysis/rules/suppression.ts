/**
 * The suppression family: reports about `# podpatterns-disable…` comments
 * themselves. The engine applies suppressions after the other rules and
 * reports through these entries, so their severity can be changed like any
 * other rule's.
 */
import type { DocumentRule } from './api';

export const unusedSuppression: DocumentRule = {
  id: 'suppression/unused',
  scope: 'document',
  severity: 'information',
  title: 'A suppression comment that suppresses nothing',
  description:
    'A `# podpatterns-disable-next-line <rule-id>` or `# podpatterns-disable <rule-id>` comment names a rule that reports nothing where it applies (the problem was fixed, or the id is misspelt). Remove it so that it does not hide a future finding.',
  rejects: false,
  example: {
    invalid: '  # podpatterns-disable-next-line pattern/wait-without-timeout\n  - name: web\n    image: nginx\n',
  },
  // Findings come from the engine's suppression pass, after all other rules.
  check() {},
};

export const suppressionRules: DocumentRule[] = [unusedSuppression];
