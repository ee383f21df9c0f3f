import { describe, expect, it } from 'vitest'
import { deleteCommand } from './delete-commands.js'

const local = { endpoint: 'http://localhost:4599', region: 'us-east-1' }

describe('deleteCommand', () => {
  it('names the AWS CLI command for what teardown reports, on the lab\'s endpoint and region', () => {
    expect(deleteCommand('arn:aws:s3:::site-bucket', local)).toBe('aws --endpoint-url http://localhost:4599 --region us-east-1 s3 rb s3://site-bucket --force')
    expect(deleteCommand('arn:aws:apigateway:eu-west-1::/restapis/abc123', local)).toBe(
      'aws --endpoint-url http://localhost:4599 --region eu-west-1 apigateway delete-rest-api --rest-api-id abc123',
    )
    expect(deleteCommand('arn:aws:dynamodb:us-east-1:000000000000:table/houses', { region: 'us-east-1', profile: 'lab' })).toBe(
      'aws --profile lab --region us-east-1 dynamodb delete-table --table-name houses',
    )
    expect(deleteCommand('arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/fn:*', local)).toContain('logs delete-log-group --log-group-name /aws/lambda/fn')
    expect(deleteCommand('arn:aws:lambda:us-east-1:000000000000:function:fn', local)).toContain('lambda delete-function --function-name arn:aws:lambda:us-east-1:000000000000:function:fn')
  })

  it('offers nothing where one command would not do (an IAM role must lose its policies first)', () => {
    expect(deleteCommand('arn:aws:iam::000000000000:role/r', local)).toBeUndefined()
    expect(deleteCommand('arn:aws:s3:::bucket/key', local)).toBeUndefined()
  })
})
