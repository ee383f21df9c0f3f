/**
 * @module CloudFormation's YAML short-form tags (`!Ref`, `!Sub`, `!GetAtt`…) as `yaml` custom tags that yield the long
 * JSON forms. Shared by the local cloud's template parser and the deployer's (which never imports the cloud), so both
 * read a template the same way.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 */
import type { CollectionTag, ScalarTag } from 'yaml'

/** `!Name` for each of these stands for `Fn::Name`. */
const FUNCTION_TAGS = [
  'Base64', 'Cidr', 'FindInMap', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform',
  'If', 'Equals', 'Not', 'And', 'Or', 'Length', 'ToJsonString',
  // Rule functions (the Rules section).
  'Contains', 'EachMemberEquals', 'EachMemberIn', 'RefAll', 'ValueOf', 'ValueOfAll',
]

/** A short form may take a scalar, a sequence or a mapping, so each tag is declared three times. */
function tagForms(name: string, wrap: (value: unknown) => unknown): (ScalarTag | CollectionTag)[] {
  const tag = `!${name}`
  return [
    { tag, resolve: (value: string) => wrap(value) } as ScalarTag,
    { tag, collection: 'seq', resolve: (seq: { toJSON(): unknown }) => wrap(seq.toJSON()) } as unknown as CollectionTag,
    { tag, collection: 'map', resolve: (map: { toJSON(): unknown }) => wrap(map.toJSON()) } as unknown as CollectionTag,
  ]
}

/** The tags to pass as `parseDocument(…, { customTags })`. */
export function cloudFormationTags(): (ScalarTag | CollectionTag)[] {
  const tags = FUNCTION_TAGS.flatMap((name) => tagForms(name, (v) => ({ [`Fn::${name}`]: v })))
  tags.push(...tagForms('Ref', (v) => ({ Ref: v })))
  tags.push(...tagForms('Condition', (v) => ({ Condition: v })))
  // `!GetAtt Resource.Attribute` is the string form of `Fn::GetAtt: [Resource, Attribute]`.
  tags.push(...tagForms('GetAtt', (v) => ({ 'Fn::GetAtt': typeof v === 'string' ? splitGetAtt(v) : v })))
  return tags
}

/** `Resource.Attribute` → `[Resource, Attribute]`; only the first dot splits (attribute names may hold dots). */
export function splitGetAtt(value: string): string[] {
  const dot = value.indexOf('.')
  return dot === -1 ? [value] : [value.slice(0, dot), value.slice(dot + 1)]
}
