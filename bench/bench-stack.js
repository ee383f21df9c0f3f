// The benchmark stack (fixtures/bench-stack.yaml: Node and Python hello handlers behind REST API proxy methods),
// deployed through the SDK as any client would. Shared by run.js and profile.js.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { CreateStackCommand, DescribeStacksCommand, waitUntilStackCreateComplete } from '@aws-sdk/client-cloudformation'

const template = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/bench-stack.yaml'), 'utf8')

/** Create the stack and return its REST API's invoke URL base (path style): `${base}/node`, `${base}/python`. */
export async function deployBenchStack(cfn, endpoint) {
  await cfn.send(new CreateStackCommand({ StackName: 'bench', TemplateBody: template, Capabilities: ['CAPABILITY_IAM'] }))
  await waitUntilStackCreateComplete({ client: cfn, maxWaitTime: 60, minDelay: 0.1, maxDelay: 0.2 }, { StackName: 'bench' })
  const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: 'bench' }))
  const apiId = Stacks[0].Outputs.find((o) => o.OutputKey === 'ApiId').OutputValue
  return `${endpoint}/_aws/execute-api/${apiId}/prod`
}
