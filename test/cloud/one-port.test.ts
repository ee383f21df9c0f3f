import { CreateTableCommand, DynamoDBClient, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda'
import net from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { startTestCloud } from '../helpers/cloud.js'
import { startCloudProcess, type CloudProcess } from '../helpers/cloud-process.js'
import { listeningSockets, processTree } from '../helpers/process-tree.js'
import { ROLE, zip } from '../fixtures/lambda/zip.js'
import { createLambdaRole } from '../helpers/lambda-role.js'

describe.runIf(process.platform === 'linux')('one port', () => {
  let cloud: CloudProcess | undefined
  afterAll(() => {
    cloud?.child.kill('SIGKILL')
  })

  it('nothing in the cloud process tree listens but the cloud port, with DynamoDB and sandboxes busy', async () => {
    cloud = await startCloudProcess('lab-one-port-')
    const sdk = cloud.sdk
    const ddb = new DynamoDBClient(sdk)
    await ddb.send(new CreateTableCommand({
      TableName: 'Ports', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST',
    }))
    await ddb.send(new PutItemCommand({ TableName: 'Ports', Item: { id: { S: 'a' } } }))
    await createLambdaRole({ sdk })
    const lambda = new LambdaClient(sdk)
    const handler = 'exports.handler = async () => ({ pid: process.pid })'
    await lambda.send(new CreateFunctionCommand({ FunctionName: 'ports', Runtime: 'nodejs22.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zip({ 'index.js': handler }) } }))
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'ports' }))
    expect(out.FunctionError).toBeUndefined()

    const port = Number(new URL(cloud.endpoint).port)
    const tree = processTree(cloud.child.pid!)
    // The server, vite-node's runner and at least one sandbox (with its namespace helper where there is one).
    expect(tree.length).toBeGreaterThanOrEqual(2)
    const listeners = listeningSockets(tree)
    expect(listeners.filter((l) => l.proto.startsWith('tcp')).map((l) => l.where)).toEqual([String(port)])
    expect(listeners.filter((l) => !l.proto.startsWith('tcp'))).toEqual([])
  }, 120_000)
})

describe('dynamodb behind the one port', () => {
  it('twenty requests aborted mid-body leave the cloud (and DynamoDB) serving', async () => {
    const cloud = await startTestCloud()
    try {
      const port = Number(new URL(cloud.endpoint).port)
      const body = JSON.stringify({ TableName: 'x'.repeat(100) })
      await Promise.all(
        Array.from({ length: 20 }, () =>
          new Promise<void>((resolve) => {
            const socket = net.connect(port, '127.0.0.1', () => {
              socket.write(
                'POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.0\r\n' +
                  'X-Amz-Target: DynamoDB_20120810.ListTables\r\n' +
                  'Authorization: AWS4-HMAC-SHA256 Credential=test/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0\r\n' +
                  `X-Amz-Date: 20200101T000000Z\r\nContent-Length: ${body.length * 10}\r\n\r\n${body}`,
              )
              setTimeout(() => {
                socket.destroy()
                resolve()
              }, 20)
            })
            socket.on('error', () => resolve())
          }),
        ),
      )
      await new Promise((r) => setTimeout(r, 200))
      const tables = await new DynamoDBClient(cloud.sdk).send(new ListTablesCommand({}))
      expect(tables.TableNames).toEqual([])
    } finally {
      await cloud.close()
    }
  })
})
