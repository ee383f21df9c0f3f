/**
 * The runner's whole loop on a tiny fixture lab (900: one bucket, one stack-output check), independent of
 * the real labs' content: start → check fails → hint → solve → check passes → reset → watch → teardown.
 */
import { CloudFormationClient, ListStacksCommand } from '@aws-sdk/client-cloudformation'
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3'
import { execa } from 'execa'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { labCli, ROOT, stopCloud, type LabCli } from './helpers.js'

const CONTENT = path.join(ROOT, 'test', 'e2e', 'fixtures', 'content')
let cli: LabCli

beforeAll(async () => {
  cli = await labCli({ LAB_CONTENT_DIR: CONTENT })
})
afterAll(async () => {
  await stopCloud(cli)
})

const progress = () => JSON.parse(fs.readFileSync(path.join(cli.home, 'progress.json'), 'utf8'))

describe('runner journey on a fixture lab', () => {
  it('start, check, hint, solve, check, reset, teardown', { timeout: 300_000 }, async () => {
    const start = await cli.run(['start', 'smoke', '--yes'])
    expect(start.exitCode, start.stderr).toBe(0)
    const ws = path.join(cli.home, 'workspaces', '900-smoke')
    expect(start.stdout).toContain(`Workspace created: ${ws}`)
    expect(start.stdout).toMatch(/Bucket\s+AWS::S3::Bucket\s+CREATE_COMPLETE/)
    expect(start.stdout).toMatch(/Bucket\s+lab-900-smoke-/) // the lab's URL list, from the outputs
    expect(start.stdout).toContain('✗ The stack exports a Greeting')
    // The briefing shows each step's text; the first check run names the step the learner is on.
    expect(start.stdout).toContain('  2. Add the output\n     Add a Greeting output with the value hello.')
    expect(start.stdout).toContain('→ Step 2 of 2: Add the output\n  Add a Greeting output with the value hello.')
    expect(fs.readFileSync(path.join(ws, 'GUIDE.md'), 'utf8')).toContain('## Step 2: Add the output')
    expect(fs.readFileSync(path.join(ws, 'GUIDE.ko.md'), 'utf8')).toContain('## 2단계: 출력 추가하기')
    expect(progress()).toMatchObject({ version: 1, current: '900', labs: { '900': { workspace: ws, target: { target: 'local' } } } })

    // From inside the workspace, no id is needed.
    const failing = await cli.run(['check', '--json'], { cwd: ws })
    expect(failing.exitCode).toBe(1)
    expect(JSON.parse(failing.stdout)).toEqual({
      lab: '900',
      passed: false,
      checks: [
        expect.objectContaining({ id: 'bucket', passed: true }),
        expect.objectContaining({ id: 'greeting', title: 'The stack exports a Greeting', passed: false, message: expect.stringContaining('Greeting') }),
      ],
      step: { number: 2, total: 2, id: 'add-the-output', title: 'Add the output', text: 'Add a Greeting output with the value hello.' },
      previousStep: expect.objectContaining({ id: 'add-the-output' }),
    })

    expect((await cli.run(['hint'])).stdout).toContain('Look at the Outputs section.')
    expect((await cli.run(['hint'])).stdout).toContain('The output is called Greeting.')

    fs.writeFileSync(path.join(ws, 'notes.txt'), 'my own notes\n')
    const solve = await cli.run(['solve', '900', '--yes'])
    expect(solve.exitCode, solve.stderr).toBe(0)
    const backup = solve.stdout.match(/Backed up your workspace to (\S+)/)![1]
    expect(fs.readFileSync(path.join(backup, 'notes.txt'), 'utf8')).toBe('my own notes\n')
    expect(solve.stdout).toMatch(/UPDATE_COMPLETE/)

    const passing = await cli.run(['check'])
    expect(passing.exitCode, passing.stdout).toBe(0)
    expect(passing.stdout).toContain('✓ The stack exports a Greeting')
    expect(passing.stdout).toContain('What you learned\n  • How the runner deploys and checks')
    expect(passing.stdout).toContain('  • Delete what you deployed: `lab teardown 900`')
    expect(passing.stdout).toContain('DVA-C02 task 3.2: Deployment: test applications in development environments')
    // The same run in Korean: check titles, the summary and the recap from the Korean texts.
    const korean = await cli.run(['check', '--lang', 'ko'])
    expect(korean.exitCode).toBe(0)
    expect(korean.stdout).toContain('✓ 스택이 Greeting을 출력합니다')
    expect(korean.stdout).toContain('통과 2, 실패 0, 건너뜀 0(검사 2개)')
    expect(korean.stdout).toContain('이번 실습에서 배운 내용\n  • 러너가 배포하고 검사하는 방법')

    const again = await cli.run(['deploy'])
    expect(again.exitCode).toBe(0)
    expect(again.stdout).toContain('already up to date')

    expect(JSON.parse((await cli.run(['outputs', '--json'])).stdout)).toMatchObject({ Greeting: 'hello' })
    const status = JSON.parse((await cli.run(['status', '--json'])).stdout)
    expect(status.deployed).toEqual([expect.objectContaining({ lab: '900', state: 'deployed', stackName: 'lab-900-smoke' })])
    const list = JSON.parse((await cli.run(['list', '--json'])).stdout)
    expect(list.labs[0]).toMatchObject({ id: '900', status: 'passed', current: true })

    const reset = await cli.run(['reset', '--yes'])
    expect(reset.exitCode).toBe(0)
    expect(fs.existsSync(path.join(ws, 'notes.txt'))).toBe(false)
    expect(fs.readFileSync(path.join(ws, 'template.yaml'), 'utf8')).not.toContain('Greeting')

    const teardown = await cli.run(['teardown', '--yes'])
    expect(teardown.exitCode, teardown.stderr).toBe(0)
    expect(teardown.stdout).toContain('nothing remains')
    const all = await cli.run(['teardown', '--all', '--yes'])
    expect(all.exitCode, all.stderr).toBe(0)
    expect(all.stdout).toContain('Nothing of the labs remains on local cloud')

    const cloud = JSON.parse((await cli.run(['cloud', 'status', '--json'])).stdout)
    const env = JSON.parse((await cli.run(['cloud', 'env', '--json'])).stdout)
    const config = { endpoint: cloud.endpoint, region: 'us-east-1', credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY }, forcePathStyle: true }
    const stacks = (await new CloudFormationClient(config).send(new ListStacksCommand({}))).StackSummaries ?? []
    expect(stacks.filter((s) => s.StackStatus !== 'DELETE_COMPLETE')).toEqual([])
    expect((await new S3Client(config).send(new ListBucketsCommand({}))).Buckets ?? []).toEqual([])
  })

  it('after a first deploy that rolled back, check and outputs say so once (check --json stays one document)', { timeout: 300_000 }, async () => {
    expect((await cli.run(['teardown', '900', '--yes'])).exitCode).toBe(0)
    const ws = path.join(cli.home, 'workspaces', '900-smoke')
    expect((await cli.run(['reset', '900', '--yes'])).exitCode).toBe(0)
    const template = path.join(ws, 'template.yaml')
    fs.writeFileSync(template, fs.readFileSync(template, 'utf8').replace('Type: AWS::S3::Bucket', 'Type: AWS::S3::Bucket\n    Properties: { BucketName: Not_A_Valid_Name }'))
    const deploy = await cli.run(['deploy', '900'])
    expect(deploy.exitCode).toBe(1)
    expect(deploy.stderr).toContain('ROLLBACK_COMPLETE')
    const check = await cli.run(['check', '900'])
    expect(check.exitCode).toBe(1)
    expect(check.stderr).toContain('Stack lab-900-smoke is ROLLBACK_COMPLETE')
    expect(check.stderr).toContain('its last deploy failed and was rolled back')
    expect(check.stdout).not.toContain('✗')
    const json = await cli.run(['check', '900', '--json'])
    expect(JSON.parse(json.stdout)).toMatchObject({ lab: '900', passed: false, checks: [], error: expect.stringContaining('ROLLBACK_COMPLETE'), details: [expect.stringContaining('lab deploy')] })
    expect(json.stderr).toContain('then run `lab deploy` again')
    const outputs = await cli.run(['outputs', '900', '--json'])
    expect([outputs.exitCode, outputs.stdout]).toEqual([1, ''])
    expect(outputs.stderr).toContain('ROLLBACK_COMPLETE')
    expect((await cli.run(['reset', '900', '--yes'])).exitCode).toBe(0)
  })

  it('watch redeploys and rechecks on save, and quits on SIGINT', { timeout: 300_000 }, async () => {
    const ws = path.join(cli.home, 'workspaces', '900-smoke')
    expect((await cli.run(['reset', '900', '--yes'])).exitCode).toBe(0) // the starter, whatever ran before
    const child = execa(process.execPath, [path.join(ROOT, 'bin', 'lab.js'), 'watch', '900'], { env: cli.env, reject: false })
    let output = ''
    const seen = (text: string) =>
      new Promise<void>((resolve) => {
        const onData = (chunk: Buffer) => {
          output += chunk.toString()
          if (output.includes(text)) {
            child.stdout!.off('data', onData)
            resolve()
          }
        }
        child.stdout!.on('data', onData)
        onData(Buffer.alloc(0))
      })
    let errors = ''
    const seenErr = (pattern: RegExp) =>
      new Promise<void>((resolve) => {
        const onData = (chunk: Buffer) => {
          errors += chunk.toString()
          if (pattern.test(errors)) {
            child.stderr!.off('data', onData)
            resolve()
          }
        }
        child.stderr!.on('data', onData)
        onData(Buffer.alloc(0))
      })
    await seen('Watching ')
    expect(output).toContain('✗ The stack exports a Greeting')
    fs.copyFileSync(path.join(CONTENT, 'templates', '900-smoke', 'solution', 'template.yaml'), path.join(ws, 'template.yaml'))
    await seen('✓ The stack exports a Greeting')
    expect(output).toContain('Changed: template.yaml')
    // A broken save is reported with file and line, and the watch keeps going.
    const good = fs.readFileSync(path.join(ws, 'template.yaml'), 'utf8')
    fs.writeFileSync(path.join(ws, 'template.yaml'), 'Resources:\n  Bucket: [\n')
    await seenErr(/template\.yaml:\d+:\d+/)
    output = ''
    fs.writeFileSync(path.join(ws, 'template.yaml'), good)
    await seen('✓ The stack exports a Greeting')
    child.kill('SIGINT')
    const result = await child
    expect(result.exitCode).toBe(0)
    await cli.run(['teardown', '--yes'])
  })
})
