/** @module English strings for the WebSocket tools (keys are `ws.*`): `lab ws`, `lab connections`, `lab inspect table`, and the websocket and table checks. */
export const wsMessages = {
  // lab ws
  'ws.cmd': 'Talk to a WebSocket API like wscat: type messages, see what comes back (--execute for scripts)',
  'ws.arg.url': 'a lab id (its WebSocket URL output), or the URL: ws://, wss://, or the wss://…amazonaws.com URL a stack outputs',
  'ws.opt.execute': 'send this message after connecting, print the answers, then close (repeatable)',
  'ws.opt.wait': 'with --execute or piped input: seconds to wait for answers before closing (default 2)',
  'ws.opt.header': 'add a header to the handshake, e.g. "Authorization: allow" (repeatable)',
  'ws.opt.query': 'add a query string parameter to the URL, e.g. name=alice (repeatable)',
  'ws.opt.sign': 'sign the handshake with SigV4 (service execute-api) for an AWS_IAM $connect route',
  'ws.badPair': '{flag} "{value}" is not a name and a value (example: {flag} "{example}")',
  'ws.badWait': '--wait must be a number of seconds between 0 and 3600 (got "{value}")',
  'ws.badUrl': '"{url}" is not a WebSocket URL',
  'ws.badUrlHint': 'Use the WebSocketURL output of the lab, e.g. `lab outputs 354`: it starts with ws:// or wss://.',
  'ws.noCredentials': '--sign needs credentials, and the target has none (for AWS: configure the AWS CLI or pass --profile)',
  'ws.refused':
    'API Gateway refused the handshake with HTTP {status}, so no WebSocket was opened. For a WebSocket API this is ' +
    "the $connect route's answer: its authorizer or IAM check failed (401/403), or its integration returned a " +
    'status that is not 2xx or failed (e.g. 500: read the $connect function\'s log). A 403 also comes before any ' +
    'route runs when the URL is wrong: an API id or stage that does not exist gets 403 too. Compare the URL with ' +
    'the stack\'s output (`lab outputs <lab id>`, e.g. `lab outputs 354`), or let `lab ws <lab id>` use it.',
  'ws.noSocketOutput': 'Lab {lab} has no output holding a ws:// or wss:// URL (its outputs: {outputs}).',
  'ws.connectFailed': 'Could not connect to {url}: {reason}',
  'ws.connected': 'Connected',
  'ws.connected.interactive': 'Connected (press CTRL+C to quit)',
  'ws.closed': 'Disconnected (code: {code})',
  'ws.closed.reason': 'Disconnected (code: {code}, reason: "{reason}")',

  // lab inspect table
  'inspect.cmd': "Look inside what a lab deployed (inspect table: the items of the lab's DynamoDB table)",
  'inspect.table.cmd': "Scan the lab stack's DynamoDB table and print its items",
  'inspect.opt.table': 'the logical id of the table in template.yaml, when the stack has several',
  'ws.table.title': '{table}: {count} item(s)',
  'ws.table.empty': '(no items)',
  'ws.table.none': 'The stack of lab {lab} has no DynamoDB table.',
  'ws.table.several': 'The stack of lab {lab} has several DynamoDB tables ({tables}): choose one with --table <LogicalId>.',
  'ws.table.unknown': 'The stack of lab {lab} has no DynamoDB table with the logical id {table} (its tables: {tables}).',
  'ws.table.failed': 'Could not read the table {table}: {error}',

  // lab connections
  'connections.cmd': "List the chat's connections, or GET, POST to or DELETE one through the @connections management API",
  'connections.arg.args': '[lab id] [list | get <connectionId> | delete <connectionId> | post <connectionId> --data <text>]',
  'connections.opt.data': 'with post: the message to send to the connection',
  'ws.connections.badAction': 'Unknown action "{action}": use one of {actions}.',
  'ws.connections.needId': '{action} needs a connection id (see `lab connections` for the ids in the table).',
  'ws.connections.extra': 'Unexpected argument(s): {extra}',
  'ws.connections.needData': 'post needs the message: --data "<text>"',
  'ws.connections.dataOnlyPost': '--data goes with post only',
  'ws.connections.noCallback': 'Lab {lab} has no callback URL output nor a WebSocket URL output (its outputs: {outputs}).',
  'ws.connections.unreachable': 'Could not reach the @connections API at {endpoint}: {error}',
  'ws.connections.posted': '{status} OK: {bytes} byte(s) sent to the connection',
  'ws.connections.deleted': '{status} No Content: API Gateway closed the connection (its $disconnect route runs next)',
  'ws.connections.gone':
    'No connection with this id is open: it closed, or it never existed. A chat that still has the id in its table ' +
    'should delete the item when a POST gets this 410.',
  'ws.connections.forbidden': "The signature was refused, or the caller's IAM policy does not allow execute-api:ManageConnections on this API.",
  'ws.connections.tooLarge': 'The message is larger than 128 KB, the most one WebSocket message may carry.',
  'ws.connections.title': '{table}: {count} connection id(s), each asked with GET @connections/{id}',
  'ws.connections.none': '(the table is empty: no client is connected)',
  'ws.connections.staleInTable':
    'A 410 means the table still lists a connection that is gone: its client vanished without $disconnect ' +
    '(or $disconnect failed). sendmessage must cope with it.',

  // kind: websocket (checks.ws.*)
  'checks.ws.request.clients': '{count} client(s) connected to {url}',
  'checks.ws.request.sent': 'client 1 sent: {message}',
  'checks.ws.response.client': 'client {client}{id}:',
  'checks.ws.response.nothing': '(nothing)',
  'checks.ws.noAws': 'This check reads the connections table and needs the target\'s credentials, which the runner did not pass.',
  'checks.ws.refusedAsExpected': 'The handshake was refused with HTTP {status}, as expected',
  'checks.ws.refused': 'Connecting to {url} failed: the handshake was refused with HTTP {status}',
  'checks.ws.notRefused': 'Connecting to {url} succeeded, but the handshake should have been refused with HTTP {status}',
  'checks.ws.noItem': 'Client {client} connected, but no new item for it appeared in the table {table}',
  'checks.ws.passed': '{count} client(s) on {url}: everything arrived as expected',
  'checks.ws.forbidden': 'Client {client} received {frame}',
  'checks.ws.badFrame': 'Client {client} received {frame}',
  'checks.ws.noReceipt': 'Client {client} did not receive "{text}" within {seconds} s',
  'checks.ws.noAnswer': 'Client 1 got no answer within {seconds} s',
  'checks.ws.liveDeleted': "The item of client {client} ({id}), which is still connected, was deleted from {table} during the send",
  'checks.ws.staleKept': 'The table {table} still lists the connection {id}, which is gone, {seconds} s after the send',
  'checks.ws.mgmt.failed': '{call} answered {error}',
  'checks.ws.mgmt.noConnectedAt': 'GET {url}/@connections/… answered without connectedAt',
  'checks.ws.mgmt.notClosed': 'DELETE @connections answered, but client 1 was not disconnected within {seconds} s',
  'checks.ws.mgmt.notGone': 'GET @connections/{id} still answers after DELETE (expected 410 GoneException)',
  'checks.ws.itemKept': 'The clients closed, but the table {table} still lists {ids} after {seconds} s',
} as const satisfies Record<string, string>
