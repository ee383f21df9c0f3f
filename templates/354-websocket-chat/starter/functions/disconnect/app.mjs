// $disconnect: API Gateway calls this after the connection has closed (best effort: it may not run at all,
// so other code must cope with connections that are gone but still in the table).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DeleteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}))

export const handler = async (event) => {
  const { connectionId } = event.requestContext
  await db.send(new DeleteCommand({ TableName: process.env.TABLE_NAME, Key: { connectionId } }))
  return { statusCode: 200, body: 'Disconnected.' }
}
