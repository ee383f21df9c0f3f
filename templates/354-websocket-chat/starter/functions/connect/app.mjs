// $connect: API Gateway calls this before the WebSocket handshake completes. Returning a 2xx status accepts
// the connection; anything else (or an error) refuses it, and the client sees that HTTP status.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb'

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}))

export const handler = async (event) => {
  const { connectionId, connectedAt } = event.requestContext
  // Headers and query string parameters arrive on $connect only: remember what you need now.
  const name = event.queryStringParameters?.name ?? 'anonymous'
  await db.send(
    new PutCommand({
      TableName: process.env.TABLE_NAME,
      Item: { connectionId, name, connectedAt: new Date(connectedAt).toISOString() },
    }),
  )
  return { statusCode: 200, body: 'Connected.' }
}
