// Baseline: a bare node:http server calling the same hello handler with a minimal proxy-like event.
import http from 'node:http'
import { handler } from './fixtures/hello.mjs'

const server = http.createServer(async (req, res) => {
  const chunks = []
  for await (const chunk of req) chunks.push(chunk)
  const result = await handler({ path: req.url, httpMethod: req.method, body: Buffer.concat(chunks).toString() })
  res.writeHead(result.statusCode, result.headers)
  res.end(result.body)
})
server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }))
process.on('SIGTERM', () => server.close(() => process.exit(0)))
