// sendmessage: posts the message's `data` to every connection in the table, the sender included, through the
// @connections management API (the callback URL of this API's stage).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DeleteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb'
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi'

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}))
const TableName = process.env.TABLE_NAME

export const handler = async (event) => {
  const { connectionId: senderId, domainName, stage } = event.requestContext
  const { data } = JSON.parse(event.body)
  const { Items } = await db.send(new ScanCommand({ TableName, ProjectionExpression: 'connectionId' }))

  // The callback URL: https://{api-id}.execute-api.{region}.amazonaws.com/{stage}
  const api = new ApiGatewayManagementApiClient({ endpoint: `https://${domainName}/${stage}` })

  await Promise.all(
    Items.map(async ({ connectionId }) => {
      try {
        await api.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: data }))
      } catch (e) {
        if (e.statusCode === 410) {
          // The connection is gone: forget it.
          await db.send(new DeleteCommand({ TableName, Key: { connectionId: senderId } }))
        } else {
          throw e
        }
      }
    }),
  )
  return { statusCode: 200, body: 'Data sent.' }
}
