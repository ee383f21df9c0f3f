/**
 * YAML errors point at the misaligned key, not at column 1: the `yaml` parser places indentation errors at the start
 * of the line's indentation. Both readers (the deployer's template.yaml and the runner's other YAML files) say
 * `file:line:col` and draw the caret under that column.
 */
import { describe, expect, it } from 'vitest'
import { parseTemplateText } from '../../src/deployer/template.js'
import { LabError } from '../../src/runner/errors.js'
import { parseYamlFile } from '../../src/runner/yaml-file.js'

function errorOf(parse: () => unknown): LabError {
  try {
    parse()
  } catch (err) {
    if (err instanceof LabError) return err
    throw err
  }
  throw new Error('expected a LabError')
}

/** `Handler` one column left of its siblings (column 13, the siblings at 14): lab 350's misaligned key. */
const misaligned = ['Resources:', '  Fn:', '    Type: AWS::Lambda::Function', '    Properties:', '             Runtime: python3.12', '            Handler: app.handler', ''].join('\n')
/** A flow sequence never closed: the parser stops at `Outputs:` (column 1); the `[` left open is the mistake (`lab watch`). */
const flow = ['Resources:', '  Api:', '    Type: AWS::ApiGateway::RestApi', '    Properties:', "      BinaryMediaTypes: [image/png, 'a]b'  # ]", '', 'Outputs:', '  Id: { Value: !Ref Api }', ''].join('\n')

describe('YAML error positions', () => {
  it('template.yaml: "All mapping items must start at the same column" points at the misaligned key', () => {
    const error = errorOf(() => parseTemplateText(misaligned))
    expect(error.message).toBe('template.yaml:6:13: All mapping items must start at the same column')
    expect(error.details).toEqual(['  6 |             Handler: app.handler', '    |             ^'])
  })

  it('another YAML file of the workspace: the same error, the same column and caret', () => {
    const error = errorOf(() => parseYamlFile('/w/template.yaml', misaligned))
    expect(error.message).toContain('/w/template.yaml:6:13: All mapping items must start at the same column')
    expect(error.details?.slice(0, 2)).toEqual(['  6 |             Handler: app.handler', '    |             ^'])
  })

  it('"Flow sequence in block collection must be sufficiently indented…" points at the `[` left open, not at the next key', () => {
    const error = errorOf(() => parseYamlFile('/w/template.yaml', flow))
    expect(error.message).toContain('/w/template.yaml:5:25: Flow sequence in block collection must be sufficiently indented')
    expect(error.details?.slice(0, 2)).toEqual([`  5 |       BinaryMediaTypes: [image/png, 'a]b'  # ]`, `    | ${' '.repeat(24)}^`])
    expect(errorOf(() => parseTemplateText(flow)).message).toMatch(/^template\.yaml:5:25: Flow sequence/)
  })
})
