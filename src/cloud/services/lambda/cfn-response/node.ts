/**
 * @module `cfn-response` for Node.js inline code, written for this project from AWS's description of the module:
 * `SUCCESS`, `FAILED` and `send(event, context, responseStatus, responseData, physicalResourceId, noEcho, reason)`,
 * which PUTs the response object as JSON to the event's presigned `ResponseURL`, unchanged (the URL carries its
 * own signature). The physical id defaults to the function's log stream name, the reason to a pointer to it.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cfn-lambda-function-code-cfnresponsemodule.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref.html#crpg-ref-responses
 */
export const NODE_CFN_RESPONSE = `'use strict'
// cfn-response as provided to inline (ZipFile) code by the apigw-labs local cloud.
const SUCCESS = 'SUCCESS'
const FAILED = 'FAILED'

function send(event, context, responseStatus, responseData, physicalResourceId, noEcho, reason) {
  const logStream = context && context.logStreamName
  const body = JSON.stringify({
    Status: responseStatus,
    Reason: reason || 'See the details in CloudWatch Log Stream: ' + logStream,
    PhysicalResourceId: physicalResourceId || logStream,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    NoEcho: noEcho || false,
    Data: responseData,
  })
  console.log('Response body:\\n', body)
  return new Promise((resolve) => {
    // Older runtimes end the invocation here, as AWS's module does; nodejs24.x has no context.done.
    const finish = () => {
      if (context && typeof context.done === 'function') context.done()
      resolve()
    }
    const url = new URL(event.ResponseURL)
    const transport = url.protocol === 'http:' ? require('http') : require('https')
    const request = transport.request(url, { method: 'PUT', headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) } }, (response) => {
      console.log('Status code: ' + response.statusCode)
      response.resume()
      response.on('end', finish)
    })
    request.on('error', (error) => {
      console.log('send(..) failed executing https.request(..): ' + error)
      finish()
    })
    request.end(body)
  })
}

module.exports = { SUCCESS, FAILED, send }
`
