/**
 * What the engine reports itself, around the rules: a file too large or not
 * text, template actions not checked, a rule that failed, a suppression that
 * suppresses nothing. Defined here like every rule, so that they are
 * documented and their severity can be changed or turned off.
 */
import { defineRule } from './rule';

export const fileTooLarge = defineRule({
  id: 'file/too-large',
  scope: 'engine',
  severity: 'information',
  title: 'File larger than the size limit: not analysed',
  description:
    'Files above the size limit (5 MB by default in the editor, setting `podPatterns.maxFileSize`) are skipped so that the editor never freezes; one information diagnostic says so.',
});

export const fileNotText = defineRule({
  id: 'file/not-text',
  scope: 'engine',
  severity: 'information',
  title: 'File that does not look like text: not analysed',
  description: 'A file with NUL bytes or many control characters is binary, not YAML; it is skipped.',
});

export const templateNotChecked = defineRule({
  id: 'template/not-checked',
  scope: 'engine',
  severity: 'information',
  title: 'Template actions ({{ }}): what they produce is not checked',
  description:
    'Helm and other Go templates are analysed around their actions: each action is masked (blanks on its own line, a placeholder inside a value), findings on masked text and missing-field findings are dropped, and the rest are at most warnings. Render the chart (`helm template`) and check the output for a full check.',
});

export const ruleFailed = defineRule({
  id: 'internal/rule-failed',
  scope: 'engine',
  severity: 'information',
  title: 'A rule failed on this document',
  description:
    'A rule threw an exception on this document; the other rules ran. This is a bug in the extension: please report it with the document. The rest of the analysis is unaffected.',
});

export const unusedSuppression = defineRule({
  id: 'suppression/unused',
  scope: 'engine',
  severity: 'information',
  title: 'A suppression comment that suppresses nothing',
  description:
    'A `# podpatterns-disable-next-line <rule-id>` or `# podpatterns-disable <rule-id>` comment names a rule that reports nothing where it applies (the problem was fixed, or the id is misspelt). Remove it so that it does not hide a future finding.',
  policy: { suppressible: false },
  example: {
    invalid: '  # podpatterns-disable-next-line pattern/wait-without-timeout\n  - name: web\n    image: nginx\n',
  },
});

export const projectUnreadable = defineRule({
  id: 'project/unreadable-file',
  scope: 'engine',
  severity: 'warning',
  title: 'A project file around this manifest could not be read',
  description:
    'The nearest `.podpatterns.yaml`, or a kustomization in this folder or above it, is not a regular file (a device, a named pipe, a symbolic link out of the repository) or is larger than 1 MB: it is not read, so its settings, ignores or patch list do not apply to this manifest. The diagnostic names the file and why.',
});

export const noticeRules = [fileTooLarge, fileNotText, templateNotChecked, ruleFailed, unusedSuppression, projectUnreadable];
