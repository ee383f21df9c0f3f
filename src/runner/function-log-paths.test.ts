import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { codeFolders, learnerPaths } from './function-log-paths.js'

describe('function-log paths', () => {
  it("point at the learner's file, per function, through the template's Code folder", () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-ws-'))
    fs.mkdirSync(path.join(ws, 'functions/houses/lib'), { recursive: true })
    fs.writeFileSync(path.join(ws, 'functions/houses/app.py'), '')
    fs.writeFileSync(path.join(ws, 'functions/houses/lib/util.py'), '')
    fs.writeFileSync(path.join(ws, 'template.yaml'), 'Resources:\n  HousesFunction:\n    Type: AWS::Lambda::Function\n    Properties:\n      Code: ./functions/houses/\n')
    const folders = codeFolders(ws)
    expect(folders.get('HousesFunction')).toBe('functions/houses')
    const lines = [
      'HousesFunction:',
      '  [ERROR] ValueError: boom',
      '    File "/home/u/.apigw-labs/cloud/lambda/tasks/9cd0352161d0/app.py", line 2, in lambda_handler',
      '    File "/var/task/lib/util.py", line 7, in helper',
      '    File "/var/lang/lib/python3.13/json/__init__.py", line 1, in loads',
      'OtherFunction:',
      '    File "/var/task/app.py", line 1',
    ]
    expect(learnerPaths(lines, folders, ws)).toEqual([
      'HousesFunction:',
      '  [ERROR] ValueError: boom',
      '    File "functions/houses/app.py", line 2, in lambda_handler',
      '    File "functions/houses/lib/util.py", line 7, in helper',
      '    File "/var/lang/lib/python3.13/json/__init__.py", line 1, in loads',
      'OtherFunction:',
      '    File "/var/task/app.py", line 1',
    ])
  })
})
