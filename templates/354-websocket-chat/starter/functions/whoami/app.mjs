// whoami (and $default in the solution): answers the caller with what API Gateway knows about its connection.
// The body reaches the client only if the route has a route response.
export const handler = async (event) => {
  const { connectionId, connectedAt, routeKey, stage } = event.requestContext
  const answer = { connectionId, connectedAt: new Date(connectedAt).toISOString(), stage, routeKey }
  if (routeKey === '$default') {
    answer.message = 'Unknown action. Send {"action":"sendmessage","data":"your text"} or {"action":"whoami"}.'
  }
  return { statusCode: 200, body: JSON.stringify(answer) }
}
