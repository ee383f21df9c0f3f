// A Lambda TOKEN authorizer. API Gateway calls it with the value of the Authorization header and
// the ARN of the method being called; it answers with who the caller is (principalId) and an IAM
// policy saying what they may invoke. API Gateway caches that answer per token for the TTL of the
// authorizer (300 seconds here) and applies the cached policy to every method the token calls.
//
// This is a teaching authorizer: a real one would verify a signed token (a JWT, say) instead of
// looking at its first letters.
let invocations = 0 // per warm sandbox: shows how rarely the cache lets API Gateway call us

// arn:aws:execute-api:{region}:{account}:{api-id}/{stage}/{METHOD}/{path} → …/{stage}/*/*
function anyMethodOfStage(methodArn) {
  const [api, stage] = methodArn.split('/')
  return `${api}/${stage}/*/*`
}

export const handler = async (event) => {
  invocations += 1
  const token = event.authorizationToken ?? ''
  console.log(`authorizer invoked (#${invocations} in this sandbox) for ${event.methodArn}`)

  let effect
  if (token.startsWith('allow')) effect = 'Allow'
  else if (token.startsWith('deny')) effect = 'Deny'
  // Exactly "Unauthorized": API Gateway answers 401. Any other error would be a 500.
  else throw new Error('Unauthorized')

  return {
    principalId: `user-${token}`,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Action: 'execute-api:Invoke',
          Effect: effect,
          // Every method of this stage: the answer is cached per token and reused for other methods.
          Resource: anyMethodOfStage(event.methodArn),
        },
      ],
    },
    // Strings, numbers and booleans only. The backend sees them in requestContext.authorizer.
    context: {
      authorizedAt: new Date().toISOString(),
      invocation: invocations,
    },
  }
}
