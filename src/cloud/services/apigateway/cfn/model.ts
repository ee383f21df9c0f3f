/**
 * @module AWS::ApiGateway::Model: a named schema of a REST API (`Ref` is the model's name). `Schema` may be
 * written as a JSON object in the template; API Gateway stores it as text.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-model.html
 */
import { physicalName } from '../../../core/ids.js'
import type { ResourceProvider } from '../../../core/types.js'
import { call, ignoreNotFound } from './shared.js'

interface ModelProps {
  RestApiId: string
  ContentType?: string
  Description?: string
  Name?: string
  Schema?: unknown
}

const schemaText = (schema: unknown) => (schema === undefined ? undefined : typeof schema === 'string' ? schema : JSON.stringify(schema))

export const modelProvider: ResourceProvider<ModelProps> = {
  properties: ['RestApiId', 'ContentType', 'Description', 'Name', 'Schema'],
  required: ['RestApiId'],
  createOnly: ['RestApiId', 'ContentType', 'Name'],
  async create(props, rc) {
    // AWS generates an alphanumeric name when none is given.
    const name = props.Name ?? physicalName(rc.stackName, rc.logicalId, 60).replace(/[^A-Za-z0-9]/g, '')
    await call(rc, 'CreateModel', {
      restApiId: props.RestApiId,
      name,
      description: props.Description,
      schema: schemaText(props.Schema),
      contentType: props.ContentType ?? 'application/json',
    })
    return { physicalId: name }
  },
  async update(name, props, _previous, rc) {
    await call(rc, 'UpdateModel', {
      restApiId: props.RestApiId,
      modelName: name,
      patchOperations: [
        { op: 'replace', path: '/description', value: props.Description ?? '' },
        { op: 'replace', path: '/schema', value: schemaText(props.Schema) ?? '{}' },
      ],
    })
    return { physicalId: name }
  },
  async delete(name, props, rc) {
    await ignoreNotFound(call(rc, 'DeleteModel', { restApiId: props.RestApiId, modelName: name }))
  },
}
