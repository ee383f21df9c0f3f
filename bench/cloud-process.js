// Runs the local cloud from the build in its own process, so the load generator does not share its core.
// BENCH_SERVER_MODULE: another build's server.js (edge-compare.js runs a baseline build beside this one).
const { startCloud } = await import(process.env.BENCH_SERVER_MODULE ?? '../dist/cloud/server.js')

const cloud = await startCloud({ port: 0, dataDir: process.argv[2] })
process.send?.({ port: cloud.port, pid: process.pid })
process.on('SIGTERM', async () => {
  await cloud.close()
  process.exit(0)
})
