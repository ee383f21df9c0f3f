/**
 * @module AWS::ApiGatewayV2::Deployment — a snapshot taken once, at create (a template that changes its routes needs a
 * new Deployment resource, as on AWS; templates make it wait for the routes with DependsOn). Ref is the deployment id;
 * GetAtt `DeploymentId`.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-deployment.html
 */
import type { ResourceProvider } from '../../../core/types.js'
import { call, ignoreNotFound } from './shared.js'

export const deploymentProvider: ResourceProvider = {
  properties: ['ApiId', 'Description', 'StageName'],
  required: ['ApiId'],
  createOnly: ['ApiId'],
  async create(props, rc) {
    const deployment = await call(rc, 'CreateDeployment', { apiId: props.ApiId, description: props.Description, stageName: props.StageName })
    return { physicalId: deployment.deploymentId, attributes: { DeploymentId: deployment.deploymentId } }
  },
  async update(id, props, previous, rc) {
    if (props.Description !== previous.Description) await call(rc, 'UpdateDeployment', { apiId: props.ApiId, deploymentId: id, description: props.Description ?? '' })
    if (props.StageName && props.StageName !== previous.StageName) await call(rc, 'UpdateStage', { apiId: props.ApiId, stageName: props.StageName, deploymentId: id })
    return { physicalId: id, attributes: { DeploymentId: id } }
  },
  async delete(id, props, rc) {
    await ignoreNotFound(call(rc, 'DeleteDeployment', { apiId: props.ApiId, deploymentId: id }))
  },
}
