/**
 * File-level notices that the engine gives itself (before or around the
 * rules): too large, not text, template actions not checked. Registered here
 * so that they are documented and their severity can be changed.
 */
import type { DocumentRule } from './api';

const notice = (id: string, title: string, description: string): DocumentRule => ({
  id,
  scope: 'document',
  severity: 'information',
  title,
  description,
  rejects: false,
  // Reported by the engine itself.
  check() {},
});

export const fileTooLarge = notice(
  'file/too-large',
  'File larger than podPatterns.maxFileSize: not analysed',
  'Files above the size limit (5 MB by default, setting `podPatterns.maxFileSize`) are skipped so that the editor never freezes; one information diagnostic says so.',
);
export const fileNotText = notice('file/not-text', 'File that does not look like text: not analysed', 'A file with NUL bytes or many control characters is binary, not YAML; it is skipped.');
export const templateNotChecked = notice(
  'template/not-checked',
  'Template actions ({{ }}): what they produce is not checked',
  'Helm and other Go templates are analysed around their actions: each action is masked (blanks on its own line, a placeholder inside a value), findings on masked text and missing-field findings are dropped, and the rest are at most warnings. Render the chart (`helm template`) and check the output for a full check.',
);

export const fileRules: DocumentRule[] = [fileTooLarge, fileNotText, templateNotChecked];
