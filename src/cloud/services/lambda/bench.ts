/**
 * @module A small benchmark of the local Lambda through the public API: cold start, then warm invocations, for
 * `bench/` to compare runtimes side by side. Talks to any endpoint over the wire, like every other client.
 */
import { CreateFunctionCommand, DeleteFunctionCommand, InvokeCommand, LambdaClient, type Runtime } from '@aws-sdk/client-lambda'
import { CreateRoleCommand, GetRoleCommand, IAMClient } from '@aws-sdk/client-iam'
import { strToU8, zipSync } from 'fflate'

export interface LambdaBenchResult {
  runtime: string
  coldMs: number
  warmMedianMs: number
  warmP95Ms: number
}

const SOURCES: Record<string, [string, string]> = {
  nodejs: ['index.js', 'exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event) })'],
  python: ['index.py', 'import json\ndef handler(event, context):\n    return {"statusCode": 200, "body": json.dumps(event)}\n'],
}

/** `credentials`: the cloud's (`LAB_HOME/cloud/credentials.json`), since it verifies every signature. */
export async function benchLambdaInvoke(
  endpoint: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  runtime = 'nodejs22.x',
  invocations = 50,
): Promise<LambdaBenchResult> {
  const lambda = new LambdaClient({ endpoint, region: 'us-east-1', credentials })
  const [file, source] = SOURCES[runtime.startsWith('python') ? 'python' : 'nodejs']
  const name = `bench-${runtime.replace(/\W/g, '')}-${Date.now()}`
  const role = await benchRole(endpoint, credentials)
  await lambda.send(new CreateFunctionCommand({
    FunctionName: name, Runtime: runtime as Runtime, Handler: 'index.handler', Role: role,
    Code: { ZipFile: zipSync({ [file]: strToU8(source) }) },
  }))
  const once = async () => {
    const started = performance.now()
    await lambda.send(new InvokeCommand({ FunctionName: name, Payload: strToU8('{"n":1}') }))
    return performance.now() - started
  }
  try {
    const coldMs = await once()
    const warm: number[] = []
    for (let i = 0; i < invocations; i++) warm.push(await once())
    warm.sort((a, b) => a - b)
    return { runtime, coldMs, warmMedianMs: warm[Math.floor(warm.length / 2)], warmP95Ms: warm[Math.floor(warm.length * 0.95)] }
  } finally {
    await lambda.send(new DeleteFunctionCommand({ FunctionName: name })).catch(() => {})
    lambda.destroy()
  }
}

/** An execution role Lambda may assume (it refuses others, as on AWS): made once, then reused. */
async function benchRole(endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string }): Promise<string> {
  const iam = new IAMClient({ endpoint, region: 'us-east-1', credentials })
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }
  try {
    return (await iam.send(new CreateRoleCommand({ RoleName: 'lambda-bench', AssumeRolePolicyDocument: JSON.stringify(trust) }))).Role!.Arn!
  } catch (err) {
    if ((err as Error).name !== 'EntityAlreadyExistsException') throw err
    return (await iam.send(new GetRoleCommand({ RoleName: 'lambda-bench' }))).Role!.Arn!
  } finally {
    iam.destroy()
  }
}
