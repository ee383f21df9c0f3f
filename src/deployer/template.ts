/**
 * @module Read a workspace's template.yaml locally, so a YAML mistake is reported as `template.yaml:LINE:COL`
 * before anything is sent. Short-form tags (`!Ref`, `!Sub`, `!GetAtt`…) become their long JSON forms, which
 * every CloudFormation endpoint accepts.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 */
import { parseDocument } from 'yaml'
import { cloudFormationTags } from '../common/cloudformation-yaml-tags.js'
import { yamlErrorPicture, yamlErrorPosition } from '../common/yaml-error-position.js'
import { LabError } from '../runner/errors.js'
import { t } from '../ui/i18n.js'

export interface ParsedTemplate {
  Resources?: Record<string, { Type?: string; Properties?: Record<string, unknown> } & Record<string, unknown>>
  [section: string]: unknown
}

/** Parse template text (YAML or JSON) into plain JSON; a syntax error is a LabError with line and column. */
export function parseTemplateText(text: string, fileName = 'template.yaml'): ParsedTemplate {
  const doc = parseDocument(text, {
    customTags: cloudFormationTags(),
    uniqueKeys: true,
    prettyErrors: true,
    // YAML 1.1 like CloudFormation's parser (e.g. `on`/`off` stay strings only when quoted).
    version: '1.1',
  })
  // An unknown tag (`!Bogus`, `!Rain::Embed`) fails on AWS: never send it on as a plain string.
  const error = doc.errors[0] ?? doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED')
  if (error) {
    const pos = yamlErrorPosition(text, error)
    const message = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?\s*$/, '')
    const where = t('deploy.templateError', { line: pos.line, col: pos.col, message })
    throw new LabError(where.replace(/^template\.yaml/, fileName), yamlErrorPicture(text, pos))
  }
  const parsed = doc.toJSON() as unknown
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new LabError(t('deploy.templateNotMapping'))
  return parsed as ParsedTemplate
}
