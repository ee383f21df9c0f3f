/**
 * @module `deployLab`: read and check template.yaml locally, package function code, create or update the
 * stack with live events, upload the site, and return the outputs (in local URL styles for the local cloud).
 */
import fs from 'node:fs'
import path from 'node:path'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { LabError } from '../runner/errors.js'
import { t } from '../ui/i18n.js'
import { artifactsBucketName, ensureBucket, putIfMissing } from './buckets.js'
import { TargetClients } from './clients.js'
import { outputsOf, translate } from './info.js'
import { artifactKey, collectArtifacts, rewriteTemplate } from './package.js'
import { uploadSite } from './site.js'
import { deployStack } from './stacks.js'
import { staleDeployments } from './stale-deployments.js'
import { stackTags } from './tags.js'
import { parseTemplateText } from './template.js'
import { olderRuntimeNotices, templateFunctions } from '../ui/runtime-notice.js'
import type { DeployRequest, DeployResult, Target } from './types.js'

/** CloudFormation's limit for TemplateBody; larger templates go through S3. */
const MAX_TEMPLATE_BODY = 51_200

export async function deployLab(target: Target, request: DeployRequest): Promise<DeployResult> {
  const { lab, workspaceDir } = request
  const stackName = request.stackName ?? lab.stackName
  const templatePath = path.join(workspaceDir, 'template.yaml')
  if (!fs.existsSync(templatePath)) throw new LabError(t('deploy.noTemplate', { dir: workspaceDir }))
  const template = parseTemplateText(fs.readFileSync(templatePath, 'utf8'))
  const artifacts = collectArtifacts(template, workspaceDir)

  const clients = new TargetClients(target)
  try {
    // Load the CloudFormation client while the artifacts are uploaded: the SDK packages take a while to import.
    void clients.cfn().catch(() => {})
    let body = JSON.stringify(template)
    let bucket: string | undefined
    const artifactsBucket = async () => {
      if (bucket) return bucket
      bucket = artifactsBucketName(await clients.accountId(), target.region)
      await ensureBucket(await clients.s3(), bucket, target.region)
      return bucket
    }
    if (artifacts.length > 0) {
      const name = await artifactsBucket()
      const s3 = await clients.s3()
      await Promise.all(artifacts.map((a) => putIfMissing(s3, name, artifactKey(lab.id, a), a.zip)))
      body = JSON.stringify(rewriteTemplate(template, artifacts, name, lab.id))
    }
    let templateUrl: string | undefined
    if (Buffer.byteLength(body) > MAX_TEMPLATE_BODY) {
      const name = await artifactsBucket()
      const key = `${lab.id}/templates/${stackName}.json`
      await (await clients.s3()).send(new PutObjectCommand({ Bucket: name, Key: key, Body: body, ContentType: 'application/json' }))
      templateUrl = objectUrl(target, name, key)
    }

    request.onPhase?.('stack')
    const { stack, unchanged } = await deployStack(await clients.cfn(), {
      stackName,
      ...(templateUrl ? { templateUrl } : { templateBody: body }),
      tags: stackTags(lab.id),
      onEvent: request.onEvent,
      pollMs: clients.pollMs,
    })
    const rawOutputs = outputsOf(stack)
    const outputs = translate(target, rawOutputs)
    request.onPhase?.('site')
    const siteUploaded = lab.site ? await uploadSite(await clients.s3(), lab.site, workspaceDir, rawOutputs, outputs) : []
    request.onPhase?.('done')
    const hasRestApi = Object.values(template.Resources ?? {}).some((r: any) => r?.Type === 'AWS::ApiGateway::RestApi' || r?.Type === 'AWS::ApiGatewayV2::Api')
    // Only a diagnosis: a target that cannot answer (permissions, another emulator) must not fail the deploy.
    const staleStages = hasRestApi ? await staleDeployments(target, stackName, template).catch(() => []) : []
    // The local cloud runs functions on this machine's interpreters: say when one is not the declared version.
    const runtimeNotices = target.localPort !== undefined ? olderRuntimeNotices(templateFunctions(template)) : []
    return { stackName, stackId: stack.StackId!, status: stack.StackStatus!, outputs, unchanged, siteUploaded, staleStages, runtimeNotices }
  } finally {
    await clients.destroy()
  }
}


/** A URL CloudFormation can fetch the template from: virtual-hosted on AWS, path-style elsewhere. */
function objectUrl(target: Target, bucket: string, key: string): string {
  if (!target.endpoint) return `https://${bucket}.s3.${target.region}.amazonaws.com/${key}`
  return `${target.endpoint.replace(/\/$/, '')}/${bucket}/${key}`
}
