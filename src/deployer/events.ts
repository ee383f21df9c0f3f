/**
 * @module Follow a stack's events as they happen (the console's Events tab, in order) and find, after a
 * failure, the events that explain it.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackEvents.html
 */
import { DescribeStackEventsCommand, type CloudFormationClient, type StackEvent } from '@aws-sdk/client-cloudformation'
import type { StackEventView } from './types.js'

export class EventWatcher {
  private readonly seen = new Set<string>()
  /** Every event seen since `prime`, oldest first. */
  readonly events: StackEventView[] = []

  constructor(
    private readonly cfn: CloudFormationClient,
    /** Stack name or id; switch to the id once known (a deleted stack answers only to its id). */
    public stack: string,
    private readonly onEvent?: (event: StackEventView) => void,
  ) {}

  /** Mark what already happened as seen, so only this operation's events are shown. */
  async prime(): Promise<void> {
    try {
      const page = await this.cfn.send(new DescribeStackEventsCommand({ StackName: this.stack }))
      for (const event of page.StackEvents ?? []) this.seen.add(event.EventId!)
    } catch {
      // No such stack yet: everything from now on is new.
    }
  }

  /** Fetch events newer than the last seen (paging back until a seen one), report them oldest first. */
  async poll(): Promise<StackEventView[]> {
    const fresh: StackEvent[] = []
    let token: string | undefined
    outer: do {
      let page
      try {
        page = await this.cfn.send(new DescribeStackEventsCommand({ StackName: this.stack, NextToken: token }))
      } catch {
        return [] // the stack vanished between polls (deleted): nothing more to show
      }
      for (const event of page.StackEvents ?? []) {
        if (this.seen.has(event.EventId!)) break outer
        fresh.push(event)
      }
      token = page.NextToken
    } while (token)
    const views = fresh.reverse().map((event) => {
      this.seen.add(event.EventId!)
      return toView(event)
    })
    for (const view of views) {
      this.events.push(view)
      this.onEvent?.(view)
    }
    return views
  }
}

export function toView(event: StackEvent): StackEventView {
  return {
    timestamp: event.Timestamp ?? new Date(),
    logicalId: event.LogicalResourceId ?? '',
    resourceType: event.ResourceType ?? '',
    status: event.ResourceStatus ?? '',
    ...(event.ResourceStatusReason ? { reason: event.ResourceStatusReason } : {}),
  }
}

/**
 * The resource failures that caused a rollback: `*_FAILED` events of resources (not the stack itself) whose
 * reason is not the generic "cancelled" cascade that CloudFormation writes for the innocent bystanders.
 */
export function rootCauses(events: StackEventView[]): StackEventView[] {
  const failed = events.filter((e) => /_FAILED$/.test(e.status) && e.resourceType !== 'AWS::CloudFormation::Stack' && e.reason)
  const specific = failed.filter((e) => !/^Resource (creation|update|deletion) cancelled/i.test(e.reason!))
  return specific.length > 0 ? specific : failed
}
