// Every method of the lab's API ends here (Lambda proxy integration). The function does no
// authorization of its own: by the time it runs, API Gateway has already decided. It answers with
// what API Gateway tells it about the caller, so you can see which mechanism let the request in.
export const handler = async (event) => {
  const context = event.requestContext ?? {}
  const identity = context.identity ?? {}
  const authorizer = context.authorizer ?? null
  const body = {
    message: `Hello from ${event.httpMethod} ${event.resource}`,
    // AWS_IAM: who signed the request (an IAM user or role ARN).
    caller: identity.userArn ?? null,
    sourceIp: identity.sourceIp ?? null,
    // COGNITO_USER_POOLS: the token's claims. Lambda authorizer: principalId and the context it returned.
    authorizer,
  }
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  }
}
