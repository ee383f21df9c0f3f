#!/usr/bin/env node
// The `lab` command: load the compiled CLI (build with `npm run build`). Node 22+ caches compiled code.
import module from 'node:module'

module.enableCompileCache?.()
await import('../dist/cli/main.js')
