import { describe, expect, it } from 'vitest'
import { LabError } from '../../src/runner/errors.js'
import { parseTemplateText } from '../../src/deployer/template.js'

function errorOf(text: string): LabError {
  try {
    parseTemplateText(text)
  } catch (err) {
    return err as LabError
  }
  throw new Error('expected a LabError')
}

describe('parseTemplateText', () => {
  it('turns short-form tags into the long JSON forms', () => {
    const parsed = parseTemplateText(
      [
        'Resources:',
        '  Bucket:',
        '    Type: AWS::S3::Bucket',
        'Outputs:',
        '  Name: { Value: !Ref Bucket }',
        '  Arn: { Value: !GetAtt Bucket.Arn }',
        '  Url: { Value: !Sub "https://${Bucket}.example" }',
        '  Joined:',
        '    Value: !Join [",", [!Ref Bucket, !Select [0, !GetAZs ""]]]',
      ].join('\n'),
    )
    expect(parsed.Outputs).toEqual({
      Name: { Value: { Ref: 'Bucket' } },
      Arn: { Value: { 'Fn::GetAtt': ['Bucket', 'Arn'] } },
      Url: { Value: { 'Fn::Sub': 'https://${Bucket}.example' } },
      Joined: { Value: { 'Fn::Join': [',', [{ Ref: 'Bucket' }, { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }]] } },
    })
  })

  it('reports a YAML mistake as template.yaml:LINE:COL with the offending line', () => {
    const err = errorOf('Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n   Properties: {}\n')
    expect(err).toBeInstanceOf(LabError)
    expect(err.message).toMatch(/^template\.yaml:4:\d+: /)
    expect(err.details.join('\n')).toContain('Properties: {}')
  })

  it('reports duplicate keys with their position', () => {
    const err = errorOf('Resources:\n  A:\n    Type: AWS::S3::Bucket\n  A:\n    Type: AWS::S3::Bucket\n')
    expect(err.message).toMatch(/^template\.yaml:4:3: .*unique/)
  })

  it('rejects a document that is not a mapping', () => {
    expect(errorOf('- just\n- a list\n').message).toContain('mapping')
  })
})
