/** Mapping templates as API Gateway renders them: `$input`, `$util`, `$context` and the Java-Map-like views. */
import { describe, expect, it } from 'vitest'
import type { Invocation } from '../../src/cloud/services/apigateway/execute/context.js'
import { renderTemplate } from '../../src/cloud/services/apigateway/execute/vtl.js'

function invocation(): Invocation {
  return {
    req: { method: 'POST', host: 'abc123.execute-api.localhost', sourceIp: '127.0.0.1', headers: { 'user-agent': 'vitest' } },
    ctx: { accountId: '000000000000' },
    apiId: 'abc123',
    requestId: 'req-1',
    extendedRequestId: 'ext-1=',
    traceId: 'Root=1-0-0',
    requestTime: new Date(Date.UTC(2026, 10, 25, 12, 0, 0)),
    stageName: 'prod',
    stage: { variables: { table: 'pets' } },
    path: '/pets/7',
    headers: { 'X-Trace': 'abc', Accept: 'application/json' },
    multiValueHeaders: {},
    query: { sort: 'asc' },
    multiValueQuery: {},
    resource: { id: 'r1', path: '/pets/{id}' },
    pathParameters: { id: '7' },
    logLines: [],
    streams: new Map(),
  } as unknown as Invocation
}

const render = (template: string, body = '') => renderTemplate(template, { body, inv: invocation() })

describe('mapping templates', () => {
  it('reads parameters through $input.params() and its Java-Map-like views', () => {
    expect(render("$input.params('id') $input.params('sort') $input.params('X-Trace')")).toBe('7 asc abc')
    expect(render("$input.params().header.get('Accept')")).toBe('application/json')
    expect(render("$input.params().path.containsKey('id') $input.params().path.containsKey('get')")).toBe('true false')
    expect(render('$input.params().querystring.size() $input.params().path.isEmpty()')).toBe('1 false')
    expect(render('#foreach($name in $input.params().header.keySet())$name;#end')).toBe('X-Trace;Accept;')
    // One map, several calls: calling methods adds nothing to what it holds.
    expect(render("#set($h = $input.params().header)$h.containsKey('Accept') $h.get('Accept') #foreach($k in $h.keySet())$k;#end $h.size()")).toBe(
      'true application/json X-Trace;Accept; 2',
    )
    expect(render("$stageVariables.table $stageVariables.get('table')")).toBe('pets pets')
  })

  it('renders the same template again with new values (parsed once, rendered per request)', () => {
    const template = '{"n": $input.json(\'$.n\'), "id": "$context.requestId"}'
    expect(render(template, '{"n": 1}')).toBe('{"n": 1, "id": "req-1"}')
    expect(render(template, '{"n": [2, 3]}')).toBe('{"n": [2,3], "id": "req-1"}')
  })

  it('offers $util and $context as API Gateway documents them', () => {
    expect(render("$util.escapeJavaScript(\"it's\") $util.base64Encode('hi') $util.urlEncode('a b')")).toBe("it\\'s aGk= a%20b")
    expect(render('$context.httpMethod $context.resourcePath $context.stage $context.requestTime')).toBe('POST /pets/{id} prod 25/Nov/2026:12:00:00 +0000')
  })
})
