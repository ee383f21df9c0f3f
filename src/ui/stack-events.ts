/** @module The live stack-event view: one line per CloudFormation event, status coloured like the console. */
import type { StackEventView } from '../deployer/types.js'
import type { ChalkInstance } from './colors.js'

/** `12:31:04  Api  AWS::ApiGateway::RestApi  CREATE_COMPLETE  reason` */
export function renderStackEvent(event: StackEventView, colors: ChalkInstance): string {
  const time = event.timestamp.toISOString().slice(11, 19)
  const parts = [
    colors.dim(time),
    event.logicalId.padEnd(28),
    colors.dim(event.resourceType.padEnd(34)),
    statusColor(event.status, colors)(event.status.padEnd(20)),
  ]
  if (event.reason) parts.push(colors.dim(event.reason))
  return parts.join(' ').trimEnd()
}

/** Failed and rollback states red, complete green, anything in flight yellow. */
export function statusColor(status: string, colors: ChalkInstance): (text: string) => string {
  if (/FAILED|ROLLBACK/.test(status)) return colors.red
  if (/COMPLETE$/.test(status)) return colors.green
  if (/IN_PROGRESS$/.test(status)) return colors.yellow
  return (text) => text
}
