/**
 * A mapping template is data the API's owner wrote, rendered in the cloud's own process: it must not reach
 * JavaScript's engine (the Function constructor, prototypes) however it walks there. Each template below tries a
 * road out through a deployed stage, as a caller would see it; before the guard the first one answered the cloud's
 * process id (it ran `Function("return process.pid")`).
 */
import { APIGatewayClient, CreateDeploymentCommand } from '@aws-sdk/client-api-gateway'
import { describe, expect, it } from 'vitest'
import { type TestCloud, useTestCloud } from '../helpers/cloud.js'
import { ApiBuilder, request } from './apigateway-helpers.js'

let cloud: TestCloud
let apigw: APIGatewayClient
useTestCloud((c) => {
  cloud = c
  apigw = new APIGatewayClient(cloud.sdk)
})

const ESCAPES = [
  // Object.prototype's __proto__ getter, applied to a function, hands out Function.prototype (own `constructor`).
  '#set($fp = $context.__lookupGetter__("__proto__").call($input.json))#set($F = $fp.constructor("return String(process.pid)"))$F.call()',
  // The same through velocityjs's `getX()` shorthand and an index.
  '#set($g = $context.get__lookupGetter__())#set($fp = $g.call($context, "__proto__").call($util.urlEncode))#set($F = $fp.getConstructor())$F.call($F, "return String(process.pid)").call()',
  '#set($k = "__lookupGetter__")#set($fp = $context[$k]("__proto__").call($input.path))$fp.constructor("return String(process.pid)").call()',
  // Straight up the chain of a plain object and of a function.
  '$context.constructor.constructor("return String(process.pid)").call()',
  '$input.json.getConstructor().call($input, "return String(process.pid)").call()',
  // A JSONPath through the body's prototype.
  '#set($F = $input.path("$.constructor.constructor"))$F.call($F, "return String(process.pid)").call()',
  '#set($F = $util.parseJson("{}").getClass())$input.json("$.__proto__.constructor")',
]

describe('mapping templates cannot reach the cloud process', () => {
  it('renders every road to the Function constructor as nothing, on a deployed stage', async () => {
    const api = await ApiBuilder.create(apigw, 'vtl-escape')
    for (const [i, template] of ESCAPES.entries()) await api.mock(`/e${i}`, 'POST', template)
    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'prod' }))
    for (const i of ESCAPES.keys()) {
      const res = await request(cloud.port, `/_aws/execute-api/${api.id}/prod/e${i}`, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } })
      expect(res.text, `template ${i}`).not.toContain(String(process.pid))
      expect([200, 500], `template ${i}`).toContain(res.status)
    }
  })

  it('still reads data named `constructor`, and what API Gateway documents', async () => {
    const api = await ApiBuilder.create(apigw, 'vtl-data')
    await api.mock('/d', 'POST', '#set($b = $util.parseJson(\'{"constructor":"data","n":[1]}\'))$b.constructor|$b.get("constructor")|$b.n|$util.escapeJavaScript("a\'b")')
    await apigw.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'prod' }))
    const res = await request(cloud.port, `/_aws/execute-api/${api.id}/prod/d`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })
    expect(res.text).toBe("data|data|[1]|a\\'b")
  })
})
