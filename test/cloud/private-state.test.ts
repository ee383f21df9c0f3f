import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { CreateFunctionCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { notPrivate } from '../../src/common/private-state.js'
import { startTestCloud } from '../helpers/cloud.js'
import { ROLE, zip } from '../fixtures/lambda/zip.js'
import { createLambdaRole } from '../helpers/lambda-role.js'

describe.runIf(process.platform !== 'win32')('private state', () => {
  it('LAB_HOME/cloud is 0700 and nothing in it is open to other users, whatever the umask and the parent mode', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-private-'))
    fs.chmodSync(home, 0o777)
    const dataDir = path.join(home, 'cloud')
    // What an older install left: a world-readable folder and file.
    fs.mkdirSync(path.join(dataDir, 'cloudformation'), { recursive: true, mode: 0o777 })
    fs.chmodSync(dataDir, 0o755)
    fs.writeFileSync(path.join(dataDir, 'cloudformation', 'stacks.json'), '{"stacks":{},"changeSets":{}}', { mode: 0o644 })
    fs.chmodSync(path.join(dataDir, 'cloudformation', 'stacks.json'), 0o644)
    const previous = process.umask(0)
    let cloud
    try {
      cloud = await startTestCloud(home)
    } finally {
      process.umask(previous)
    }
    try {
      expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700)
      expect(fs.statSync(path.join(dataDir, 'cloudformation', 'stacks.json')).mode & 0o777).toBe(0o600)
      // Everything written afterwards is private too (the cloud was started with umask 0).
      const s3 = new S3Client(cloud.sdk)
      await s3.send(new CreateBucketCommand({ Bucket: 'private' }))
      await s3.send(new PutObjectCommand({ Bucket: 'private', Key: 'k', Body: 'secret' }))
      await new DynamoDBClient(cloud.sdk).send(new CreateTableCommand({
        TableName: 'Private', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST',
      }))
      await createLambdaRole(cloud)
      const lambda = new LambdaClient(cloud.sdk)
      await lambda.send(new CreateFunctionCommand({ FunctionName: 'private', Runtime: 'nodejs22.x', Role: ROLE, Handler: 'index.handler', Code: { ZipFile: zip({ 'index.js': 'exports.handler = async () => 1' }) } }))
      await lambda.send(new InvokeCommand({ FunctionName: 'private' }))
      expect(notPrivate(dataDir, 50)).toEqual([])
    } finally {
      process.umask(previous)
      await cloud.close()
    }
  })

  it('sweeps partial writes of dead processes and orphan S3 blobs at start, and keeps a live writer\'s', async () => {
    const first = await startTestCloud()
    const s3 = new S3Client(first.sdk)
    await s3.send(new CreateBucketCommand({ Bucket: 'sweep' }))
    await s3.send(new PutObjectCommand({ Bucket: 'sweep', Key: 'kept', Body: 'body' }))
    await first.close()
    const blobs = path.join(first.dataDir, 's3', 'objects', 'sweep')
    const kept = fs.readdirSync(blobs)
    fs.writeFileSync(path.join(blobs, 'orphan-part'), 'written, never indexed')
    const dead = path.join(first.dataDir, 'cloudformation', 'stacks.json.999999999.3.tmp')
    fs.mkdirSync(path.dirname(dead), { recursive: true })
    fs.writeFileSync(dead, '{"half')
    const deadTask = path.join(first.dataDir, 'lambda', 'tasks', 'abc.999999999.0badc0de.tmp')
    fs.mkdirSync(path.join(deadTask, 'sub'), { recursive: true })
    fs.chmodSync(path.join(deadTask, 'sub'), 0o500)
    const live = path.join(first.dataDir, 'iam', `roles.json.${process.ppid}.1.tmp`)
    fs.mkdirSync(path.dirname(live), { recursive: true })
    fs.writeFileSync(live, '{')
    const again = await startTestCloud(first.home)
    try {
      expect(fs.existsSync(dead)).toBe(false)
      expect(fs.existsSync(deadTask)).toBe(false)
      expect(fs.existsSync(live)).toBe(true)
      expect(fs.readdirSync(blobs).sort()).toEqual(kept.sort())
    } finally {
      await again.close()
    }
  })
})
